"""Logs hold no personal data, even when a registration fails inside the database, and every
line names its request and the acting user."""
from __future__ import annotations

import json
import logging

import flask_migrate
import pytest
from sqlalchemy import text

from service import create_app
from service.auth import issue_token
from service.extensions import db
from service.logs import MaskDigits
from tests.conftest import new_database, serve
from tests.factories import bearer, nik, seeker_body
from tests.http import call


@pytest.fixture
def own_server(tmp_path_factory):
    """A database and a one-worker gunicorn of this test's own, whose schema it may break."""
    with new_database(tmp_path_factory) as url:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            flask_migrate.upgrade()
            token = issue_token("staff", "test staff")
            db.session.commit()
        with serve(url, tmp_path_factory, workers=1) as base:
            yield app, base, bearer(token)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _rename(app, old: str, new: str) -> None:
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(text(f"ALTER TABLE seekers RENAME COLUMN {old} TO {new}"))


def test_no_nik_name_or_phone_in_the_server_logs_after_a_forced_database_error(own_server):
    app, live_server, staff = own_server
    first = seeker_body(full_name="Wulan Sekarsari", phone="081299887766")
    status, created = call(live_server, "POST", "/api/v1/seekers", staff, first)
    assert status == 201
    assert call(live_server, "GET", "/api/v1/seekers?q=Sekarsari", staff)[0] == 200  # a name in a URL
    failing = seeker_body(nik=nik(day=21, month=4, yy=88), full_name="Bambang Prakoso", phone="085611112222")
    _rename(app, "full_name", "full_name_gone")
    try:
        status, _ = call(live_server, "POST", "/api/v1/seekers", staff, failing)
    finally:
        _rename(app, "full_name_gone", "full_name")
    assert status >= 500
    error_log, access_log = (path.read_text() for path in live_server.logs)
    logs = error_log + access_log
    for secret in (first["nik"], failing["nik"], "Wulan", "Sekarsari", "Bambang", "Prakoso", "081299887766",
                   "085611112222", "1988-04-21", created["access_token"]):
        assert secret not in logs, secret
    if "[SQL:" in error_log:  # a statement that reached the log came without its parameters
        assert "SQL parameters hidden" in error_log
    lines = [json.loads(line) for line in error_log.splitlines() if line.startswith("{")]
    failed = [line for line in lines if line.get("status", 0) >= 500]
    assert failed and failed[-1]["request_id"] and failed[-1]["actor"] == "test staff"
    assert f'"POST /api/v1/seekers" {failed[-1]["status"]} ' in access_log and failed[-1]["request_id"] in access_log


def test_the_mask_hides_any_16_digit_run_in_messages_and_tracebacks():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "NIK %s gagal", ("3216011506950001",), None)
    try:
        raise ValueError("bad 3216011506950001")
    except ValueError:
        import sys
        record.exc_info = sys.exc_info()
    MaskDigits().filter(record)
    assert "3216011506950001" not in record.getMessage() and "3216011506950001" not in record.exc_text
    assert record.getMessage() == "NIK ################ gagal"


def test_a_failing_statement_never_carries_its_parameters(app, clean_database):
    secret = "3216011506950001"
    with app.app_context():
        try:
            db.session.execute(text("SELECT * FROM no_such_table WHERE nik = :nik"), {"nik": secret})
        except Exception as err:  # noqa: BLE001 - the real database's own error
            message = str(err)
        db.session.rollback()
    assert "no_such_table" in message and "parameters hidden" in message and secret not in message


def test_a_made_request_id_never_looks_like_a_nik(client):
    # the mask hides any 16-digit run, so an id made here must never hold one
    from service.logs import DIGIT_RUN
    ids = {client.get("/healthz").headers["X-Request-Id"] for _ in range(200)}
    assert len(ids) == 200 and not any(DIGIT_RUN.search(i) for i in ids)
    assert all(len(i) == 36 and i.count("-") == 4 for i in ids)
