"""Match use cases: keep this worker's in-memory MatchEngine in step with the database, then rank.

Each gunicorn worker holds its own engine. Every write that matters to matching adds a row to
`change_log` in the same transaction, so before answering, a worker reads the rows after its
high-water mark and re-reads just those seekers and vacancies. A seeker registered through one
worker (or another machine) is therefore matchable through every other on its next request.

Ids can commit out of order on PostgreSQL (a transaction that took id 7 may commit after one
that took id 8), so the mark only moves past an id once it has been seen; an id still missing
after GAP_SECONDS belonged to a rolled-back transaction and is passed over. A new alias, or a
'reset' row, makes the worker rebuild its engine from scratch.
"""
from __future__ import annotations

import functools
import threading
import time
from array import array
from datetime import date

import numpy as np

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from matching.engine import FACTS, NEAR_MISS, MatchEngine, SeekerFacts
from matching.profiles import SeekerProfile, SkillRequirement, VacancyProfile
from matching.scoring import MatchConfig
from matching.taxonomy import Taxonomy, load_taxonomy
from service import audit, mentions, rereads, skills
from service.errors import NotFound
from service.extensions import db
from service.models import Certification, ChangeLog, Seeker, SkillAlias, SkillMention, Vacancy
from service.persistence import get_or_404

GAP_SECONDS = 10.0
BATCH = 2000
CHUNK = 20_000


@functools.cache
def base_taxonomy() -> Taxonomy:
    return load_taxonomy()


def current_taxonomy() -> Taxonomy:
    """The shipped taxonomy plus the aliases staff added through the API."""
    extra: dict[str, list[str]] = {}
    for alias, competency_id in db.session.execute(select(SkillAlias.alias, SkillAlias.competency_id)):
        extra.setdefault(competency_id, []).append(alias)
    return base_taxonomy().with_aliases(extra) if extra else base_taxonomy()


def seeker_profile(seeker: Seeker) -> SeekerProfile:
    return SeekerProfile(
        id=seeker.id, skills=tuple(seeker.skills or ()), education_level=seeker.education_level,
        birth_date=seeker.birth_date, gender=seeker.gender, is_local=seeker.is_local,
        available=seeker.consent and not seeker.objects_to_matching and seeker.status == "active",
        certified=tuple(c.competency_id for c in seeker.certifications))


def vacancy_profile(vacancy: Vacancy, today: date | None = None) -> VacancyProfile:
    today = today or date.today()
    return VacancyProfile(
        id=vacancy.id, title=vacancy.title,
        required_skills=tuple(SkillRequirement(s["text"], s.get("essential", True), s.get("core", False))
                              for s in vacancy.required_skills),
        min_education=vacancy.min_education, gender=vacancy.gender, min_age=vacancy.min_age,
        max_age=vacancy.max_age,
        is_open=vacancy.status == "open" and (vacancy.closes_on is None or vacancy.closes_on >= today))


