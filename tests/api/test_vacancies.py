"""/api/v1/vacancies: record, read, correct, close, list with filters and pages."""
from datetime import date, timedelta

from tests.factories import create_company, create_placement, create_seeker, create_vacancy


DEADLINE = (date.today() + timedelta(days=30)).isoformat()


def test_record_a_vacancy_with_plain_and_optional_skills(client, staff):
    company = create_company(client, staff)
    made = create_vacancy(client, staff, company["id"], openings=5, min_education="SMK", min_age=18, max_age=30,
                          closes_on=DEADLINE, required_skills=["mesin bubut", {"text": " jangka sorong ",
                                                                                  "essential": False}])
    assert made["company_name"] == company["name"] and made["status"] == "open"
    assert (made["openings"], made["filled"], made["openings_left"]) == (5, 0, 5)
    assert made["required_skills"] == [{"text": "mesin bubut", "essential": True},
                                       {"text": "jangka sorong", "essential": False}]
    read = client.get(f"/api/v1/vacancies/{made['id']}", headers=staff).json
    assert read["closes_on"] == DEADLINE and read["min_age"] == 18


def test_a_new_deadline_in_the_past_is_refused_naming_the_field(client, staff):
    company = create_company(client, staff)
    past = (date.today() - timedelta(days=1)).isoformat()
    body = {"company_id": company["id"], "title": "Operator", "openings": 1, "required_skills": ["las"],
            "closes_on": past}
    refused = client.post("/api/v1/vacancies", json=body, headers=staff)
    assert refused.status_code == 422 and list(refused.json["errors"]["json"]) == ["closes_on"]
    assert client.get("/api/v1/vacancies", headers=staff).json["total"] == 0
    made = create_vacancy(client, staff, company["id"])
    moved = client.patch(f"/api/v1/vacancies/{made['id']}", json={"closes_on": past}, headers=staff)
    assert moved.status_code == 422 and client.get(f"/api/v1/vacancies/{made['id']}", headers=staff).json["closes_on"] is None


def test_correct_and_close_a_vacancy(client, staff):
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"], openings=2)
    patched = client.patch(f"/api/v1/vacancies/{vacancy['id']}", headers=staff,
                           json={"title": "Operator CNC", "openings": 4, "wage_min": 5_000_000})
    assert patched.status_code == 200
    assert (patched.json["title"], patched.json["openings_left"], patched.json["wage_min"]) == \
        ("Operator CNC", 4, 5_000_000)
    closed = client.patch(f"/api/v1/vacancies/{vacancy['id']}", headers=staff, json={"status": "closed"})
    assert closed.json["status"] == "closed"
    seeker = create_seeker(client, staff)
    refused = client.post("/api/v1/placements", headers=staff,
                          json={"vacancy_id": vacancy["id"], "seeker_id": seeker["id"], "placed_on": "2023-03-01"})
    assert refused.status_code == 409 and "vacancy_id" in refused.json["errors"]["json"]


def test_raising_openings_of_a_filled_vacancy_reopens_it(client, staff):
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"], openings=1)
    create_placement(client, staff, vacancy["id"], create_seeker(client, staff)["id"])
    assert client.get(f"/api/v1/vacancies/{vacancy['id']}", headers=staff).json["status"] == "filled"
    reopened = client.patch(f"/api/v1/vacancies/{vacancy['id']}", headers=staff, json={"openings": 2}).json
    assert (reopened["status"], reopened["filled"], reopened["openings_left"]) == ("open", 1, 1)


def test_list_pages_and_filters(client, staff, tkp3d):
    alfa, beta = create_company(client, staff, name="PT Alfa"), create_company(client, staff, name="PT Beta")
    ids = [create_vacancy(client, staff, alfa["id"], title=t)["id"] for t in ("Operator Bubut", "Welder", "Kasir")]
    other = create_vacancy(client, staff, beta["id"], title="Operator Forklift")["id"]
    client.patch(f"/api/v1/vacancies/{ids[2]}", headers=staff, json={"status": "closed"})

    page = client.get("/api/v1/vacancies?limit=3", headers=tkp3d).json
    assert (page["total"], page["limit"], page["offset"]) == (4, 3, 0)
    assert [v["id"] for v in page["items"]] == [other, ids[2], ids[1]]  # newest first
    rest = client.get("/api/v1/vacancies?limit=3&offset=3", headers=tkp3d).json
    assert [v["id"] for v in rest["items"]] == [ids[0]]
    by_company = client.get(f"/api/v1/vacancies?company_id={alfa['id']}&status=open", headers=staff).json
    assert sorted(v["id"] for v in by_company["items"]) == sorted(ids[:2]) and by_company["total"] == 2
    operators = client.get("/api/v1/vacancies?q=operator", headers=staff).json
    assert sorted(v["title"] for v in operators["items"]) == ["Operator Bubut", "Operator Forklift"]
