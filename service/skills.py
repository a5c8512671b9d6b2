"""Use cases for the skill vocabulary: phrases the taxonomy could not place, and aliases staff add.

Unknown phrases are counted when a seeker or vacancy is written, in the same transaction, so
the count is right however many workers there are. A new alias is stored and announced in
change_log; every worker rebuilds its engine with it on its next match request.
"""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from matching.normalise import Normaliser
from service.errors import Conflict, Invalid
from service.extensions import db
from service.models import ChangeLog, SkillAlias, UnknownPhrase, utcnow
from service.persistence import page, write_transaction

_normalisers: dict[tuple, Normaliser] = {}


def normaliser() -> Normaliser:
    """A normaliser for the current taxonomy, rebuilt only when the stored aliases change."""
    from service.matches import current_taxonomy
    key = tuple(db.session.execute(select(SkillAlias.id).order_by(SkillAlias.id)).scalars())
    if key not in _normalisers:
        _normalisers.clear()
        _normalisers[key] = Normaliser(current_taxonomy())
    return _normalisers[key]


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
    query = select(UnknownPhrase).order_by(UnknownPhrase.count.desc(), UnknownPhrase.phrase)
    return page(query, args["limit"], args["offset"])


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
    with write_transaction():
        if db.session.scalar(select(SkillAlias.id).where(SkillAlias.alias == alias)):
            raise Conflict(f"The alias {alias!r} is already defined.", "alias")
        row = SkillAlias(alias=alias, competency_id=competency_id, created_by=by)
        db.session.add(row)
        db.session.execute(delete(UnknownPhrase).where(UnknownPhrase.phrase == alias))
        db.session.flush()
        db.session.add(ChangeLog(entity="alias", entity_id=row.id))
    return row


def normalise(text: str) -> list[dict]:
    """How the matcher reads a piece of text (for staff checking an alias before adding it)."""
    out, current = [], normaliser()
    for m in current.mentions(text):
        comp = current.taxonomy.get(m.competency_id)
        out.append({"text": m.text, "competency_id": m.competency_id, "label_id": comp and comp.label_id,
                    "confidence": round(m.confidence, 3), "method": m.method, "alias": m.alias})
    return out
