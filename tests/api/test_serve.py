"""The production start (`./dev serve`): migrates a new database, serves, logs requests without
their query strings, refuses the development SECRET_KEY; ProxyFix behind an HTTPS proxy."""
from __future__ import annotations

import os
import subprocess
import urllib.request

import pytest

from service import create_app
from tests.conftest import BACKEND
from tests.servers import ROOT, free_port

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="starts its own server on a SQLite file")


def _serve(tmp_path, **env) -> tuple[subprocess.Popen, str]:
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k not in ("PADAN_ENV", "SECRET_KEY")}
    environment.update(VENV=str(ROOT / ".venv"), DATABASE_URL=f"sqlite:///{tmp_path}/padan.db",
                       BIND=f"127.0.0.1:{port}", WORKERS="1", **env)
    proc = subprocess.Popen([str(ROOT / "dev"), "serve"], cwd=ROOT, env=environment, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    return proc, f"http://127.0.0.1:{port}"


def test_serve_migrates_serves_and_logs_no_query_string(tmp_path):
    proc, base = _serve(tmp_path, SECRET_KEY="a-production-secret-of-some-length")
    try:
        for _ in range(150):
            try:
                assert urllib.request.urlopen(base + "/healthz", timeout=2).status == 200
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(proc.stdout.read())
                import time
                time.sleep(0.2)
        try:
            urllib.request.urlopen(base + "/api/v1/seekers?q=Siti+Aminah", timeout=5)
        except urllib.error.HTTPError as err:
            assert err.code == 401
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0]
    assert '"GET /api/v1/seekers HTTP/1.1" 401' in output and "Siti" not in output
    assert (tmp_path / "padan.db").exists()


def test_serve_refuses_the_development_secret_key(tmp_path):
    proc, _ = _serve(tmp_path)
    output = proc.communicate(timeout=120)[0]
    assert proc.returncode != 0 and "SECRET_KEY is the development value" in output


def test_proxyfix_trusts_the_configured_proxy_for_scheme_and_client(database_url):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "PROXY_HOPS": 1})

    @app.get("/_seen")
    def seen():
        from flask import request
        return {"scheme": request.scheme, "remote": request.remote_addr}

    answer = app.test_client().get("/_seen", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.1.2.3"})
    assert answer.json == {"scheme": "https", "remote": "10.1.2.3"}
    plain = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    plain.add_url_rule("/_seen", view_func=seen)
    assert plain.test_client().get("/_seen", headers={"X-Forwarded-Proto": "https"}).json["scheme"] == "http"
