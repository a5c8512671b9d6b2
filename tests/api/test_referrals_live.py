"""Real parallel requests against gunicorn with two workers: training seats are never overbooked,
and a completed training changes the seeker's matches in every worker."""
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

from tests.factories import nik, seeker_body, training_body
from tests.http import call


def _future_training(base, staff, days_to_start=7, **overrides):
    start = date.today() + timedelta(days=days_to_start)
    code, training = call(base, "POST", "/api/v1/trainings", staff, training_body(
        starts_on=start.isoformat(), ends_on=(start + timedelta(days=45)).isoformat(), **overrides))
    assert code == 201, training
    return training


def test_thirty_parallel_enrolments_into_eight_seats_leave_exactly_eight(live_server, staff, clean_database):
    training = _future_training(live_server, staff, seats=8, competencies=["mesin bubut"])
    referrals = []
    for i in range(30):
        _, seeker = call(live_server, "POST", "/api/v1/seekers", staff,
                         seeker_body(nik=nik(serial=7000 + i), full_name=f"Peserta {i}"))
        code, referral = call(live_server, "POST", "/api/v1/referrals", staff,
                              {"seeker_id": seeker["id"], "training_id": training["id"]})
        assert code == 201, referral
        referrals.append(referral["id"])

    def enrol(referral_id):
        return call(live_server, "POST", f"/api/v1/referrals/{referral_id}/enrol", staff)

    with ThreadPoolExecutor(30) as pool:
        answers = list(pool.map(enrol, referrals))
    codes = sorted(code for code, _ in answers)
    assert codes.count(200) == 8 and codes.count(409) == 22, codes
    _, after = call(live_server, "GET", f"/api/v1/trainings/{training['id']}", staff)
    assert (after["enrolled"], after["seats_left"]) == (8, 0)
    _, enrolled = call(live_server, "GET", f"/api/v1/referrals?training_id={training['id']}&status=enrolled", staff)
    assert enrolled["total"] == 8


def test_completing_a_training_makes_the_seeker_match_in_every_worker(live_server, staff, clean_database):
    _, company = call(live_server, "POST", "/api/v1/companies", staff, {"name": "PT Bubut Presisi"})
    _, vacancy = call(live_server, "POST", "/api/v1/vacancies", staff, {
        "company_id": company["id"], "title": "Operator Bubut", "openings": 4, "required_skills": ["mesin bubut"]})
    _, seeker = call(live_server, "POST", "/api/v1/seekers", staff,
                     seeker_body(nik=nik(serial=7100), skills=["juru masak"]))
    # Starting today: still suggested, and completed only once it has started.
    training = _future_training(live_server, staff, days_to_start=0, competencies=["mesin bubut", "alat ukur"])
    matches = f"/api/v1/seekers/{seeker['id']}/matches"
    for _ in range(6):   # both workers have built their index without the lathe
        assert call(live_server, "GET", matches, staff)[1]["items"] == []
    _, suggested = call(live_server, "GET", f"/api/v1/seekers/{seeker['id']}/referrals", staff)
    assert [(s["training_id"], s["competency"]) for s in suggested["items"]] == [(training["id"], "lathe")]

    _, referral = call(live_server, "POST", "/api/v1/referrals", staff,
                       {"seeker_id": seeker["id"], "training_id": training["id"], "competency_id": "lathe"})
    for action in ("enrol", "complete"):
        code, body = call(live_server, "POST", f"/api/v1/referrals/{referral['id']}/{action}", staff)
        assert code == 200, body
    for _ in range(6):
        items = call(live_server, "GET", matches, staff)[1]["items"]
        assert [m["vacancy_id"] for m in items] == [vacancy["id"]]
        assert items[0]["matched"][0]["how"] == "certified" and items[0]["score"] > 0.9
    _, vacancy_side = call(live_server, "GET", f"/api/v1/vacancies/{vacancy['id']}/matches", staff)
    assert [m["seeker_id"] for m in vacancy_side["items"]] == [seeker["id"]]
    _, after = call(live_server, "GET", f"/api/v1/seekers/{seeker['id']}/referrals", staff)
    assert after["items"] == []   # nothing left to learn for this vacancy
