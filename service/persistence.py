"""Transactions: who owns them, and how SQLite is made safe for several gunicorn workers.

Every write use case runs inside `write_transaction()`. On SQLite that transaction starts with
BEGIN IMMEDIATE, taking the write lock before the first read, so a worker never reads a
snapshot it then cannot write from ("database is locked"); WAL lets readers go on meanwhile,
and the busy timeout makes writers queue instead of failing. On PostgreSQL the guarded UPDATE
statements in the use cases (e.g. `filled < openings`) serialise the contended rows.
"""
from __future__ import annotations

import contextlib
import contextvars

from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from schemas.common import MAX_INT
from service.errors import Conflict, NotFound
from service.extensions import db

_immediate = contextvars.ContextVar("sqlite_begin_immediate", default=False)


def configure_engine(engine) -> None:
    """Apply the SQLite settings above; PostgreSQL needs none."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # let the 'begin' hook below issue BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted content is overwritten, so an erased person is gone from the file itself.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _immediate.get() else "BEGIN")


@contextlib.contextmanager
def write_transaction():
    """Run the block in one transaction that commits at the end or rolls back on any error."""
    db.session.commit()  # end the read transaction this request may have opened
    token = _immediate.set(True)
    try:
        yield db.session
        db.session.commit()
    except IntegrityError as err:
        db.session.rollback()
        raise Conflict("This record conflicts with one already stored.") from err
    except BaseException:
        db.session.rollback()
        raise
    finally:
        _immediate.reset(token)


def get_or_404(model, ident, what: str):
    """Load a record by id or raise NotFound naming what was looked for."""
    # An id no column can hold (e.g. /companies/99999999999999999999) is simply not there.
    row = db.session.get(model, ident) if 0 < ident <= MAX_INT else None
    if row is None:
        raise NotFound(f"No {what} with id {ident}.")
    return row


def contains(column, text: str):
    """Case-insensitive 'column contains text', with % and _ taken as the characters typed."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def ordered(query, args: dict, orders: dict, default: str):
    """Order by the choice `args["sort"]` names among `orders` (name -> columns), else by `default`."""
    return query.order_by(*orders.get(args.get("sort"), orders[default]))


def page(query, limit: int, offset: int) -> dict:
    """A list answer: {"items", "total", "limit", "offset"}."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = db.session.scalars(query.limit(limit).offset(offset)).all()
    return {"items": items, "total": total, "limit": limit, "offset": offset}
