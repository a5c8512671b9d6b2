"""The office's workday on the pages (Flask's test client on a real database): NIK search by POST,
filters that survive paging, editing and closing vacancies, editing companies and their page,
bulk verification after a confirmed count, reasons kept for rejections, near-duplicate names."""
from __future__ import annotations

import re
from datetime import date, timedelta

from service.extensions import db
from service.models import Company, Placement, Vacancy
from tests.factories import create_company, create_placement, create_seeker, create_vacancy, nik, row_counts


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_a_full_nik_goes_straight_to_the_record_and_never_into_a_url(staff_web, client, staff):
    wanted = create_seeker(client, staff, nik=nik(serial=4242), full_name="Yanti Operator")
    create_seeker(client, staff, full_name="Budi Gudang")
    found = staff_web.post("/staf/pencaker/cari", {"cari": wanted["nik"][:4] + " " + wanted["nik"][4:]})
    assert found.status_code == 302 and found.location == f"/staf/pencaker/{wanted['id']}"
    assert wanted["nik"] not in found.location
    unknown = _text(staff_web.post("/staf/pencaker/cari", {"cari": nik(serial=9999)}))
    assert "Tidak ada pencari kerja dengan NIK itu." in unknown and "Yanti" not in unknown
    by_name = _text(staff_web.post("/staf/pencaker/cari", {"cari": "yanti"}))
    assert "Yanti Operator" in by_name and "Budi Gudang" not in by_name
    assert staff_web.get("/staf/pencaker").status_code == 200


def test_filters_narrow_the_list_and_paging_keeps_them(staff_web, client, staff):
    for i in range(55):
        create_seeker(client, staff, nik=nik(serial=5000 + i), district="Setu", full_name=f"Setu {i:02d}")
    create_seeker(client, staff, nik=nik(serial=5100), district="Cibitung", full_name="Orang Cibitung")
    page = _text(staff_web.get("/staf/pencaker?kecamatan=32.16.18&urut=nama"))
    assert "55 pencari kerja" in page and "Orang Cibitung" not in page
    assert re.search(r'href="/staf/pencaker\?[^"]*kecamatan=32.16.18[^"]*hal=2', page.replace("&amp;", "&"))
    second = _text(staff_web.get("/staf/pencaker?kecamatan=32.16.18&urut=nama&hal=2"))
    assert "Setu 54" in second and "Orang Cibitung" not in second
    assert "Orang Cibitung" in _text(staff_web.get("/staf/pencaker?kecamatan=32.16.07"))
    assert _text(staff_web.get("/staf/pencaker?kecamatan=bukan&lokal=mungkin")).count("Setu ") >= 50  # ignored


def test_staff_edit_a_vacancy_then_close_and_reopen_it(app, staff_web, client, staff):
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"], title="Operator Bubut", openings=3)
    form = _text(staff_web.get(f"/staf/lowongan/{vacancy['id']}/ubah"))
    assert 'value="Operator Bubut"' in form and "mesin bubut" in form
    edited = staff_web.post(f"/staf/lowongan/{vacancy['id']}/ubah", {
        "company_id": str(company["id"]), "title": "Operator CNC", "openings": "4", "essential_skills": "cnc",
        "optional_skills": "", "closes_on": (date.today() + timedelta(days=20)).isoformat(), "wage_min": ""})
    assert edited.status_code == 302
    refused = staff_web.post(f"/staf/lowongan/{vacancy['id']}/ubah", {
        "company_id": str(company["id"]), "title": "Operator CNC", "openings": "4", "essential_skills": "cnc",
        "closes_on": "2020-01-31"})
    assert refused.status_code == 422 and 'id="closes_on-error">Batas lamaran tidak boleh sudah lewat.' in _text(refused)
    assert staff_web.post(f"/staf/lowongan/{vacancy['id']}/tutup").status_code == 302
    with app.app_context():
        stored = db.session.get(Vacancy, vacancy["id"])
        assert (stored.title, stored.openings, stored.status) == ("Operator CNC", 4, "closed")
        assert stored.required_skills == [{"text": "cnc", "essential": True}] and stored.closes_on > date.today()
    assert "Buka kembali lowongan" in _text(staff_web.get(f"/staf/lowongan/{vacancy['id']}"))
    staff_web.post(f"/staf/lowongan/{vacancy['id']}/buka")
    with app.app_context():
        assert db.session.get(Vacancy, vacancy["id"]).status == "open"


