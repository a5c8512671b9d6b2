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
import os
import sqlite3

import click
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from schemas.common import MAX_INT
from service.errors import Conflict, NotFound
from service.extensions import db

_immediate = contextvars.ContextVar("sqlite_begin_immediate", default=False)


def engine_settings(config) -> None:
    """Fill in the engine's URL and options from the config: timeouts for PostgreSQL, and a
    SQLite file opened read-write only, so a missing file is an error, never a new empty database
    (`flask db upgrade` creates it: `create_sqlite_file`)."""
    url = make_url(config["SQLALCHEMY_DATABASE_URI"])
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
    connect_args = dict(options.get("connect_args", {}))
    if url.get_backend_name() == "postgresql":
        connect_args.setdefault("connect_timeout", config["DB_CONNECT_TIMEOUT"])
        connect_args.setdefault("options", f"-c statement_timeout={statement_timeout(config) * 1000}")
        options["pool_timeout"] = config["DB_CONNECT_TIMEOUT"]
    elif sqlite_path(url) and not url.query.get("uri"):
        url = url.set(database=f"file:{sqlite_path(url)}?mode=rw", query={"uri": "true"})
    options["connect_args"] = connect_args
    config["SQLALCHEMY_DATABASE_URI"] = url.render_as_string(hide_password=False)
    config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def statement_timeout(config) -> int:
    """Seconds a statement may run while serving; 0 (none) for a command (`flask db upgrade` building
    an index over a million rows, a seed, a key rotation), which does long work by design."""
    return 0 if click.get_current_context(silent=True) is not None else config["DB_STATEMENT_TIMEOUT"]


def sqlite_path(url) -> str | None:
    """The file of a SQLite URL (None for an in-memory database or another database)."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database.startswith("file:"):
        database = database[len("file:"):].split("?", 1)[0]
    return None if database in ("", ":memory:") else os.path.abspath(database)


def create_sqlite_file(engine) -> None:
    """Make the empty SQLite file the migrations then fill (only `flask db upgrade` calls this)."""
    path = sqlite_path(engine.url)
    if path and not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        sqlite3.connect(path).close()


def configure_engine(engine, statement_timeout: int = 0) -> None:
    """Apply the SQLite settings above; on PostgreSQL, a deadline on every round trip
    (service/watchdog.py) for a server that is frozen rather than gone."""
    if engine.dialect.name == "postgresql" and statement_timeout:
        from service.watchdog import GRACE_SECONDS, watch_round_trips
        watch_round_trips(engine.dialect, statement_timeout + GRACE_SECONDS)
    if engine.dialect.name != "sqlite":
        return

    class _WithIndexHints(engine.dialect.statement_compiler):
        """`select(...).with_hint(Model, "INDEXED BY ix_...", "sqlite")` written out (SQLAlchemy's
        SQLite compiler drops table hints): SQLite picks a plan without statistics about
        partial indexes, and one query (the needs report's supply) is 10x faster told which."""
        def get_from_hint_text(self, table, text):
            return text

    engine.dialect.statement_compiler = _WithIndexHints

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


@contextlib.contextmanager
def side_transaction():
    """A short write on a connection of its own, committed at the end, that leaves the request's
    session and the objects it loaded untouched (no commit expires them): for notes such as the
    audit trail's reads."""
    token = _immediate.set(True)
    try:
        with db.engine.begin() as conn:
            yield conn
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
