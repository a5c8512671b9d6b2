"""The self-employment path (TKM): groups, members, mentors' monthly reports, visits, and the
monitoring-and-evaluation report, through the API on the real database."""
from __future__ import annotations

import io
import csv
from datetime import date

import pytest
from openpyxl import load_workbook

from service import tkm
from service.auth import issue_token
from service.extensions import db
from service.models import TkmGroup
from tests.factories import bearer, create_company, create_seeker, create_vacancy, row_counts


def create_group(client, headers, **overrides) -> dict:
    body = {"name": "KUB Keripik Sukamaju", "kind": "pemula", "business_field": "pengolahan makanan",
            "district": "Setu", "assistance_year": 2023, **overrides}
    response = client.post("/api/v1/tkm-groups", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def create_mentor(client, headers, login="tks.ani", name="Ani Rahmawati") -> dict:
    response = client.post("/api/v1/tkm-mentors", json={"name": name, "login": login}, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def mentor_token(app, login: str) -> dict:
    with app.app_context():
        token = issue_token("mentor", login)
        db.session.commit()
    return bearer(token)


def report_body(month: str, **overrides) -> dict:
    return {"month": month, "active_members": 14, "turnover": 4_500_000, "new_workers": 0,
            "obstacles": ["pemasaran", "kemasan"], **overrides}


def test_a_group_is_registered_with_its_business_field_read_through_the_taxonomy(client, staff):
    group = create_group(client, staff, business_field="konveksi", district="cikarang utara",
                         assistance_amount=25_000_000)
    assert group["kind"] == "pemula" and group["status"] == "active"
    assert group["business_field"] == "konveksi" and group["business_competency_id"] == "sewing"
    assert group["business_label"] == "Menjahit (operator jahit garmen)"
    assert group["district"] == "Cikarang Utara" and group["assistance_amount"] == 25_000_000
    listed = client.get("/api/v1/tkm-groups", headers=staff).json
    assert listed["total"] == 1 and listed["items"][0]["id"] == group["id"] and "limit" in listed


def _month_shift(months_back: int) -> str:
    """'YYYY-MM' of the month `months_back` before this one."""
    today = date.today()
    index = today.year * 12 + today.month - 1 - months_back
    return f"{index // 12}-{index % 12 + 1:02d}"


def test_a_mentor_reads_and_writes_only_their_own_groups(app, client, staff):
    ani, budi = create_mentor(client, staff, "tks.ani"), create_mentor(client, staff, "tks.budi", "Budi")
    mine = create_group(client, staff, name="KUB Jahit Mandiri", business_field="menjahit", mentor_id=ani["id"])
    theirs = create_group(client, staff, name="KUB Bengkel Jaya", business_field="servis motor",
                          mentor_id=budi["id"])
    unassigned = create_group(client, staff, name="KUB Tanpa Pendamping")
    seeker = create_seeker(client, staff, skills=["menjahit"])
    assert client.post(f"/api/v1/tkm-groups/{theirs['id']}/members", headers=staff,
                       json={"seeker_id": seeker["id"], "role": "ketua"}).status_code == 201
    as_ani = mentor_token(app, "tks.ani")

    listed = client.get("/api/v1/tkm-groups", headers=as_ani).json
    assert [g["id"] for g in listed["items"]] == [mine["id"]] and listed["total"] == 1
    assert client.get(f"/api/v1/tkm-groups/{mine['id']}", headers=as_ani).status_code == 200
    month = _month_shift(1)
    filed = client.post(f"/api/v1/tkm-groups/{mine['id']}/reports", json=report_body(month), headers=as_ani)
    assert filed.status_code == 201 and filed.json["month"] == month and filed.json["filed_by"] == "tks.ani"

    before = row_counts(app)
    for other in (theirs, unassigned):
        for method, path, body in (("GET", f"/api/v1/tkm-groups/{other['id']}", None),
                                   ("GET", f"/api/v1/tkm-groups/{other['id']}/members", None),
                                   ("GET", f"/api/v1/tkm-groups/{other['id']}/reports", None),
                                   ("POST", f"/api/v1/tkm-groups/{other['id']}/reports", report_body(month))):
            answer = client.open(path, method=method, json=body, headers=as_ani)
            # As unknown as an id that does not exist: nothing says the group is there.
            assert answer.status_code == 404, (path, answer.json)
            assert answer.json == client.open(path.replace(str(other["id"]), "987654"), method=method, json=body,
                                              headers=as_ani).json | {"message": answer.json["message"]}
            assert "Bengkel" not in answer.get_data(as_text=True) and seeker["full_name"] not in answer.get_data(
                as_text=True)
    assert row_counts(app) == before
    for method, path in (("POST", "/api/v1/tkm-groups"), ("PATCH", f"/api/v1/tkm-groups/{mine['id']}"),
                         ("GET", "/api/v1/seekers"), ("GET", "/api/v1/reports/tkm?year=2024"),
                         ("GET", "/api/v1/tkm-mentors"), ("POST", f"/api/v1/tkm-groups/{mine['id']}/members")):
        assert client.open(path, method=method, json={}, headers=as_ani).status_code == 403, path
    assert row_counts(app) == before

    # A mentor token whose login names no mentor sees no group at all.
    stranger = mentor_token(app, "tks.tidak.ada")
    assert client.get("/api/v1/tkm-groups", headers=stranger).json["items"] == []
    assert client.get(f"/api/v1/tkm-groups/{mine['id']}", headers=stranger).status_code == 404


def test_a_seeker_in_a_running_group_is_self_employed_and_not_an_available_job_seeker(app, client, staff):
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"], title="Operator Jahit", required_skills=["menjahit"])
    client.post("/api/v1/competency-needs", headers=staff, json={
        "company_id": company["id"], "competency": "menjahit", "headcount": 10,
        "period_start": "2024-01-01", "period_end": "2024-12-31"})
    sewer = create_seeker(client, staff, full_name="Siti Penjahit", skills=["menjahit"])
    other = create_seeker(client, staff, full_name="Rina Penjahit", skills=["menjahit"])

    def candidates():
        return {m["seeker_id"] for m in client.get(f"/api/v1/vacancies/{vacancy['id']}/matches",
                                                     headers=staff).json["items"]}

    def supply():
        rows = client.get("/api/v1/reports/competency-needs?year=2024", headers=staff).json["items"]
        return next(r["supply"] for r in rows if r["competency_id"] == "sewing")

    assert candidates() == {sewer["id"], other["id"]} and supply() == 2
    group = create_group(client, staff, business_field="konveksi")
    joined = client.post(f"/api/v1/tkm-groups/{group['id']}/members", headers=staff,
                         json={"seeker_id": sewer["id"], "role": "ketua"})
    assert joined.status_code == 201 and joined.json["full_name"] == "Siti Penjahit"
    assert client.get(f"/api/v1/seekers/{sewer['id']}", headers=staff).json["status"] == "self_employed"
    assert candidates() == {other["id"]} and supply() == 1
    assert client.get("/api/v1/seekers?status=self_employed", headers=staff).json["total"] == 1
    assert client.get(f"/api/v1/tkm-groups/{group['id']}", headers=staff).json["members"] == 1

    # In at most one running group; the group stopping makes them a job seeker again.
    second = create_group(client, staff, name="KUB Lain")
    refused = client.post(f"/api/v1/tkm-groups/{second['id']}/members", headers=staff,
                          json={"seeker_id": sewer["id"], "role": "anggota"})
    assert refused.status_code == 409 and "seeker_id" in refused.json["errors"]["json"]
    stopped = client.patch(f"/api/v1/tkm-groups/{group['id']}", json={"status": "inactive"}, headers=staff)
    assert stopped.status_code == 200 and stopped.json["stopped_on"] == date.today().isoformat()
    assert client.get(f"/api/v1/seekers/{sewer['id']}", headers=staff).json["status"] == "active"
    assert candidates() == {sewer["id"], other["id"]} and supply() == 2
    # Running again, then leaving the group: self-employed, then available again.
    client.patch(f"/api/v1/tkm-groups/{group['id']}", json={"status": "active"}, headers=staff)
    assert candidates() == {other["id"]}
    assert client.delete(f"/api/v1/tkm-groups/{group['id']}/members/{sewer['id']}", headers=staff).status_code == 204
    assert candidates() == {sewer["id"], other["id"]}


def test_an_unplaced_business_field_is_kept_as_written_with_a_null_reading(client, staff):
    group = create_group(client, staff, business_field="anyaman bambu")
    assert group["business_field"] == "anyaman bambu"
    assert group["business_competency_id"] is None and group["business_label"] is None
    phrases = client.get("/api/v1/skills/unknown-phrases", headers=staff).json["items"]
    assert any("bambu" in p["phrase"] for p in phrases)


@pytest.mark.parametrize("change, field", [
    ({"obstacles": ["pemasaran", "cuaca"]}, "obstacles"),
    ({"obstacles": ["pemasaran", "pemasaran"]}, "obstacles"),
    ({"obstacles": ["lainnya"]}, "obstacle_other"),
    ({"month": "2024-13"}, "month"),
    ({"month": "Maret 2024"}, "month"),
    ({"turnover": -5}, "turnover"),
    ({"turnover": 1.5}, "turnover"),
    ({"active_members": "banyak"}, "active_members"),
    ({"month": "2099-01"}, "month"),
])
def test_a_bad_monthly_report_is_422_naming_the_field_and_writes_nothing(app, client, staff, change, field):
    group = create_group(client, staff)
    before = row_counts(app)
    answer = client.post(f"/api/v1/tkm-groups/{group['id']}/reports", json=report_body("2024-03") | change,
                         headers=staff)
    assert answer.status_code == 422, answer.json
    assert field in answer.json["errors"]["json"] and answer.json["message"]
    assert row_counts(app) == before


def test_a_second_report_for_the_same_month_is_409(client, staff):
    group = create_group(client, staff)
    path = f"/api/v1/tkm-groups/{group['id']}/reports"
    assert client.post(path, json=report_body("2024-03"), headers=staff).status_code == 201
    again = client.post(path, json=report_body("2024-03", turnover=1), headers=staff)
    assert again.status_code == 409 and "month" in again.json["errors"]["json"]
    assert client.get(path, headers=staff).json["items"][0]["turnover"] == 4_500_000


def test_bad_group_bodies_are_422_naming_the_field(app, client, staff):
    before = row_counts(app)
    for body, field in (({"name": "X", "kind": "besar", "business_field": "konveksi"}, "kind"),
                        ({"name": "X", "kind": "pemula"}, "business_field"),
                        ({"name": "X", "kind": "pemula", "business_field": "konveksi", "mentor_id": 99}, "mentor_id"),
                        ({"name": "X", "kind": "pemula", "business_field": "konveksi", "assistance_year": 1850},
                         "assistance_year")):
        answer = client.post("/api/v1/tkm-groups", json=body, headers=staff)
        assert answer.status_code == 422 and field in answer.json["errors"]["json"], answer.json
    assert row_counts(app) == before


def test_missing_monthly_reports_follow_the_rule_on_a_fixed_date(app, client, staff):
    mentor = create_mentor(client, staff)
    group = create_group(client, staff, mentor_id=mentor["id"], mentor_assigned_on="2024-01-15")
    for month in ("2024-01", "2024-03"):
        assert client.post(f"/api/v1/tkm-groups/{group['id']}/reports", json=report_body(month),
                           headers=staff).status_code == 201
    with app.test_request_context():
        stored = db.session.get(TkmGroup, group["id"])
        # Due from the month of assignment through the last completed month (April, on 10 May).
        assert tkm.missing_months([stored], date(2024, 5, 10))[stored.id] == [date(2024, 2, 1), date(2024, 4, 1)]
        assert tkm.missing_months([stored], date(2024, 5, 31))[stored.id] == [date(2024, 2, 1), date(2024, 4, 1)]
        assert tkm.missing_months([stored], date(2024, 6, 1))[stored.id][-1] == date(2024, 5, 1)
        # The month of assignment is not due before it has ended.
        assert tkm.due_months(stored, date(2024, 1, 31)) == []
        report = tkm.evaluation(2024, "staff", today=date(2024, 5, 10))["reporting"]
        assert (report["due"], report["filed"], report["completeness"]) == (4, 2, 0.5)
        assert report["by_mentor"][0]["missing"] == [
            {"group_id": group["id"], "group_name": group["name"], "month": "2024-02"},
            {"group_id": group["id"], "group_name": group["name"], "month": "2024-04"}]
        # A group that stopped owes nothing after the month it stopped.
        stored.status, stored.stopped_on = "inactive", date(2024, 3, 20)
        assert tkm.missing_months([stored], date(2024, 5, 10))[stored.id] == [date(2024, 2, 1)]
        db.session.rollback()
    # Through the API, on today's date: assigned three months ago, one report filed since.
    client.patch(f"/api/v1/tkm-groups/{group['id']}", headers=staff, json={
        "mentor_assigned_on": _month_shift(3) + "-01"})
    client.post(f"/api/v1/tkm-groups/{group['id']}/reports", json=report_body(_month_shift(2)), headers=staff)
    shown = client.get(f"/api/v1/tkm-groups/{group['id']}", headers=staff).json
    assert shown["missing_months"] == [_month_shift(3), _month_shift(1)]
    assert client.get(f"/api/v1/tkm-groups/{group['id']}/reports", headers=staff).json["missing_months"] == [
        _month_shift(3), _month_shift(1)]


@pytest.fixture
def monitored_2023(app, client, staff):
    """Four groups monitored in 2023, worked out by hand in the test below."""
    mentor = create_mentor(client, staff)
    g1 = create_group(client, staff, name="G1 Keripik", district="Setu", mentor_id=mentor["id"],
                      mentor_assigned_on="2023-01-01")
    g2 = create_group(client, staff, name="G2 Konveksi", business_field="konveksi", district="Setu")
    g3 = create_group(client, staff, name="G3 Bengkel", kind="lanjutan", business_field="servis motor",
                      district="Tambun Selatan")
    g4 = create_group(client, staff, name="G4 Lele", business_field="budidaya lele", district="Cibitung")
    reports = [(g1, "2023-01", 1_000_000, 10, 0, ["pemasaran", "kemasan"]),
               (g1, "2023-02", 1_100_000, 10, 0, ["pemasaran"]),
               (g1, "2023-03", 1_300_000, 9, 1, ["permodalan"]),
               (g2, "2023-01", 2_000_000, 12, 0, ["kemasan", "perizinan"]),
               (g2, "2023-03", 1_500_000, 8, 0, ["pemasaran"]),
               (g3, "2023-02", 5_000_000, 16, 0, ["lainnya"]),
               (g1, "2022-12", 9_000_000, 10, 5, ["sdm"])]             # another year: not counted
    for group, month, turnover, active, new, obstacles in reports:
        answer = client.post(f"/api/v1/tkm-groups/{group['id']}/reports", headers=staff, json=report_body(
            month, turnover=turnover, active_members=active, new_workers=new, obstacles=obstacles,
            obstacle_other="banjir" if "lainnya" in obstacles else None))
        assert answer.status_code == 201, answer.json
    for group, day, obstacles in ((g3, "2023-05-02", ["perizinan", "permodalan"]), (g4, "2023-07-01", ["pemasaran"]),
                                  (g4, "2024-01-05", ["sdm"])):
        assert client.post(f"/api/v1/tkm-groups/{group['id']}/visits", headers=staff, json={
            "visited_on": day, "obstacles": obstacles, "findings": "Dikunjungi"}).status_code == 201
    assert client.patch(f"/api/v1/tkm-groups/{g3['id']}", json={"status": "inactive"}, headers=staff).status_code == 200
    return {"g1": g1, "g2": g2, "g3": g3, "g4": g4}


def test_the_evaluation_ranks_obstacles_and_measures_growth_as_worked_out_by_hand(client, staff, monitored_2023):
    report = client.get("/api/v1/reports/tkm?year=2023", headers=staff).json
    assert (report["groups_monitored"], report["groups_running"], report["running_share"]) == (4, 3, 0.75)
    assert (report["pemula"], report["lanjutan"]) == (3, 1)
    # pemasaran: G1, G2, G4 (a visit); kemasan G1 G2; perizinan G2 G3(visit); permodalan G1 G3(visit);
    # lainnya G3; the ties broken in code order; G1's sdm of December 2022 and G4's of 2024 do not count.
    assert [(o["code"], o["groups"]) for o in report["obstacles"]] == [
        ("pemasaran", 3), ("kemasan", 2), ("perizinan", 2), ("permodalan", 2), ("lainnya", 1),
        ("bahan_baku", 0), ("produksi", 0), ("sdm", 0)]
    assert report["obstacles"][0]["share"] == 0.75 and report["obstacles"][0]["label"] == "Pemasaran / akses pasar"
    # Growth over the groups with two reports or more (G1: 1.0 -> 1.3 M, G2: 2.0 -> 1.5 M).
    assert report["growth"] == {"groups_compared": 2, "groups_grew": 1, "turnover_first": 3_000_000,
                                "turnover_last": 2_800_000, "turnover_change_percent": -6.7, "workers_first": 22,
                                "workers_last": 17, "new_workers": 1, "suppressed": False}
    months = {m["month"]: m for m in report["months"]}
    assert (months["2023-01"]["groups"], months["2023-01"]["turnover"], months["2023-01"]["active_members"]) == (
        2, 3_000_000, 22)
    assert (months["2023-02"]["groups"], months["2023-02"]["turnover"]) == (2, 6_100_000)
    assert (months["2023-03"]["turnover"], months["2023-03"]["new_workers"]) == (2_800_000, 1)
    assert months["2023-04"] == {"month": "2023-04", "groups": 0, "active_members": 0, "turnover": 0,
                                 "new_workers": 0, "suppressed": False}
    # G1: three reports, omzet +30% (>= 20%), 9 of 10 active (>= 75%): ready. G2 has two, G3 is Lanjutan.
    ready = report["ready_for_lanjutan"]
    assert ready["count"] == 1 and [g["name"] for g in ready["groups"]] == ["G1 Keripik"] and "20%" in ready["rule"]
    setu = next(r for r in report["districts"] if r["label"] == "Setu")
    assert (setu["groups"], setu["running"], setu["turnover"]) == (2, 2, 6_900_000)


def test_tkp3d_sees_the_evaluation_without_names_and_with_small_cells_folded(client, tkp3d, monitored_2023):
    report = client.get("/api/v1/reports/tkm?year=2023", headers=tkp3d).json
    assert report["suppression"] == {"applied": True, "min_group_size": 5}
    assert report["groups_monitored"] == 4 and report["obstacles"][0] == {
        "code": "pemasaran", "label": "Pemasaran / akses pasar", "groups": 3, "share": 0.75}
    assert report["ready_for_lanjutan"]["count"] == 1 and report["ready_for_lanjutan"]["groups"] == []
    assert report["reporting"]["by_mentor"] == [] and report["reporting"]["due"] > 0
    january = report["months"][0]
    assert january["groups"] == 2 and january["turnover"] is None and january["suppressed"] is True
    assert report["growth"]["suppressed"] is True and report["growth"]["turnover_first"] is None
    # Every kecamatan holds fewer than 5 groups: all fold into one unnamed row carrying the sums.
    assert report["districts"] == [{"label": "Lainnya (disamarkan)", "groups": 4, "running": 3,
                                    "turnover": 11_900_000, "new_workers": 1, "suppressed": True, "folded": 3}]
    text = str(report)
    assert not any(name in text for name in ("G1 Keripik", "G2", "Ani Rahmawati", "Setu"))


def test_the_evaluation_exports_read_back(client, staff, tkp3d, monitored_2023):
    answer = client.get("/api/v1/reports/tkm.csv?year=2023&table=obstacles", headers=staff)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(answer.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["Peringkat", "Kendala", "Kode", "Kelompok", "Porsi kelompok"]
    assert rows[1] == ["1", "Pemasaran / akses pasar", "pemasaran", "3", "0.75"]
    assert [r[2] for r in rows[1:]] == ["pemasaran", "kemasan", "perizinan", "permodalan", "lainnya",
                                        "bahan_baku", "produksi", "sdm"]
    months = list(csv.reader(io.StringIO(client.get("/api/v1/reports/tkm.csv?year=2023&table=months",
                                                    headers=staff).get_data().decode("utf-8-sig"))))
    assert months[2] == ["2023-02", "2", "26", "6100000", "0"]

    book = load_workbook(io.BytesIO(client.get("/api/v1/reports/tkm.xlsx?year=2023", headers=staff).get_data()))
    assert book.sheetnames == ["Ringkasan", "Per bulan", "Kendala", "Kelengkapan laporan", "Kecamatan",
                               "Bidang usaha", "Siap Lanjutan"]
    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert summary["Kelompok dimonitor"] == 4 and summary["Siap TKM Lanjutan"] == 1
    assert summary["Omzet laporan terakhir (Rp)"] == 2_800_000
    assert [r[0] for r in book["Siap Lanjutan"].iter_rows(min_row=2, values_only=True)] == ["G1 Keripik"]
    assert book["Kendala"]["B2"].value == "Pemasaran / akses pasar" and book["Kendala"]["D2"].value == 3

    folded = load_workbook(io.BytesIO(client.get("/api/v1/reports/tkm.xlsx?year=2023", headers=tkp3d).get_data()))
    assert list(folded["Siap Lanjutan"].iter_rows(min_row=2, values_only=True)) == []
    assert [r[0] for r in folded["Kecamatan"].iter_rows(min_row=2, values_only=True)] == ["Lainnya (disamarkan)"]
    bad = client.get("/api/v1/reports/tkm.csv?year=2023&table=rahasia", headers=staff)
    assert bad.status_code == 422 and "table" in bad.json["errors"]["query"]


def test_export_and_erasure_carry_the_membership_and_keep_the_figures(client, staff, monitored_2023):
    group = monitored_2023["g1"]
    seeker = create_seeker(client, staff, skills=["memasak"])
    client.post(f"/api/v1/tkm-groups/{group['id']}/members", json={"seeker_id": seeker["id"], "role": "ketua"},
                headers=staff)
    exported = client.get(f"/api/v1/seekers/{seeker['id']}/export", headers=staff).json
    assert [(m["group_id"], m["role"]) for m in exported["related"]["tkm_members"]] == [(group["id"], "ketua")]
    before = client.get("/api/v1/reports/tkm?year=2023", headers=staff).json
    assert client.delete(f"/api/v1/seekers/{seeker['id']}", headers=staff).status_code in (200, 204)
    assert client.get(f"/api/v1/tkm-groups/{group['id']}/members", headers=staff).json["total"] == 0
    assert client.get("/api/v1/reports/tkm?year=2023", headers=staff).json == before
    feed = client.get("/api/v1/changes", headers=staff).json["items"]
    assert {"tkm_group"} <= {item["entity"] for item in feed}


def test_a_seeker_whose_skills_fit_a_groups_business_is_pointed_to_it_beside_training(client, staff):
    incubator = client.post("/api/v1/tkm-incubators", headers=staff,
                            json={"name": "BLK Komunitas Al-Ikhlas", "district": "Setu"}).json
    bakery = create_group(client, staff, name="KUB Roti Sejahtera", business_field="kue kering",
                          incubator_id=incubator["id"])
    create_group(client, staff, name="KUB Bengkel", business_field="servis motor")
    stopped = create_group(client, staff, name="KUB Roti Lama", business_field="roti")
    client.patch(f"/api/v1/tkm-groups/{stopped['id']}", json={"status": "inactive"}, headers=staff)
    baker = create_seeker(client, staff, skills=["bikin kue dan roti"])
    cashier = create_seeker(client, staff, skills=["kasir"])
    company = create_company(client, staff)
    create_vacancy(client, staff, company["id"], title="Operator Bubut")
    client.post("/api/v1/trainings", headers=staff, json={
        "name": "Bubut Dasar", "provider": "BLK Kabupaten Bekasi", "competencies": ["mesin bubut"], "seats": 10})

    items = client.get(f"/api/v1/seekers/{baker['id']}/referrals", headers=staff).json["items"]
    groups = [i for i in items if i["target"] == "tkm_group"]
    assert [g["tkm_group_id"] for g in groups] == [bakery["id"]]      # not the stopped one, not the workshop
    assert groups[0]["incubator_id"] == incubator["id"] and groups[0]["incubator_name"] == "BLK Komunitas Al-Ikhlas"
    assert groups[0]["competency"] == "baking" and "KUB Roti Sejahtera" in groups[0]["reason"]
    trainings = [i for i in items if i["target"] == "training"]
    assert trainings and all("training_id" in i and "tkm_group_id" not in i for i in trainings)
    # Their own token reads the same suggestion.
    own = client.get(f"/api/v1/seekers/{baker['id']}/referrals", headers=bearer(baker["access_token"])).json
    assert any(i.get("tkm_group_id") == bakery["id"] for i in own["items"])
    assert not [i for i in client.get(f"/api/v1/seekers/{cashier['id']}/referrals", headers=staff).json["items"]
                if i["target"] == "tkm_group"]
    # A member is not pointed to the group they are already in.
    client.post(f"/api/v1/tkm-groups/{bakery['id']}/members", json={"seeker_id": baker["id"], "role": "anggota"},
                headers=staff)
    assert not [i for i in client.get(f"/api/v1/seekers/{baker['id']}/referrals", headers=staff).json["items"]
                if i.get("tkm_group_id") == bakery["id"]]


def test_mentor_tokens_and_accounts_are_made_only_for_a_registered_mentor(app, client, staff):
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["create-token", "--role", "mentor", "--name", "tks.siapa"])
    assert refused.exit_code != 0 and "No mentor with login 'tks.siapa'" in refused.output
    refused = runner.invoke(args=["create-user", "--role", "mentor", "--username", "tks.siapa",
                                  "--password", "kata-sandi-panjang"])
    assert refused.exit_code != 0
    mentor = create_mentor(client, staff, "tks.siapa")
    group = create_group(client, staff, mentor_id=mentor["id"])
    made = runner.invoke(args=["create-token", "--role", "mentor", "--name", "tks.siapa"])
    assert made.exit_code == 0, made.output
    token = made.output.strip().splitlines()[-1]
    assert [g["id"] for g in client.get("/api/v1/tkm-groups", headers=bearer(token)).json["items"]] == [group["id"]]
    assert runner.invoke(args=["create-user", "--role", "mentor", "--username", "tks.siapa",
                               "--password", "kata-sandi-panjang"]).exit_code == 0


def test_ids_no_column_can_hold_are_404_not_a_server_error(client, staff):
    group = create_group(client, staff)
    for path in (f"/api/v1/tkm-groups/{group['id']}/members/137438953473", "/api/v1/tkm-groups/43267161804792136",
                 "/api/v1/tkm-groups/43267161804792136/members/1"):
        method = "DELETE" if path.count("/") == 6 else "GET"
        assert client.open(path, method=method, headers=staff).status_code == 404, path
