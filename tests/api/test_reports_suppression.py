"""The suppression rule for non-staff report viewers (see service.reports.suppress_rows)."""
import random

from service.reports import SUPPRESSED_LABEL, suppress_rows
from tests.factories import create_company, create_seeker, nik


def _rows(*sizes):
    """Groups of the given sizes, all verified hires, a third of them local."""
    return [{"key": f"g{i}", "label": f"Kelompok {i}", "local_hires": size // 3, "total_hires": size,
             "claimed_hires": 0, "claimed_local_hires": 0, "local_share": None} for i, size in enumerate(sizes)]


def _shown(rows):
    return [(r["label"], r["total_hires"]) for r in rows]


def test_groups_at_or_over_the_size_are_untouched():
    assert _shown(suppress_rows(_rows(5, 9, 0), 5)) == [("Kelompok 0", 5), ("Kelompok 1", 9), ("Kelompok 2", 0)]


def test_one_small_group_takes_the_smallest_other_with_it():
    # Alone in the folded row, 3 would be read straight off it; so 7 (the smallest visible) joins.
    assert _shown(suppress_rows(_rows(20, 7, 3), 5)) == [("Kelompok 0", 20), (SUPPRESSED_LABEL, 10)]


def test_small_groups_that_fold_to_a_small_sum_take_another_group():
    assert _shown(suppress_rows(_rows(20, 8, 2, 2), 5)) == [("Kelompok 0", 20), (SUPPRESSED_LABEL, 12)]
    assert _shown(suppress_rows(_rows(20, 3, 3), 5)) == [("Kelompok 0", 20), (SUPPRESSED_LABEL, 6)]


def test_a_single_small_group_is_shown_only_as_the_unnamed_total():
    assert _shown(suppress_rows(_rows(4, 0), 5)) == [("Kelompok 1", 0), (SUPPRESSED_LABEL, 4)]


def test_claimed_placements_count_toward_a_groups_size():
    rows = _rows(3, 30)
    rows[0]["claimed_hires"] = 2
    assert _shown(suppress_rows(rows, 5)) == _shown(rows)


def test_random_breakdowns_add_up_and_never_expose_a_small_group():
    rng = random.Random(7)
    for _ in range(500):
        k = rng.randint(2, 10)
        rows = _rows(*(rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 40]) for _ in range(rng.randint(1, 8))))
        out = suppress_rows([dict(r) for r in rows], k)
        for measure in ("local_hires", "total_hires", "claimed_hires"):
            assert sum(r[measure] for r in out) == sum(r[measure] for r in rows)
        visible = [r for r in out if not r.get("suppressed")]
        assert all(r["total_hires"] == 0 or r["total_hires"] >= k for r in visible)
        folded = [r for r in out if r.get("suppressed")]
        if folded:
            [fold] = folded
            nonempty = sum(1 for r in rows if r["total_hires"])
            # Two groups at least and k placements at least, unless every non-empty group is in it.
            assert (fold["groups"] >= 2 and fold["total_hires"] >= k) or fold["groups"] == nonempty
            assert fold["key"] is None


def test_the_size_comes_from_the_configuration_and_staff_see_everything(client, staff, tkp3d, app, monkeypatch):
    company = create_company(client, staff, name="PT Dua Orang")
    for day in (1, 2):
        seeker = create_seeker(client, staff, nik=nik(regency="3216"))
        placed = client.post("/api/v1/placements", headers=staff, json={
            "company_id": company["id"], "job_title": "Operator", "seeker_id": seeker["id"],
            "placed_on": f"2023-05-0{day}"}).json
        client.post(f"/api/v1/placements/{placed['id']}/verify", headers=staff)

    def companies(headers):
        return _shown(client.get("/api/v1/reports/local-hiring?year=2023", headers=headers).json["breakdowns"]["company"])
    assert companies(tkp3d) == [(SUPPRESSED_LABEL, 2)]
    assert companies(staff) == [("PT Dua Orang", 2)]
    monkeypatch.setitem(app.config, "REPORT_MIN_GROUP_SIZE", 2)
    assert companies(tkp3d) == [("PT Dua Orang", 2)]
