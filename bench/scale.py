"""Skills as stored data at scale: N seekers in PostgreSQL or SQLite, workers that build their index
from the stored mentions, matching over HTTP, an alias re-read in the background, the needs report.

    python bench/scale.py --db postgresql --seekers 100000          # load (once), then measure
    python bench/scale.py --db sqlite --seekers 100000
    python bench/scale.py --db postgresql --seekers 1000000 --http-requests 100
    python bench/scale.py ... --fresh                                 # drop the loaded data first

One run prints: load time; per gunicorn instance (each its own process on the same database, as two
machines would be) the time from start to its first answered match and its worker's peak memory;
match latency p50/p99 in-process and over HTTP; the time from adding an alias until every instance
answers with it, and the slowest match request meanwhile; and the needs report's latency.

Data: the synthetic seekers of bench/matching.py (skills drawn from the taxonomy's aliases with
typos, abbreviations, soft traits and ~10% trades the taxonomy lacks), 200 open vacancies, 40
competency needs. Seekers and their mentions are read by the service's normaliser and written in
bulk (COPY on PostgreSQL, executemany on SQLite), then the release is recorded as read, the way
`flask skills-reread` leaves a database after a deploy.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

# A benchmark, not production: its app and gunicorn instances may use the development SECRET_KEY.
os.environ.setdefault("PADAN_ENV", "test")
SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
ALIAS, ALIAS_COMPETENCY = "pawang hujan", "security_guard"   # a trade in the synthetic data the taxonomy lacks
# The vacancy asking for it: its conditions leave few enough of the alias's writers (15 of 100,000
# seekers) that a top 200 shows them all, and no synthetic seeker holds the competency otherwise,
# so "every instance ranks every one of them" is what the bench can see and checks (at 1,000,000
# there are 202: the check then sees 200 of them, the API's limit).
ALIAS_VACANCY = {"title": "Pawang hujan", "gender": "F", "min_education": "S1", "max_age": 30}
CHUNK = 10_000
ALIAS_WAIT = 120


def database_url(kind: str, seekers: int, fresh: bool) -> str:
    name = f"padan_scale_{seekers}"
    if kind == "sqlite":
        path = Path(os.environ.get("BENCH_SQLITE_DIR", "/tmp")) / f"{name}.db"
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        import sqlite3
        sqlite3.connect(path).close()      # the service never creates its database file (service/startup.py)
        return f"sqlite:///{path}"
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if fresh:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(SERVER).set(database=name).render_as_string(hide_password=False)


def make_app(url: str):
    from service import create_app
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SKILL_REREAD_THREAD": False})


# ---- load -------------------------------------------------------------------------------------------
def load(app, n_seekers: int, jobs: int) -> float:
    """Write N seekers with their mentions, 200 vacancies and 40 needs; returns seconds.

    The seekers are generated in order (one random stream, so a database of N seekers is always
    the same), their skill texts read by `jobs` forked processes with the service's own
    `mentions.rows_for` and normaliser (the rows the service would write), and written in chunks
    of CHUNK seekers: COPY on PostgreSQL, the driver's executemany in one transaction per chunk on
    SQLite (values through SQLAlchemy's own bind processors, so they are stored as the ORM would)."""
    import multiprocessing
    from matching import stored
    from matching.taxonomy import load_taxonomy
    World = _bench_matching().World
    from service import mentions, skills
    from service.extensions import db
    from service.matches import base_taxonomy
    from service.models import Company, CompetencyNeed, SkillMention, TaxonomyRelease, Vacancy
    from service.nik import nik_columns
    started, cpu = time.perf_counter(), time.process_time()
    world = World(load_taxonomy(), 7)
    world.hard = [c for c in world.hard if c.id != ALIAS_COMPETENCY]     # held only through the alias
    today = date.today()
    with app.app_context():
        global _READING
        _READING = skills.reading()
        db.session.execute(insert(Company), [{"id": 1, "name": "PT Skala Besar", "district": "Cikarang Utara",
                                              "created_at": _now(), "updated_at": _now()}])
        db.session.commit()
        seekers_table, mentions_table = db.metadata.tables["seekers"], db.metadata.tables["skill_mentions"]
        pool = multiprocessing.get_context("fork").Pool(jobs) if jobs > 1 else None
        try:
            for start in range(1, n_seekers + 1, CHUNK):
                people, texts = [], []
                now = _now()
                for i in range(start, min(start + CHUNK, n_seekers + 1)):
                    profile = world.seeker(i, today)
                    people.append({"id": i, **nik_columns(f"3216{i:012d}"), "full_name": f"Pencari {i}",
                                   "gender": profile.gender, "birth_date": profile.birth_date,
                                   "education_level": profile.education_level, "skills": list(profile.skills),
                                   "ktp_regency_code": "3216" if profile.is_local else "3275", "district": "Setu",
                                   "phone": None, "consent": True, "objects_to_matching": False,
                                   "status": "active" if profile.available else "inactive",
                                   "last_active_at": now, "created_at": now, "updated_at": now})
                    texts.append((i, list(profile.skills)))
                parts = [texts[k::jobs] for k in range(jobs)] if pool else [texts]
                rows = [r for part in (pool.map(_read_part, parts) if pool else map(_read_part, parts)) for r in part]
                _bulk(db, seekers_table, people)
                _bulk(db, mentions_table, rows)
                db.session.commit()
                print(f"  loaded {min(start + CHUNK - 1, n_seekers):,} seekers ({time.perf_counter() - started:.0f} s, "
                      f"{time.process_time() - cpu:.0f} s CPU in this process)", flush=True)
        finally:
            if pool:
                pool.close()
                pool.join()
        normaliser, version = _READING
        vacancies = [Vacancy(company_id=1, title=f"Lowongan {j}", openings=5, status="open",
                             min_education=v.min_education, max_age=v.max_age,
                             required_skills=[{"text": r.text, "essential": r.essential} for r in v.required_skills])
                     for j, v in enumerate(world.vacancy(j) for j in range(200))]
        vacancies.append(Vacancy(company_id=1, openings=5, status="open", **ALIAS_VACANCY,
                                 required_skills=[{"text": ALIAS, "essential": True}]))
        db.session.add_all(vacancies)
        db.session.flush()
        mentions.write_vacancies(vacancies, (normaliser, version))
        rng = random.Random(11)
        hard = [c for c in base_taxonomy().competencies.values() if not c.is_soft and c.aliases]
        db.session.add_all(CompetencyNeed(company_id=1, competency=rng.choice(c.aliases), headcount=rng.randint(5, 80),
                                          period_start=date(today.year, 1, 1), period_end=date(today.year, 12, 31))
                           for c in rng.sample(hard, 40))
        db.session.add(TaxonomyRelease(version=skills.shipped(), code_version=stored.code_version(),
                                       aliases=stored.alias_map(base_taxonomy())))
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("SELECT setval('seekers_id_seq', (SELECT max(id) FROM seekers))"))
            db.session.commit()
            # what autovacuum does after a bulk load (it is off on the test server): the visibility
            # map lets the needs report's index-only scans skip the heap
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM (ANALYZE)")
        else:
            db.session.execute(text("ANALYZE"))
        db.session.commit()
        count = db.session.scalar(select(func.count()).select_from(SkillMention))
        print(f"  {count:,} mention rows")
    return time.perf_counter() - started


