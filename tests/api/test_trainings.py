"""/api/v1/trainings and /api/v1/competency-needs: create, read, correct, delete, list."""
from tests.factories import create_company, create_need, create_training


def test_add_read_and_correct_a_training(client, staff, tkp3d):
    made = create_training(client, staff, competencies=["instalasi listrik", "PLC"], seats=20, min_education="SMK")
    assert (made["seats"], made["enrolled"], made["seats_left"]) == (20, 0, 20)
    assert made["competencies"] == ["instalasi listrik", "PLC"] and made["provider_type"] == "blk_kabupaten"
    assert client.get(f"/api/v1/trainings/{made['id']}", headers=tkp3d).json["name"] == made["name"]
    patched = client.patch(f"/api/v1/trainings/{made['id']}", headers=staff, json={"seats": 24, "location": "Cikarang"})
    assert patched.status_code == 200 and (patched.json["seats_left"], patched.json["location"]) == (24, "Cikarang")


def test_provider_type_defaults_to_other(client, staff):
    body = {"name": "Barista", "provider": "LPK Kopi", "competencies": ["barista"], "seats": 10}
    response = client.post("/api/v1/trainings", json=body, headers=staff)
    assert response.status_code == 201 and response.json["provider_type"] == "other"


def test_training_list_pages_and_filters(client, staff):
    a = create_training(client, staff, name="Las SMAW", provider_type="uptp", starts_on="2023-05-01",
                        ends_on="2023-06-01")
    b = create_training(client, staff, name="Bubut Dasar", starts_on="2023-03-01", ends_on="2023-04-01")
    c = create_training(client, staff, name="Bubut Lanjut", starts_on="2023-09-01", ends_on="2023-10-01")
    page = client.get("/api/v1/trainings?limit=2", headers=staff).json
    assert page["total"] == 3 and [t["id"] for t in page["items"]] == [b["id"], a["id"]]  # by start date
    assert [t["id"] for t in client.get("/api/v1/trainings?offset=2", headers=staff).json["items"]] == [c["id"]]
    uptp = client.get("/api/v1/trainings?provider_type=uptp", headers=staff).json
    assert [t["id"] for t in uptp["items"]] == [a["id"]]
    bubut = client.get("/api/v1/trainings?q=bubut", headers=staff).json
    assert sorted(t["id"] for t in bubut["items"]) == sorted([b["id"], c["id"]])


def test_competency_need_lifecycle(client, staff, tkp3d):
    company = create_company(client, staff)
    need = create_need(client, staff, company["id"], competency="injeksi plastik", headcount=30)
    assert need["company_name"] == company["name"] and need["headcount"] == 30
    assert client.get(f"/api/v1/competency-needs/{need['id']}", headers=tkp3d).json["competency"] == "injeksi plastik"
    patched = client.patch(f"/api/v1/competency-needs/{need['id']}", headers=staff,
                           json={"headcount": 45, "period_end": "2023-06-30"})
    assert patched.status_code == 200 and (patched.json["headcount"], patched.json["period_end"]) == (45, "2023-06-30")
    deleted = client.delete(f"/api/v1/competency-needs/{need['id']}", headers=staff)
    assert deleted.status_code == 204
    assert client.get(f"/api/v1/competency-needs/{need['id']}", headers=staff).status_code == 404
    assert client.delete(f"/api/v1/competency-needs/{need['id']}", headers=staff).status_code == 404


def test_competency_need_list_pages_and_filters(client, staff):
    alfa, beta = create_company(client, staff, name="PT Alfa"), create_company(client, staff, name="PT Beta")
    old = create_need(client, staff, alfa["id"], period_start="2022-01-01", period_end="2022-12-31")
    new = create_need(client, staff, alfa["id"], period_start="2023-01-01", period_end="2023-12-31")
    theirs = create_need(client, staff, beta["id"], period_start="2023-01-01", period_end="2023-06-30")
    everything = client.get("/api/v1/competency-needs", headers=staff).json
    assert everything["total"] == 3 and everything["items"][-1]["id"] == old["id"]  # newest period first
    page = client.get("/api/v1/competency-needs?limit=1&offset=1", headers=staff).json
    assert page["total"] == 3 and len(page["items"]) == 1 and page["items"][0]["id"] in (new["id"], theirs["id"])
    alfas = client.get(f"/api/v1/competency-needs?company_id={alfa['id']}", headers=staff).json
    assert [n["id"] for n in alfas["items"]] == [new["id"], old["id"]]
