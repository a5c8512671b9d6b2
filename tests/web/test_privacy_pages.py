"""Sessions that end on the server, sign-in throttles, security headers on every answer, and the
privacy controls on the pages (the seeker's consent, objection and export; the staff audit view)."""
from __future__ import annotations

import json
import re
from datetime import timedelta

from sqlalchemy import update

from service import create_app
from service.extensions import db
from service.models import WebSession, utcnow
from tests.factories import create_company, create_seeker, create_vacancy, nik
from tests.web.conftest import PASSWORD, WebClient


def _text(response) -> str:
    return response.get_data(as_text=True)


def _copy_session(web: WebClient, app) -> WebClient:
    """Another browser holding a copy of this one's session cookie."""
    thief = WebClient(app.test_client())
    thief.client.set_cookie("session", web.client.get_cookie("session").value)
    return thief


def test_a_signed_out_session_is_refused_even_with_a_copied_cookie(app, staff_web):
    thief = _copy_session(staff_web, app)
    assert thief.get("/staf").status_code == 200
    staff_web.post("/keluar")
    assert staff_web.get("/staf").status_code == 302
    assert thief.get("/staf").status_code == 302 and thief.get("/staf").location.startswith("/masuk")


def test_an_idle_session_ends(app, staff_web):
    assert staff_web.get("/staf").status_code == 200
    with app.app_context():
        idle = utcnow() - timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
        db.session.execute(update(WebSession).values(last_seen_at=idle))
        db.session.commit()
    assert staff_web.get("/staf").status_code == 302


def test_a_disabled_account_is_signed_out_at_once_and_cannot_sign_in(app, staff_web, accounts):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["disable-user", "--username", accounts["staff"]]).exit_code == 0
    assert staff_web.get("/staf").status_code == 302
    again = staff_web.sign_in(accounts["staff"])
    assert again.status_code == 401 and "Nama pengguna atau kata sandi salah." in _text(again)
    assert runner.invoke(args=["disable-user", "--username", accounts["staff"], "--enable"]).exit_code == 0
    assert staff_web.sign_in(accounts["staff"]).status_code == 302


def test_the_seeker_sign_in_locks_a_nik_after_ten_wrong_codes(app, client, staff, web):
    seeker = create_seeker(client, staff)
    for _ in range(10):
        assert web.seeker_sign_in(seeker["nik"], "SALAH-SALA-HH").status_code == 401
    locked = web.seeker_sign_in(seeker["nik"], seeker["access_code"])
    assert locked.status_code == 429 and "dikunci sementara" in _text(locked)
    # A NIK nobody registered locks the same way: the answer says nothing about who is registered.
    stranger = nik(serial=7777)
    for _ in range(10):
        web.seeker_sign_in(stranger, "SALAH-SALA-HH")
    assert web.seeker_sign_in(stranger, "SALAH-SALA-HH").status_code == 429
    # The count is in the database: an app of its own (another worker) sees the lock too.
    other_app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                            "WTF_CSRF_ENABLED": True})
    assert WebClient(other_app.test_client()).seeker_sign_in(seeker["nik"], seeker["access_code"]).status_code == 429
    with other_app.app_context():
        db.engine.dispose()


def test_the_staff_lock_out_answers_alike_for_unknown_names_and_spares_other_addresses(app, web, accounts):
    answers = {}
    for username in (accounts["staff"], "tidak.ada.orangnya"):
        statuses = [web.sign_in(username, "salah-salah-salah").status_code for _ in range(5)]
        final = web.sign_in(username, PASSWORD if username == accounts["staff"] else "salah-salah-salah")
        said = re.search(r'<p class="form-errors" role="alert">([^<]+)</p>', _text(final)).group(1)
        answers[username] = (statuses, final.status_code, re.sub(r"\d+ menit", "N menit", said))
    assert answers[accounts["staff"]] == answers["tidak.ada.orangnya"]
    assert answers[accounts["staff"]][:2] == ([401] * 5, 429)
    # Someone guessing from one address does not lock the real person out from their own desk.
    desk = WebClient(app.test_client())
    desk.client.environ_base["REMOTE_ADDR"] = "10.20.30.40"
    assert desk.sign_in(accounts["staff"]).status_code == 302


SECURITY_HEADERS = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                    "Cache-Control": "no-store"}


def _secured(response, path) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (path, name, response.headers.get(name))
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy, path
    if path != "/api/docs":
        assert "unsafe-inline" not in policy, path