_READING = None       # (normaliser, version), set before the reading processes fork


def _read_part(part: list[tuple[int, list[str]]]) -> list[dict]:
    """The mention rows the service writes for these (seeker id, skill texts)."""
    from service import mentions
    normaliser, version = _READING
    return [{"vacancy_id": None, **row} for seeker_id, texts in part
            for row in mentions.rows_for("seeker_id", seeker_id, texts, normaliser, version)]


def _bench_matching():
    """bench/matching.py (its synthetic seekers), loaded under another name than the package."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("bench_matching", ROOT / "bench" / "matching.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _now():
    return datetime.now(timezone.utc)


def _bulk(db, table, rows: list[dict]) -> None:
    """Rows (dicts with the same keys) into `table` by the driver alone: COPY on PostgreSQL,
    executemany on SQLite with the values each column's SQLAlchemy type would bind."""
    if not rows:
        return
    columns = list(rows[0])
    raw = db.session.connection().connection.driver_connection
    if db.engine.dialect.name == "postgresql":
        as_json = {c for c in columns if c == "skills"}
        with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([json.dumps(row[c]) if c in as_json else row[c] for c in columns])
        return
    dialect = db.engine.dialect
    binds = [table.c[c].type.bind_processor(dialect) for c in columns]
    cursor = raw.cursor()
    cursor.executemany(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                       [tuple(b(row[c]) if b else row[c] for c, b in zip(columns, binds)) for row in rows])
    cursor.close()