def test_company_page_shows_hires_by_year_local_share_and_commitment(app, staff_web, client, staff):
    company = create_company(client, staff, name="PT Kawan Lokal", commitments=[{"year": 2023, "local_hires": 4}])
    vacancy = create_vacancy(client, staff, company["id"], openings=5)
    for i, regency in enumerate(("3216", "3216", "3275")):
        seeker = create_seeker(client, staff, nik=nik(regency=regency, serial=6000 + i))
        placement = create_placement(client, staff, vacancy["id"], seeker["id"], placed_on="2023-05-02")
        client.post(f"/api/v1/placements/{placement['id']}/verify", headers=staff)
    page = _text(staff_web.get(f"/staf/perusahaan/{company['id']}"))
    row = re.search(r"<tr><td>2023</td>(.*?)</tr>", page, re.S).group(1)
    assert [c.strip() for c in re.findall(r">([^<]*)</td>", row)] == ["3", "2", "66,7%", "4", "50,0%"]
    assert "Operator Bubut" in page


def test_company_edit_keeps_older_free_text_kecamatan_and_a_near_duplicate_asks_first(app, staff_web, client,
                                                                                       staff):
    company = create_company(client, staff, name="PT Sinar Presisi", district="Desa Lama")
    form = _text(staff_web.get(f"/staf/perusahaan/{company['id']}/ubah"))
    assert 'value="Desa Lama" selected' in form and "Desa Lama (isian lama)" in form
    kept = staff_web.post(f"/staf/perusahaan/{company['id']}/ubah", {
        "name": "PT Sinar Presisi", "district": "Desa Lama", "commitment_year_0": "2024", "commitment_hires_0": "30"})
    assert kept.status_code == 302
    moved = staff_web.post(f"/staf/perusahaan/{company['id']}/ubah", {"name": "PT Sinar Presisi", "district": "32.16.09"})
    assert moved.status_code == 302
    with app.app_context():
        stored = db.session.get(Company, company["id"])
        assert stored.district == "Cikarang Utara" and stored.commitments == []
    before = row_counts(app)["companies"]
    twin = staff_web.post("/staf/perusahaan/baru", {"name": "Sinar Presisi, PT", "district": "32.16.09"})
    assert twin.status_code == 409 and "nama mirip: PT Sinar Presisi" in _text(twin)
    assert 'id="confirm_similar"' in _text(twin) and row_counts(app)["companies"] == before
    confirmed = staff_web.post("/staf/perusahaan/baru", {"name": "Sinar Presisi, PT", "district": "32.16.09",
                                                         "confirm_similar": "on"})
    assert confirmed.status_code == 302 and row_counts(app)["companies"] == before + 1


def _claimed(client, staff, company, count, placed_on, serial):
    vacancy = create_vacancy(client, staff, company["id"], openings=count)
    return [create_placement(client, staff, vacancy["id"],
                             create_seeker(client, staff, nik=nik(serial=serial + i), district="Setu")["id"],
                             placed_on=placed_on)
            for i in range(count)]


