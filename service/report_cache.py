"""The local-hiring report, cached in each worker per (question, data version), so the TKP3D
dashboard before a meeting (50 people at once, a million placements) costs one computation per
worker, not one per request.

The data version is the id of the last `change_log` row of entity 'report' (or 'reset'). Every
transaction that writes what the report reads (placements, companies, their commitments,
targets: through the ORM or a bulk statement) adds one such row, in the same transaction, so a
worker that sees a newer version knows its cached answer may be stale and recomputes. The row
goes through the change feed (service/changes.py), whose ids become visible in commit order: a
lower id never appears after a higher one was read. A reader that reads version V and then a
report that already holds a write V+1 only caches a newer answer under V; the next reader sees
V+1 and recomputes.
"""
from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from datetime import date
from functools import wraps
from itertools import chain

from flask import current_app
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from service import changes
from service.extensions import db
from service.models import ChangeLog, Company, CompanyCommitment, HiringTarget, Placement

REPORT_MODELS = (Placement, Company, CompanyCommitment, HiringTarget)
VERSION_ENTITIES = ("report", "reset")
_CHANGED = "padan_report_data_changed"
CACHE_SIZE = 64


def _mark_changed(session) -> None:
    if not session.info.get(_CHANGED):
        session.info[_CHANGED] = True
        changes.record("report", 0)  # written at COMMIT, in commit order (service/changes.py)


@event.listens_for(Session, "before_flush")
def _orm_writes(session, _context, _instances):
    if any(isinstance(obj, REPORT_MODELS) for obj in chain(session.new, session.dirty, session.deleted)):
        _mark_changed(session)


@event.listens_for(Session, "do_orm_execute")
def _bulk_writes(state):
    if (state.is_insert or state.is_update or state.is_delete) and state.bind_mapper is not None \
            and state.bind_mapper.class_ in REPORT_MODELS:
        _mark_changed(state.session)


@event.listens_for(FlaskSession, "before_commit", insert=True)
def _flush_before_the_feed(session):
    """Flush before the change feed writes its rows, so a write flushed only by COMMIT still adds its 'report' row."""
    session.flush()


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _transaction_over(session):
    session.info.pop(_CHANGED, None)


def data_version() -> int:
    """The newest report-data change this worker can see (an index lookup)."""
    return db.session.scalar(select(func.max(ChangeLog.id)).where(ChangeLog.entity.in_(VERSION_ENTITIES))) or 0


class _Lru:
    def __init__(self, size: int):
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)


def _frozen(value):
    """A cache key part from arguments that may hold lists (the breakdowns asked for)."""
    return tuple(map(_frozen, value)) if isinstance(value, (list, tuple)) else value


def cached_by_data_version(*config_keys: str):
    """Answer from this app's cache while the data version, the day (projections move with it) and
    the named settings are unchanged; callers get their own copy to change as they like."""
    def decorator(compute):
        @wraps(compute)
        def cached(*args, **kwargs):
            cache = current_app.extensions.setdefault("report_cache", _Lru(CACHE_SIZE))
            settings = tuple(current_app.config[name] for name in config_keys)
            key = (compute.__name__, data_version(), date.today(), settings, _frozen(args),
                   _frozen(sorted(kwargs.items())))
            answer = cache.get(key)
            if answer is None:
                answer = compute(*args, **kwargs)
                cache.put(key, answer)
            return copy.deepcopy(answer)
        return cached
    return decorator
