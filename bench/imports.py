"""How fast a first load of job seekers from a spreadsheet is, and how much memory it takes.

    python bench/imports.py                       # 100,000 seekers, CSV and XLSX, on SQLite
    python bench/imports.py --database postgresql+psycopg://postgres@127.0.0.1:5432/padan_bench_imports
    python bench/imports.py --rows 20000 --formats csv

Each import runs in a fresh child process (`flask --app wsgi import seekers FILE`, the command an
office uses for its first load) on an empty, migrated database, so the figures are that
command's wall time and its peak resident memory, file reading, checks and storing included.
The file is written like an office's: Indonesian headers, L/P, DD/MM/YYYY, skills separated by
';', kecamatan names, and every NIK unique and consistent with the birth date and gender.
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.demo import DISTRICTS, FIRST, LAST, SKILL_TEXTS  # noqa: E402

HEADER = ["No", "NIK", "Nama Lengkap", "Jenis Kelamin (L/P)", "Tanggal Lahir", "Pendidikan", "Keterampilan",
          "No HP", "Kecamatan"]


def seeker_rows(n: int, seed: int = 11):
    """n fictional seekers shaped like an AK/1 register (a NIK's serial makes it unique)."""
    rng = random.Random(seed)
    for i in range(n):
        female = rng.random() < 0.45
        born = date(rng.randint(1975, 2006), rng.randint(1, 12), rng.randint(1, 28))
        regency = rng.choices(["3216", "3275", "3215"], [80, 12, 8])[0]
        district_code = 1 + i // 9999 % 99
        serial = 1 + i % 9999
        nik = f"{regency}{district_code:02d}{born.day + (40 if female else 0):02d}{born.month:02d}" \
              f"{born.year % 100:02d}{serial:04d}"
        yield [i + 1, nik, f"{rng.choice(FIRST)} {rng.choice(LAST)}", "P" if female else "L",
               born.strftime("%d/%m/%Y"), rng.choice(["SD", "SMP", "SMA", "SMK", "SMK", "D3", "S1"]),
               "; ".join(rng.sample(SKILL_TEXTS, rng.randint(1, 4))), f"08{rng.randint(10**9, 10**10 - 1)}",
               rng.choice(DISTRICTS)]


def write_csv(path: Path, n: int) -> None:
    with open(path, "w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out, delimiter=";")  # as Excel saves CSV in an Indonesian locale
        writer.writerow(HEADER)
        writer.writerows(seeker_rows(n))


def write_xlsx(path: Path, n: int) -> None:
    from openpyxl import Workbook
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Pencaker")
    sheet.append(HEADER)
    for row in seeker_rows(n):
        sheet.append(row)
    book.save(path)


def fresh_database(url: str | None, workdir: Path) -> str:
    if url is None:
        return f"sqlite:///{workdir}/bench.db"
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = make_url(url).database
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url


def timed_import(database_url: str, path: Path) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak MB, last line of output) of `flask import seekers` in a child
    process. On a shared machine the wall time depends on the load; the CPU time does not, and on a
    quiet machine the (single-threaded) import takes about that long."""
    env = dict(os.environ, DATABASE_URL=database_url, PYTHONPATH=str(ROOT))
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
             "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
             "print(time.perf_counter() - t, u.ru_utime + u.ru_stime, u.ru_maxrss / 1024, "
             "r.returncode, (r.stdout.strip().splitlines() or [''])[-1] if r.returncode == 0 else r.stderr[-300:], "
             "sep='\\t')")
    out = subprocess.run([sys.executable, "-c", probe, *flask, "import", "seekers", str(path)],
                         cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    seconds, cpu, peak, code, last = out.rstrip("\n").split("\t", 4)
    if code != "0":
        raise SystemExit(f"import failed: {last}")
    return float(seconds), float(cpu), float(peak), last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--database", help="a PostgreSQL URL (the database is dropped and made again); default SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for fmt in args.formats.split(","):
            path = workdir / f"pencaker.{fmt}"
            started = time.perf_counter()
            (write_csv if fmt == "csv" else write_xlsx)(path, args.rows)
            written = time.perf_counter() - started
            for leftover in workdir.glob("bench.db*"):
                leftover.unlink()
            database = fresh_database(args.database, workdir)
            load = os.getloadavg()[0]
            seconds, cpu, peak, last = timed_import(database, path)
            print(f"{fmt}: {args.rows:,} seekers ({path.stat().st_size / 2**20:.1f} MiB, written in {written:.1f} s) "
                  f"imported in {seconds:.1f} s wall = {args.rows / seconds:,.0f} rows/s, {cpu:.1f} s CPU = "
                  f"{args.rows / cpu:,.0f} rows/s, peak memory {peak:.0f} MB, load average {load:.1f} "
                  f"[{database.split(':')[0]}] -> {last}")


if __name__ == "__main__":
    main()