def test_bulk_verification_takes_the_filters_and_the_confirmed_count(app, staff_web, client, staff):
    alpha, beta = create_company(client, staff, name="PT Alfa"), create_company(client, staff, name="PT Beta")
    march = _claimed(client, staff, alpha, 3, "2023-03-10", 7000)
    _claimed(client, staff, alpha, 1, "2023-04-01", 7100)
    _claimed(client, staff, beta, 2, "2023-03-11", 7200)
    query = f"?status=claimed&perusahaan={alpha['id']}&bulan=2023-03"
    listed = _text(staff_web.get("/staf/penempatan" + query))
    assert "3 penempatan." in listed and "Verifikasi\n    semua 3 penempatan ini" in listed
    elsewhere = _text(staff_web.get("/staf/penempatan" + query + "&kecamatan=32.16.07"))
    assert "0 penempatan." in elsewhere and "3 penempatan." in _text(staff_web.get(
        "/staf/penempatan" + query + "&kecamatan=32.16.18"))  # the hires live in Setu, not Cibitung
    confirm = _text(staff_web.get("/staf/penempatan/verifikasi-massal" + query))
    assert 'id="verify-count">3<' in confirm and "PT Alfa" in confirm and "Maret 2023" in confirm
    stale = staff_web.post("/staf/penempatan/verifikasi-massal" + query, {"expected": "2"})
    assert stale.status_code == 302
    with app.app_context():
        assert db.session.query(Placement).filter_by(status="verified").count() == 0
    done = staff_web.post("/staf/penempatan/verifikasi-massal" + query, {"expected": "3"})
    assert done.status_code == 302 and "3 penempatan diverifikasi." in _text(staff_web.get(done.location))
    with app.app_context():
        verified = {p.id for p in db.session.query(Placement).filter_by(status="verified")}
        assert verified == {p["id"] for p in march}
        assert all(p.decided_by for p in db.session.query(Placement).filter_by(status="verified"))


def test_a_rejection_asks_for_a_reason_and_keeps_it(app, staff_web, client, staff):
    company = create_company(client, staff)
    placement = _claimed(client, staff, company, 1, "2023-03-10", 7300)[0]
    page = _text(staff_web.get(f"/staf/penempatan/{placement['id']}/tolak"))
    assert "Tolak penempatan?" in page and 'name="reason"' in page
    with app.app_context():
        assert db.session.get(Placement, placement["id"]).status == "claimed"  # opening the page decides nothing
    blank = staff_web.post(f"/staf/penempatan/{placement['id']}/tolak", {"reason": "  "})
    assert blank.status_code == 422 and 'id="reason-error">Tuliskan alasannya' in _text(blank)
    long = staff_web.post(f"/staf/penempatan/{placement['id']}/tolak", {"reason": "x" * 10_000})
    assert long.status_code == 422 and "paling banyak 1000 karakter" in _text(long)
    with app.app_context():
        assert db.session.get(Placement, placement["id"]).status == "claimed"
    done = staff_web.post(f"/staf/penempatan/{placement['id']}/tolak", {"reason": "NIK tidak sesuai KTP"})
    assert done.status_code == 302
    with app.app_context():
        stored = db.session.get(Placement, placement["id"])
        assert (stored.status, stored.decision_reason) == ("rejected", "NIK tidak sesuai KTP")
    assert "Alasan: NIK tidak sesuai KTP" in _text(staff_web.get("/staf/penempatan?status=rejected"))


def test_a_hire_dated_ahead_or_before_the_company_was_recorded_is_refused_at_the_desk(app, staff_web, client,
                                                                                        staff):
    company = create_company(client, staff)
    seeker = create_seeker(client, staff)
    vacancy = create_vacancy(client, staff, company["id"])
    for placed_on, words in (((date.today() + timedelta(days=60)).isoformat(), "tidak boleh di masa depan"),
                             ("2020-01-02", "sebelum perusahaan ini tercatat")):
        answer = staff_web.post(f"/staf/lowongan/{vacancy['id']}/penempatan",
                                {"seeker_id": str(seeker["id"]), "placed_on": placed_on})
        assert words in _text(staff_web.get(answer.location))
    assert row_counts(app)["placements"] == 0


