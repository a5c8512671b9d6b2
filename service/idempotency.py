"""Idempotency-Key on POSTs that create: a client that retries after a lost answer gets the
records its first request created (201, `Idempotent-Replayed: true`), never a second copy.

The key is recorded by the same transaction that creates the records (a `before_commit` hook),
so the two are committed together or not at all: no crash can leave a write without its key or
a key without its write. Two concurrent requests with one key collide on the key's unique
constraint; the loser's whole transaction rolls back and it answers with the winner's records.
A key reused for a different request (another body or path) is 422; keys belong to one token.
"""
from __future__ import annotations

import contextvars
import hashlib
import re
from dataclasses import dataclass, field
from functools import wraps

from flask import request
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from service.auth import hash_token
from service.errors import Conflict, Invalid
from service.extensions import db
from service.models import IdempotencyKey

HEADER = "Idempotency-Key"
KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,255}")  # printable ASCII, no spaces (a UUID fits)
IDEMPOTENCY_HEADER = {
    "in": "header", "name": HEADER, "required": False,
    "schema": {"type": "string", "pattern": "^[\\x21-\\x7e]{1,255}$"},
    "description": "Any unique string (a UUID): a retry with the same key and body answers with the records "
                   "the first request created (header Idempotent-Replayed: true) instead of creating them again."}


@dataclass
class _Pending:
    scope: str
    key: str
    fingerprint: str
    model: type
    created: list = field(default_factory=list)
    recorded: bool = False


_pending: contextvars.ContextVar[_Pending | None] = contextvars.ContextVar("idempotency_pending", default=None)


@event.listens_for(Session, "after_flush")
def _collect_created(session, _flush_context):
    pending = _pending.get()
    if pending and not pending.recorded:
        pending.created += [obj for obj in session.new if isinstance(obj, pending.model)]


@event.listens_for(Session, "before_commit")
def _record_key(session):
    pending = _pending.get()
    if pending and not pending.recorded:
        session.flush()
        if pending.created:
            session.add(IdempotencyKey(scope=pending.scope, key=pending.key, fingerprint=pending.fingerprint,
                                       created_ids=sorted(obj.id for obj in pending.created)))
            session.flush()
            pending.recorded = True


@event.listens_for(Session, "after_rollback")
def _forget_created(_session):
    pending = _pending.get()
    if pending and not pending.recorded:
        pending.created.clear()


def _fingerprint() -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    if request.files or request.form:
        # A retried multipart upload has a new boundary: compare what it carries, not its bytes.
        for name, value in sorted(request.form.items(multi=True)):
            digest.update(f"form {name}={value}\n".encode())
        for name, upload in sorted(request.files.items(multi=True)):
            digest.update(f"file {name} {upload.filename}\n".encode())
            digest.update(upload.stream.read())
            upload.stream.seek(0)
    else:
        digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def _scope() -> str:
    return hash_token(request.headers.get("Authorization", "").partition(" ")[2].strip())


def _stored(scope: str, key: str) -> IdempotencyKey | None:
    return db.session.scalar(select(IdempotencyKey).where(IdempotencyKey.scope == scope, IdempotencyKey.key == key))


def idempotent(model: type, answer):
    """Honour Idempotency-Key on a creating view; `answer(records)` rebuilds its result from the
    records created (in id order), so a replay is dumped by the view's own response schema."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            key = request.headers.get(HEADER)
            if key is None:
                return view(*args, **kwargs)
            if not KEY_PATTERN.fullmatch(key):
                raise Invalid("Idempotency-Key must be 1-255 printable ASCII characters without spaces.", HEADER)
            pending = _Pending(_scope(), key, _fingerprint(), model)
            if (stored := _stored(pending.scope, key)) is not None:
                return _replay(stored, pending, answer)
            token = _pending.set(pending)
            try:
                return view(*args, **kwargs)
            except Conflict:
                stored = _stored(pending.scope, key)  # a concurrent request with this key won the race
                if stored is None:
                    raise
                return _replay(stored, pending, answer)
            finally:
                _pending.reset(token)
        return wrapped
    return decorator


def _replay(stored: IdempotencyKey, pending: _Pending, answer):
    if stored.fingerprint != pending.fingerprint:
        raise Invalid("This Idempotency-Key was used for a different request; use a new key.", HEADER)
    records = db.session.scalars(select(pending.model).where(pending.model.id.in_(stored.created_ids))
                                 .order_by(pending.model.id)).all()
    return answer(records), 201, {"Idempotent-Replayed": "true"}
