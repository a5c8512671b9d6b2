"""Page sessions kept on the server: the cookie carries only a random id, and the row it names
decides. Signing out ends the row, so a copied cookie stops working; a session also ends
SESSION_HOURS after sign-in and after SESSION_IDLE_MINUTES without a request."""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from service.extensions import db
from service.keys import keyed_hash
from service.models import WebSession, aware, utcnow
from service.persistence import write_transaction

# last_seen_at is written at most this often, so reading pages is not a write per request.
TOUCH_SECONDS = 60


def _hash(sid: str) -> str:
    return keyed_hash("session", sid)


def open_session(kind: str, subject_id: int) -> str:
    """A new session for an account ('account') or a seeker's access code ('seeker'): its id."""
    sid = secrets.token_urlsafe(32)
    with write_transaction():
        db.session.add(WebSession(sid_hash=_hash(sid), kind=kind, subject_id=subject_id))
    return sid


def live_session(sid: str) -> WebSession | None:
    """The session if it has not ended, expired or idled out; notes that it was used."""
    row = db.session.scalar(select(WebSession).where(WebSession.sid_hash == _hash(sid)))
    now = utcnow()
    config = current_app.config
    if (row is None or row.ended_at is not None
            or now - aware(row.created_at) > timedelta(hours=config["SESSION_HOURS"])
            or now - aware(row.last_seen_at) > timedelta(minutes=config["SESSION_IDLE_MINUTES"])):
        return None
    if now - aware(row.last_seen_at) > timedelta(seconds=TOUCH_SECONDS):
        with write_transaction():
            db.session.execute(update(WebSession).where(WebSession.id == row.id).values(last_seen_at=now))
    return row


def end_session(sid: str) -> None:
    with write_transaction():
        db.session.execute(update(WebSession).where(WebSession.sid_hash == _hash(sid), WebSession.ended_at.is_(None))
                           .values(ended_at=utcnow()))


def end_all(kind: str, subject_id: int) -> None:
    """End every session of this account or access code (inside the caller's transaction)."""
    db.session.execute(update(WebSession).where(WebSession.kind == kind, WebSession.subject_id == subject_id,
                                                WebSession.ended_at.is_(None)).values(ended_at=utcnow()))
