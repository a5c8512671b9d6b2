"""Browser tests of the office's workday (Debian's Chromium through Playwright, the live gunicorn server):
staff, TKP3D and a seeker each sign in and every page they can reach by a link is opened on a
360-pixel phone and a 1280-pixel desktop, checking that none is wider than the screen, shows an
internal id or an English message, or fails with a 5xx; then the daily workflows are driven."""
from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest

from service.accounts import create_user
from service.extensions import db
from tests.factories import create_company, create_placement, create_seeker, create_vacancy, nik
from tests.web.browser import DESKTOP, PHONE, seeker_sign_in, shot, sign_in
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.browser

# Words of the messages the service or its libraries would give in English, and raw codes.
ENGLISH = re.compile(r"\b(Must|must be|Length must|Not a valid|Missing data|Invalid|Unknown field|required field|"
                     r"Field may not|None|null|undefined|Traceback|claimed|verified|rejected|cancelled|"
                     r"suggested|referred|enrolled|dropped|Error|Not Found|Forbidden)\b")
# An internal id: a snake_case code (competency ids such as measuring_tools, provider types ...).
INTERNAL_ID = re.compile(r"\b[a-z]+_[a-z_]+\b")
LAST_MONTH = (date.today().replace(day=1) - timedelta(days=1)).replace(day=1)
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")
PER_SHAPE = 2     # pages of one shape (same path with other ids, same query keys) opened per role
MAX_PAGES = 60


@pytest.fixture
def office(app, client, staff):
    """A small office: companies (one with an older free-text kecamatan), open vacancies, seekers,
    claimed and verified placements, a training with a referral, a need, and the year's target."""
    year = date.today().year
    assert client.put(f"/api/v1/targets/{year}", json={"local_hires_target": 40}, headers=staff).status_code == 200
    plastik = create_company(client, staff, name="PT Cikarang Plastindo", district="Cikarang Utara",
                             contact_phone="021 899 0001", commitments=[{"year": year, "local_hires": 10}])
    create_company(client, staff, name="CV Lama Sekali", district="Kampung Lama")
    welder = create_vacancy(client, staff, plastik["id"], title="Juru Las", openings=6,
                            required_skills=["las listrik", {"text": "gerinda", "essential": False}],
                            wage_min=5_000_000, wage_max=5_600_000, work_location="Cikarang Utara",
                            closes_on=(date.today() + timedelta(days=30)).isoformat())
    senior = create_vacancy(client, staff, plastik["id"], title="Kepala Regu Las", openings=1,
                            required_skills=["las listrik"], min_education="D3")
    me = create_seeker(client, staff, nik=nik(serial=3101), full_name="Dedi Las", education_level="SMK",
                       skills=["las listrik", "gerinda tangan"], district="Setu")
    for i in range(4):
        seeker = create_seeker(client, staff, nik=nik(serial=3200 + i), full_name=f"Pekerja {i}",
                               skills=["operator produksi"], district="Cibitung")
        placement = create_placement(client, staff, welder["id"], seeker["id"],
                                     placed_on=(LAST_MONTH + timedelta(days=i)).isoformat())
        if i == 0:
            client.post(f"/api/v1/placements/{placement['id']}/verify", headers=staff)
    training = client.post("/api/v1/trainings", headers=staff, json={
        "name": "Kejuruan Las Dasar", "provider": "BLK Kabupaten Bekasi", "provider_type": "blk_kabupaten",
        "competencies": ["las listrik", "jangka sorong"], "seats": 12, "starts_on": f"{year}-01-10", "ends_on": f"{year}-12-10"}).json
    referral = client.post("/api/v1/referrals", headers=staff, json={
        "seeker_id": me["id"], "training_id": training["id"], "competency_id": "measuring_tools"})
    assert referral.status_code == 201, referral.json  # shown by its Indonesian label, never its id
    client.post("/api/v1/competency-needs", headers=staff, json={
        "company_id": plastik["id"], "competency": "las listrik", "headcount": 8,
        "period_start": f"{year}-01-01", "period_end": f"{year}-12-31"})
    # The self-employment path: a mentor with a group (a report missing) and a member, a visit, an incubator.
    mentor = client.post("/api/v1/tkm-mentors", headers=staff, json={"name": "Ani Rahmawati", "login": "tks.ani"}).json
    incubator = client.post("/api/v1/tkm-incubators", headers=staff, json={
        "name": "BLK Komunitas Al-Ikhlas", "district": "Setu"}).json
    group = client.post("/api/v1/tkm-groups", headers=staff, json={
        "name": "KUB Keripik Sukamaju", "kind": "pemula", "business_field": "keripik singkong dan makanan ringan",
        "district": "Setu", "mentor_id": mentor["id"], "incubator_id": incubator["id"],
        "mentor_assigned_on": (LAST_MONTH - timedelta(days=1)).replace(day=1).isoformat()}).json
    member = create_seeker(client, staff, nik=nik(serial=3301), full_name="Wati Keripik", skills=["memasak"])
    client.post(f"/api/v1/tkm-groups/{group['id']}/members", headers=staff, json={"seeker_id": member["id"],
                                                                                 "role": "ketua"})
    client.post(f"/api/v1/tkm-groups/{group['id']}/visits", headers=staff, json={
        "visited_on": date.today().isoformat(), "obstacles": ["bahan_baku", "lainnya"], "obstacle_other": "Banjir"})
    with app.app_context():
        create_user("tks.ani", PASSWORD, "mentor")
        db.session.remove()
    return {"me": me, "welder": welder, "senior": senior, "company": plastik, "tkm_group": group, "mentor": "tks.ani"}