class WorkerIndex:
    """This process's engine and how far into change_log it has read."""

    def __init__(self):
        self.engine: MatchEngine | None = None
        self.mark = 0
        self.seen: set[int] = set()
        self.gaps: dict[int, float] = {}
        self.lock = threading.Lock()
        self.wanted_reading = False               # staff added an alias the engine does not read yet
        self.build_seconds: float | None = None
        self.build_cpu_seconds: float | None = None

    def current(self) -> MatchEngine:
        with self.lock:
            if self.engine is None:
                rereads.record_release()
                self._rebuild()
            else:
                self._catch_up()
            return self.engine

    def _rebuild(self) -> None:
        started, cpu = time.perf_counter(), time.process_time()
        mark = db.session.scalar(select(func.max(ChangeLog.id))) or 0
        normaliser, _ = skills.reading()
        engine = MatchEngine(base_taxonomy(), MatchConfig(local_boost=current_app.config["MATCH_LOCAL_BOOST"]),
                             normaliser=normaliser, skills_loader=mentions.seeker_skills)
        load_seekers(engine)
        for vacancy in db.session.scalars(select(Vacancy).where(Vacancy.status == "open")):
            engine.upsert_vacancy(vacancy_profile(vacancy))
        self.engine, self.mark, self.seen, self.gaps = engine, mark, set(), {}
        self.wanted_reading = False
        self.build_seconds = time.perf_counter() - started
        self.build_cpu_seconds = time.process_time() - cpu    # all threads: on a busy machine, the honest cost
        from service.preload import give_back_freed_memory
        give_back_freed_memory()                             # the build's transient buffers

    def _catch_up(self) -> None:
        if self.wanted_reading:
            self._take_new_reading()
        rows = db.session.execute(select(ChangeLog.id, ChangeLog.entity, ChangeLog.entity_id)
                                  .where(ChangeLog.id > self.mark).order_by(ChangeLog.id)).all()
        rows = [r for r in rows if r.id not in self.seen]
        if not rows:
            self._advance()
            return
        if any(r.entity == "reset" for r in rows):
            self._rebuild()
            return
        if any(r.entity == "alias" for r in rows):
            self._new_reading()
            self._take_new_reading()
        self._refresh_seekers({r.entity_id for r in rows if r.entity == "seeker"})
        self._refresh_vacancies({r.entity_id for r in rows if r.entity == "vacancy"})
        self.seen.update(r.id for r in rows)
        now = time.monotonic()
        for missing in set(range(self.mark + 1, rows[-1].id)) - self.seen:
            self.gaps.setdefault(missing, now)
        self._advance()

    def _new_reading(self) -> None:
        """Staff added an alias: vacancies are read with it at once (they are few); seekers'
        stored readings change through the background re-reading, one change_log row each."""
        self.wanted_reading = True

    def _take_new_reading(self) -> None:
        """Use the normaliser with the new aliases once a background thread has built it: no
        request waits the half second a normaliser takes to build."""
        ready = skills.ready_reading(background=current_app.config["SKILL_REREAD_THREAD"])
        if ready is None:
            return
        if ready[0] is not self.engine.normaliser:
            self.engine.use_normaliser(ready[0])
        self.wanted_reading = False
        rereads.start_in_background(current_app._get_current_object())

    def _advance(self) -> None:
        now = time.monotonic()
        while True:
            nxt = self.mark + 1
            if nxt in self.seen:
                self.seen.discard(nxt)
            elif nxt in self.gaps and now - self.gaps[nxt] > GAP_SECONDS:
                del self.gaps[nxt]
            else:
                return
            self.gaps.pop(nxt, None)
            self.mark = nxt

    def _refresh_seekers(self, ids: set[int]) -> None:
        if not ids:
            return
        ids = sorted(ids)
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            found = db.session.execute(_fact_columns().where(Seeker.id.in_(chunk))).all()
            available = [row for row in found if row.available]
            read = mentions.seeker_skills([row.id for row in available])
            for row in available:
                self.engine.index_seeker(row.id, _facts(row), read[row.id])
            for gone in set(chunk) - {row.id for row in available}:
                self.engine.remove_seeker(gone)

    def _refresh_vacancies(self, ids: set[int]) -> None:
        found = db.session.scalars(select(Vacancy).where(Vacancy.id.in_(ids))).all()
        for vacancy in found:
            if vacancy.status == "open":
                self.engine.upsert_vacancy(vacancy_profile(vacancy))
            else:
                self.engine.remove_vacancy(vacancy.id)
        for gone in ids - {v.id for v in found}:
            self.engine.remove_vacancy(gone)


def _available():
    return (Seeker.status == "active") & Seeker.consent.is_(True) & Seeker.objects_to_matching.is_(False)


def _fact_columns():
    return select(Seeker.id, Seeker.education_level, Seeker.birth_date, Seeker.gender, Seeker.ktp_regency_code,
                  _available().label("available"))


def _facts(row) -> SeekerFacts:
    return SeekerFacts.of(row.education_level, row.birth_date, row.gender,
                          row.ktp_regency_code == current_app.config["HOME_REGENCY_CODE"], row.available)


def load_seekers(engine: MatchEngine) -> None:
    """Fill the engine with every available seeker from the stored mentions: numbers into numpy
    arrays, read in chunks, so neither text is normalised nor a Python object kept per seeker."""
    ids, edu, birth, gender, local = (array("q"), array("b"), array("i"), array("b"), array("b"))
    home = current_app.config["HOME_REGENCY_CODE"]
    for seeker_id, education, born, sex, regency, _ in _stream(_fact_columns().where(_available())):
        if born is not None and not isinstance(born, date):
            born = date.fromisoformat(born)      # SQLite's driver hands dates over as text
        f = SeekerFacts.of(education, born, sex, regency == home, True)
        ids.append(seeker_id)
        edu.append(f.edu)
        birth.append(f.birth)
        gender.append(f.gender)
        local.append(f.local)
    slots = np.frombuffer(ids, np.int64) if ids else np.empty(0, np.int64)
    size = int(slots.max()) + 1 if len(slots) else 0
    facts = {name: np.zeros(size, dtype) for name, dtype in FACTS}
    for name, values in (("edu", edu), ("birth", birth), ("gender", gender), ("local", local)):
        facts[name][slots] = np.frombuffer(values, facts[name].dtype) if len(values) else 0
    facts["available"][slots] = facts["present"][slots] = True
    held = _held(engine, facts["present"])
    phrases, unknown = _phrase_postings(engine, facts["present"])
    engine.load_seekers(facts, held, phrases, unknown)


