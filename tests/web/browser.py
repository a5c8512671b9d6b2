"""Helpers for the browser tests (Debian's Chromium through Playwright; fixtures in conftest.py)."""
from __future__ import annotations

from pathlib import Path

from tests.web.conftest import PASSWORD

SHOTS = Path(__file__).parents[2] / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


def shot(page, name: str) -> None:
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def sign_in(page, username: str) -> None:
    page.goto("/masuk")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")


def seeker_sign_in(page, nik: str, access_code: str) -> None:
    page.goto("/masuk/pencaker")
    page.fill("#nik", nik)
    page.fill("#access_code", access_code)
    page.click("main button[type=submit]")
