"""The change feed: what changed, in commit order, for integrations (Karirhub-style sync) and for
every worker's matching index (service/matches.py).

A write use case records its changes (`record`, or a `ChangeLog` row added to the session) and
they are inserted at the very end of its transaction, just before COMMIT. On PostgreSQL that
insert runs under one transaction-level advisory lock, held until the commit: no other
transaction can take a change_log id between this one taking its ids and committing, so ids
become visible in the order they were handed out, and a reader that sees cursor 11 already
sees cursor 10 (a plain sequence does not promise that: a transaction may take 10, stall, and
commit after another took and committed 11). The lock holder touches no other row, so writers
queue for it only for the length of an INSERT and a COMMIT and can never deadlock on it.
SQLite needs no lock: its write transactions already run one at a time.
"""
from __future__ import annotations

import itertools

from flask_sqlalchemy.session import Session
from sqlalchemy import event, select, text

from service import bulk
from service.extensions import db
from service.models import ChangeLog, utcnow

FEED_ENTITIES = ("seeker", "company", "vacancy", "placement", "training", "referral", "tkm_group")
ACTIONS = ("created", "updated", "deleted")
_PENDING = "padan_pending_changes"
_FEED_LOCK = 0x5041_4441  # any fixed key; 'PADA'
_BATCH = 5000


def record(entity: str, entity_id: int, action: str = "updated") -> None:
    """Note a change to one record; written with (and only with) the current transaction's commit."""
    record_many(entity, [entity_id], action)


def record_many(entity: str, ids, action: str = "updated") -> None:
    # Kept as (entity, action, ids), not a dict per row: an import of 100,000 seekers waits here.
    db.session.info.setdefault(_PENDING, []).append((entity, action, list(ids)))


def feed(since: int | None, limit: int) -> dict:
    """The changes after cursor `since` (from the start without it), oldest first."""
    rows = db.session.execute(
        select(ChangeLog.id, ChangeLog.entity, ChangeLog.entity_id, ChangeLog.action, ChangeLog.at)
        .where(ChangeLog.id > (since or 0), ChangeLog.entity.in_(FEED_ENTITIES))
        .order_by(ChangeLog.id).limit(limit)).all()
    items = [{"cursor": r.id, "entity": r.entity, "id": r.entity_id, "action": r.action, "at": r.at} for r in rows]
    return {"items": items, "next": items[-1]["cursor"] if items else (since or 0)}


def install() -> None:
    """Hook the deferred, commit-ordered change_log insert into every Flask-SQLAlchemy session."""
    for name, hook in (("before_flush", _defer_added_rows), ("before_commit", _write_pending),
                       ("after_soft_rollback", _forget_pending)):
        if not event.contains(Session, name, hook):
            event.listen(Session, name, hook)


def _defer_added_rows(session, _context, _instances) -> None:
    """ChangeLog rows added the plain ORM way wait for the commit like recorded ones."""
    for row in [obj for obj in session.new if isinstance(obj, ChangeLog)]:
        session.expunge(row)
        session.info.setdefault(_PENDING, []).append((row.entity, row.action or "updated", [row.entity_id]))


def _write_pending(session) -> None:
    # Every other write first (the lock is taken last and held only briefly); this flush also
    # defers ChangeLog rows added since the last flush, which would otherwise be lost.
    session.flush()
    if not session.info.get(_PENDING):
        return
    pending = session.info.pop(_PENDING)
    if session.connection().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _FEED_LOCK})
    at = utcnow()
    rows = ({"entity": entity, "entity_id": i, "action": action, "at": at}
            for entity, action, ids in pending for i in ids)
    while batch := list(itertools.islice(rows, _BATCH)):
        bulk.insert_rows(ChangeLog.__table__, batch)


def _forget_pending(session, _previous_transaction) -> None:
    session.info.pop(_PENDING, None)
