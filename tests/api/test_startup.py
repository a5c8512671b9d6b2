"""What a server refuses to start on, and /healthz at the migration head: a missing SQLite file
(never silently created empty), a schema behind the code, the development SECRET_KEY outside
demo and test."""
from __future__ import annotations

import os
import subprocess
import sys

import flask_migrate
import pytest
from sqlalchemy import text

from service import create_app
from service.config import DEV_SECRET_KEY
from service.extensions import db
from service.startup import StartRefused
from tests.conftest import BACKEND
from tests.servers import ROOT, start_gunicorn, stop, wait_until_up

sqlite_only = pytest.mark.skipif(BACKEND != "sqlite", reason="about SQLite files")


@sqlite_only
def test_gunicorn_refuses_a_missing_sqlite_file_and_db_upgrade_creates_it(tmp_path):
    path = tmp_path / "instance" / "padan.db"
    url = f"sqlite:///{path}"
    proc, base = start_gunicorn(url, tmp_path / "refused.log")
    try:
        assert not wait_until_up(proc, base, seconds=30) and proc.wait(timeout=30) != 0
    finally:
        stop(proc)
    assert "does not exist" in (tmp_path / "refused.log").read_text() and not path.exists()

    env = dict(os.environ, DATABASE_URL=url, PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    assert path.exists()
    proc, base = start_gunicorn(url, tmp_path / "started.log")
    try:
        assert wait_until_up(proc, base)
        import urllib.request
        assert urllib.request.urlopen(base + "/healthz", timeout=5).status == 200
    finally:
        stop(proc)


@sqlite_only
def test_an_empty_sqlite_file_is_503_everywhere_never_500(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    client = app.test_client()
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json["code"] == 503
    api = client.get("/api/v1/companies", headers={"Authorization": "Bearer x"})
    assert api.status_code == 503 and api.json["message"] and api.headers["Retry-After"]
    with app.app_context():
        db.engine.dispose()


@sqlite_only
def test_healthz_is_503_while_the_schema_is_behind_the_code(tmp_path):
    behind = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'behind.db'}"})
    with behind.app_context():
        flask_migrate.upgrade(revision="0001")
    answer = behind.test_client().get("/healthz")
    assert answer.status_code == 503 and "schema at 0001, expected" in answer.json["message"]
    with behind.app_context():
        flask_migrate.upgrade()
    assert behind.test_client().get("/healthz").status_code == 200
    with behind.app_context():
        db.engine.dispose()


def test_healthz_names_the_revision_the_database_is_at(app, client):
    with app.app_context():
        db.session.execute(text("UPDATE alembic_version SET version_num = 'elsewhere'"))
        db.session.commit()
        try:
            answer = client.get("/healthz")
            assert answer.status_code == 503 and "schema at elsewhere" in answer.json["message"]
        finally:
            from service.health import migration_heads
            db.session.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": min(migration_heads())})
            db.session.commit()
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("env, secret, refused", [
    ("production", DEV_SECRET_KEY, True), ("production", "a-real-secret-from-the-vault", False),
    ("demo", DEV_SECRET_KEY, False), ("test", DEV_SECRET_KEY, False)])
def test_the_development_secret_key_is_refused_outside_demo_and_test(database_url, env, secret, refused):
    config = {"SQLALCHEMY_DATABASE_URI": database_url, "PADAN_ENV": env, "SECRET_KEY": secret}
    if refused:
        with pytest.raises(StartRefused, match="SECRET_KEY"):
            create_app(config)
    else:
        assert create_app(config).config["SECRET_KEY"] == secret
