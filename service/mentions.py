"""Stored mentions: what the normaliser read in each seeker's and vacancy's skills, written in the
transaction that writes the record, read back as `SeekerSkills` for explanations, and counted by
SQL for reports. See `matching.stored` for the row format and `service.rereads` for keeping them
current when the vocabulary changes.
"""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete, insert, select

from matching.normalise import Normaliser
from matching.scoring import SeekerSkills, skills_from_mentions
from matching.stored import MENTION_FIELDS, as_row, from_row
from service import skills
from service.extensions import db
from service.models import Certification, Seeker, SkillMention, Vacancy

_FIELDS = [getattr(SkillMention, name) for name in MENTION_FIELDS]


def seeker_texts(seeker: Seeker) -> list[str]:
    return list(seeker.skills or ())


def vacancy_texts(vacancy: Vacancy) -> list[str]:
    return [s["text"] for s in vacancy.required_skills or ()]


def write_seekers(seekers, reading: tuple[Normaliser, str] | None = None) -> int:
    """Replace the stored mentions of these seekers (flushed rows) with a fresh reading; rows written."""
    return _write(SkillMention.seeker_id, {s.id: seeker_texts(s) for s in seekers}, reading)


def write_vacancies(vacancies, reading: tuple[Normaliser, str] | None = None) -> int:
    return _write(SkillMention.vacancy_id, {v.id: vacancy_texts(v) for v in vacancies}, reading)


def rows_for(owner: str, owner_id: int, texts: list[str], normaliser: Normaliser, version: str) -> list[dict]:
    """The rows that store how `normaliser` reads these texts."""
    return [{owner: owner_id, "entry": entry, "version": version, **as_row(m)}
            for entry, text in enumerate(texts) for m in normaliser.mentions(text)]


def _write(column, texts_by_owner: dict[int, list[str]], reading) -> int:
    if not texts_by_owner:
        return 0
    normaliser, version = reading or skills.reading()
    ids = sorted(texts_by_owner)
    for start in range(0, len(ids), 500):  # stays within every database's bound-parameter limit
        db.session.execute(delete(SkillMention).where(column.in_(ids[start:start + 500])))
    rows = [row for owner_id in ids
            for row in rows_for(column.key, owner_id, texts_by_owner[owner_id], normaliser, version)]
    if rows:
        db.session.execute(insert(SkillMention), rows)
    return len(rows)


def stored_mentions(column, ids) -> dict[int, dict[int, list]]:
    """{owner id: {entry: [Mention, ...]}} in the order they were read."""
    out: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    query = (select(column.label("owner"), SkillMention.entry, *_FIELDS).where(column.in_(list(ids)))
             .order_by(column, SkillMention.entry, SkillMention.id))
    for row in db.session.execute(query):
        out[row.owner][row.entry].append(from_row(row._mapping))
    return out


def seeker_skills(ids, names: dict[int, str] | None = None) -> dict[int, SeekerSkills]:
    """The skills of these seekers as stored (mentions and certifications), for explanations;
    their names into `names` when given (read in the same query: a match list shows both)."""
    from service.matches import base_taxonomy
    ids = list(ids)
    if not ids:
        return {}
    taxonomy = base_taxonomy()
    texts = {}
    for seeker_id, skills_written, full_name in db.session.execute(
            select(Seeker.id, Seeker.skills, Seeker.full_name).where(Seeker.id.in_(ids))):
        texts[seeker_id] = skills_written
        if names is not None:
            names[seeker_id] = full_name
    mentions = stored_mentions(SkillMention.seeker_id, ids)
    certified = defaultdict(list)
    for seeker_id, comp_id in db.session.execute(select(Certification.seeker_id, Certification.competency_id)
                                                 .where(Certification.seeker_id.in_(ids))):
        certified[seeker_id].append(comp_id)
    out = {}
    for seeker_id, entries in texts.items():
        read = [(text, [m for m in mentions[seeker_id].get(i, ()) if not m.competency_id or m.competency_id in taxonomy])
                for i, text in enumerate(entries or ())]
        out[seeker_id] = skills_from_mentions(taxonomy, read, certified[seeker_id])
    return out
