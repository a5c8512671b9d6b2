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
from datetime import date

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from matching.engine import MatchEngine
from matching.profiles import SeekerProfile, SkillRequirement, VacancyProfile
from matching.scoring import MatchConfig
from matching.taxonomy import Taxonomy, load_taxonomy
from service import skills
from service.extensions import db
from service.models import ChangeLog, Seeker, SkillAlias, Vacancy
from service.persistence import get_or_404

GAP_SECONDS = 10.0
BATCH = 2000


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
        available=seeker.consent and seeker.status == "active",
        certified=tuple(c.competency_id for c in seeker.certifications))


def vacancy_profile(vacancy: Vacancy, today: date | None = None) -> VacancyProfile:
    today = today or date.today()
    return VacancyProfile(
        id=vacancy.id, title=vacancy.title,
        required_skills=tuple(SkillRequirement(s["text"], s.get("essential", True)) for s in vacancy.required_skills),
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

    def current(self) -> MatchEngine:
        with self.lock:
            if self.engine is None:
                self._rebuild()
            else:
                self._catch_up()
            return self.engine

    def _rebuild(self) -> None:
        mark = db.session.scalar(select(func.max(ChangeLog.id))) or 0
        normaliser = skills.normaliser()  # cached per alias set: the costly part of a rebuild
        engine = MatchEngine(normaliser.taxonomy, MatchConfig(local_boost=current_app.config["MATCH_LOCAL_BOOST"]),
                             normaliser=normaliser)
        seekers = select(Seeker).where(Seeker.status == "active", Seeker.consent.is_(True)) \
            .options(selectinload(Seeker.certifications)).execution_options(yield_per=BATCH)
        for seeker in db.session.scalars(seekers):
            engine.upsert_seeker(seeker_profile(seeker))
        for vacancy in db.session.scalars(select(Vacancy).where(Vacancy.status == "open")):
            engine.upsert_vacancy(vacancy_profile(vacancy))
        self.engine, self.mark, self.seen, self.gaps = engine, mark, set(), {}

    def _catch_up(self) -> None:
        rows = db.session.execute(select(ChangeLog.id, ChangeLog.entity, ChangeLog.entity_id)
                                  .where(ChangeLog.id > self.mark).order_by(ChangeLog.id)).all()
        rows = [r for r in rows if r.id not in self.seen]
        if not rows:
            self._advance()
            return
        if any(r.entity in ("alias", "reset") for r in rows):
            self._rebuild()
            return
        self._refresh_seekers({r.entity_id for r in rows if r.entity == "seeker"})
        self._refresh_vacancies({r.entity_id for r in rows if r.entity == "vacancy"})
        self.seen.update(r.id for r in rows)
        now = time.monotonic()
        for missing in set(range(self.mark + 1, rows[-1].id)) - self.seen:
            self.gaps.setdefault(missing, now)
        self._advance()

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
        found = db.session.scalars(select(Seeker).where(Seeker.id.in_(ids))
                                   .options(selectinload(Seeker.certifications))).all()
        for seeker in found:
            profile = seeker_profile(seeker)
            if profile.available:
                self.engine.upsert_seeker(profile)
            else:
                self.engine.remove_seeker(seeker.id)
        for gone in ids - {s.id for s in found}:
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


def worker_index() -> WorkerIndex:
    return current_app.extensions.setdefault("padan_matching", WorkerIndex())


def vacancy_matches(vacancy_id: int, limit: int) -> list[dict]:
    """The best candidates for a vacancy, each with its explanation."""
    vacancy = get_or_404(Vacancy, vacancy_id, "vacancy")
    ranked = worker_index().current().rank_seekers(vacancy_profile(vacancy), limit=limit, today=date.today())
    names = dict(db.session.execute(select(Seeker.id, Seeker.full_name)
                                    .where(Seeker.id.in_([m.candidate_id for m in ranked]))).all())
    return [{"seeker_id": m.candidate_id, "full_name": names.get(m.candidate_id), **_explained(m)}
            for m in ranked if m.candidate_id in names]


def seeker_matches(seeker_id: int, limit: int) -> list[dict]:
    """The vacancies that fit a seeker best, each with its explanation."""
    seeker = get_or_404(Seeker, seeker_id, "seeker")
    today = date.today()
    ranked = worker_index().current().rank_vacancies(seeker_profile(seeker), limit=limit, today=today)
    rows = {v.id: v for v in db.session.scalars(select(Vacancy).where(
        Vacancy.id.in_([m.candidate_id for m in ranked])).options(selectinload(Vacancy.company)))}
    return [{"vacancy_id": m.candidate_id, "title": rows[m.candidate_id].title,
             "company_name": rows[m.candidate_id].company.name, **_explained(m)}
            for m in ranked if m.candidate_id in rows and vacancy_profile(rows[m.candidate_id], today).is_open]


def _explained(match) -> dict:
    body = match.as_dict()
    body.pop("candidate_id")
    return body
