"""Browser tests: Debian's Chromium, headless, driven by Playwright against the real server
(gunicorn, two workers, the test database). Screenshots of the main pages, on a desktop and on a
360-pixel phone, go to test-artifacts/screenshots/."""
from __future__ import annotations

import re
from datetime import date

import pytest

from tests.factories import create_company, create_seeker, create_training, create_vacancy, nik
from tests.web.browser import PHONE, shot, sign_in

pytestmark = pytest.mark.browser

def test_staff_posts_a_vacancy_places_a_candidate_and_the_tkp3d_chart_moves(
        open_page, accounts, client, staff):
    year = date.today().year
    assert client.put(f"/api/v1/targets/{year}", json={"local_hires_target": 8}, headers=staff).status_code == 200
    create_company(client, staff, name="PT Presisi Cikarang")
    create_seeker(client, staff, full_name="Agus Bubut", skills=["tkg bubut 3 thn", "jangka sorong"])
    create_seeker(client, staff, full_name="Bayu Kasir", skills=["kasir"])

    board = open_page()
    sign_in(board, accounts["tkp3d"])
    assert board.url.endswith("/tkp3d")
    assert board.inner_text("#local-hires") == "0" and board.inner_text("#chart-actual") == "0"

    desk = open_page()
    sign_in(desk, accounts["staff"])
    shot(desk, "staff-home-desktop")
    desk.click("text=Catat lowongan (wajib lapor)")
    desk.select_option("#company_id", label="PT Presisi Cikarang")
    desk.fill("#title", "Operator Bubut")
    desk.fill("#openings", "2")
    desk.fill("#essential_skills", "lathe operator")
    desk.fill("#optional_skills", "vernier caliper")
    desk.fill("#wage_min", "5.200.000")
    shot(desk, "vacancy-form-desktop")
    desk.click("main button[type=submit]")

    candidate = desk.locator("li.candidate", has_text="Agus Bubut")
    assert "Cocok" in candidate.inner_text() and "tkg bubut 3 thn" in candidate.inner_text()
    assert "Warga lokal" in candidate.inner_text()
    assert desk.locator("li.candidate", has_text="Bayu Kasir").count() == 0
    shot(desk, "vacancy-candidates-desktop")
    candidate.locator("button", has_text="Catat penempatan").click()
    assert "dicatat dan menunggu verifikasi" in desk.inner_text(".flash.ok")
    assert desk.inner_text("#openings-left") == "1"

    desk.click("nav >> text=Penempatan")
    row = desk.locator("tr", has_text="Agus Bubut")
    row.locator("button", has_text="Verifikasi").click()
    assert "Penempatan diverifikasi." in desk.inner_text(".flash.ok")

    board.reload()
    assert board.inner_text("#local-hires") == "1" and board.inner_text("#chart-actual") == "1"
    assert board.inner_text("#percent-of-target") == "12,5%"
    assert "Agus Bubut" not in board.content()
    shot(board, "tkp3d-dashboard-desktop")
    phone = open_page(PHONE)
    sign_in(phone, accounts["tkp3d"])
    assert phone.inner_text("#local-hires") == "1"
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(phone, "tkp3d-dashboard-phone")


def test_a_seeker_sees_matches_and_referrals_on_a_phone_and_not_another_seekers_page(
        open_page, client, staff):
    company = create_company(client, staff, name="PT Baja Bekasi")
    create_vacancy(client, staff, company["id"], title="Welder", required_skills=[
        "welder", {"text": "operator forklift", "essential": False}])
    me = create_seeker(client, staff, full_name="Dedi Las", skills=["las listrik SMAW", "rajin"])
    other = create_seeker(client, staff, full_name="Rahasia Orang Lain", skills=["kasir"])
    training = create_training(client, staff, name="Operator Forklift Bersertifikat", competencies=["forklift"],
                               starts_on=None, ends_on=None)
    referred = client.post("/api/v1/referrals", json={"seeker_id": me["id"], "training_id": training["id"]},
                           headers=staff)
    assert referred.status_code == 201, referred.json

    page = open_page(PHONE)
    page.goto("/masuk/pencaker")
    page.fill("#nik", me["nik"])
    page.fill("#access_code", me["access_code"])
    page.click("main button[type=submit]")
    matches = page.inner_text("#matches")
    assert "Lowongan yang cocok untuk Anda" in matches and "Welder" in matches and "PT Baja Bekasi" in matches
    assert "Anda menulis" in matches and "“las listrik”" in matches     # the words that met it
    assert "Belum ada: Operator forklift" in matches and "(tambahan)" in matches
    referrals = page.inner_text("#referrals")
    assert "Pelatihan yang disarankan" in referrals and "Operator Forklift Bersertifikat" in referrals
    assert "Dirujuk" in referrals
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "seeker-home-phone")

    denied = page.goto(f"/staf/pencaker/{other['id']}")
    assert denied.status == 403 and "Akses ditolak" in page.inner_text("main")
    assert "Rahasia Orang Lain" not in page.content()
    shot(page, "seeker-forbidden-phone")

    page.click("text=Data saya")
    page.fill("#phone", "0812 7777 1234")
    page.click("main button[type=submit]")
    assert "Data Anda sudah diperbarui." in page.inner_text(".flash.ok")


def test_a_seeker_form_with_a_bad_nik_says_why_and_keeps_what_was_typed(open_page, accounts, app):
    page = open_page(PHONE)
    sign_in(page, accounts["staff"])
    page.goto("/staf/pencaker/baru")
    bad = nik(serial=0)
    page.fill("#nik", bad)
    page.fill("#full_name", "Siti Aminah")
    page.select_option("#education_level", "SMK")
    page.fill("#skills", "menjahit\nobras")
    page.click("main button[type=submit]")
    assert "Data belum tersimpan." in page.inner_text(".form-errors")
    assert page.inner_text("#nik-error") == "Nomor urut NIK (angka ke-13 sampai ke-16) tidak boleh 0000."
    assert page.get_attribute("#nik", "aria-invalid") == "true"
    assert page.input_value("#nik") == bad and page.input_value("#full_name") == "Siti Aminah"
    assert page.input_value("#skills") == "menjahit\nobras"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "seeker-form-bad-nik-phone")
    assert re.search(r"/staf/pencaker/baru$", page.url)
