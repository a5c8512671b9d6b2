"""Re-reading stored mentions when the vocabulary changes: only what the change can reach, in the
background, in batches, while every worker keeps answering from its index.

- A new alias queues a re-reading (in the alias's own transaction, `skills.add_alias`) of the
  entries sharing one of its telling words whose reading is not settled (`matching.stored.may_change`).
- A new shipped release (taxonomy files or the reading code), noticed by the first worker that
  starts on it (`record_release`), queues one too: for the words of the aliases that changed
  when only the files did (exact readings included: a release may remove an alias), for every
  entry when the code changed (code cannot be compared), skipping records already read by it.
- Any worker runs queued re-readings in a background thread (`start_in_background`), one at a
  time: a re-reading is claimed with a guarded UPDATE, and one whose heartbeat is older than
  STALE_SECONDS (its worker died) is taken over where its cursor stopped. Each batch is one
  transaction: candidates are found with SQL (LIKE on the words, then checked word by word),
  re-read with the current normaliser, their mentions replaced and re-tagged, a change_log row
  added for each record whose reading changed, and the progress moved on. Workers apply those
  rows like any other write. `flask --app wsgi skills-reread` runs the queue in the foreground.
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from sqlalchemy import and_, distinct, func, not_, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from matching import stored
from service import mentions, skills
from service.extensions import db
from service.models import ChangeLog, Seeker, SkillMention, SkillReread, TaxonomyRelease, Vacancy, utcnow
from service.persistence import contains, write_transaction

BATCH = 500
STALE_SECONDS = 120
CACHE_KEPT = 20_000
PAUSE_SECONDS = 0.02      # between batches: lets the worker's request threads have the interpreter
log = logging.getLogger(__name__)
_thread: threading.Thread | None = None
_thread_lock = threading.Lock()


# ---- queueing -----------------------------------------------------------------------------------
def record_release() -> None:
    """Note the shipped taxonomy this process runs and, when it is new, queue its re-reading."""
    from service.matches import base_taxonomy
    version = skills.shipped()
    if db.session.get(TaxonomyRelease, version) is not None:
        db.session.rollback()
        return
    aliases, code = stored.alias_map(base_taxonomy()), stored.code_version()
    with write_transaction():
        previous = db.session.scalars(select(TaxonomyRelease).order_by(TaxonomyRelease.created_at.desc())
                                      .limit(1)).first()
        dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
        added = db.session.execute(dialect.insert(TaxonomyRelease).values(
            version=version, code_version=code, aliases=aliases, created_at=utcnow())
            .on_conflict_do_nothing(index_elements=["version"])).rowcount
        if not added:
            return                               # another worker recorded it first
        if previous is not None and previous.code_version == code:
            changed = stored.changed_aliases(previous.aliases, aliases)
            if changed:
                words = stored.telling_words(skills.normaliser(), changed)
                db.session.add(SkillReread(reason="taxonomy", words=sorted(words), settled_too=True))
        else:
            db.session.add(SkillReread(reason="taxonomy", words=None, settled_too=True))


# ---- progress ------------------------------------------------------------------------------------
def progress(limit: int = 10) -> list[SkillReread]:
    """The latest re-readings, newest first."""
    return db.session.scalars(select(SkillReread).order_by(SkillReread.id.desc()).limit(limit)).all()


def running() -> SkillReread | None:
    """The oldest re-reading not finished, if any."""
    return db.session.scalars(select(SkillReread).where(SkillReread.status != "done")
                              .order_by(SkillReread.id).limit(1)).first()


# ---- running --------------------------------------------------------------------------------------
def start_in_background(app) -> None:
    """Run the queue in a thread of this process, unless one already does or tests drive it."""
    global _thread
    if not app.config.get("SKILL_REREAD_THREAD", True):
        return
    with _thread_lock:
        if _thread is not None and _thread.is_alive():
            return
        _thread = threading.Thread(target=_run_in_thread, args=(app,), daemon=True, name="padan-reread")
        _thread.start()


def _run_in_thread(app) -> None:
    with app.app_context():
        try:
            run_pending(pause=PAUSE_SECONDS)
        except Exception:  # noqa: BLE001 - the claim goes stale and another worker takes over
            log.exception("skill re-reading stopped; it resumes from its cursor")
        finally:
            db.session.remove()


def run_pending(pause: float = 0.0) -> int:
    """Run queued re-readings to the end; returns how many batches ran."""
    batches = 0
    while (job_id := _claim()) is not None:
        while _batch(job_id):
            batches += 1
            if pause:
                time.sleep(pause)
    return batches


def _claim() -> int | None:
    stale = utcnow() - timedelta(seconds=STALE_SECONDS)
    claimable = or_(SkillReread.status == "pending",
                    and_(SkillReread.status == "running", SkillReread.heartbeat < stale))
    with write_transaction():
        job_id = db.session.scalar(select(SkillReread.id).where(claimable).order_by(SkillReread.id).limit(1))
        if job_id is None:
            return None
        taken = db.session.execute(update(SkillReread).where(SkillReread.id == job_id, claimable)
                                   .values(status="running", heartbeat=utcnow())).rowcount
    return job_id if taken else None


def _batch(job_id: int) -> bool:
    """Re-read the next batch of one re-reading; False once it is done.

    The batch's candidates are found first, outside the write transaction: that search reads
    every stored mention (LIKE on the words), seconds on SQLite at 1,000,000 seekers, and there
    the write lock would make every other writer (a match request's audit entry) wait for it.
    The candidates' texts are read by the normaliser then too (into its cache), so the write
    transaction, which checks that the cursor has not moved meanwhile and reads each candidate's
    stored reading again, holds the lock for database work only."""
    job = db.session.get(SkillReread, job_id)
    if job is None or job.status == "done":
        db.session.rollback()
        return False
    words = set(job.words) if job.words is not None else None
    cursor, first = job.cursor, job.total is None
    total = _count(job, words) if first else job.total
    vacancy_ids = _candidates(job, words, Vacancy) if first else []
    ids = _candidates(job, words, Seeker, after=cursor, limit=BATCH)
    normaliser = skills.reading()[0]
    _read_ahead(normaliser, Vacancy, vacancy_ids)
    _read_ahead(normaliser, Seeker, ids)
    db.session.rollback()
    with write_transaction():
        job = db.session.get(SkillReread, job_id, with_for_update=True)
        if job is None or job.status == "done":
            return False
        if job.cursor != cursor or (job.total is None) != first:
            return True                          # moved on meanwhile (a takeover): look again
        reading = skills.reading()
        if first:
            job.total = total
            job.changed += _reread(Vacancy, vacancy_ids, job, words, reading)
        job.changed += _reread(Seeker, ids, job, words, reading)
        job.done = min(job.total, job.done + len(ids))
        job.heartbeat = utcnow()
        # A re-reading of every entry would fill the normaliser's cache (200,000 entries, about
        # 100 MB per worker) with texts read once; keep it to what requests typically reuse.
        if reading[0].mentions.cache_info().currsize > CACHE_KEPT:
            reading[0].mentions.cache_clear()
        if ids:
            job.cursor = ids[-1]
        else:
            job.status, job.done, job.finished_at = "done", job.total, utcnow()
        return bool(ids)


def _read_ahead(normaliser, model, ids: list[int]) -> None:
    """Read these records' texts now, so the write transaction finds them in the normaliser's cache."""
    if not ids:
        return
    texts_of = mentions.seeker_texts if model is Seeker else mentions.vacancy_texts
    for record in db.session.scalars(select(model).where(model.id.in_(ids))):
        for text in texts_of(record):
            normaliser.mentions(text)


def _column(model):
    return SkillMention.seeker_id if model is Seeker else SkillMention.vacancy_id


def _candidates(job: SkillReread, words, model, after: int = 0, limit: int | None = None) -> list[int]:
    """Record ids the change may reach, by SQL (a superset; `_reread` checks each word)."""
    if words is None:
        query = select(model.id).where(model.id > after).order_by(model.id)
    else:
        column = _column(model)
        query = (select(column).distinct().where(column.is_not(None), column > after, _word_filter(job, words))
                 .order_by(column))
    return list(db.session.scalars(query.limit(limit) if limit else query))


def _word_filter(job: SkillReread, words):
    found = or_(*[or_(contains(SkillMention.text, w), contains(SkillMention.core, w)) for w in sorted(words)]) \
        if words else SkillMention.id.is_(None)
    if job.settled_too:
        return found
    settled = and_(SkillMention.method.in_(stored.SETTLED_METHODS), SkillMention.confidence >= 1.0)
    return and_(not_(settled), found)


def _count(job: SkillReread, words) -> int:
    if words is None:
        return db.session.scalar(select(func.count(Seeker.id)))
    return db.session.scalar(select(func.count(distinct(SkillMention.seeker_id)))
                             .where(SkillMention.seeker_id.is_not(None), _word_filter(job, words)))


def _reread(model, ids: list[int], job: SkillReread, words, reading) -> int:
    """Re-read the records among `ids` the change reaches; returns how many now read differently."""
    if not ids:
        return 0
    normaliser, version = reading
    column = _column(model)
    before = mentions.stored_mentions(column, ids)
    versions = {owner: {low, high} for owner, low, high in db.session.execute(
        select(column, func.min(SkillMention.version), func.max(SkillMention.version))
        .where(column.in_(ids)).group_by(column))}
    texts_of = mentions.seeker_texts if model is Seeker else mentions.vacancy_texts
    changed, reached = [], []
    for record in db.session.scalars(select(model).where(model.id.in_(ids))):
        old = before.get(record.id, {})
        if not _reaches(old, words, job.settled_too, versions.get(record.id), version, texts_of(record)):
            continue
        reached.append(record.id)
        now = {i: list(normaliser.mentions(t)) for i, t in enumerate(texts_of(record)) if normaliser.mentions(t)}
        if {i: list(ms) for i, ms in old.items()} != now:
            changed.append(record)
    if changed:
        (mentions.write_seekers if model is Seeker else mentions.write_vacancies)(changed, reading)
        entity = "seeker" if model is Seeker else "vacancy"
        db.session.add_all(ChangeLog(entity=entity, entity_id=r.id) for r in changed)
    if reached:
        db.session.execute(update(SkillMention).where(column.in_(reached), SkillMention.version != version)
                           .values(version=version))
    return len(changed)


def _reaches(old: dict, words, settled_too: bool, stored_versions: set | None, version: str, texts) -> bool:
    if words is None:        # a new reading code: everything not yet read by it
        return stored_versions != {version} if old else any(t.strip() for t in texts)
    return any(stored.may_change(m, words, settled_too) for ms in old.values() for m in ms)
