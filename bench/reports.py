"""Benchmark: the local-hiring report over 1,000,000 placements in PostgreSQL.

    python bench/reports.py                # load once (about a minute), then time
    python bench/reports.py --fresh        # drop and rebuild the benchmark database first
    BENCH_POSTGRES_URL=postgresql+psycopg://user@host:5432/postgres python bench/reports.py

Makes its own database (padan_bench) on that server, builds the schema with the migrations,
loads ten years (2015-2024) of a fictional ledger shaped like TKP3D's 2022 at twice its volume
(service/ledger_demo.py) with COPY, then times each report call in-process (the HTTP layer adds
only serialisation) and prints the median and worst of the timed runs. Goal: <= 200 ms each.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
DATABASE = "padan_bench"
SEEKER_COLUMNS = ["id", "nik_ciphertext", "nik_hash", "full_name", "gender", "birth_date", "education_level", "skills", "ktp_regency_code",
                  "district", "consent", "status", "created_at", "updated_at"]
PLACEMENT_COLUMNS = ["company_id", "seeker_id", "job_title", "placed_on", "status", "is_local", "ktp_regency_code",
                     "district", "education_level", "gender", "recorded_by", "decided_by", "decided_at",
                     "created_at", "updated_at"]


def prepare_database(fresh: bool) -> str:
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if fresh:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": DATABASE}):
            conn.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    admin.dispose()
    return make_url(SERVER).set(database=DATABASE).render_as_string(hide_password=False)


def load(app, shape) -> None:
    """COPY companies' people and placements in; one transaction, then ANALYZE."""
    from service.extensions import db
    from service.ledger_demo import company_rows, people_and_placements, reset_sequences
    from service.models import Company, CompanyCommitment, HiringTarget
    rng = random.Random(2022)
    with app.app_context():
        companies, commitments = company_rows(shape, rng, 1)
        db.session.execute(Company.__table__.insert(), companies)
        db.session.execute(CompanyCommitment.__table__.insert(), commitments)
        db.session.execute(HiringTarget.__table__.insert(), [
            {"year": y, "local_hires_target": shape.target * 2} for y in range(shape.first_year, shape.first_year + shape.years)])
        raw = db.session.connection().connection.dbapi_connection
        with raw.cursor() as cur, \
                cur.copy(f"COPY seekers ({', '.join(SEEKER_COLUMNS)}) FROM STDIN") as seekers_copy:
            placements = []
            for seeker, placement in people_and_placements(shape, rng, 1, 1):
                seekers_copy.write_row([json.dumps(seeker[c]) if c == "skills" else seeker[c] for c in SEEKER_COLUMNS])
                placements.append([placement[c] for c in PLACEMENT_COLUMNS])
        with raw.cursor() as cur, cur.copy(f"COPY placements ({', '.join(PLACEMENT_COLUMNS)}) FROM STDIN") as copy:
            for row in placements:
                copy.write_row(row)
        reset_sequences()
        db.session.commit()
    # What autovacuum does after a bulk load: statistics, and the visibility map index-only scans need.
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"], isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def timed(label: str, call, runs: int) -> None:
    call()  # warm the cache and the connection pool
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    print(f"{label:<52} median {statistics.median(times):7.1f} ms   worst {max(times):7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the benchmark database")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    import flask_migrate

    from service import create_app
    from service.extensions import db
    from service.ledger_demo import LedgerShape
    from service.reports import BREAKDOWNS, breakdown
    from service.reports import local_hiring_report as cached_report
    local_hiring_report = cached_report.__wrapped__  # what one computation costs (bench/load.py times the cache)

    url = prepare_database(args.fresh)
    # A bench database, made here; the load and the ten-year report run longer than a request may.
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "DB_STATEMENT_TIMEOUT": 0})
    # Twice 2022's volume for ten years: 93,458 verified hires a year plus 7% claimed, rejected or cancelled.
    shape = LedgerShape(first_year=2015, years=10, verified_hires=93_458, local_hires=31_076)
    with app.app_context():
        flask_migrate.upgrade()
        count = db.session.scalar(text("SELECT count(*) FROM placements"))
        db.session.commit()
    if count == 0:
        started = time.perf_counter()
        load(app, shape)
        print(f"loaded in {time.perf_counter() - started:.0f} s")
    with app.app_context():
        count = db.session.scalar(text("SELECT count(*) FROM placements"))
        version = db.session.scalar(text("SHOW server_version"))
        print(f"PostgreSQL {version}, {count:,} placements, {args.runs} timed runs after one warm-up\n")
        year = (date(2022, 1, 1), date(2022, 12, 31))
        timed("year 2022: totals + months + projection", lambda: local_hiring_report(
            *year, "month", "staff", date(2022, 6, 30), breakdowns=()), args.runs)
        for name in BREAKDOWNS:
            timed(f"year 2022: breakdown by {name}", lambda n=name: breakdown(n, *year), args.runs)
        timed("year 2022: whole report, staff", lambda: local_hiring_report(*year, "month", "staff"), args.runs)
        timed("year 2022: whole report, tkp3d (suppressed)", lambda: local_hiring_report(*year, "month", "tkp3d"),
              args.runs)
        timed("2015-2024 (all rows): whole report by quarter", lambda: local_hiring_report(
            date(2015, 1, 1), date(2024, 12, 31), "quarter", "tkp3d"), args.runs)


if __name__ == "__main__":
    main()
