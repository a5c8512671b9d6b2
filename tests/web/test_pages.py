"""The pages through a real app and database (Flask's test client; the browser tests drive Chromium):
signing in, CSRF, forms that refuse bad input in Indonesian, who may open which page, and the
staff -> placement -> TKP3D dashboard path."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from service import rereads
from service.extensions import db
from service.models import Placement, Seeker, UnknownPhrase, UserAccount
from service.seekers import find_by_nik
from tests.factories import create_company, create_seeker, create_training, create_vacancy, nik, row_counts
from tests.web.conftest import PASSWORD, WebClient


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_staff_signs_in_and_a_wrong_password_is_refused_in_indonesian(web, accounts):
    wrong = web.sign_in(accounts["staff"], "bukan-kata-sandinya")
    assert wrong.status_code == 401 and "Nama pengguna atau kata sandi salah." in _text(wrong)
    unknown = web.sign_in("tidak-ada", PASSWORD)
    assert unknown.status_code == 401 and "Nama pengguna atau kata sandi salah." in _text(unknown)
    right = web.sign_in(accounts["staff"])
    assert right.status_code == 302 and right.location == "/staf"
    assert "Beranda petugas" in _text(web.get("/staf"))


def test_five_wrong_passwords_lock_the_account_even_against_the_right_password(app, web, accounts):
    for _ in range(5):
        assert web.sign_in(accounts["staff"], "salah-salah-salah").status_code == 401
    locked = web.sign_in(accounts["staff"])
    assert locked.status_code == 429 and "dikunci sementara" in _text(locked)
    assert web.get("/staf").status_code == 302  # still not signed in
    with app.app_context():
        account = db.session.scalar(select(UserAccount).where(UserAccount.username == accounts["staff"]))
        assert account.password_hash.startswith("scrypt:") and PASSWORD not in account.password_hash
    # Another account is not affected.
    assert web.sign_in(accounts["tkp3d"]).status_code == 302


def test_session_cookie_is_http_only_and_same_site(web, accounts):
    response = web.sign_in(accounts["staff"])
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(app, staff_web):
    before = row_counts(app)
    response = staff_web.client.post("/staf/perusahaan/baru", data={"name": "PT Tanpa Token"})
    assert response.status_code == 400 and "kedaluwarsa" in _text(response)
    assert row_counts(app) == before


def test_a_bad_nik_names_the_field_in_indonesian_keeps_what_was_typed_and_saves_nothing(app, staff_web):
    before = row_counts(app)
    response = staff_web.post("/staf/pencaker/baru", {
        "nik": "3216011506950000", "full_name": "Siti Aminah", "education_level": "SMK",
        "skills": "menjahit\nobras", "phone": "0812 3456 7890", "consent": "on"})
    html = _text(response)
    assert response.status_code == 422
    assert 'id="nik-error">Nomor urut NIK (angka ke-13 sampai ke-16) tidak boleh 0000.' in html
    assert 'value="3216011506950000"' in html and 'value="Siti Aminah"' in html and "menjahit\nobras" in html
    assert row_counts(app) == before


def test_missing_and_malformed_fields_are_each_named(staff_web):
    response = staff_web.post("/staf/pencaker/baru", {"nik": "12345", "full_name": " ", "phone": "telp saya"})
    html = _text(response)
    assert 'id="nik-error">NIK harus tepat 16 angka.' in html
    assert 'id="full_name-error">Wajib diisi.' in html
    assert 'id="education_level-error">Wajib diisi.' in html
    assert 'id="phone-error">Harus nomor telepon' in html


def test_a_registered_seeker_signs_in_with_nik_and_access_code_and_sees_only_their_own_page(app, staff_web):
    seeker_nik = nik(female=True)
    response = staff_web.post("/staf/pencaker/baru", {
        "nik": seeker_nik, "full_name": "Rina Wulandari", "education_level": "SMK", "skills": "operator bubut",
        "district": "Setu", "consent": "on"})
    assert response.status_code == 302 and response.location.endswith("/bukti")  # post/redirect/get
    code = re.search(r'id="access-code">([^<]+)<', _text(staff_web.get(response.location))).group(1)
    again = _text(staff_web.get(response.location))  # the slip prints again, the code never
    assert "Rina Wulandari" in again and 'id="access-code"' not in again and code not in again
    with app.app_context():
        seeker = find_by_nik(seeker_nik)
        assert (seeker.gender, seeker.district) == ("F", "Setu")
        other = Seeker(nik=nik(), full_name="Orang Lain Sekali", gender="M", birth_date=date(1995, 6, 15),
                       education_level="SMA", skills=[], ktp_regency_code="3216")
        db.session.add(other)
        db.session.commit()
        other_id = other.id

    phone = WebClient(app.test_client())
    assert phone.seeker_sign_in(seeker_nik, "kode-yang-salah").status_code == 401
    assert phone.seeker_sign_in(nik(), code).status_code == 401  # someone else's NIK with this code
    assert len(code) == 12  # the short code from the slip, typed as a person would:
    assert phone.seeker_sign_in(seeker_nik, code.lower().replace("-", "")).location == "/saya"
    home = _text(phone.get("/saya"))
    assert "Halo, Rina Wulandari" in home and seeker_nik not in home  # the NIK is shown masked
    for path in (f"/staf/pencaker/{other_id}", "/staf/pencaker", "/tkp3d"):
        denied = phone.get(path)
        assert denied.status_code == 403 and "Akses ditolak" in _text(denied)
        assert "Orang Lain Sekali" not in _text(denied)


def test_a_seeker_corrects_their_phone_and_skills_and_bad_input_is_explained(app, client, staff):
    seeker = create_seeker(client, staff, skills=["masak"], phone="0811111111")
    phone = WebClient(app.test_client())
    phone.seeker_sign_in(seeker["nik"], seeker["access_token"])
    bad = phone.post("/saya/data", {"phone": "nomor saya", "district": "Cibitung", "education_level": "SMK",
                                    "skills": "masak\nbarista"})
    assert bad.status_code == 422 and 'id="phone-error">Harus nomor telepon' in _text(bad)
    assert 'value="32.16.07" selected' in _text(bad)
    good = phone.post("/saya/data", {"phone": "0812 9999 0000", "district": "Cibitung", "education_level": "SMK",
                                     "skills": "masak\nbarista"})
    assert good.status_code == 302
    with app.app_context():
        stored = db.session.get(Seeker, seeker["id"])
        assert (stored.phone, stored.district, stored.skills) == ("0812 9999 0000", "Cibitung", ["masak", "barista"])
        assert stored.full_name == seeker["full_name"]  # not the seeker's to change here


def test_a_vacancy_form_refuses_crossed_ages_then_posts_and_lists_ranked_candidates(app, client, staff, staff_web):
    company = create_company(client, staff)
    lathe = create_seeker(client, staff, full_name="Agus Bubut", skills=["tkg bubut 3 thn"])
    form = {"company_id": str(company["id"]), "title": "Operator Bubut", "openings": "2",
            "essential_skills": "lathe operator", "optional_skills": "jangka sorong",
            "min_age": "30", "max_age": "20", "wage_min": "5.200.000"}
    crossed = staff_web.post("/staf/lowongan/baru", form)
    assert crossed.status_code == 422
    assert 'id="max_age-error">Tidak boleh lebih kecil dari usia minimum.' in _text(crossed)
    assert row_counts(app)["vacancies"] == 0
    posted = staff_web.post("/staf/lowongan/baru", {**form, "min_age": "18", "max_age": "40"})
    assert posted.status_code == 302
    page = _text(staff_web.get(posted.location))
    assert "Agus Bubut" in page and "Cocok" in page and "tkg bubut 3 thn" in page and "Warga lokal" in page
    assert "keahlian utama" in page and "Operator mesin bubut (konvensional)" in page
    assert "Rp5.200.000" in page
    assert lathe["id"]


def test_a_placement_recorded_from_the_candidates_counts_for_tkp3d_once_verified(app, client, staff, staff_web,
                                                                                 accounts):
    company = create_company(client, staff)
    seeker = create_seeker(client, staff, full_name="Dedi Las", skills=["las listrik SMAW"])
    vacancy = create_vacancy(client, staff, company["id"], title="Welder", required_skills=["welder"])
    today = date.today()
    recorded = staff_web.post(f"/staf/lowongan/{vacancy['id']}/penempatan",
                              {"seeker_id": str(seeker["id"]), "placed_on": today.isoformat()})
    assert "menunggu verifikasi" in _text(staff_web.get(recorded.location))
    with app.app_context():
        placement_id = db.session.scalar(select(Placement.id))

    dashboard = WebClient(app.test_client())
    dashboard.sign_in(accounts["tkp3d"])
    assert re.search(r'id="local-hires">0<', _text(dashboard.get("/tkp3d")))
    staff_web.post(f"/staf/penempatan/{placement_id}/verifikasi")
    html = _text(dashboard.get(f"/tkp3d?tahun={today.year}"))
    assert re.search(r'id="local-hires">1<', html) and re.search(r'id="chart-actual">1<', html)
    assert "Dedi Las" not in html and seeker["nik"] not in html  # aggregates only
    again = staff_web.post(f"/staf/lowongan/{vacancy['id']}/penempatan",
                           {"seeker_id": str(seeker["id"]), "placed_on": "bukan tanggal"})
    assert "Bukan tanggal yang sah" in _text(staff_web.get(again.location))


def test_tkp3d_downloads_csv_and_xlsx_of_the_year(tkp3d_web):
    csv = tkp3d_web.get(f"/tkp3d/unduh/periods.csv?tahun={date.today().year}")
    assert csv.status_code == 200 and csv.content_type == "text/csv; charset=utf-8"
    assert "Periode" in csv.get_data().decode("utf-8-sig").splitlines()[0]
    xlsx = tkp3d_web.get("/tkp3d/unduh/laporan.xlsx?tahun=2023")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    assert tkp3d_web.get("/tkp3d/unduh/tidak-ada.csv").status_code == 404
    assert tkp3d_web.get("/staf").status_code == 403


def test_staff_add_an_alias_for_an_unknown_phrase_and_it_leaves_the_list(app, client, staff, staff_web):
    create_seeker(client, staff, skills=["juru kunci makam"])
    with app.app_context():
        phrase = db.session.scalar(select(UnknownPhrase.phrase))
    assert phrase == "juru kunci makam"
    page = _text(staff_web.get("/staf/keterampilan"))
    assert phrase in page
    unknown_competency = staff_web.post("/staf/keterampilan", {"alias": phrase, "competency_id": "tidak-ada"})
    assert unknown_competency.status_code == 422 and "Kompetensi tidak dikenal." in _text(unknown_competency)
    added = staff_web.post("/staf/keterampilan", {"alias": phrase, "competency_id": "building_maintenance"})
    assert added.status_code == 302
    after = _text(staff_web.get("/staf/keterampilan"))
    assert f"<td>{phrase}</td>" not in after
    assert "Pembacaan ulang keterampilan" in after and "0 dari" in after      # the background re-reading
    with app.app_context():
        rereads.run_pending()
    assert "Pembacaan ulang keterampilan" not in _text(staff_web.get("/staf/keterampilan"))


def test_staff_refer_a_seeker_to_a_suggested_training_and_the_seeker_sees_it(app, client, staff, staff_web):
    company = create_company(client, staff)
    create_vacancy(client, staff, company["id"], title="Welder", required_skills=["welder"])
    seeker = create_seeker(client, staff, skills=["masak"])
    training = create_training(client, staff, name="Las SMAW Dasar", competencies=["las SMAW"],
                               starts_on=None, ends_on=None)
    page = _text(staff_web.get(f"/staf/pencaker/{seeker['id']}"))
    assert "Las SMAW Dasar" in page and "Rujuk ke pelatihan ini" in page
    staff_web.post(f"/staf/pencaker/{seeker['id']}/rujukan", {"training_id": str(training["id"])})
    again = staff_web.post(f"/staf/pencaker/{seeker['id']}/rujukan", {"training_id": str(training["id"])})
    assert "sudah punya rujukan yang berjalan" in _text(staff_web.get(again.location))
    phone = WebClient(app.test_client())
    phone.seeker_sign_in(seeker["nik"], seeker["access_token"])
    assert "Las SMAW Dasar" in _text(phone.get("/saya")) and "Dirujuk" in _text(phone.get("/saya"))


def test_every_page_asks_for_sign_in_and_the_right_role(app, web, accounts, client, staff):
    """A guard over every page route: a new page is covered the day it is added."""
    seeker = create_seeker(client, staff)
    as_seeker = WebClient(app.test_client())
    as_seeker.seeker_sign_in(seeker["nik"], seeker["access_token"])
    as_tkp3d = WebClient(app.test_client())
    as_tkp3d.sign_in(accounts["tkp3d"])
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("web.") and "GET" in r.methods
             and not r.endpoint.startswith("web.public.")]
    assert len(rules) >= 15
    for rule in rules:
        path = re.sub(r"<any\(([^,)]+)[^>]*>", r"\1", rule.rule)
        path = re.sub(r"<[^>]*>", "1", path).replace("/1.csv", "/periods.csv")
        assert web.get(path).status_code == 302, path
        # A signed-out seeker is sent where a NIK and access code work, everyone else to the staff sign-in.
        sign_in = "/masuk/pencaker?next=" if rule.endpoint.startswith("web.seeker.") else "/masuk?next="
        assert web.get(path).location.startswith(sign_in), path
        allowed = ("seeker",) if rule.endpoint.startswith("web.seeker.") else \
            ("tkp3d",) if rule.endpoint.startswith("web.tkp3d.") else ()
        assert (as_seeker.get(path).status_code == 403) == ("seeker" not in allowed), path
        assert (as_tkp3d.get(path).status_code == 403) == ("tkp3d" not in allowed), path


def test_errors_are_pages_outside_the_api_and_json_inside_it(web, client):
    page = web.get("/tidak-ada")
    assert page.status_code == 404 and page.content_type.startswith("text/html")
    assert "Halaman tidak ditemukan" in _text(page)
    api = client.get("/api/v1/tidak-ada")
    assert api.status_code == 404 and api.json["code"] == 404
    assert web.client.post("/").status_code == 405


def test_sign_in_sends_people_back_only_to_pages_of_this_site(web, accounts):
    assert web.get("/staf/lowongan").location == "/masuk?next=/staf/lowongan"
    token_page = web.post("/masuk?next=/staf/lowongan", {"username": accounts["staff"], "password": PASSWORD})
    assert token_page.location == "/staf/lowongan"
    web.post("/keluar")
    elsewhere = web.post("/masuk?next=//example.org/", {"username": accounts["staff"], "password": PASSWORD})
    assert elsewhere.location == "/staf"


def test_create_user_command_asks_for_the_password_and_stores_only_its_hash(app, clean_database):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "--role", "tkp3d", "--username", "ketua.tkp3d"],
                           input="rahasia-panjang-1\nrahasia-panjang-1\n")
    assert result.exit_code == 0, result.output
    assert "rahasia-panjang-1" not in result.output
    short = runner.invoke(args=["create-user", "--role", "staff", "--username", "x1", "--password", "pendek"])
    assert short.exit_code != 0
    with app.app_context():
        account = db.session.scalar(select(UserAccount).where(UserAccount.username == "ketua.tkp3d"))
        assert account.role == "tkp3d" and account.password_hash.startswith("scrypt:")
        assert db.session.scalar(select(UserAccount).where(UserAccount.username == "x1")) is None


def test_a_crash_is_a_page_outside_the_api_and_json_inside_it(database_url):
    from service import create_app
    crashing = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "PROPAGATE_EXCEPTIONS": False})

    @crashing.get("/rusak")
    @crashing.get("/api/v1/rusak")
    def broken():
        raise RuntimeError("boom")

    page = crashing.test_client().get("/rusak")
    assert page.status_code == 500 and "Terjadi kesalahan" in page.get_data(as_text=True)
    assert "boom" not in page.get_data(as_text=True)
    api = crashing.test_client().get("/api/v1/rusak")
    assert api.status_code == 500 and api.json["code"] == 500


def test_staff_print_a_new_access_code_and_the_old_one_stops_working(app, client, staff, staff_web):
    seeker = client.post("/api/v1/seekers", headers=staff, json={
        "nik": nik(), "full_name": "Lupa Kode", "education_level": "SMA", "skills": ["kasir"]}).json
    renewed = staff_web.post(f"/staf/pencaker/{seeker['id']}/kode-akses")
    assert renewed.status_code == 302
    slip = staff_web.get(renewed.location)
    new_code = re.search(r'id="access-code">([^<]+)<', _text(slip)).group(1)
    assert new_code != seeker["access_code"]
    phone = WebClient(app.test_client())
    assert phone.seeker_sign_in(seeker["nik"], seeker["access_code"]).status_code == 401
    assert phone.seeker_sign_in(seeker["nik"], new_code).location == "/saya"
