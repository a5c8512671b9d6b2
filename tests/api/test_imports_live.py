"""Imports against real processes: parallel uploads through gunicorn's workers, and imports whose
process is killed with SIGKILL halfway (nothing of them may stay)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

from service.extensions import db
from service.models import ChangeLog, Seeker
from tests.api.test_imports import SEEKER_HEADER, csv_bytes, seeker_rows
from tests.http import call

ROOT = Path(__file__).parents[2]


def post_file(base: str, path: str, headers: dict, content: bytes, filename: str, **extra) -> tuple[int, dict]:
    """A multipart upload over a real socket."""
    import json
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(base + path, data=body, method="POST", headers={
        **headers, **extra, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def seekers_stored(app) -> tuple[int, int, int]:
    """(seekers, distinct NIKs, seeker rows in change_log)."""
    with app.app_context():
        counts = db.session.execute(select(func.count(Seeker.id), func.count(Seeker.nik_hash.distinct()))).one()
        logged = db.session.scalar(select(func.count()).select_from(ChangeLog).where(ChangeLog.entity == "seeker"))
        db.session.rollback()
    return counts[0], counts[1], logged


def test_parallel_uploads_of_overlapping_files_never_duplicate_a_nik(live_server, staff, app, clean_database):
    files = [csv_bytes([SEEKER_HEADER, *seeker_rows(count, start)]) for start, count in
             ((1, 600), (301, 600), (1, 900), (451, 450))]
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda content: post_file(live_server, "/api/v1/seekers/import-file", staff,
                                                          content, "pencaker.csv"), files))
    assert [code for code, _ in answers] == [201] * 4, answers
    assert sum(body["created"] for _, body in answers) == 900
    assert [body["created"] + body["unchanged"] for _, body in answers] == [600, 600, 900, 450]
    assert seekers_stored(app) == (900, 900, 900)


def _env(database_url: str, **extra) -> dict:
    return dict(os.environ, DATABASE_URL=database_url, PYTHONPATH=str(ROOT), **extra)


def test_an_import_killed_while_storing_leaves_nothing(app, database_url, tmp_path, clean_database):
    path = tmp_path / "pencaker.csv"
    path.write_bytes(csv_bytes([SEEKER_HEADER, *seeker_rows(10_000)]))
    with subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "import", "seekers", str(path)], cwd=ROOT,
                          env=_env(database_url), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        for line in proc.stderr:
            if line.strip() == "saving: 4000 rows":  # two batches are in the open transaction
                proc.send_signal(signal.SIGKILL)
                break
        proc.wait(30)
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read()[-1000:]
        assert "created" not in proc.stdout.read()
    assert seekers_stored(app) == (0, 0, 0)
    rerun = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "import", "seekers", str(path)],
                           cwd=ROOT, env=_env(database_url), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0 and "10000 rows: 10000 created" in rerun.stdout, rerun.stderr[-500:]
    assert seekers_stored(app) == (10_000, 10_000, 10_000)


@pytest.fixture
def one_worker_server(database_url, tmp_path):
    """gunicorn with one worker whose import jobs read as failed after 2 silent seconds."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = open(tmp_path / "gunicorn.log", "w")
    master = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "wsgi:app"],
                              cwd=ROOT, env=_env(database_url, IMPORT_STALE_SECONDS="2"), stdout=subprocess.DEVNULL,
                              stderr=log)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    yield base, master
    master.terminate()
    master.wait(20)
    log.close()


def _worker_pids(master) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master.pid)], capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


def test_a_worker_killed_mid_import_leaves_nothing_and_its_job_reads_failed(one_worker_server, staff, app,
                                                                             clean_database):
    base, master = one_worker_server
    content = csv_bytes([SEEKER_HEADER, *seeker_rows(10_000)])
    code, job = post_file(base, "/api/v1/seekers/import-file", staff, content, "pencaker.csv", Prefer="respond-async")
    assert code == 202, job
    for _ in range(600):
        _, job = call(base, "GET", f"/api/v1/imports/{job['id']}", staff)
        if job["status"] != "queued" and job["progress"]["rows_read"] > 0 or job["status"] in ("saving", "done"):
            break
        time.sleep(0.05)
    assert job["status"] in ("reading", "saving"), job
    (worker,) = _worker_pids(master)
    os.kill(worker, signal.SIGKILL)
    for _ in range(300):
        code, job = call(base, "GET", f"/api/v1/imports/{job['id']}", staff)  # answered by the new worker
        if code == 200 and job["status"] == "failed":
            break
        time.sleep(0.1)
    assert job["status"] == "failed" and "nothing was stored" in job["message"], job
    assert seekers_stored(app) == (0, 0, 0)
