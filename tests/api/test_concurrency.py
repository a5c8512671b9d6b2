"""Real parallel requests against gunicorn with two workers: no opening is ever overbooked."""
from concurrent.futures import ThreadPoolExecutor

from tests.factories import nik, seeker_body
from tests.http import call


def test_fifty_parallel_placements_into_ten_openings_leave_exactly_ten(live_server, staff, clean_database):
    _, company = call(live_server, "POST", "/api/v1/companies", staff, {"name": "PT Rebutan Kursi"})
    _, vacancy = call(live_server, "POST", "/api/v1/vacancies", staff, {
        "company_id": company["id"], "title": "Operator Produksi", "openings": 10,
        "required_skills": ["operator produksi"]})
    seekers = [call(live_server, "POST", "/api/v1/seekers", staff,
                    seeker_body(nik=nik(serial=9000 + i), full_name=f"Pelamar {i}"))[1]["id"] for i in range(50)]

    def claim(seeker_id):
        return call(live_server, "POST", "/api/v1/placements", staff,
                    {"vacancy_id": vacancy["id"], "seeker_id": seeker_id, "placed_on": "2023-03-01"})

    with ThreadPoolExecutor(50) as pool:
        answers = list(pool.map(claim, seekers))
    codes = sorted(code for code, _ in answers)
    assert codes.count(201) == 10 and codes.count(409) == 40, codes
    _, after = call(live_server, "GET", f"/api/v1/vacancies/{vacancy['id']}", staff)
    assert (after["filled"], after["openings_left"], after["status"]) == (10, 0, "filled")
    _, listed = call(live_server, "GET", f"/api/v1/placements?vacancy_id={vacancy['id']}&limit=100", staff)
    assert listed["total"] == 10
