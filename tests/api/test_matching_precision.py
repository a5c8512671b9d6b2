"""Matching on real text through the API: the title's trade ranks first, a suggestion earns
nothing until staff confirm it, an unknown trade stays unplaced, and the vacancy carries the
KBJI occupation its title names."""
from service import rereads
from tests.factories import create_company, create_seeker, create_vacancy, vacancy_matches


def test_a_titled_vacancy_ranks_its_trade_above_its_secondary_skills(client, staff):
    company = create_company(client, staff)
    measurer = create_seeker(client, staff, skills=["jangka sorong & mikrometer", "gambar teknik"])
    turner = create_seeker(client, staff, skills=["tkg bubut 3 thn"])
    vacancy = create_vacancy(client, staff, company["id"], title="Operator Bubut", required_skills=[
        "mesin bubut", "jangka sorong", "gambar teknik"])
    items = vacancy_matches(client, staff, vacancy["id"])
    assert [i["seeker_id"] for i in items] == [turner["id"], measurer["id"]]
    assert items[0]["has_core"] is True and items[1]["has_core"] is False
    core = next(m for m in items[0]["matched"] if m["core"])
    assert core["competency_id"] == "lathe" and core["seeker_words"] == "tkg bubut 3 thn"
    assert vacancy["kbji_code"] == "7223" and vacancy["kbji_suggestion"]["competency_id"] == "lathe"


def test_a_suggestion_earns_no_credit_until_staff_confirm_it(app, client, staff):
    company = create_company(client, staff)
    phrase = "nyiram bunga di taman"
    read = client.get("/api/v1/skills/normalise", query_string={"text": phrase}, headers=staff).json["items"]
    (item,) = read
    assert item["competency_id"] is None and item["method"] == "suggestion"
    suggested = item["suggestion"]["id"]
    assert suggested == "gardening"
    seeker = create_seeker(client, staff, skills=[phrase])
    vacancy = create_vacancy(client, staff, company["id"], title="Tukang Kebun", required_skills=["perawatan taman"])
    assert seeker["id"] not in [i["seeker_id"] for i in vacancy_matches(client, staff, vacancy["id"])]
    unknown = {u["phrase"] for u in client.get("/api/v1/skills/unknown-phrases", headers=staff).json["items"]}
    assert phrase in unknown
    added = client.post("/api/v1/skills/aliases", json={"alias": phrase, "competency_id": suggested}, headers=staff)
    assert added.status_code == 201
    confirmed = client.get("/api/v1/skills/normalise", query_string={"text": phrase}, headers=staff).json["items"]
    assert confirmed[0]["competency_id"] == suggested
    with app.app_context():              # the background re-reading, run here to know when it is done
        rereads.run_pending()
    (match,) = [i for i in vacancy_matches(client, staff, vacancy["id"]) if i["seeker_id"] == seeker["id"]]
    assert match["has_core"] is True and match["matched"][0]["how"] == "exact"


def test_an_unknown_trade_stays_unplaced(client, staff):
    for text in ("Teknisi Bedah", "Agen Koran Harian", "Ahli Prakiraan Cuaca", "Penyiar Radio"):
        items = client.get("/api/v1/skills/normalise", query_string={"text": text}, headers=staff).json["items"]
        assert all(i["competency_id"] is None for i in items), (text, items)


def test_an_official_title_gives_the_occupation_and_its_trade(client, staff):
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"], title="Tukang Bubut", required_skills=["gambar teknik"])
    assert vacancy["kbji_code"] == "722303"
    assert vacancy["kbji_suggestion"] == {"code": "722303", "title": "Tukang Bubut",
                                          "competency_id": "lathe", "label_id": "Operator mesin bubut (konvensional)"}
    items = client.get("/api/v1/skills/normalise", query_string={"text": "Juru Vulkanisir Ban"}, headers=staff).json["items"]
    assert {(i["competency_id"], i["method"]) for i in items} == {
        ("production_operator", "occupation"), ("rubber_processing", "occupation")}


def test_a_kbji_code_the_list_lacks_is_refused_naming_the_field(client, staff):
    company = create_company(client, staff)
    body = {"company_id": company["id"], "title": "Operator Bubut", "openings": 1, "required_skills": ["bubut"]}
    refused = client.post("/api/v1/vacancies", json={**body, "kbji_code": "999999"}, headers=staff)
    assert refused.status_code == 422 and "kbji_code" in refused.json["errors"]["json"]
    assert client.get("/api/v1/vacancies", headers=staff).json["total"] == 0
    created = client.post("/api/v1/vacancies", json={**body, "kbji_code": "722303"}, headers=staff)
    assert created.status_code == 201
    changed = client.patch(f"/api/v1/vacancies/{created.json['id']}", json={"kbji_code": "7299"}, headers=staff)
    assert changed.status_code == 422 and "kbji_code" in changed.json["errors"]["json"]
