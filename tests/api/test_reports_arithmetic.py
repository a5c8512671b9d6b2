"""The local-hiring report's arithmetic against a small ledger computed by hand.

The ledger (hire date, company, seeker, status, local at hire):
    p9   2022-12-31  A  verified  local      -> 2022 only (year boundary)
    p1   2023-01-01  A  verified  local      (M, SMK, Cikarang Utara)
    p2   2023-02-15  A  verified  local      (F, SMA, Tambun Selatan)
    p3   2023-03-31  B  verified  non-local  (F, S1, no district)
    p4   2023-04-01  B  verified  local      (M, SMK, Cikarang Utara) - KTP later moved to Kota Bekasi
    p6   2023-05-05  A  cancelled local      -> counts nowhere
    p7   2023-06-06  A  rejected  local      -> counts nowhere
    p5   2023-07-10  B  verified  non-local  (M, SMA, Setu) - KTP later moved into the regency
    p8   2023-08-08  B  claimed   local      (M, SMK, Setu) -> claimed only
    p10  2023-12-31  A  verified  local      (F, SMK, Tambun Selatan)
    p11  2024-01-01  B  verified  local      -> 2024 only
Company C committed to 3 local hires in 2023 and reported nothing. Targets: 2022 4, 2023 10, 2024 20.
"""
import pytest

from tests.factories import create_company, create_seeker, nik

REPORT = "/api/v1/reports/local-hiring"


def _hire(client, staff, company, seeker, placed_on, outcome):
    response = client.post("/api/v1/placements", headers=staff, json={
        "company_id": company["id"], "job_title": "Operator Produksi", "seeker_id": seeker["id"],
        "placed_on": placed_on})
    assert response.status_code == 201, response.json
    for action in {"verified": ["verify"], "cancelled": ["verify", "cancel"], "rejected": ["reject"],
                   "claimed": []}[outcome]:
        assert client.post(f"/api/v1/placements/{response.json['id']}/{action}", headers=staff).status_code == 200


@pytest.fixture
def ledger(client, staff):
    a = create_company(client, staff, name="PT Alfa Presisi", sector="C 2592")
    b = create_company(client, staff, name="PT Beta Ritel", sector="G 4711")
    create_company(client, staff, name="PT Gamma Janji", sector="C 2930", commitments=[{"year": 2023, "local_hires": 3}])

    def seeker(regency, female, education, district=None):
        return create_seeker(client, staff, nik=nik(regency=regency, female=female), education_level=education,
                             district=district)
    s = {1: seeker("3216", False, "SMK", "Cikarang Utara"), 2: seeker("3216", True, "SMA", "Tambun Selatan"),
         3: seeker("3275", True, "S1"), 4: seeker("3216", False, "SMK", "Cikarang Utara"),
         5: seeker("3201", False, "SMA", "Setu"), 6: seeker("3216", False, "SMK", "Setu"),
         7: seeker("3216", False, "SMK", "Setu"), 8: seeker("3216", False, "SMK", "Setu"),
         9: seeker("3216", False, "SMK", "Setu"), 10: seeker("3216", True, "SMK", "Tambun Selatan"),
         11: seeker("3216", False, "SMK", "Setu")}
    for n, company, placed_on, outcome in [
            (9, a, "2022-12-31", "verified"), (1, a, "2023-01-01", "verified"), (2, a, "2023-02-15", "verified"),
            (3, b, "2023-03-31", "verified"), (4, b, "2023-04-01", "verified"), (6, a, "2023-05-05", "cancelled"),
            (7, a, "2023-06-06", "rejected"), (5, b, "2023-07-10", "verified"), (8, b, "2023-08-08", "claimed"),
            (10, a, "2023-12-31", "verified"), (11, b, "2024-01-01", "verified")]:
        _hire(client, staff, company, s[n], placed_on, outcome)
    # Addresses change after the hires: the report must not follow them.
    for n, regency, district in ((4, "3275", "Bekasi Timur"), (5, "3216", "Cikarang Barat")):
        assert client.patch(f"/api/v1/seekers/{s[n]['id']}", headers=staff,
                            json={"ktp_regency_code": regency, "district": district}).status_code == 200
    for year, target in ((2022, 4), (2023, 10), (2024, 20)):
        assert client.put(f"/api/v1/targets/{year}", headers=staff, json={"local_hires_target": target}).status_code == 200