def _held(engine: MatchEngine, present: np.ndarray) -> tuple:
    """(slots, competency codes, confidence): each seeker's best reading of each hard
    competency, and 1.0 for those certified by completed training."""
    taxonomy = base_taxonomy()
    code = {c: engine.competency_code(c) for c in taxonomy.competencies if not taxonomy.is_soft(c)}
    slots, codes, conf = array("q"), array("q"), array("f")
    hard = (SkillMention.competency_id.is_not(None), SkillMention.method != "soft", SkillMention.seeker_id.is_not(None))
    for seeker_id, comp_id, confidence in _stream(select(SkillMention.seeker_id, SkillMention.competency_id,
                                                          SkillMention.confidence).where(*hard)):
        c = code.get(comp_id)
        if c is not None and seeker_id < len(present):
            slots.append(seeker_id)
            codes.append(c)
            conf.append(confidence)
    for seeker_id, comp_id in _stream(select(Certification.seeker_id, Certification.competency_id)):
        c = code.get(comp_id)
        if c is not None and seeker_id < len(present):
            slots.append(seeker_id)
            codes.append(c)
            conf.append(1.0)
    s, k, v = (np.frombuffer(a, t) if len(a) else np.empty(0, t)
               for a, t in ((slots, np.int64), (codes, np.int64), (conf, np.float32)))
    keep = present[s] if len(s) else np.empty(0, bool)
    s, k, v = s[keep], k[keep], v[keep]
    # one posting per (seeker, competency): the best confidence
    order = np.lexsort((-v, s, k))
    s, k, v = s[order], k[order], v[order]
    first = np.ones(len(s), bool)
    first[1:] = (s[1:] != s[:-1]) | (k[1:] != k[:-1])
    return k[first], s[first], v[first]


def _phrase_postings(engine: MatchEngine, present: np.ndarray) -> tuple[tuple, tuple]:
    """((slots, phrase ids), (slots, unknown-phrase ids)) from the stored cores."""
    out = {False: (array("q"), array("q")), True: (array("q"), array("q"))}
    indexes = {False: engine.phrases, True: engine.unknown_phrases}
    query = select(SkillMention.seeker_id, SkillMention.core, SkillMention.competency_id.is_(None)) \
        .where(SkillMention.seeker_id.is_not(None), SkillMention.core != "")
    for seeker_id, core, unknown in _stream(query):
        if seeker_id >= len(present) or not present[seeker_id]:
            continue
        for kind in ((False, True) if unknown else (False,)):
            index = indexes[kind]
            pid = index.ids.get(core)
            if pid is None:
                pid = index.add_many([core], merge=False)[0]
            out[kind][0].append(seeker_id)
            out[kind][1].append(pid)
    # The n-gram vectors of every distinct phrase are the slow part of a start (about 50 us each);
    # only requirements the taxonomy cannot place search them, so those wait and nothing else does.
    from service.preload import give_back_freed_memory
    engine.phrases.merge_in_background(then=give_back_freed_memory)
    engine.unknown_phrases.merge()
    result = []
    for kind in (False, True):
        s, p = (np.frombuffer(a, np.int64) if len(a) else np.empty(0, np.int64) for a in out[kind])
        key = p * (len(present) + 1) + s
        _, first = np.unique(key, return_index=True)   # one posting per (phrase, seeker)
        result.append((s[first], p[first]))
    return result[0], result[1]