def test_a_seeker_opens_a_vacancy_sees_the_almost_fitting_one_with_its_condition_and_reports_work(
        app, client, staff):
    from tests.web.conftest import WebClient
    company = create_company(client, staff, name="PT Las Jaya", contact_phone="021 8990 1234")
    fits = create_vacancy(client, staff, company["id"], title="Juru Las", required_skills=["las listrik"],
                          wage_min=5_000_000, wage_max=5_500_000, work_location="Cikarang Barat",
                          closes_on=(date.today() + timedelta(days=10)).isoformat())
    near = create_vacancy(client, staff, company["id"], title="Juru Las Senior", required_skills=["las listrik"],
                          min_education="D3")
    create_vacancy(client, staff, company["id"], title="Juru Las Wanita", required_skills=["las listrik"], gender="F")
    seeker = create_seeker(client, staff, education_level="SMK", skills=["las listrik"])
    phone = WebClient(app.test_client())
    phone.seeker_sign_in(seeker["nik"], seeker["access_token"])
    home = _text(phone.get("/saya"))
    assert f'href="/saya/lowongan/{fits["id"]}"' in home
    almost = home[home.index('id="near"'):home.index('id="referrals"')]
    assert "Juru Las Senior" in almost and "pendidikan minimum D3 (pendidikan Anda SMK)" in almost
    assert "Juru Las Wanita" not in almost  # a gender rule is never offered as 'almost'
    page = _text(phone.get(f"/saya/lowongan/{fits['id']}"))
    for words in ("Juru Las", "PT Las Jaya", "Cikarang Barat", "Rp5.000.000", "021 8990 1234", "Wajib bisa: las listrik"):
        assert words in page, words
    assert 'id="missed"' not in page
    assert "pendidikan minimum D3" in _text(phone.get(f"/saya/lowongan/{near['id']}"))
    staff_only_closed = client.patch(f"/api/v1/vacancies/{fits['id']}", json={"status": "closed"}, headers=staff)
    assert staff_only_closed.status_code == 200 and phone.get(f"/saya/lowongan/{fits['id']}").status_code == 404

    assert phone.post("/saya/sudah-bekerja").status_code == 302
    assert client.get(f"/api/v1/seekers/{seeker['id']}", headers=staff).json["status"] == "placed"
    assert "Sudah mendapat pekerjaan?" not in _text(phone.get("/saya"))


def test_a_signed_out_seeker_is_sent_to_the_seeker_sign_in_and_back(app, client, staff):
    from tests.web.conftest import WebClient
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"])
    seeker = create_seeker(client, staff)
    phone = WebClient(app.test_client())
    away = phone.get(f"/saya/lowongan/{vacancy['id']}")
    assert away.location == f"/masuk/pencaker?next=/saya/lowongan/{vacancy['id']}"
    back = phone.post(away.location, {"nik": seeker["nik"], "access_code": seeker["access_code"]})
    assert back.location == f"/saya/lowongan/{vacancy['id']}"
    assert phone.post("/masuk/pencaker?next=//evil.example", {"nik": seeker["nik"],
                                                               "access_code": seeker["access_code"]}).location == "/saya"


def test_every_list_takes_its_sort_order_and_ignores_one_it_does_not_know(staff_web, client, staff):
    company = create_company(client, staff)
    for title in ("Bubut", "Admin", "Cetak"):
        create_vacancy(client, staff, company["id"], title=title)
    by_title = _text(staff_web.get("/staf/lowongan?urut=judul"))
    assert by_title.index(">Admin<") < by_title.index(">Bubut<") < by_title.index(">Cetak<")
    newest = _text(staff_web.get("/staf/lowongan?urut=entah"))
    assert newest.index(">Cetak<") < newest.index(">Admin<")  # unknown order: the list's default, newest first
    for path in ("/staf/pencaker?urut=nama", "/staf/perusahaan?urut=terbaru", "/staf/penempatan?urut=terlama",
                 "/staf/pelatihan?urut=nama", "/staf/rujukan?urut=terlama", "/staf/kebutuhan?urut=jumlah"):
        assert staff_web.get(path).status_code == 200, path