def test_every_page_and_api_answer_carries_the_security_headers(app, client, staff, staff_web, tkp3d):
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"])
    seeker = create_seeker(client, staff)
    ids = {"seeker_id": seeker["id"], "company_id": company["id"], "vacancy_id": vacancy["id"]}
    checked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith("/static") or set(rule.arguments) - set(ids):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[m.group(1)]), rule.rule)
        if path.startswith("/saya"):
            continue  # a seeker's pages: checked below with a seeker's session
        with client.get(path, headers=staff) if path.startswith("/api") else staff_web.get(path) as response:
            assert response.status_code < 500, path  # (closed after: some answers stream a file)
            _secured(response, path)
        checked += 1
    assert checked > 40
    phone = WebClient(app.test_client())
    phone.seeker_sign_in(seeker["nik"], seeker["access_code"])
    for path in ("/saya", "/saya/data", "/saya/ekspor", "/saya/ekspor/unduh"):
        _secured(phone.get(path), path)
    for response, path in ((client.get("/api/v1/seekers"), "401"), (staff_web.get("/tidak-ada"), "404"),
                           (client.post("/api/v1/companies", headers=staff, json={}), "422"),
                           (client.get("/api/v1/seekers", headers=tkp3d), "403")):
        _secured(response, path)
    with client.get("/static/padan.css") as css:  # static files may be cached; they hold no one's data
        assert css.headers.get("Cache-Control") != "no-store" and "nosniff" in css.headers["X-Content-Type-Options"]


def test_hsts_goes_out_on_https_when_cookies_are_secure(database_url):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SESSION_COOKIE_SECURE": True})
    answer = app.test_client().get("/", base_url="https://padan.example")
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=")
    with app.app_context():
        db.engine.dispose()


def test_no_page_has_inline_script_or_style():
    from pathlib import Path
    templates = Path(__file__).parents[2] / "service" / "templates"
    for template in templates.rglob("*.html"):
        source = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=", source), template


def test_the_seeker_exports_their_data_and_sets_consent_and_objection_on_their_page(app, client, staff):
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"], required_skills=["mesin bubut"])
    seeker = create_seeker(client, staff, full_name="Nur Aini", skills=["operator bubut"])
    client.get(f"/api/v1/seekers/{seeker['id']}", headers=staff)  # a staff read the seeker will see
    phone = WebClient(app.test_client())
    phone.seeker_sign_in(seeker["nik"], seeker["access_code"])
    page = _text(phone.get("/saya/data"))
    assert 'id="objects_to_matching" name="objects_to_matching" type="checkbox">' in page  # not ticked
    exported = phone.get("/saya/ekspor/unduh")
    assert exported.headers["Content-Disposition"].startswith("attachment")
    body = json.loads(exported.data)
    assert body["seeker"]["nik"] == seeker["nik"] and body["seeker"]["full_name"] == "Nur Aini"
    readable = _text(phone.get("/saya/ekspor"))
    assert "Nur Aini" in readable and "test staff" in readable and "Dibaca" in readable

    def candidates():
        return [m["seeker_id"] for m in client.get(f"/api/v1/vacancies/{vacancy['id']}/matches",
                                                   headers=staff).json["items"]]
    assert seeker["id"] in candidates()
    saved = phone.post("/saya/pilihan", {"consent": "on", "objects_to_matching": "on"})
    assert saved.status_code == 302
    assert seeker["id"] not in candidates()
    assert 'id="objects_to_matching" name="objects_to_matching" type="checkbox" checked>' in _text(phone.get("/saya/data"))
    phone.post("/saya/pilihan", {})  # consent withdrawn, objection lifted
    assert seeker["id"] not in candidates()
    phone.post("/saya/pilihan", {"consent": "on"})
    assert seeker["id"] in candidates()


def test_staff_see_who_read_a_record_on_its_page_and_registration_does_not_pre_tick_consent(app, client, staff,
                                                                                             staff_web):
    seeker = create_seeker(client, staff)
    client.patch(f"/api/v1/seekers/{seeker['id']}", headers=staff, json={"phone": "081233334444"})
    page = _text(staff_web.get(f"/staf/pencaker/{seeker['id']}"))
    log = page[page.index('id="riwayat-akses"'):]
    assert "test staff" in log and "Diubah" in log and "phone" in log and "Didaftarkan" in log
    assert "081233334444" not in log
    form = _text(staff_web.get("/staf/pencaker/baru"))
    assert re.search(r'<input id="consent" name="consent" type="checkbox">', form)