# ---- instances ----------------------------------------------------------------------------------------
class Instance:
    """One gunicorn instance (one worker) on the shared database, as one machine would run it."""

    def __init__(self, url: str, log_dir: Path, index: int):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, DATABASE_URL=url, PYTHONPATH=str(ROOT), SKILL_REREAD_THREAD="1")
        self.log = open(log_dir / f"gunicorn-{index}.log", "w")
        self.started = time.perf_counter()
        self.proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{self.port}",
                                      "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=self.log)

    def worker_pids(self) -> list[int]:
        try:
            return [int(p) for p in Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()]
        except OSError:
            return []

    def peak_mb(self) -> float:
        """Peak resident memory of the instance's worker (VmHWM)."""
        peaks = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return max(peaks, default=0.0)

    def private_mb(self) -> float:
        """Memory the worker holds alone (Private_Clean + Private_Dirty): what each extra worker costs."""
        out = 0.0
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    out += int(line.split()[1]) / 1024
        return out

    def pss_mb(self) -> float:
        """The worker's proportional share: private pages plus its share of those it shares with the
        master and other workers (preload_app, copy-on-write)."""
        out = 0.0
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    out += int(line.split()[1]) / 1024
        return out

    def rss_mb(self, pid: int | None = None) -> float:
        pids = [pid] if pid else self.worker_pids()
        out = 0.0
        for p in pids:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    out += int(line.split()[1]) / 1024
        return out

    def cpu_seconds(self) -> float:
        """CPU time (user + system) of the master and its workers so far."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in [self.proc.pid, *self.worker_pids()]:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total / ticks

    def memory(self) -> str:
        return (f"worker RSS {self.rss_mb():.0f} MB (peak {self.peak_mb():.0f}), PSS {self.pss_mb():.0f} MB, "
                f"private {self.private_mb():.0f} MB; master RSS {self.rss_mb(self.proc.pid):.0f} MB")

    def preload_line(self) -> str:
        lines = [line for line in Path(self.log.name).read_text().splitlines() if "preloaded for the workers" in line]
        return lines[-1].split("] ")[-1] if lines else "no preload"

    def ready_line(self) -> str:
        lines = [line for line in Path(self.log.name).read_text().splitlines() if "matching index ready" in line]
        return lines[-1].split("] ")[-1] if lines else "?"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.log.close()


def call(base: str, path: str, token: str, method: str = "GET", body=None, timeout: float = 120):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


def wait_first_match(instance: Instance, token: str, vacancy_id: int) -> float:
    while True:
        try:
            status, _ = call(instance.base, f"/api/v1/vacancies/{vacancy_id}/matches?limit=20", token, timeout=300)
            if status == 200:
                return time.perf_counter() - instance.started
        except OSError:
            pass
        if instance.proc.poll() is not None:
            raise SystemExit(f"gunicorn exited; see {instance.log.name}")
        time.sleep(0.05)


def loadavg() -> str:
    return "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])


def pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


# ---- measurements -------------------------------------------------------------------------------------
def in_process(app, vacancy_ids: list[int]) -> None:
    from service import matches, needs
    from service.extensions import db
    with app.app_context():
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t0 = time.perf_counter()
        index = matches.worker_index()
        index.current()
        build = time.perf_counter() - t0
        cpu = index.build_cpu_seconds
        engine = index.engine
        print(f"in-process index build: {build:.2f} s ({cpu:.2f} s CPU); {engine.counts()}; arrays {engine.nbytes() / 2**20:.1f} MB; "
              f"process peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (was {rss0:.0f})")
        lat = [timed(lambda v=v: matches.vacancy_matches(v, 20)) for v in vacancy_ids]
        print(f"match (top 20, in-process, {len(lat)} vacancies): p50 {statistics.median(lat):.1f} ms, "
              f"p99 {pct(lat, 99):.1f} ms")
        year = date.today().year
        report = [timed(lambda: needs.needs_report(date(year, 1, 1), date(year, 12, 31))) for _ in range(7)]
        print(f"needs report (in-process, 7 runs): median {statistics.median(report):.0f} ms, max {max(report):.0f} ms")
        db.session.remove()


def over_http(instances: list[Instance], token: str, vacancy_ids: list[int], requests: int) -> None:
    lat = []
    for k in range(requests):
        base = instances[k % len(instances)].base
        v = vacancy_ids[k % len(vacancy_ids)]
        lat.append(timed(lambda base=base, v=v: call(base, f"/api/v1/vacancies/{v}/matches?limit=20", token)))
    print(f"match over HTTP ({requests} requests across {len(instances)} instances): p50 {statistics.median(lat):.1f} ms,"
          f" p99 {pct(lat, 99):.1f} ms")
    year = date.today().year
    report = [timed(lambda: call(instances[0].base, f"/api/v1/reports/competency-needs?year={year}", token))
              for _ in range(7)]
    print(f"needs report over HTTP (7 runs): median {statistics.median(report):.0f} ms, max {max(report):.0f} ms")


def alias_live(instances: list[Instance], token: str, vacancy_ids: list[int], alias_vacancy: int,
               expected: int) -> None:
    """Add the alias, keep matching meanwhile, and time until every instance ranks all `expected`
    seekers who wrote it as exact holders of the competency."""
    slowest, stop = [0.0], threading.Event()

    def keep_matching():
        k = 0
        while not stop.is_set():
            base = instances[k % len(instances)].base
            v = vacancy_ids[k % len(vacancy_ids)]
            slowest[0] = max(slowest[0], timed(lambda base=base, v=v: call(
                base, f"/api/v1/vacancies/{v}/matches?limit=20", token)))
            k += 1

    load_thread = threading.Thread(target=keep_matching, daemon=True)
    load_thread.start()
    t0 = time.perf_counter()
    status, _ = call(instances[0].base, "/api/v1/skills/aliases", token, "POST",
                     {"alias": ALIAS, "competency_id": ALIAS_COMPETENCY})
    assert status == 201, status
    live, seen = {}, {}
    while len(live) < len(instances) and time.perf_counter() - t0 < ALIAS_WAIT:
        for i, inst in enumerate(instances):
            if i in live:
                continue
            _, body = call(inst.base, f"/api/v1/vacancies/{alias_vacancy}/matches?limit=200", token)
            exact = sum(1 for m in body["items"] if m["matched"] and m["matched"][0]["how"] == "exact")
            seen[i] = exact
            if exact >= min(expected, 200):
                live[i] = time.perf_counter() - t0
        time.sleep(0.1)
    if len(live) < len(instances):
        print(f"  not live everywhere after {ALIAS_WAIT} s: exact holders seen per instance {seen}, expected {expected}")
    stop.set()
    load_thread.join()
    _, jobs = call(instances[0].base, "/api/v1/skills/rereads", token)
    job = jobs["items"][0]
    print(f"alias live on every instance: {max(live.values(), default=float('nan')):.1f} s "
          f"(per instance: {', '.join(f'{s:.1f} s' for s in live.values())}); re-read {job['done']:,} of "
          f"{job['total']:,} candidate seekers, {job['changed']:,} changed; slowest match request meanwhile "
          f"{slowest[0]:.0f} ms")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", choices=("postgresql", "sqlite"), default="postgresql")
    ap.add_argument("--seekers", type=int, default=100_000)
    ap.add_argument("--instances", type=int, default=2)
    ap.add_argument("--http-requests", type=int, default=400)
    ap.add_argument("--fresh", action="store_true")
    ap.add_argument("--jobs", type=int, default=2, help="processes reading the skill texts while loading")
    ap.add_argument("--load-only", action="store_true", help="load the data and stop")
    args = ap.parse_args(argv)
    import flask_migrate
    from service.auth import issue_token
    from service.extensions import db
    from service.models import Seeker, SkillAlias, SkillReread, Vacancy
    url = database_url(args.db, args.seekers, args.fresh)
    app = make_app(url)
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "service" / "migrations"))
        loaded = db.session.scalar(select(func.count()).select_from(Seeker))
        db.session.remove()
    print(f"{args.db}, {args.seekers:,} seekers")
    if loaded == 0:
        print(f"load (seekers, their mentions read by the normaliser, vacancies, needs): {load(app, args.seekers, args.jobs):.0f} s")
    if args.load_only:
        return
    _current_release(app, args.seekers)
    with app.app_context():
        db.session.query(SkillAlias).delete()       # a re-run starts without the benchmark's alias
        db.session.query(SkillReread).delete()
        token = issue_token("staff", "bench")
        vacancy_ids = list(db.session.scalars(select(Vacancy.id).where(Vacancy.title != ALIAS_VACANCY["title"])
                                              .order_by(Vacancy.id)))
        alias_vacancy = db.session.scalar(select(Vacancy.id).where(Vacancy.title == ALIAS_VACANCY["title"]))
        expected = _alias_writers(db.session.get(Vacancy, alias_vacancy))
        db.session.commit()
        db.session.remove()
    _reset_alias_readings(app)                # a previous run left seekers read with the alias
    log_dir = Path("/tmp/padan_scale_logs")
    log_dir.mkdir(exist_ok=True)
    instances = [Instance(url, log_dir, i) for i in range(args.instances)]
    try:
        for i, inst in enumerate(instances):
            first = wait_first_match(inst, token, vacancy_ids[0])
            print(f"instance {i}: first answered match {first:.2f} s after start ({inst.preload_line()}; "
                  f"{inst.ready_line()}); CPU so far {inst.cpu_seconds():.1f} s; {loadavg()}")
        over_http(instances, token, vacancy_ids, args.http_requests)
        print(f"  ({loadavg()})")
        for i, inst in enumerate(instances):
            print(f"instance {i}: {inst.memory()}")
        alias_live(instances, token, vacancy_ids, alias_vacancy, expected)
        print(f"  ({loadavg()})")
        for i, inst in enumerate(instances):
            print(f"instance {i} after the alias: {inst.memory()}")
        print(f"{loadavg()} (2 cores, shared)")
    finally:
        for inst in instances:
            inst.stop()
    in_process(app, vacancy_ids)
    print(f"  ({loadavg()})")
    _reset_alias_readings(app)


def _alias_writers(vacancy) -> int:
    """Available seekers meeting the alias vacancy's conditions who wrote the alias as such (read
    by the normaliser with it, as the re-reading will): those every instance must come to rank."""
    from matching.normalise import Normaliser
    from service.extensions import db
    from service.matches import _available, _fact_columns, base_taxonomy, vacancy_profile
    from service.models import Seeker
    from matching.scoring import exclusions
    from matching.profiles import SeekerProfile
    reader = Normaliser(base_taxonomy().with_aliases({ALIAS_COMPETENCY: [ALIAS]}))
    profile, today, count = vacancy_profile(vacancy), date.today(), 0
    rows = db.session.execute(_fact_columns().add_columns(Seeker.skills).where(
        _available(), func.lower(func.cast(Seeker.skills, db.String)).contains(ALIAS.split()[0]))).all()
    for row in rows:
        seeker = SeekerProfile(id=row.id, skills=(), education_level=row.education_level,
                               birth_date=row.birth_date, gender=row.gender, is_local=False, available=True)
        if exclusions(profile, seeker, today):
            continue
        if any(m.competency_id == ALIAS_COMPETENCY for text in row.skills for m in reader.mentions(text)):
            count += 1
    return count


def _current_release(app, seekers: int) -> None:
    """Data loaded by an earlier release of the reading code: re-read it all, as `flask
    skills-reread` does after a deploy, and time that; above 200,000 seekers only mark it current
    (the figures then come from the earlier reading, which costs the same to index and match)."""
    from matching import stored
    from service import rereads, skills
    from service.extensions import db
    from service.matches import base_taxonomy
    from service.models import TaxonomyRelease
    with app.app_context():
        if db.session.get(TaxonomyRelease, skills.shipped()) is not None:
            db.session.remove()
            return
        if seekers > 200_000:
            db.session.add(TaxonomyRelease(version=skills.shipped(), code_version=stored.code_version(),
                                           aliases=stored.alias_map(base_taxonomy())))
            db.session.commit()
            print("note: data read by an earlier release of the reading code, marked current without re-reading")
        else:
            t0 = time.perf_counter()
            rereads.record_release()
            batches = rereads.run_pending()
            print(f"re-reading every entry for a new reading code (what a deploy of normalise.py costs, in the "
                  f"background): {batches} batches in {time.perf_counter() - t0:.0f} s")
            if db.engine.dialect.name == "postgresql":
                # Every mention row was replaced: what autovacuum does next (it is off on the test
                # server), else index-only scans visit the heap and the needs report takes 2-3x longer.
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.exec_driver_sql("VACUUM (ANALYZE) skill_mentions")
        db.session.remove()


def _reset_alias_readings(app) -> None:
    """Undo the benchmark's alias, so the next run measures the same re-reading again."""
    from service import rereads
    from service.extensions import db
    from service.models import SkillAlias, SkillReread
    with app.app_context():
        db.session.query(SkillAlias).delete()
        db.session.query(SkillReread).delete()
        # settled_too: the alias's exact readings are what must go (an added alias never settles them)
        db.session.add(SkillReread(reason="alias", words=sorted(ALIAS.split()), settled_too=True))
        db.session.commit()
        rereads.run_pending()
        db.session.query(SkillReread).delete()
        db.session.commit()
        db.session.remove()


if __name__ == "__main__":
    main()
