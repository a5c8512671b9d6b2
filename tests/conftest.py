"""Fixtures: a real database (SQLite file or a fresh PostgreSQL database, chosen by
TEST_DATABASE), the schema built by the migrations, an app, a client, and role tokens.

TEST_DATABASE=sqlite (default) or postgresql; TEST_POSTGRES_URL names the server
(default postgresql+psycopg://postgres@127.0.0.1:5432/test); each run makes its own database.
"""
from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from service import create_app
from service.auth import issue_token
from service.extensions import db
from service.keys import generate

# Keys of this run, in the environment so live servers and CLI subprocesses share them; not the
# development keys, so nothing passes only because it happens to use those.
for _name, _value in generate().items():
    os.environ.setdefault(_name, _value)

# Live servers and CLI subprocesses of the suite may use the development SECRET_KEY (service/startup.py).
os.environ.setdefault("PADAN_ENV", "test")

BACKEND = os.environ.get("TEST_DATABASE", "sqlite")
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@contextlib.contextmanager
def new_database(tmp_path_factory):
    """The URL of a new, empty database on the backend under test, dropped afterwards."""
    if BACKEND == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db')}/padan.db"
        return
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"padan_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as err:  # noqa: BLE001 - say plainly why the PostgreSQL run cannot start
        pytest.exit(f"PostgreSQL at {POSTGRES_URL} is not usable: {err}", returncode=3)
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    with new_database(tmp_path_factory) as url:
        yield url


def database_bytes(app) -> bytes:
    """Everything the database holds as an attacker with a copy would see it: the SQLite file and
    its WAL after a checkpoint, or PostgreSQL's pg_dump."""
    import subprocess
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    with app.app_context():
        db.session.remove()
        if url.get_backend_name() == "sqlite":
            with db.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            from service.persistence import sqlite_path
            files = [sqlite_path(url), sqlite_path(url) + "-wal"]
            return b"".join(Path(f).read_bytes() for f in files if os.path.exists(f))
    plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
    return subprocess.run(["pg_dump", "--no-owner", plain], check=True, capture_output=True).stdout


@pytest.fixture(scope="session")
def app(database_url):
    import flask_migrate
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "WTF_CSRF_ENABLED": True,
                      "SKILL_REREAD_THREAD": False})
    with app.app_context():
        flask_migrate.upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def clean_database(app):
    """Every test starts from empty tables (the schema stays)."""
    yield
    with app.app_context():
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        # Tell every worker's matching index (in-process and live servers) to rebuild.
        db.session.execute(text("INSERT INTO change_log (entity, entity_id, at) VALUES ('reset', 0, CURRENT_TIMESTAMP)"))
        db.session.commit()


@pytest.fixture
def client(app, clean_database):
    return app.test_client()


def _token(app, role: str) -> dict:
    with app.app_context():
        token = issue_token(role, f"test {role}")
        db.session.commit()
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def staff(app):
    return _token(app, "staff")


@pytest.fixture
def tkp3d(app):
    return _token(app, "tkp3d")


class LiveServer(str):
    """The base URL, carrying the paths of the server's logs."""
    logs: tuple


@contextlib.contextmanager
def serve(database_url: str, tmp_path_factory, workers: int = 2):
    """The real service under gunicorn on this database: its base URL (a LiveServer)."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log_path = tmp_path_factory.mktemp("server") / "gunicorn.log"
    access_path = log_path.with_name("access.log")
    env = dict(os.environ, DATABASE_URL=database_url, PYTHONPATH=str(Path(__file__).parents[1]))
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
                                 "--access-logfile", str(access_path), "wsgi:app"],
                                cwd=Path(__file__).parents[1], env=env, stdout=subprocess.DEVNULL, stderr=log)
        base = LiveServer(f"http://127.0.0.1:{port}")
        base.logs = (log_path, access_path)
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            proc.kill()
            pytest.fail(f"gunicorn did not start: {log_path.read_text()[-2000:]}")
        try:
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=20)


@pytest.fixture(scope="session")
def live_server(database_url, app, tmp_path_factory):
    """The real service under gunicorn with two workers on the test database: base URL (a str
    whose `logs` are the server's error log and its access log)."""
    with serve(database_url, tmp_path_factory) as base:
        yield base