def _get(client, headers, query):
    response = client.get(f"{REPORT}?{query}", headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def test_year_totals_count_only_verified_hires_with_locality_frozen_at_hire(client, staff, ledger):
    report = _get(client, staff, "year=2023&as_of=2024-03-01")
    assert {k: report[k] for k in ("year", "target", "local_hires", "total_hires", "claimed_hires",
                                   "claimed_local_hires", "local_share", "percent_of_target")} == {
        "year": 2023, "target": 10, "local_hires": 4, "total_hires": 6, "claimed_hires": 1,
        "claimed_local_hires": 1, "local_share": 0.6667, "percent_of_target": 40.0}
    assert _get(client, staff, "year=2022")[("local_hires")] == 1
    assert (_get(client, staff, "year=2024")["local_hires"], _get(client, staff, "year=2024")["total_hires"]) == (1, 1)


def test_quarters_and_cumulative_progress(client, staff, ledger):
    periods = _get(client, staff, "year=2023&period=quarter")["periods"]
    assert [(p["period"], p["start"], p["end"], p["local_hires"], p["total_hires"], p["claimed_hires"],
             p["cumulative_local_hires"], p["cumulative_percent_of_target"]) for p in periods] == [
        ("2023-Q1", "2023-01-01", "2023-03-31", 2, 3, 0, 2, 20.0),
        ("2023-Q2", "2023-04-01", "2023-06-30", 1, 1, 0, 3, 30.0),
        ("2023-Q3", "2023-07-01", "2023-09-30", 0, 1, 1, 3, 30.0),
        ("2023-Q4", "2023-10-01", "2023-12-31", 1, 1, 0, 4, 40.0)]
    months = _get(client, staff, "year=2023")["periods"]
    assert len(months) == 12 and [m["local_hires"] for m in months] == [1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]


def test_a_range_over_year_boundaries_restarts_progress_each_january(client, staff, ledger):
    report = _get(client, staff, "start=2022-12-01&end=2024-01-31&period=quarter")
    assert (report["year"], report["target"], report["local_hires"], report["total_hires"]) == (None, 34, 6, 8)
    assert [(p["period"], p["start"], p["end"], p["local_hires"], p["cumulative_local_hires"], p["target"])
            for p in report["periods"]] == [
        ("2022-Q4", "2022-12-01", "2022-12-31", 1, 1, 4), ("2023-Q1", "2023-01-01", "2023-03-31", 2, 2, 10),
        ("2023-Q2", "2023-04-01", "2023-06-30", 1, 3, 10), ("2023-Q3", "2023-07-01", "2023-09-30", 0, 3, 10),
        ("2023-Q4", "2023-10-01", "2023-12-31", 1, 4, 10), ("2024-Q1", "2024-01-01", "2024-01-31", 1, 1, 20)]


def test_a_range_starting_mid_year_counts_progress_from_january(client, staff, ledger):
    report = _get(client, staff, "start=2023-07-01&end=2023-12-31&period=half")
    assert (report["local_hires"], report["total_hires"]) == (1, 2)
    [half] = report["periods"]
    assert (half["period"], half["local_hires"], half["cumulative_local_hires"], half["cumulative_percent_of_target"]) \
        == ("2023-H2", 1, 4, 40.0)


def test_year_end_projection_at_the_current_pace(client, staff, ledger):
    # 1 Jan - 30 Jun 2023 is 181 days with 3 local hires: 3 * 365 / 181 = 6.05 -> 6, 60% of 10.
    projection = _get(client, staff, "year=2023&as_of=2023-06-30")["projection"]
    assert {k: projection[k] for k in ("as_of", "days_elapsed", "local_hires_to_date", "projected_local_hires",
                                       "projected_percent_of_target")} == {
        "as_of": "2023-06-30", "days_elapsed": 181, "local_hires_to_date": 3, "projected_local_hires": 6,
        "projected_percent_of_target": 60.0}
    assert _get(client, staff, "year=2023&as_of=2030-01-01")["projection"]["projected_local_hires"] == 4
    assert _get(client, staff, "year=2023&as_of=2022-06-01")["projection"] is None


def _rows(report, name, *keys):
    return sorted(tuple(row.get(k) for k in keys) for row in report["breakdowns"][name])


def test_breakdowns_for_staff_are_exact_and_add_up(client, staff, ledger):
    report = _get(client, staff, "year=2023")
    counts = ("local_hires", "total_hires", "claimed_hires")
    assert _rows(report, "company", "label", *counts, "commitment", "reported", "percent_of_commitment") == [
        ("PT Alfa Presisi", 3, 3, 0, None, True, None), ("PT Beta Ritel", 1, 3, 1, None, True, None),
        ("PT Gamma Janji", 0, 0, 0, 3, False, 0.0)]
    assert _rows(report, "sector", "key", *counts) == [("C 2592", 3, 3, 0), ("G 4711", 1, 3, 1)]
    assert _rows(report, "gender", "label", *counts) == [("Laki-laki", 2, 3, 1), ("Perempuan", 2, 3, 0)]
    assert _rows(report, "education", "key", *counts) == [("S1", 0, 1, 0), ("SMA", 1, 2, 0), ("SMK", 3, 3, 1)]
    assert _rows(report, "district", "label", *counts) == [
        ("Cikarang Utara", 2, 2, 0), ("Setu", 0, 1, 1), ("Tambun Selatan", 2, 2, 0), ("Tidak diketahui", 0, 1, 0)]
    for rows in report["breakdowns"].values():
        for measure in counts:
            assert sum(r[measure] for r in rows) == report[measure]


def test_only_the_breakdowns_asked_for_are_computed(client, staff, ledger):
    report = _get(client, staff, "year=2023&breakdowns=gender,company")
    assert sorted(report["breakdowns"]) == ["company", "gender"]


def test_tkp3d_sees_the_same_totals_with_small_groups_folded(client, tkp3d, ledger):
    report = _get(client, tkp3d, "year=2023")
    assert (report["local_hires"], report["total_hires"], report["suppression"]) == (
        4, 6, {"applied": True, "min_group_size": 5})
    # A (3 placements) and B (4) are both under 5: folded together; C's zero stays visible.
    assert _rows(report, "company", "label", "local_hires", "total_hires", "claimed_hires", "reported") == [
        ("Lainnya (disamarkan)", 4, 6, 1, None), ("PT Gamma Janji", 0, 0, 0, False)]
    assert all(row["label"] not in ("PT Alfa Presisi", "PT Beta Ritel") for row in report["breakdowns"]["company"])


@pytest.mark.parametrize("query, field", [
    ("", "year"), ("year=1999", "year"), ("start=2023-01-01", "end"), ("end=2023-01-01", "start"),
    ("start=2023-02-01&end=2023-01-01", "end"), ("year=2023&start=2023-01-01&end=2023-02-01", "year"),
    ("start=2000-01-01&end=2012-01-01", "end"), ("year=2023&period=week", "period"),
    ("start=2023-02-30&end=2023-03-01", "start"), ("year=2023&as_of=soon", "as_of"),
    ("year=2023&breakdowns=company,people", "breakdowns")])
def test_bad_report_queries_get_422_naming_the_field(client, staff, query, field):
    response = client.get(f"{REPORT}?{query}", headers=staff)
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]["query"], response.json