def _stream(query):
    """Rows as plain tuples straight from the driver, a chunk at a time (a server-side cursor on
    PostgreSQL): a million rows through the ORM's Row objects would cost seconds."""
    sql = str(query.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
    raw = db.session.connection().connection.driver_connection
    cursor = raw.cursor("padan_load") if db.engine.dialect.name == "postgresql" else raw.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(CHUNK):
            yield from rows
    finally:
        cursor.close()


def worker_index() -> WorkerIndex:
    return current_app.extensions.setdefault("padan_matching", WorkerIndex())


def vacancy_matches(vacancy_id: int, limit: int) -> list[dict]:
    """The best candidates for a vacancy, each with its explanation."""
    vacancy = get_or_404(Vacancy, vacancy_id, "vacancy")
    names: dict[int, str] = {}     # read with their skills, one query for both
    ranked = worker_index().current().rank_seekers(vacancy_profile(vacancy), limit=limit, today=date.today(),
                                                   skills_loader=lambda ids: mentions.seeker_skills(ids, names))
    audit.read(names, "match-list")  # names shown beside each candidate: a read of their records
    return [{"seeker_id": m.candidate_id, "full_name": names.get(m.candidate_id), **_explained(m)}
            for m in ranked if m.candidate_id in names]


def seeker_matches(seeker_id: int, limit: int) -> list[dict]:
    """The vacancies that fit a seeker best, each with its explanation."""
    seeker = get_or_404(Seeker, seeker_id, "seeker")
    today = date.today()
    engine = worker_index().current()
    ranked = engine.rank_vacancies(seeker_profile(seeker), limit=limit, today=today,
                                   skills=mentions.seeker_skills([seeker.id])[seeker.id])
    rows = {v.id: v for v in db.session.scalars(select(Vacancy).where(
        Vacancy.id.in_([m.candidate_id for m in ranked])).options(selectinload(Vacancy.company)))}
    return [{"vacancy_id": m.candidate_id, "title": rows[m.candidate_id].title,
             "company_name": rows[m.candidate_id].company.name, **_explained(m)}
            for m in ranked if m.candidate_id in rows and vacancy_profile(rows[m.candidate_id], today).is_open]


def seeker_near_matches(seeker_id: int, limit: int) -> list[dict]:
    """Vacancies that fit the seeker's skills but miss one condition: each with `missed`, the vacancy's
    rule as {"condition": "education" | "min_age" | "max_age", "required": value}."""
    seeker = get_or_404(Seeker, seeker_id, "seeker")
    today = date.today()
    ranked = worker_index().current().near_vacancies(seeker_profile(seeker), limit=limit, today=today,
                                                     skills=mentions.seeker_skills([seeker.id])[seeker.id])
    rows = {v.id: v for v in db.session.scalars(select(Vacancy).where(
        Vacancy.id.in_([m.candidate_id for m in ranked])).options(selectinload(Vacancy.company)))}
    return [{"vacancy_id": m.candidate_id, "title": rows[m.candidate_id].title,
             "company_name": rows[m.candidate_id].company.name, "missed": _missed(rows[m.candidate_id], m.excluded[0]),
             **_explained(m)}
            for m in ranked if m.candidate_id in rows and vacancy_profile(rows[m.candidate_id], today).is_open]


def seeker_vacancy(seeker_id: int, vacancy_id: int) -> dict:
    """An open vacancy as a seeker sees it, with how their skills meet it and the conditions they miss.
    A vacancy no longer open is not found: seekers see only what they can still apply to."""
    seeker = get_or_404(Seeker, seeker_id, "seeker")
    vacancy = get_or_404(Vacancy, vacancy_id, "vacancy")
    today = date.today()
    profile = vacancy_profile(vacancy, today)
    if not profile.is_open:
        raise NotFound(f"No vacancy with id {vacancy_id}.")
    match = worker_index().current().explain(profile, seeker_profile(seeker), today,
                                             skills=mentions.seeker_skills([seeker.id])[seeker.id])
    missed = [_missed(vacancy, failed) for failed in match.excluded if failed.startswith(NEAR_MISS + ("gender",))]
    return {"vacancy": vacancy, "match": _explained(match), "missed": missed}


def _missed(vacancy: Vacancy, failed: str) -> dict:
    if failed.startswith("education"):
        return {"condition": "education", "required": vacancy.min_education}
    if failed.startswith("younger"):
        return {"condition": "min_age", "required": vacancy.min_age}
    if failed.startswith("gender"):
        return {"condition": "gender", "required": vacancy.gender}
    return {"condition": "max_age", "required": vacancy.max_age}


def _explained(match) -> dict:
    body = match.as_dict()
    body.pop("candidate_id")
    return body