def _shape(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted(k.split("=")[0] for k in parts.query.split("&") if k and not k.startswith("hal="))
    return re.sub(r"/\d+", "/N", parts.path) + "?" + "&".join(keys)


def _links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    out = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or parts.path.startswith(("/api", "/static")) \
                or "/unduh" in parts.path or parts.path.endswith((".csv", ".xlsx")):
            continue
        out.append(href.split("#")[0])
    return out


def _check(page, response, url: str, viewport: dict) -> None:
    where = f"{url} at {viewport['width']} px"
    assert response is not None and response.status < 500, where
    text = page.inner_text("body")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"{where}: the page is {width} px wide"
    english = ENGLISH.search(text)
    assert english is None, f"{where}: English on the page: {english and english.group(0)!r}"
    internal = INTERNAL_ID.search(text)
    assert internal is None, f"{where}: an internal id on the page: {internal and internal.group(0)!r}"


def _sweep(open_page, live_server: str, enter, name: str) -> set[str]:
    """Sign in (enter(page)) on a desktop and a phone, then open every page reachable by links, at both widths."""
    desk, phone = open_page(DESKTOP), open_page(PHONE)
    enter(desk)
    enter(phone)
    queue, seen, shapes, visited = [desk.url], set(), {}, set()
    while queue and len(visited) < MAX_PAGES:
        url = queue.pop(0)
        shape = _shape(url)
        if url in seen or shapes.get(shape, 0) >= PER_SHAPE:
            continue
        seen.add(url)
        shapes[shape] = shapes.get(shape, 0) + 1
        for page, viewport in ((desk, DESKTOP), (phone, PHONE)):
            _check(page, page.goto(url), url, viewport)
        visited.add(shape)
        if shapes[shape] == 1:
            shot(phone, f"sweep-{name}-{len(visited):02d}-phone")
        queue += [link for link in _links(desk, live_server) if link not in seen]
    return visited


def test_every_page_staff_tkp3d_and_a_seeker_can_reach_fits_a_phone_and_speaks_indonesian(
        open_page, live_server, accounts, office):
    staff_pages = _sweep(open_page, live_server, lambda p: sign_in(p, accounts["staff"]), "staff")
    for expected in ("/staf/pencaker/N?", "/staf/perusahaan/N?", "/staf/lowongan/N/ubah?", "/tkp3d/kebutuhan?tahun",
                     "/staf/penempatan/verifikasi-massal?", "/staf/pencaker/N/bukti?", "/tkp3d/target?tahun",
                     "/staf/tkm?", "/staf/tkm/N?", "/staf/tkm/pendamping?", "/tkp3d/tkm?"):
        assert any(shape.startswith(expected) for shape in staff_pages), (expected, sorted(staff_pages))
    tkp3d_pages = _sweep(open_page, live_server, lambda p: sign_in(p, accounts["tkp3d"]), "tkp3d")
    assert {"/tkp3d?", "/tkp3d/pelatihan?tahun", "/tkp3d/kebutuhan?tahun", "/tkp3d/tkm?tahun"} <= tkp3d_pages
    mentor_pages = _sweep(open_page, live_server, lambda p: sign_in(p, office["mentor"]), "mentor")
    assert {"/pendamping?", "/pendamping/kelompok/N/laporan?"} <= mentor_pages
    me = office["me"]
    seeker_pages = _sweep(open_page, live_server, lambda p: seeker_sign_in(p, me["nik"], me["access_code"]),
                          "seeker")
    assert {"/saya?", "/saya/data?", "/saya/lowongan/N?"} <= seeker_pages


def test_staff_find_a_seeker_by_nik_edit_and_close_a_vacancy_and_verify_a_month_at_once(
        open_page, accounts, office):
    for viewport, label in ((PHONE, "phone"), (DESKTOP, "desktop")):
        desk = open_page(viewport)
        sign_in(desk, accounts["staff"])
        desk.click("nav >> text=Pencari kerja")
        desk.fill("#cari", office["me"]["nik"])
        desk.click("form.search button[type=submit]")
        assert re.search(rf"/staf/pencaker/{office['me']['id']}$", desk.url)
        assert office["me"]["nik"] not in desk.url and "Dedi Las" in desk.inner_text("h1")
        shot(desk, f"nik-search-{label}")

    desk.goto(f"/staf/lowongan/{office['welder']['id']}")
    desk.click("text=Ubah lowongan")
    desk.fill("#title", "Juru Las Listrik")
    desk.fill("#openings", "8")
    shot(desk, "vacancy-edit-desktop")
    desk.click("main form button[type=submit]")
    assert "Perubahan lowongan disimpan." in desk.inner_text(".flash.ok")
    assert desk.inner_text("h1") == "Juru Las Listrik"
    desk.click("button:has-text('Tutup lowongan')")
    assert "Lowongan ditutup." in desk.inner_text(".flash.ok") and desk.inner_text("#vacancy-status") == "Ditutup"

    desk.click("nav >> text=Penempatan")
    desk.select_option("#f-perusahaan", label="PT Cikarang Plastindo")
    desk.fill("#f-bulan", LAST_MONTH.strftime("%Y-%m"))
    desk.click("form.filters button[type=submit]")
    assert desk.inner_text("#result-count") == "3 penempatan."
    desk.click("#bulk-verify")
    assert desk.inner_text("#verify-count") == "3"
    shot(desk, "bulk-verify-confirm-desktop")
    desk.click("#confirm-verify")
    assert "3 penempatan diverifikasi." in desk.inner_text(".flash.ok")
    assert desk.inner_text("#result-count") == "0 penempatan."

    desk.goto("/staf/penempatan?status=verified")
    desk.locator("tr", has_text="Pekerja 1").locator("text=Batalkan").click()
    desk.click("#confirm-decision")
    assert "Tuliskan alasannya" in desk.inner_text("#reason-error")
    desk.fill("#reason", "Pekerja mengundurkan diri sebelum mulai")
    desk.click("#confirm-decision")
    assert "dibatalkan" in desk.inner_text(".flash.ok")


def test_a_seeker_opens_a_vacancy_page_and_sees_why_another_is_only_almost_a_fit(open_page, office):
    page = open_page(PHONE)
    seeker_sign_in(page, office["me"]["nik"], office["me"]["access_code"])
    near = page.inner_text("#near")
    assert "Kepala Regu Las" in near and "pendidikan minimum D3 (pendidikan Anda SMK)" in near
    page.click("#matches >> text=Juru Las")
    for words in ("PT Cikarang Plastindo", "Rp5.000.000", "021 899 0001", "Wajib bisa: las listrik", "Cara melamar"):
        assert words in page.inner_text("main"), words
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "seeker-vacancy-phone")


