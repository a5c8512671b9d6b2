"""Fixtures for the pages: web accounts, and a test client that signs in and sends the CSRF token
every form carries, the way a browser does."""
from __future__ import annotations

import re

import pytest

from service.accounts import create_user
from service.extensions import db

PASSWORD = "kata-sandi-uji-123"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class WebClient:
    """A Flask test client used like a browser: forms go out with the session's CSRF token."""

    def __init__(self, client):
        self.client = client

    def get(self, path, **kwargs):
        return self.client.get(path, **kwargs)

    def post(self, path, data=None, **kwargs):
        token = _TOKEN.search(self.client.get("/masuk").get_data(as_text=True)).group(1)
        return self.client.post(path, data={"csrf_token": token, **(data or {})}, **kwargs)

    def sign_in(self, username, password=PASSWORD):
        return self.post("/masuk", {"username": username, "password": password})

    def seeker_sign_in(self, nik, access_code):
        return self.post("/masuk/pencaker", {"nik": nik, "access_code": access_code})


@pytest.fixture
def accounts(app, clean_database):
    """A staff and a TKP3D web account, both with PASSWORD."""
    with app.app_context():
        create_user("petugas", PASSWORD, "staff")
        create_user("tim.tkp3d", PASSWORD, "tkp3d")
        db.session.remove()
    return {"staff": "petugas", "tkp3d": "tim.tkp3d"}


@pytest.fixture
def web(app, clean_database):
    return WebClient(app.test_client())


@pytest.fixture
def staff_web(web, accounts):
    assert web.sign_in(accounts["staff"]).status_code == 302
    return web


@pytest.fixture
def tkp3d_web(web, accounts):
    assert web.sign_in(accounts["tkp3d"]).status_code == 302
    return web


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, for the tests marked `browser`."""
    from pathlib import Path

    from tests.web.browser import ARGS, CHROMIUM, SHOTS
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)")
    from playwright.sync_api import sync_playwright
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, live_server):
    """open_page(viewport) -> a page in a fresh browser context (its own cookies) on the live server."""
    from tests.web.browser import DESKTOP
    contexts = []

    def make(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, base_url=live_server, locale="id-ID")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()
    yield make
    for context in contexts:
        context.close()
