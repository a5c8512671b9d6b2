"""PUT /api/v1/targets/{year} and GET /api/v1/reports/local-hiring?year=: only verified placements
placed within the calendar year count; claimed ones are counted apart."""
from tests.factories import create_company, create_placement, create_seeker, create_vacancy, decide_placement, nik


def test_target_can_be_set_and_replaced(client, staff, tkp3d):
    first = client.put("/api/v1/targets/2023", json={"local_hires_target": 12000}, headers=staff)
    assert first.status_code == 200 and first.json == {"year": 2023, "local_hires_target": 12000}
    client.put("/api/v1/targets/2023", json={"local_hires_target": 15000}, headers=staff)
    report = client.get("/api/v1/reports/local-hiring?year=2023", headers=tkp3d).json
    assert report["target"] == 15000
    assert client.get("/api/v1/reports/local-hiring?year=2024", headers=tkp3d).json["target"] is None


def test_report_counts_verified_hires_in_the_year_only(client, staff, tkp3d):
    client.put("/api/v1/targets/2023", json={"local_hires_target": 4}, headers=staff)
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"], openings=20)

    def hire(placed_on, local=True, action="verify"):
        seeker = create_seeker(client, staff, nik=nik(regency="3216" if local else "3275"))
        placed = create_placement(client, staff, vacancy["id"], seeker["id"], placed_on=placed_on)
        if action:
            decide_placement(client, staff, placed["id"], action)

    hire("2023-01-01")                      # first day of the year: counts
    hire("2023-12-31")                      # last day: counts
    hire("2023-06-15", local=False)         # verified but not local
    hire("2022-12-31")                      # the year before: not in 2023
    hire("2024-01-01")                      # the year after: not in 2023
    hire("2023-03-01", action=None)         # claimed: apart
    hire("2023-03-02", local=False, action=None)
    hire("2023-04-01", action="reject")     # counts nowhere
    hire("2023-04-02", action="cancel")     # counts nowhere

    report = client.get("/api/v1/reports/local-hiring?year=2023", headers=tkp3d)
    assert report.status_code == 200
    body = report.json
    assert (body["year"], body["target"]) == (2023, 4)
    assert (body["local_hires"], body["total_hires"], body["claimed_hires"]) == (2, 3, 2)
    before = client.get("/api/v1/reports/local-hiring?year=2022", headers=staff).json
    after = client.get("/api/v1/reports/local-hiring?year=2024", headers=staff).json
    assert (before["local_hires"], before["total_hires"], before["claimed_hires"]) == (1, 1, 0)
    assert (after["local_hires"], after["total_hires"], after["claimed_hires"]) == (1, 1, 0)


def test_verifying_a_claim_moves_it_from_claimed_to_hires(client, staff, tkp3d):
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"])
    placed = create_placement(client, staff, vacancy["id"], create_seeker(client, staff)["id"], placed_on="2023-08-17")

    def counts():
        r = client.get("/api/v1/reports/local-hiring?year=2023", headers=tkp3d).json
        return r["local_hires"], r["total_hires"], r["claimed_hires"]

    assert counts() == (0, 0, 1)
    decide_placement(client, staff, placed["id"], "verify")
    assert counts() == (1, 1, 0)
    decide_placement(client, staff, placed["id"], "cancel")
    assert counts() == (0, 0, 0)


def test_a_hire_stays_local_in_the_report_after_the_seeker_moves(client, staff, tkp3d):
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"])
    seeker = create_seeker(client, staff)
    placed = create_placement(client, staff, vacancy["id"], seeker["id"], placed_on="2023-02-01")
    decide_placement(client, staff, placed["id"], "verify")
    client.patch(f"/api/v1/seekers/{seeker['id']}", json={"ktp_regency_code": "3275"}, headers=staff)
    report = client.get("/api/v1/reports/local-hiring?year=2023", headers=tkp3d).json
    assert (report["local_hires"], report["total_hires"]) == (1, 1)


def test_an_empty_year_reports_zeros(client, tkp3d):
    report = client.get("/api/v1/reports/local-hiring?year=2030", headers=tkp3d).json
    assert (report["year"], report["local_hires"], report["total_hires"], report["claimed_hires"]) == (2030, 0, 0, 0)


def test_a_bad_year_is_422_naming_it(client, tkp3d):
    for query in ("year=abc", "year=1999", "year=99999999999999999999"):
        response = client.get(f"/api/v1/reports/local-hiring?{query}", headers=tkp3d)
        assert response.status_code == 422 and "year" in response.json["errors"]["query"], response.json
