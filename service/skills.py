"""Use cases for the skill vocabulary: phrases the taxonomy could not place, and aliases staff add.

Unknown phrases are counted when a seeker or vacancy is written, in the same transaction, so
the count is right however many workers there are. A new alias is stored and announced in
change_log; every worker rebuilds its engine with it on its next match request.
"""
from __future__ import annotations

import functools
import threading

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from matching import stored
from matching.normalise import Normaliser
from service import rereads
from service.errors import Conflict, Invalid
from service.extensions import db
from service.models import ChangeLog, SkillAlias, SkillReread, UnknownPhrase, utcnow
from service.persistence import page, write_transaction

_readings: dict[tuple, tuple[Normaliser, str]] = {}
_building = threading.Lock()


def reading() -> tuple[Normaliser, str]:
    """A normaliser for the current taxonomy and the version tag of what it reads, rebuilt only
    when the stored aliases change."""
    return reading_for(_alias_rows())


def ready_reading(background: bool = True) -> tuple[Normaliser, str] | None:
    """The current reading if this process has built it; else None, and a thread builds it
    (`background=False`: built now)."""
    aliases = _alias_rows()
    found = _readings.get(tuple(a.id for a in aliases))
    if found is None and not background:
        return reading_for(aliases)
    if found is None and not _building.locked():
        threading.Thread(target=reading_for, args=(aliases,), daemon=True, name="padan-reading").start()
    return found


def _alias_rows() -> list:
    """The staff aliases, read once per transaction (a list of 50 vacancies must not read them 50 times)."""
    transaction = db.session().get_transaction()
    kept = db.session.info.get("padan_alias_rows")
    if transaction is not None and kept and kept[0] is transaction:
        return kept[1]
    rows = db.session.execute(select(SkillAlias.id, SkillAlias.alias, SkillAlias.competency_id)
                              .order_by(SkillAlias.id)).all()
    db.session.info["padan_alias_rows"] = (db.session().get_transaction(), rows)
    return rows


def reading_for(aliases) -> tuple[Normaliser, str]:
    """The reading for these (id, alias, competency_id) rows, built once per process."""
    key = tuple(a.id for a in aliases)
    found = _readings.get(key)
    if found is None:
        with _building:  # a background re-reading and a request may both ask for it
            found = _readings.get(key)
            if found is None:
                from service.matches import base_taxonomy
                extra: dict[str, list[str]] = {}
                for _, alias, competency_id in aliases:
                    extra.setdefault(competency_id, []).append(alias)
                taxonomy = base_taxonomy().with_aliases(extra) if extra else base_taxonomy()
                found = (Normaliser(taxonomy),
                         stored.reading_version(shipped(), [(a.alias, a.competency_id) for a in aliases]))
                _readings.clear()
                _readings[key] = found
    return found


@functools.cache
def shipped() -> str:
    return stored.shipped_version()


def normaliser() -> Normaliser:
    return reading()[0]


def count_unknown(texts: list[str]) -> None:
    """Add one to the count of each phrase in these texts that names no known competency."""
    current = normaliser()  # one look-up of the alias set, not one per text
    phrases = {m.text[:300] for text in texts for m in current.mentions(text)
               if m.competency_id is None and m.text.strip()}
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    for phrase in sorted(phrases):  # a fixed order keeps concurrent upserts from deadlocking
        stmt = dialect.insert(UnknownPhrase).values(phrase=phrase, count=1, last_seen=utcnow())
        db.session.execute(stmt.on_conflict_do_update(
            index_elements=[UnknownPhrase.phrase],
            set_={"count": UnknownPhrase.count + 1, "last_seen": stmt.excluded.last_seen}))


def list_unknown(args: dict) -> dict:
    """Unplaced phrases, most frequent first, each with the competency the normaliser would
    guess (for staff to confirm with one alias), or None."""
    query = select(UnknownPhrase).order_by(UnknownPhrase.count.desc(), UnknownPhrase.phrase)
    result = page(query, args["limit"], args["offset"])
    current = normaliser()
    result["items"] = [{"phrase": p.phrase, "count": p.count, "last_seen": p.last_seen,
                        "suggestion": _suggestion(current, p.phrase)} for p in result["items"]]
    return result


def _suggestion(current: Normaliser, phrase: str) -> dict | None:
    guesses = [m.suggestion for m in current.mentions(phrase) if m.suggestion]
    comp = current.taxonomy.get(guesses[0]) if guesses else None
    return comp and {"id": comp.id, "label_id": comp.label_id}


def list_competencies() -> list[dict]:
    from service.matches import current_taxonomy
    taxonomy = current_taxonomy()
    return [{"id": c.id, "label_id": c.label_id, "label_en": c.label_en, "group": c.group,
             "kbji": c.kbji, "skkni": c.skkni, "aliases": list(c.aliases),
             "related": dict(taxonomy.related(c.id))} for c in taxonomy.competencies.values()]


def add_alias(alias: str, competency_id: str, by: str) -> SkillAlias:
    """Teach the matcher a new way of writing a competency; the phrase leaves the unknown list."""
    from service.matches import base_taxonomy
    alias = " ".join(alias.lower().split())
    if competency_id not in base_taxonomy():
        raise Invalid(f"No competency with id {competency_id!r}.", "competency_id")
    words = sorted(stored.telling_words(normaliser(), [alias]))   # what the re-reading looks for
    with write_transaction():
        if db.session.scalar(select(SkillAlias.id).where(SkillAlias.alias == alias)):
            raise Conflict(f"The alias {alias!r} is already defined.", "alias")
        row = SkillAlias(alias=alias, competency_id=competency_id, created_by=by)
        db.session.add(row)
        db.session.execute(delete(UnknownPhrase).where(UnknownPhrase.phrase == alias))
        db.session.flush()
        db.session.add(ChangeLog(entity="alias", entity_id=row.id))
        db.session.add(SkillReread(reason="alias", words=words))
    rereads.start_in_background(current_app._get_current_object())
    return row


def normalise(text: str) -> list[dict]:
    """How the matcher reads a piece of text (for staff checking an alias before adding it)."""
    out, current = [], normaliser()
    for m in current.mentions(text):
        comp = current.taxonomy.get(m.competency_id)
        guess = current.taxonomy.get(m.suggestion)
        out.append({"text": m.text, "competency_id": m.competency_id, "label_id": comp and comp.label_id,
                    "confidence": round(m.confidence, 3), "method": m.method, "alias": m.alias,
                    "words": m.words or None,
                    "suggestion": guess and {"id": guess.id, "label_id": guess.label_id}})
    return out


def occupation_title(code: str | None) -> str | None:
    """The official KBJI 2014 title of a code (a 6-digit occupation or a 4-digit unit group)."""
    found = normaliser().taxonomy.occupation(code)
    return found.title if found else None


def suggest_occupation(title: str) -> dict | None:
    """The KBJI 2014 occupation a vacancy title names: the official occupation when the title is
    one (6-digit code), else the code of the competency the title is read as (a reading, never a
    guess), when exactly one code is named."""
    current = normaliser()
    official = current.occupation(title)
    if official is not None:
        comp = current.taxonomy.get(official.competencies[0] if official.competencies else None)
        return {"code": official.code, "title": official.title,
                "competency_id": comp.id if comp else None, "label_id": comp.label_id if comp else None}
    comps = [current.taxonomy[m.competency_id] for m in current.mentions(title) if m.is_hard]
    coded = {c.kbji: c for c in comps if c.kbji}
    if len(coded) != 1:
        return None
    code, comp = coded.popitem()
    return {"code": code, "title": None, "competency_id": comp.id, "label_id": comp.label_id}
