"""/api/v1/companies: register, read, correct, list with filters and pages."""
from tests.factories import create_company, create_vacancy, seeker_body


def test_register_read_and_correct_a_company(client, staff, tkp3d):
    made = create_company(client, staff, name="PT Cikarang Plastindo", sector="C 2229", district="Cibitung",
                          contact_email="hrd@plastindo.example", commitments=[{"year": 2023, "local_hires": 40}])
    assert made["id"] and made["name"] == "PT Cikarang Plastindo"
    assert made["commitments"] == [{"year": 2023, "local_hires": 40}]
    read = client.get(f"/api/v1/companies/{made['id']}", headers=tkp3d)
    assert read.status_code == 200 and read.json["district"] == "Cibitung"

    patched = client.patch(f"/api/v1/companies/{made['id']}", headers=staff,
                           json={"district": "Setu", "commitments": [{"year": 2024, "local_hires": 55}]})
    assert patched.status_code == 200
    assert (patched.json["district"], patched.json["name"]) == ("Setu", "PT Cikarang Plastindo")
    again = client.get(f"/api/v1/companies/{made['id']}", headers=staff).json
    assert again["district"] == "Setu" and again["commitments"] == [{"year": 2024, "local_hires": 55}]


def test_names_are_trimmed(client, staff):
    assert create_company(client, staff, name="  PT Delta Kimia  ")["name"] == "PT Delta Kimia"


def test_list_pages_and_filters(client, staff):
    for name, district, sector in [("PT Alfa", "Setu", "C 2592"), ("PT Beta", "Setu", "C 1079"),
                                   ("PT Gamma", "Cibitung", "C 2592"), ("CV Delta", "Setu", "C 2592")]:
        create_company(client, staff, name=name, district=district, sector=sector)
    first = client.get("/api/v1/companies?limit=2", headers=staff).json
    assert (first["total"], first["limit"], first["offset"]) == (4, 2, 0)
    assert [c["name"] for c in first["items"]] == ["CV Delta", "PT Alfa"]  # by name
    second = client.get("/api/v1/companies?limit=2&offset=2", headers=staff).json
    assert [c["name"] for c in second["items"]] == ["PT Beta", "PT Gamma"]
    beyond = client.get("/api/v1/companies?offset=10", headers=staff).json
    assert beyond["items"] == [] and beyond["total"] == 4

    setu = client.get("/api/v1/companies?district=Setu&sector=C%202592", headers=staff).json
    assert sorted(c["name"] for c in setu["items"]) == ["CV Delta", "PT Alfa"] and setu["total"] == 2
    named = client.get("/api/v1/companies?q=pt%20g", headers=staff).json
    assert [c["name"] for c in named["items"]] == ["PT Gamma"]


def test_a_company_that_does_not_exist_is_404(client, staff):
    for method in ("GET", "PATCH"):
        response = client.open("/api/v1/companies/4242", method=method, json={"district": "Setu"}, headers=staff)
        assert response.status_code == 404 and "4242" in response.json["message"]


def test_a_company_entered_by_mistake_is_deleted_but_one_with_history_stays(client, staff):
    mistake = create_company(client, staff, name="PT Salah Ketik")
    assert client.delete(f"/api/v1/companies/{mistake['id']}", headers=staff).status_code == 204
    assert client.get(f"/api/v1/companies/{mistake['id']}", headers=staff).status_code == 404
    busy = create_company(client, staff, name="PT Ada Lowongan")
    create_vacancy(client, staff, busy["id"])
    refused = client.delete(f"/api/v1/companies/{busy['id']}", headers=staff)
    assert refused.status_code == 409 and "vacancies" in refused.json["message"]
    assert client.get(f"/api/v1/companies/{busy['id']}", headers=staff).status_code == 200


def test_name_search_takes_percent_and_underscore_literally(client, staff):
    create_company(client, staff, name="PT 100% Jaya")
    create_company(client, staff, name="PT 1000 Jaya")
    create_company(client, staff, name="PT A_B Teknik")
    create_company(client, staff, name="PT AXB Teknik")
    def found(q):
        return [c["name"] for c in client.get("/api/v1/companies", query_string={"q": q}, headers=staff).json["items"]]
    assert found("100%") == ["PT 100% Jaya"]
    assert found("a_b") == ["PT A_B Teknik"]


def test_a_kecamatan_however_typed_is_stored_by_its_official_name(client, staff):
    """So breakdowns never split "Cikarang Utara" from "cikarang utara"; unknown text stays as typed."""
    made = create_company(client, staff, name="PT Kecil", district="kec. cikarang  utara")
    assert made["district"] == "Cikarang Utara"
    seeker = client.post("/api/v1/seekers", headers=staff, json=seeker_body(district="321618")).json
    assert seeker["district"] == "Setu"
    patched = client.patch(f"/api/v1/seekers/{seeker['id']}", headers=staff, json={"district": "Bekasi Timur"})
    assert patched.json["district"] == "Bekasi Timur"
    found = client.get("/api/v1/companies?district=CIKARANG%20UTARA", headers=staff).json
    assert [c["name"] for c in found["items"]] == ["PT Kecil"]
