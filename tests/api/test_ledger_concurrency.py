"""Company reports imported in parallel through gunicorn's two workers never overbook a vacancy."""
from concurrent.futures import ThreadPoolExecutor

from tests.factories import nik, seeker_body
from tests.http import call


def test_parallel_imports_and_single_placements_fill_exactly_the_openings(live_server, staff, clean_database):
    _, company = call(live_server, "POST", "/api/v1/companies", staff, {"name": "PT Laporan Serentak"})
    _, vacancy = call(live_server, "POST", "/api/v1/vacancies", staff, {
        "company_id": company["id"], "title": "Operator Produksi", "openings": 10,
        "required_skills": ["operator produksi"]})
    seekers = [call(live_server, "POST", "/api/v1/seekers", staff,
                    seeker_body(nik=nik(serial=8000 + i), full_name=f"Pelapor {i}"))[1]["id"] for i in range(24)]

    def report(group):  # 6 reports of 3 hires each: at most 3 of them fit with the single claims
        return call(live_server, "POST", "/api/v1/placements/import", staff, {"company_id": company["id"], "rows": [
            {"seeker_id": s, "vacancy_id": vacancy["id"], "placed_on": "2023-04-03"} for s in group]})

    def single(seeker_id):
        return call(live_server, "POST", "/api/v1/placements", staff,
                    {"vacancy_id": vacancy["id"], "seeker_id": seeker_id, "placed_on": "2023-04-03"})

    with ThreadPoolExecutor(12) as pool:
        imports = [pool.submit(report, seekers[i:i + 3]) for i in range(0, 18, 3)]
        singles = [pool.submit(single, s) for s in seekers[18:]]
        answers = [f.result() for f in imports + singles]
    assert all(code in (201, 409, 422) for code, _ in answers), answers
    placed = sum(body["created"] if "created" in body else 1 for code, body in answers if code == 201)
    _, after = call(live_server, "GET", f"/api/v1/vacancies/{vacancy['id']}", staff)
    _, listed = call(live_server, "GET", f"/api/v1/placements?vacancy_id={vacancy['id']}&limit=100", staff)
    assert after["filled"] == listed["total"] == placed <= 10
    # Whole reports only: every accepted import holds all three of its hires.
    assert all(body["created"] == 3 for code, body in answers[:6] if code == 201)
