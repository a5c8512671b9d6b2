"""GET /seekers/{id}/referrals (suggestions with reasons), the referral lifecycle with seats and
certification, and the outcome report per programme."""
from datetime import date, timedelta

from tests.factories import (bearer, create_company, create_need, create_placement, create_seeker, create_training,
                             create_vacancy, decide_placement)

TODAY = date.today()


def _iso(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


def _programme(client, staff, name, competencies, **overrides):
    body = {"name": name, "competencies": competencies, "seats": 16, "starts_on": _iso(14), "ends_on": _iso(60),
            **overrides}
    return create_training(client, staff, **body)


def _suggest(client, headers, seeker_id, query=""):
    response = client.get(f"/api/v1/seekers/{seeker_id}/referrals{query}", headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def _referral(client, staff, seeker_id, training_id, **body):
    response = client.post("/api/v1/referrals", json={"seeker_id": seeker_id, "training_id": training_id, **body},
                           headers=staff)
    assert response.status_code == 201, response.json
    return response.json


def _move(client, staff, referral_id, action, expect=200):
    response = client.post(f"/api/v1/referrals/{referral_id}/{action}", headers=staff)
    assert response.status_code == expect, response.json
    return response.json


def test_suggestions_rank_by_vacancies_unlocked_then_closeness_and_say_why(client, staff):
    company = create_company(client, staff, name="PT Sinar Presisi")
    seeker = create_seeker(client, staff, skills=["CNC machinist"], education_level="SMA")
    moulding = _programme(client, staff, "Operator Injection Moulding", ["injection moulding"], provider="UPTP Bekasi")
    lathe = _programme(client, staff, "Kejuruan Bubut", ["mesin bubut"], min_education="SMA")
    lathe_d3 = _programme(client, staff, "Bubut Lanjutan", ["mesin bubut"], min_education="D3")
    _programme(client, staff, "Bubut (sudah mulai)", ["mesin bubut"], starts_on=_iso(-3))
    create_vacancy(client, staff, company["id"], title="Operator Bubut", openings=3, required_skills=["mesin bubut"])
    create_vacancy(client, staff, company["id"], title="Operator Injeksi", openings=3,
                   required_skills=["injection molding"])

    items = _suggest(client, staff, seeker["id"])["items"]
    # Same vacancies and openings: the lathe is closer to what a CNC machinist knows (related 0.5).
    assert [i["training_id"] for i in items] == [lathe["id"], moulding["id"], lathe_d3["id"]]
    first, second, last = items
    assert (first["competency"], first["closeness"], first["related_skill"]) == ("lathe", 0.5, "CNC machinist")
    assert (first["vacancies_unlocked"], first["openings_unlocked"], first["seats_left"]) == (1, 3, 16)
    assert first["meets_entry_conditions"] and not last["meets_entry_conditions"]
    assert first["example_vacancies"] == [{"id": first["example_vacancies"][0]["id"], "title": "Operator Bubut",
                                           "company_name": "PT Sinar Presisi"}]
    assert "1 lowongan yang masih buka (3 posisi)" in first["reason"]
    assert 'dekat ("CNC machinist")' in first["reason"] and "Kejuruan Bubut di BLK Kabupaten Bekasi" in first["reason"]
    assert "memenuhi syarat minimal SMA" in first["reason"]
    assert "belum ada di profil Anda" in second["reason"] and "Tidak ada syarat pendidikan minimal" in second["reason"]
    assert "mensyaratkan pendidikan minimal D3, sedangkan pendidikan Anda SMA" in last["reason"]

    # A second injection vacancy: unlocking two vacancies now outranks being close to one.
    create_vacancy(client, staff, company["id"], title="Setter Mold", openings=1, required_skills=["setting mold injeksi"])
    items = _suggest(client, staff, seeker["id"])["items"]
    assert [i["training_id"] for i in items] == [moulding["id"], lathe["id"], lathe_d3["id"]]
    assert items[0]["vacancies_unlocked"] == 2 and "2 lowongan yang masih buka (4 posisi)" in items[0]["reason"]


def test_soft_skill_training_when_the_company_asks_for_attitude_or_discipline(client, staff):
    company = create_company(client, staff, name="PT Disiplin Teknik")
    create_need(client, staff, company["id"], competency="attitude", headcount=20,
                period_start=_iso(-30), period_end=_iso(300))
    vacancy = create_vacancy(client, staff, company["id"], title="Operator Bubut",
                             required_skills=["mesin bubut", {"text": "disiplin", "essential": False}])
    lathe_hand = create_seeker(client, staff, skills=["operator bubut"])
    disciplined = create_seeker(client, staff, skills=["operator bubut", "disiplin", "sikap kerja baik"])
    ethic = _programme(client, staff, "Etos Kerja dan Disiplin", ["disiplin", "sikap kerja"])
    _programme(client, staff, "Kejuruan Bubut", ["mesin bubut"])

    result = _suggest(client, staff, lathe_hand["id"])
    assert [(i["training_id"], i["kind"]) for i in result["items"]] == [(ethic["id"], "soft")]
    item = result["items"][0]
    # attitude comes from the company's survey answer, discipline from the vacancy itself
    assert item["competency"] == "attitude" and item["also_covers"] == ["discipline"]
    assert item["reason"].startswith("Perusahaan pada 1 lowongan yang masih buka meminta sikap kerja baik, "
                                     "misalnya PT Disiplin Teknik (Operator Bubut).")
    assert "juga mengajarkan disiplin" in item["reason"]
    assert result["vacancies"][0]["id"] == vacancy["id"]
    assert _suggest(client, staff, disciplined["id"])["items"] == []


def test_one_chosen_vacancy_and_the_conditions_training_cannot_change(client, staff):
    company = create_company(client, staff)
    seeker = create_seeker(client, staff, skills=["juru masak"], education_level="SMK")
    welder = create_vacancy(client, staff, company["id"], title="Welder", required_skills=["welder"])
    create_vacancy(client, staff, company["id"], title="Operator Bubut", required_skills=["mesin bubut"])
    engineer = create_vacancy(client, staff, company["id"], title="Engineer", required_skills=["mesin bubut"],
                              min_education="S1")
    welding = _programme(client, staff, "Las SMAW", ["las SMAW"])
    lathe = _programme(client, staff, "Kejuruan Bubut", ["mesin bubut"])

    chosen = _suggest(client, staff, seeker["id"], f"?vacancy_id={welder['id']}")
    assert [i["training_id"] for i in chosen["items"]] == [welding["id"]]
    assert chosen["items"][0]["reason"].startswith("Lowongan Welder di PT Sinar Presisi membutuhkan")
    assert [v["id"] for v in chosen["vacancies"]] == [welder["id"]]
    nearest = _suggest(client, staff, seeker["id"])   # a cook scores 0 everywhere: still shown the way
    assert {i["training_id"] for i in nearest["items"]} == {welding["id"], lathe["id"]}
    assert engineer["id"] not in [v["id"] for v in nearest["vacancies"]]
    assert _suggest(client, staff, seeker["id"], f"?vacancy_id={engineer['id']}") == \
        {"items": [], "vacancies": [], "gaps_without_training": [], "excluded": ["education below S1"]}
    for query, code in (("?vacancy_id=99999", 404), ("?vacancy_id=abc", 422), ("?limit=0", 422)):
        assert client.get(f"/api/v1/seekers/{seeker['id']}/referrals{query}", headers=staff).status_code == code
    assert client.get("/api/v1/seekers/99999/referrals", headers=staff).status_code == 404


def test_a_seeker_reads_only_their_own_suggestions_and_nobody_else_records_referrals(client, staff, tkp3d):
    me = create_seeker(client, staff)
    other = create_seeker(client, staff)
    training = _programme(client, staff, "Kejuruan Bubut", ["mesin bubut"])
    mine = bearer(me["access_token"])
    assert client.get(f"/api/v1/seekers/{me['id']}/referrals", headers=mine).status_code == 200
    assert client.get(f"/api/v1/seekers/{other['id']}/referrals", headers=mine).status_code == 403
    assert client.get(f"/api/v1/seekers/{me['id']}/referrals", headers=tkp3d).status_code == 403
    assert client.get(f"/api/v1/seekers/{me['id']}/referrals").status_code == 401
    body = {"seeker_id": me["id"], "training_id": training["id"]}
    assert client.post("/api/v1/referrals", json=body, headers=mine).status_code == 403
    assert client.get("/api/v1/referrals", headers=tkp3d).status_code == 403


def test_referral_input_is_checked_and_changes_nothing_when_refused(client, staff):
    seeker = create_seeker(client, staff)
    training = _programme(client, staff, "Kejuruan Bubut", ["mesin bubut"])
    ended = _programme(client, staff, "Bubut lama", ["mesin bubut"], starts_on=_iso(-60), ends_on=_iso(-1))
    for body, code, field in (({"seeker_id": 99999, "training_id": training["id"]}, 422, "seeker_id"),
                              ({"seeker_id": seeker["id"], "training_id": 99999}, 422, "training_id"),
                              ({"seeker_id": seeker["id"], "training_id": training["id"], "competency_id": "welding"},
                               422, "competency_id"),
                              ({"seeker_id": seeker["id"], "training_id": training["id"], "status": "completed"},
                               422, "status"),
                              ({"seeker_id": seeker["id"], "training_id": ended["id"]}, 409, "training_id"),
                              ({"seeker_id": "1", "training_id": training["id"]}, 422, "seeker_id")):
        response = client.post("/api/v1/referrals", json=body, headers=staff)
        assert response.status_code == code, (body, response.json)
        assert field in (response.json["errors"].get("json") or {}), response.json
    assert client.get("/api/v1/referrals", headers=staff).json["total"] == 0
    _referral(client, staff, seeker["id"], training["id"], competency_id="lathe")
    again = client.post("/api/v1/referrals", json={"seeker_id": seeker["id"], "training_id": training["id"]},
                        headers=staff)
    assert again.status_code == 409
    assert client.get("/api/v1/referrals/99999", headers=staff).status_code == 404
    assert client.post("/api/v1/referrals/99999/enrol", headers=staff).status_code == 404
    assert client.get("/api/v1/referrals?status=lost", headers=staff).status_code == 422


def test_lifecycle_takes_and_frees_seats_and_refuses_skipped_steps(client, staff):
    training = _programme(client, staff, "Kejuruan Bubut", ["mesin bubut"], seats=1)
    first, second = (create_seeker(client, staff)["id"] for _ in range(2))
    suggested = _referral(client, staff, first, training["id"], status="suggested")
    assert suggested["status"] == "suggested"
    _move(client, staff, suggested["id"], "enrol", expect=409)           # must be referred first
    _move(client, staff, suggested["id"], "complete", expect=409)
    assert _move(client, staff, suggested["id"], "refer")["status"] == "referred"
    assert _move(client, staff, suggested["id"], "enrol")["status"] == "enrolled"
    other = _referral(client, staff, second, training["id"])
    refused = client.post(f"/api/v1/referrals/{other['id']}/enrol", headers=staff)
    assert refused.status_code == 409 and "no seats left" in refused.json["message"]
    assert _move(client, staff, other["id"], "enrol", expect=409)["errors"]["json"]["training_id"]
    assert client.get(f"/api/v1/referrals/{other['id']}", headers=staff).json["status"] == "referred"
    assert _move(client, staff, suggested["id"], "drop")["status"] == "dropped"
    assert client.get(f"/api/v1/trainings/{training['id']}", headers=staff).json["seats_left"] == 1
    assert _move(client, staff, other["id"], "enrol")["status"] == "enrolled"
    _move(client, staff, suggested["id"], "complete", expect=409)        # dropped is final
    listed = client.get(f"/api/v1/referrals?training_id={training['id']}&status=enrolled", headers=staff).json
    assert [r["id"] for r in listed["items"]] == [other["id"]]


def test_outcomes_count_each_programme_funnel_and_later_local_placements(client, staff, tkp3d):
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"], openings=10)
    bubut = _programme(client, staff, "Kejuruan Bubut", ["mesin bubut"], starts_on=_iso(-40), ends_on=_iso(20))
    las = _programme(client, staff, "Las SMAW", ["las SMAW"])
    local, outsider, dropout, waiting, hired_before = (
        create_seeker(client, staff, nik=n)["id"] for n in ("3216011506950101", "3275011506950102",
                                                           "3216011506950103", "3216011506950104",
                                                           "3216011506950105"))
    for seeker_id in (local, outsider, dropout, hired_before):
        referral = _referral(client, staff, seeker_id, bubut["id"])
        _move(client, staff, referral["id"], "enrol")
        _move(client, staff, referral["id"], "drop" if seeker_id == dropout else "complete")
    _referral(client, staff, waiting, bubut["id"])
    early = create_placement(client, staff, vacancy["id"], hired_before, placed_on=_iso(-5))   # before completion
    decide_placement(client, staff, early["id"], "verify")
    for seeker_id in (local, outsider):
        placement = create_placement(client, staff, vacancy["id"], seeker_id, placed_on=_iso(0))
        decide_placement(client, staff, placement["id"], "verify")

    rows = {r["training_id"]: r for r in client.get("/api/v1/reports/training-outcomes", headers=staff).json["items"]}
    assert {k: rows[bubut["id"]][k] for k in ("referred", "enrolled", "completed", "placed", "placed_local",
                                              "placed_share", "local_share", "suppressed")} == \
        {"referred": 5, "enrolled": 4, "completed": 3, "placed": 2, "placed_local": 1,
         "placed_share": 0.6667, "local_share": 0.5, "suppressed": False}
    assert rows[las["id"]]["referred"] == 0 and rows[las["id"]]["placed_share"] is None
    seen_by_tkp3d = client.get("/api/v1/reports/training-outcomes", headers=tkp3d).json["items"]
    bubut_row = next(r for r in seen_by_tkp3d if r["training_id"] == bubut["id"])
    assert (bubut_row["referred"], bubut_row["completed"], bubut_row["local_share"], bubut_row["suppressed"]) == \
        (5, None, None, True)
    this_year = client.get(f"/api/v1/reports/training-outcomes?year={TODAY.year + 5}", headers=staff).json
    assert this_year["items"] == []