def test_a_mentor_files_a_monthly_report_on_a_phone_and_staff_see_it_in_the_evaluation(open_page, accounts, office):
    phone = open_page(PHONE)
    sign_in(phone, office["mentor"])
    assert phone.url.endswith("/pendamping")
    card = phone.locator("article.group", has_text="KUB Keripik Sukamaju")
    assert "Laporan belum masuk" in card.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(phone, "mentor-home-phone")
    card.locator("text=Isi laporan bulanan").click()
    month = LAST_MONTH.strftime("%Y-%m")
    phone.select_option("#month", month)
    phone.fill("#active_members", "14")
    phone.fill("#production", "1.200 bungkus keripik")
    phone.fill("#turnover", "4.750.000")
    phone.fill("#new_workers", "2")
    phone.check("text=Pemasaran / akses pasar")
    phone.check("text=Kemasan")
    phone.fill("#actions", "Ikut bazar UMKM kecamatan")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(phone, "mentor-report-form-phone")
    phone.click("main button[type=submit]")
    assert "tersimpan" in phone.inner_text(".flash.ok")
    shot(phone, "mentor-report-filed-phone")

    desk = open_page(DESKTOP)
    sign_in(desk, accounts["staff"])
    desk.goto(f"/tkp3d/tkm?tahun={LAST_MONTH.year}")
    assert desk.inner_text("#tkm-monitored") == "1"
    ranked = desk.inner_text("#tkm-obstacles tbody tr:first-child")
    assert "Pemasaran / akses pasar" in ranked or "Kemasan" in ranked
    row = desk.locator("#tkm-months tr", has_text=f"{MONTHS[LAST_MONTH.month - 1]} {LAST_MONTH.year}")
    assert "Rp4.750.000" in row.inner_text() and "14" in row.inner_text()
    assert "Ani Rahmawati" in desk.inner_text("#tkm-reporting")
    shot(desk, "tkm-evaluation-desktop")
    desk.goto(f"/staf/tkm/{office['tkm_group']['id']}")
    assert "1.200 bungkus keripik" in desk.inner_text("#laporan") and "Ikut bazar" in desk.inner_text("#laporan")
