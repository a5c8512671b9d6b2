"""The database gone or frozen: 503 in the contract's shape (a page outside /api), no write
committed for a client that was told 503, and recovery by itself. A throwaway PostgreSQL cluster
of the test's own is stopped and frozen; the machine's server is never touched."""
from __future__ import annotations

import http.cookiejar
import re
import tempfile
import time
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import create_engine, func, select, text

from service import create_app
from service.auth import issue_token
from service.extensions import db
from tests.conftest import BACKEND
from tests.http import call
from tests.pg_cluster import Cluster
from tests.servers import start_gunicorn, stop, wait_until_up

pytestmark = pytest.mark.skipif(BACKEND != "postgresql", reason="stops a PostgreSQL cluster of its own")
STATEMENT_TIMEOUT = 2


@pytest.fixture(scope="module")
def cluster():
    made = Cluster(tempfile.mkdtemp(prefix="padan-pg-"))
    if not made.available:
        pytest.skip("PostgreSQL binaries (pg_ctl, initdb) are not installed")
    made.create()
    made.start()
    yield made
    made.remove()


@pytest.fixture(scope="module")
def server(cluster, tmp_path_factory):
    """gunicorn (one worker) on the cluster, a staff token, and a web account."""
    import flask_migrate

    from service.accounts import create_user
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": cluster.url})
    with app.app_context():
        flask_migrate.upgrade()
        token = issue_token("staff", "fault test")
        create_user("petugas.gangguan", "kata-sandi-uji-123", "staff")
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    log_path = tmp_path_factory.mktemp("faults") / "gunicorn.log"
    proc, base = start_gunicorn(cluster.url, log_path, DB_STATEMENT_TIMEOUT=str(STATEMENT_TIMEOUT),
                                DB_CONNECT_TIMEOUT="2")
    assert wait_until_up(proc, base), log_path.read_text()[-3000:]
    yield {"base": base, "headers": {"Authorization": f"Bearer {token}"}, "log": log_path}
    stop(proc)


def _companies(cluster) -> int:
    engine = create_engine(cluster.url)
    with engine.connect() as conn:
        count = conn.scalar(select(func.count()).select_from(text("companies")))
    engine.dispose()
    return count


def _web_sign_in_form(base: str):
    """A browser-like opener holding the session cookie, and the sign-in form's CSRF token."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    html = opener.open(base + "/masuk", timeout=10).read().decode()
    return opener, re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _status(fn) -> tuple[int, str, dict]:
    try:
        response = fn()
        return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(), dict(err.headers)


def test_postgresql_stopped_is_503_json_and_a_page_then_recovers_by_itself(cluster, server):
    base, staff = server["base"], server["headers"]
    assert call(base, "POST", "/api/v1/companies", staff, {"name": "PT Sebelum"})[0] == 201
    opener, csrf = _web_sign_in_form(base)
    cluster.stop()
    try:
        started = time.monotonic()
        for method, path, body in (("GET", "/api/v1/companies", None), ("POST", "/api/v1/companies", {"name": "PT X"}),
                                   ("GET", "/healthz", None)):
            code, answer = call(base, method, path, staff, body)
            assert code == 503, (path, code, answer)
            assert answer["code"] == 503 and answer["status"] == "Service Unavailable" and answer["message"]
        code, html, headers = _status(lambda: opener.open(base + "/masuk", data=urllib.parse.urlencode(
            {"csrf_token": csrf, "username": "petugas.gangguan", "password": "kata-sandi-uji-123"}).encode(), timeout=30))
        assert code == 503 and "Layanan sedang tidak tersedia" in html and "<html" in html.lower()
        assert headers["Retry-After"]
        assert time.monotonic() - started < 20  # each refused connect costs milliseconds, not a timeout
    finally:
        cluster.start()
    assert call(base, "GET", "/healthz", {})[0] == 200  # no restart: the pool replaced its dead connections
    assert call(base, "POST", "/api/v1/companies", staff, {"name": "PT Sesudah"})[0] == 201
    assert _companies(cluster) == 2  # the refused write was not recorded
    assert "Traceback" not in server["log"].read_text()


def test_postgresql_frozen_is_503_within_seconds_then_recovers_and_keeps_no_refused_write(cluster, server):
    base, staff = server["base"], server["headers"]
    assert call(base, "GET", "/healthz", {})[0] == 200
    cluster.freeze()  # SIGSTOP: connections stay open, nothing answers, statement_timeout never fires
    try:
        started = time.monotonic()
        code, answer = call(base, "POST", "/api/v1/companies", staff, {"name": "PT Beku"})
        assert code == 503 and answer["code"] == 503, answer
        assert call(base, "GET", "/healthz", {})[0] == 503
        # statement_timeout + the watchdog's grace, plus a connect timeout: seconds, not gunicorn's timeout
        assert time.monotonic() - started < 4 * (STATEMENT_TIMEOUT + 3)
    finally:
        cluster.thaw()
    assert call(base, "GET", "/healthz", {})[0] == 200
    engine = create_engine(cluster.url)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM companies WHERE name = 'PT Beku'")) == 0
    engine.dispose()
