"""The TKM pages: staff's groups, members and visits; a mentor's own groups and monthly report
form; the evaluation for staff and TKP3D (the test client, signed in like a browser)."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from service.accounts import create_user
from service.extensions import db
from service.models import TkmReport
from tests.factories import create_seeker, row_counts
from tests.web.conftest import PASSWORD, WebClient


def _last_month() -> str:
    today = date.today()
    return f"{today.year - 1}-12" if today.month == 1 else f"{today.year}-{today.month - 1:02d}"


def _months_ago(n: int) -> date:
    index = date.today().year * 12 + date.today().month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


@pytest.fixture
def tkm_office(app, client, staff):
    """Two mentors, each with a group (Ani's assigned two months ago, one report missing), a seeker."""
    ani = client.post("/api/v1/tkm-mentors", json={"name": "Ani Rahmawati", "login": "tks.ani"}, headers=staff).json
    budi = client.post("/api/v1/tkm-mentors", json={"name": "Budi Hartono", "login": "tks.budi"}, headers=staff).json
    mine = client.post("/api/v1/tkm-groups", headers=staff, json={
        "name": "KUB Keripik Sukamaju", "kind": "pemula", "business_field": "keripik singkong dan makanan ringan",
        "district": "Setu", "mentor_id": ani["id"], "mentor_assigned_on": _months_ago(2).isoformat()}).json
    theirs = client.post("/api/v1/tkm-groups", headers=staff, json={
        "name": "KUB Bengkel Rahasia", "kind": "lanjutan", "business_field": "servis motor",
        "mentor_id": budi["id"]}).json
    with app.app_context():
        create_user("tks.ani", PASSWORD, "mentor")
        db.session.remove()
    seeker = create_seeker(client, staff, full_name="Wati Keripik", skills=["pengolahan makanan"])
    return {"mine": mine, "theirs": theirs, "seeker": seeker}


@pytest.fixture
def mentor_web(app, tkm_office):
    web = WebClient(app.test_client())
    assert web.sign_in("tks.ani").status_code == 302
    return web


def test_a_mentor_signs_in_sees_only_their_groups_and_files_a_monthly_report(app, mentor_web, tkm_office):
    home = mentor_web.get("/pendamping").get_data(as_text=True)
    assert "KUB Keripik Sukamaju" in home and "KUB Bengkel Rahasia" not in home
    assert re.search(r"Laporan belum masuk: \w+ \d{4}, \w+ \d{4}", home)
    other = tkm_office["theirs"]["id"]
    assert mentor_web.get(f"/pendamping/kelompok/{other}/laporan").status_code == 404
    assert mentor_web.post(f"/pendamping/kelompok/{other}/laporan", {
        "month": _last_month(), "active_members": "5", "turnover": "1", "new_workers": "0"}).status_code == 404
    assert mentor_web.get("/staf/tkm").status_code == 403 and mentor_web.get("/tkp3d/tkm").status_code == 403

    mine = tkm_office["mine"]["id"]
    form = mentor_web.get(f"/pendamping/kelompok/{mine}/laporan").get_data(as_text=True)
    assert "Pemasaran / akses pasar" in form and "bahan_baku" not in re.sub(r'value="[^"]*"', "", form)
    answer = mentor_web.client.post(f"/pendamping/kelompok/{mine}/laporan", data={
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', form).group(1), "month": _last_month(),
        "active_members": "14", "production": "1.200 bungkus", "turnover": "4.500.000", "new_workers": "1",
        "obstacles": ["pemasaran", "lainnya"], "obstacle_other": "Jalan rusak", "actions": "Ikut bazar"})
    assert answer.status_code == 302
    with app.app_context():
        report = db.session.scalar(select(TkmReport).where(TkmReport.group_id == mine))
        assert (report.turnover, report.obstacles, report.obstacle_other, report.filed_by) == (
            4_500_000, ["pemasaran", "lainnya"], "Jalan rusak", "tks.ani")
    home = mentor_web.get("/pendamping").get_data(as_text=True)
    assert "Tersimpan" in home or "tersimpan" in home
    assert len(re.search(r"Laporan belum masuk: ([^<]*)<", home).group(1).split(",")) == 1


@pytest.mark.parametrize("field, value, message", [
    ("turnover", "-5", "Harus antara 0 dan 2000000000."),
    ("turnover", "banyak", "Harus berupa bilangan bulat."),
    ("active_members", "", "Wajib diisi."),
    ("obstacle_other", "", "Tuliskan kendala lainnya."),
    ("month", "2099-01", "Bulan laporan tidak boleh bulan yang akan datang."),
    ("note", "x" * 3000, "Panjangnya harus 1 sampai 2000 (karakter atau baris)."),
])
def test_the_report_form_says_what_is_wrong_in_indonesian_keeps_what_was_typed_and_writes_nothing(
        app, mentor_web, tkm_office, field, value, message):
    mine = tkm_office["mine"]["id"]
    good = {"month": _last_month(), "active_members": "12", "turnover": "3.000.000", "new_workers": "0",
            "obstacles": "lainnya", "obstacle_other": "Banjir", "production": "Keripik pedas"}
    before = row_counts(app)
    answer = mentor_web.post(f"/pendamping/kelompok/{mine}/laporan", {**good, field: value})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert re.search(rf'id="{field}-error">([^<]+)<', html).group(1) == message
    assert 'value="Keripik pedas"' in html and 'id="obstacle-8" name="obstacles" type="checkbox" value="lainnya" checked' in html
    if field in ("turnover", "obstacle_other"):
        assert f'id="{field}" name="{field}" type="text" value="{value}"' in html
    assert row_counts(app) == before


def test_staff_add_a_member_by_nik_record_a_visit_and_see_the_missing_months(app, staff_web, tkm_office):
    mine, seeker = tkm_office["mine"]["id"], tkm_office["seeker"]
    page = staff_web.get(f"/staf/tkm/{mine}").get_data(as_text=True)
    assert 'id="missing-count">2<' in page and "Belum melapor:" in page
    added = staff_web.post(f"/staf/tkm/{mine}/anggota", {"nik": seeker["nik"], "role": "ketua"})
    assert added.status_code == 302 and seeker["nik"] not in added.headers["Location"]
    record = staff_web.get(f"/staf/pencaker/{seeker['id']}").get_data(as_text=True)
    assert "Wirausaha (TKM)" in record and "KUB Keripik Sukamaju" in record
    unknown = staff_web.post(f"/staf/tkm/{mine}/anggota", {"nik": "3216011506950999", "role": "anggota"})
    assert unknown.status_code == 422 and "Tidak ada pencari kerja dengan NIK itu." in unknown.get_data(as_text=True)
    assert 'value="3216011506950999"' in unknown.get_data(as_text=True)
    visit = staff_web.post(f"/staf/tkm/{mine}/kunjungan", {"visited_on": date.today().isoformat(),
                                                             "obstacles": "perizinan", "findings": "PIRT belum ada"})
    assert visit.status_code == 302
    page = staff_web.get(f"/staf/tkm/{mine}").get_data(as_text=True)
    assert "PIRT belum ada" in page and "Perizinan" in page and 'id="member-count">1<' in page


def test_staff_register_a_group_and_a_mentor_on_the_pages(staff_web, tkm_office):
    created = staff_web.post("/staf/tkm", {"name": "KUB Jahit Baru", "kind": "pemula", "business_field": "konveksi",
                                           "district": "32.16.09", "assistance_year": "2024",
                                           "assistance_amount": "25.000.000"})
    assert created.status_code == 302
    page = staff_web.get(created.headers["Location"]).get_data(as_text=True)
    assert "Menjahit (operator jahit garmen)" in page and "Rp25.000.000" in page
    bad = staff_web.post("/staf/tkm", {"name": "KUB", "kind": "besar", "business_field": ""})
    assert bad.status_code == 422 and 'id="business_field-error">Wajib diisi.<' in bad.get_data(as_text=True)
    mentor = staff_web.post("/staf/tkm/pendamping", {"jenis": "pendamping", "name": "Citra", "login": "tks.citra"})
    assert mentor.status_code == 302 and "tks.citra" in staff_web.get("/staf/tkm/pendamping").get_data(as_text=True)
    taken = staff_web.post("/staf/tkm/pendamping", {"jenis": "pendamping", "name": "Citra 2", "login": "tks.citra"})
    assert taken.status_code == 409 and "sudah dipakai" in taken.get_data(as_text=True)


def test_the_evaluation_page_names_mentors_for_staff_only(app, client, staff, staff_web, accounts, tkm_office):
    tkp3d_web = WebClient(app.test_client())   # a browser of its own (staff_web's session is staff's)
    assert tkp3d_web.sign_in(accounts["tkp3d"]).status_code == 302
    year = _months_ago(1).year
    filed = client.post(f"/api/v1/tkm-groups/{tkm_office['mine']['id']}/reports", headers=staff, json={
        "month": _last_month(), "active_members": 12, "turnover": 2_000_000, "new_workers": 0,
        "obstacles": ["kemasan"]})
    assert filed.status_code == 201, filed.json
    for_staff = staff_web.get(f"/tkp3d/tkm?tahun={year}").get_data(as_text=True)
    assert "Ani Rahmawati" in for_staff and 'id="tkm-monitored">1<' in for_staff and "Kemasan" in for_staff
    answer = tkp3d_web.get(f"/tkp3d/tkm?tahun={year}")
    assert answer.status_code == 200
    for_tkp3d = answer.get_data(as_text=True)
    assert "Ani Rahmawati" not in for_tkp3d and "KUB Keripik" not in for_tkp3d and "disamarkan" in for_tkp3d
    download = tkp3d_web.get(f"/tkp3d/tkm/unduh/obstacles.csv?tahun={year}")
    assert download.status_code == 200 and download.get_data().decode("utf-8-sig").startswith("Peringkat;Kendala")
