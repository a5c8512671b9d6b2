"""The audit trail: every read of a person's record and every change, by whom, when and what.

Entries name fields, never their values, and hold no personal data, so they may outlive an
erasure. They are only ever added (no use case edits or deletes one; a trigger refuses UPDATE).
"""
from __future__ import annotations

from collections.abc import Iterable

from flask import g, has_request_context
from sqlalchemy import insert, select

from schemas.common import MAX_INT
from service.extensions import db
from service.errors import NotFound
from service.models import AuditEntry, Seeker, utcnow
from service.persistence import page, side_transaction


def _actor() -> tuple[str, str]:
    """(name, role) of whoever acts: the token name or account of the request, else the command line."""
    principal = g.get("principal") if has_request_context() else None
    return (principal.name, principal.role) if principal else ("command line", "system")


def _rows(seeker_ids: Iterable[int], action: str, detail: str | None) -> list[dict]:
    name, role = _actor()
    return [{"actor": name, "actor_role": role, "seeker_id": seeker_id, "action": action, "at": utcnow(),
             "detail": detail and detail[:500]} for seeker_id in dict.fromkeys(seeker_ids)]


def note(seeker_ids: Iterable[int], action: str, detail: str | None = None) -> None:
    """Add entries inside the caller's transaction (for changes, so the entry commits with them)."""
    rows = _rows(seeker_ids, action, detail)
    if rows:  # one statement for a whole page of rows, not one per row
        db.session.execute(insert(AuditEntry), rows)


def read(seeker_ids: Iterable[int], action: str = "read") -> None:
    """Record that these people's records were read, on a connection of its own (the objects read
    stay loaded for the page or answer that shows them)."""
    rows = _rows(seeker_ids, action, None)
    if rows:
        with side_transaction() as conn:
            conn.execute(insert(AuditEntry), rows)


def access_log(seeker_id: int, limit: int = 100, offset: int = 0) -> dict:
    """Who read or changed this person's record, newest first; NotFound if there never was such a person."""
    if not 0 < seeker_id <= MAX_INT:  # an id no column can hold was never a person
        raise NotFound(f"No seeker with id {seeker_id}.")
    query = select(AuditEntry).where(AuditEntry.seeker_id == seeker_id).order_by(AuditEntry.id.desc())
    result = page(query, limit, offset)
    if result["total"] == 0 and db.session.get(Seeker, seeker_id) is None:
        raise NotFound(f"No seeker with id {seeker_id}.")
    return result
