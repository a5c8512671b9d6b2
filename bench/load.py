"""wrk-style load on a real gunicorn: N connections kept alive, each sending its next request as
soon as the last is answered, for a fixed time; prints req/s and p50/p99 next to the goals.

    python bench/reports.py --fresh          # once: the 1,000,000-placement database (padan_bench)
    python bench/load.py                     # both scenarios, 50 connections, 20 s each
    python bench/load.py --scenario report --connections 50 --duration 30 --workers 4

Scenarios (PostgreSQL at BENCH_POSTGRES_URL, as bench/reports.py):
- report: `GET /api/v1/reports/local-hiring?year=2022` as TKP3D (the dashboard before a meeting)
  on padan_bench. Goal: >= 50 req/s with p99 < 1 s. gunicorn runs without gunicorn.conf.py's
  worker-start hook, which would build a matching index of the million seekers the report never reads.
- matches: `GET /api/v1/vacancies/{id}/matches?limit=20` over every demo vacancy, on a database of
  the demo grown to --seekers job seekers (made here, padan_load_matches).
The load generator shares the machine's cores with the server, so the figures are lower bounds.
"""
from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
GOALS = {"report": (50.0, 1000.0)}  # req/s at least, p99 ms at most


def database_url(name: str) -> str:
    return make_url(SERVER).set(database=name).render_as_string(hide_password=False)


def make_matches_database(seekers: int) -> tuple[str, list[int]]:
    import flask_migrate

    from service import create_app, demo
    from service.extensions import db
    from service.models import Vacancy
    name = "padan_load_matches"
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url(name), "SKILL_REREAD_THREAD": False,
                      "DB_STATEMENT_TIMEOUT": 0})
    with app.app_context():
        flask_migrate.upgrade()
        demo.seed(n_seekers=seekers)
        vacancy_ids = list(db.session.scalars(db.select(Vacancy.id).where(Vacancy.status == "open")))
        db.session.commit()
        db.engine.dispose()
    return database_url(name), vacancy_ids


def token_for(url: str, role: str) -> str:
    from service import create_app
    from service.auth import issue_token
    from service.extensions import db
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SKILL_REREAD_THREAD": False})
    with app.app_context():
        token = issue_token(role, "bench/load.py")
        db.session.commit()
        db.engine.dispose()
    return token


def start_server(url: str, workers: int, with_hooks: bool) -> tuple[subprocess.Popen, int]:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # PADAN_ENV=test: the development keys, with which bench/reports.py encrypted the seekers' NIKs.
    env = dict(os.environ, DATABASE_URL=url, PADAN_ENV="test", PYTHONPATH=str(ROOT), SKILL_REREAD_THREAD="0")
    config = [] if with_hooks else ["-c", os.devnull]
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", *config, "-w", str(workers), "-b",
                             f"127.0.0.1:{port}", "--timeout", "300", "wsgi:app"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=open(Path(tempfile.gettempdir()) / "bench-load.log", "w"))
    for _ in range(1500):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return proc, port
        except urllib.error.HTTPError as err:  # up, but not ready to serve (e.g. not migrated)
            proc.kill()
            raise SystemExit(f"/healthz answered {err.code}: {err.read()[:300].decode()}") from None
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"gunicorn did not start; see {Path(tempfile.gettempdir()) / 'bench-load.log'}")


def load(port: int, paths: list[str], token: str, connections: int, seconds: float) -> dict:
    """Each connection loops over `paths` (from its own offset) until the time is up."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine, k = [], offset
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", paths[k % len(paths)], headers={"Authorization": f"Bearer {token}"})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                ok = False
            mine.append((time.perf_counter() - started) * 1000)
            if not ok:
                with lock:
                    failures[0] += 1
            k += 1
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "failures": failures[0],
            "p50": statistics.median(latencies), "p99": latencies[min(len(latencies) - 1, int(len(latencies) * .99))]}


def report(name: str, figures: dict, connections: int) -> None:
    line = (f"{name:<8} {connections} connections: {figures['rps']:7.1f} req/s, p50 {figures['p50']:7.1f} ms, "
            f"p99 {figures['p99']:7.1f} ms, {figures['requests']} requests, {figures['failures']} not 200")
    if name in GOALS:
        rps, p99 = GOALS[name]
        met = figures["rps"] >= rps and figures["p99"] < p99 and not figures["failures"]
        line += f"   goal >= {rps:.0f} req/s and p99 < {p99:.0f} ms: {'met' if met else 'NOT met'}"
    print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", choices=("report", "matches", "both"), default="both")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seekers", type=int, default=5000, help="job seekers in the matches scenario")
    parser.add_argument("--year", type=int, default=2022)
    args = parser.parse_args()
    os.environ.setdefault("PADAN_ENV", "test")
    if args.scenario in ("report", "both"):
        url = database_url("padan_bench")
        token = token_for(url, "tkp3d")
        proc, port = start_server(url, args.workers, with_hooks=False)
        try:
            path = f"/api/v1/reports/local-hiring?year={args.year}"
            load(port, [path], token, 2 * args.workers, 3)  # each worker computes once: a warm-up
            report("report", load(port, [path], token, args.connections, args.duration), args.connections)
        finally:
            proc.terminate()
            proc.wait()
    if args.scenario in ("matches", "both"):
        url, vacancy_ids = make_matches_database(args.seekers)
        token = token_for(url, "staff")
        proc, port = start_server(url, args.workers, with_hooks=True)
        try:
            paths = [f"/api/v1/vacancies/{v}/matches?limit=20" for v in vacancy_ids]
            load(port, paths, token, 4, 3)
            figures = load(port, paths, token, args.connections, args.duration)
            report("matches", figures, args.connections)
            print(f"         ({args.seekers} seekers, {len(vacancy_ids)} open vacancies)")
        finally:
            proc.terminate()
            proc.wait()


if __name__ == "__main__":
    main()
