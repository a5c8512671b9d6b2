"""GET /vacancies/{id}/matches and /seekers/{id}/matches: ranked, explained, filtered, and kept
current across gunicorn workers; the unknown-phrase list and staff-added aliases."""
from service import rereads
from tests.factories import create_company, create_seeker, create_vacancy, vacancy_matches, nik
from tests.http import call


def test_lathe_vacancy_ranks_the_lathe_operator_first_and_explains_why(client, staff):
    company = create_company(client, staff)
    lathe = create_seeker(client, staff, skills=["tkg bubut pengalaman 3 thn", "rajin"])
    cnc = create_seeker(client, staff, skills=["CNC machinist"])
    cook = create_seeker(client, staff, skills=["juru masak"])
    vacancy = create_vacancy(client, staff, company["id"], required_skills=["Lathe Operator"])
    items = vacancy_matches(client, staff, vacancy["id"])
    ranked = [item["seeker_id"] for item in items]
    assert ranked[:2] == [lathe["id"], cnc["id"]] and cook["id"] not in ranked
    best, partial = items[0], items[1]
    assert best["matched"][0]["competency_id"] == "lathe" and best["matched"][0]["how"] == "exact"
    assert best["matched"][0]["seeker_text"] == "tkg bubut pengalaman 3 thn"
    assert partial["matched"][0]["how"] == "related" and 0 < partial["score"] < best["score"] <= 1
    assert best["soft_skills"] and best["missing"] == []


def test_essential_skills_weigh_more_and_missing_ones_are_listed(client, staff):
    company = create_company(client, staff)
    essential_only = create_seeker(client, staff, skills=["las listrik SMAW"])
    optional_only = create_seeker(client, staff, skills=["forklift"])
    vacancy = create_vacancy(client, staff, company["id"], title="Lowongan", required_skills=[
        {"text": "welder", "essential": True}, {"text": "operator forklift", "essential": False}])
    items = {item["seeker_id"]: item for item in vacancy_matches(client, staff, vacancy["id"])}
    assert items[essential_only["id"]]["score"] > items[optional_only["id"]]["score"]
    missing = items[essential_only["id"]]["missing"]
    assert [m["requirement"] for m in missing] == ["operator forklift"]


def test_hard_conditions_filter_and_local_seekers_get_the_documented_boost(client, staff):
    company = create_company(client, staff)
    local = create_seeker(client, staff, skills=["kelistrikan"], nik=nik(regency="3216"))
    outsider = create_seeker(client, staff, skills=["kelistrikan"], nik=nik(regency="3275"))
    too_old = create_seeker(client, staff, skills=["kelistrikan"], nik=nik(yy=70))
    low_school = create_seeker(client, staff, skills=["kelistrikan"], education_level="SMP")
    vacancy = create_vacancy(client, staff, company["id"], required_skills=["instalasi listrik"],
                             max_age=35, min_education="SMA")
    items = vacancy_matches(client, staff, vacancy["id"])
    ranked = [item["seeker_id"] for item in items]
    assert ranked == [local["id"], outsider["id"]]
    assert too_old["id"] not in ranked and low_school["id"] not in ranked
    assert items[0]["local_boost"] > 0 and items[1]["local_boost"] == 0
    assert items[0]["skill_score"] == items[1]["skill_score"]


def test_placed_or_unconsenting_seekers_and_closed_vacancies_are_not_matched(client, staff):
    company = create_company(client, staff)
    seeker = create_seeker(client, staff, skills=["operator forklift"])
    shy = create_seeker(client, staff, skills=["operator forklift"], consent=False)
    vacancy = create_vacancy(client, staff, company["id"], required_skills=["forklift driver"], openings=1)
    assert [i["seeker_id"] for i in vacancy_matches(client, staff, vacancy["id"])] == [seeker["id"]]
    assert shy["id"] not in [i["seeker_id"] for i in vacancy_matches(client, staff, vacancy["id"])]
    client.patch(f"/api/v1/vacancies/{vacancy['id']}", json={"status": "closed"}, headers=staff)
    assert vacancy_matches(client, staff, vacancy["id"]) == []


def test_seeker_sees_own_matches_only(client, staff):
    company = create_company(client, staff)
    seeker = create_seeker(client, staff, skills=["menjahit", "obras"])
    other = create_seeker(client, staff, skills=["menjahit"])
    vacancy = create_vacancy(client, staff, company["id"], title="Operator Jahit", required_skills=["sewing operator"])
    create_vacancy(client, staff, company["id"], title="Satpam", required_skills=["security"])
    own = {"Authorization": f"Bearer {seeker['access_token']}"}
    mine = client.get(f"/api/v1/seekers/{seeker['id']}/matches", headers=own)
    assert mine.status_code == 200
    assert [i["vacancy_id"] for i in mine.json["items"]] == [vacancy["id"]]
    assert mine.json["items"][0]["title"] == "Operator Jahit"
    assert client.get(f"/api/v1/seekers/{other['id']}/matches", headers=own).status_code == 403
    assert client.get(f"/api/v1/vacancies/{vacancy['id']}/matches", headers=own).status_code == 403


def test_unknown_phrases_are_counted_and_an_alias_fixes_them(app, client, staff):
    company = create_company(client, staff)
    seeker = create_seeker(client, staff, skills=["ngeband motor"])
    create_seeker(client, staff, skills=["ngeband motor"])
    unknown = client.get("/api/v1/skills/unknown-phrases", headers=staff).json["items"]
    counted = {u["phrase"]: u["count"] for u in unknown}
    assert counted.get("ngeband motor") == 2, counted
    added = client.post("/api/v1/skills/aliases", json={"alias": "ngeband motor", "competency_id": "motorcycle_mechanic"},
                        headers=staff)
    assert added.status_code == 201
    vacancy = create_vacancy(client, staff, company["id"], required_skills=["mekanik sepeda motor"])
    assert seeker["id"] not in [i["seeker_id"] for i in vacancy_matches(client, staff, vacancy["id"])]
    with app.app_context():              # the background re-reading, run here to know when it is done
        rereads.run_pending()
    items = vacancy_matches(client, staff, vacancy["id"])
    assert seeker["id"] in [i["seeker_id"] for i in items]
    assert items[0]["matched"][0]["how"] == "exact"
    remaining = client.get("/api/v1/skills/unknown-phrases", headers=staff).json["items"]
    assert "ngeband motor" not in {u["phrase"] for u in remaining}


def test_alias_for_an_unknown_competency_is_refused(client, staff):
    response = client.post("/api/v1/skills/aliases", json={"alias": "x y", "competency_id": "astronaut"},
                           headers=staff)
    assert response.status_code == 422 and "competency_id" in response.json["errors"]["json"]


def test_a_seeker_registered_through_one_worker_is_matched_by_every_worker(live_server, staff, clean_database):
    _, company = call(live_server, "POST", "/api/v1/companies", staff, {"name": "PT Dua Pekerja"})
    _, vacancy = call(live_server, "POST", "/api/v1/vacancies", staff, {
        "company_id": company["id"], "title": "Operator CNC", "openings": 2, "required_skills": ["CNC operator"]})
    path = f"/api/v1/vacancies/{vacancy['id']}/matches"
    for _ in range(6):  # warm both workers' indexes before the new seeker arrives
        assert call(live_server, "GET", path, staff)[1]["items"] == []
    _, seeker = call(live_server, "POST", "/api/v1/seekers", staff, {
        "nik": nik(), "full_name": "Rudi", "education_level": "SMK", "skills": ["pemrograman cnc fanuc"]})
    seen = [[i["seeker_id"] for i in call(live_server, "GET", path, staff)[1]["items"]] for _ in range(8)]
    assert all(ids == [seeker["id"]] for ids in seen), seen
