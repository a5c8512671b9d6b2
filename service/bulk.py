"""Many rows into one table, fast, inside the caller's transaction, on both databases.

SQLite takes one multi-row INSERT per batch. On PostgreSQL that statement (SQLAlchemy's
"insertmanyvalues") costs more in building and parsing its thousands of placeholders than the
database spends storing the rows, so the rows are streamed with COPY into a temporary table and
moved with one INSERT ... SELECT, which can still skip conflicts and return what it stored.
"""
from __future__ import annotations

import json

from sqlalchemy import JSON, Table
from sqlalchemy.dialects import sqlite

from service.extensions import db


def insert_rows(table: Table, rows: list[dict], returning: tuple = (), skip_conflicts: bool = False) -> list:
    """Insert `rows` (every row with the same keys) into `table`; the `returning` columns of the
    rows stored. With `skip_conflicts`, a row a unique constraint refuses is left out, not an error."""
    if not rows:
        return []
    if db.engine.dialect.name != "postgresql":
        statement = sqlite.insert(table)
        if skip_conflicts:
            statement = statement.on_conflict_do_nothing()
        if returning:
            return db.session.execute(statement.returning(*returning), rows).all()
        db.session.execute(statement, rows)
        return []
    return _copy_then_insert(table, rows, returning, skip_conflicts)


def _copy_then_insert(table: Table, rows: list[dict], returning: tuple, skip_conflicts: bool) -> list:
    rows = _with_python_defaults(table, rows)
    names = list(rows[0])
    as_json = {name for name in names if isinstance(table.c[name].type, JSON)}
    columns = ", ".join(f'"{name}"' for name in names)
    staging = f"bulk_{table.name}"
    connection = db.session.connection()
    connection.exec_driver_sql(f'CREATE TEMP TABLE "{staging}" ON COMMIT DROP AS '
                               f'SELECT {columns} FROM "{table.name}" WITH NO DATA')
    with connection.connection.dbapi_connection.cursor() as cursor:
        with cursor.copy(f'COPY "{staging}" ({columns}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([json.dumps(row[n]) if n in as_json and row[n] is not None else row[n]
                                for n in names])
    sql = f'INSERT INTO "{table.name}" ({columns}) SELECT {columns} FROM "{staging}"'
    if skip_conflicts:
        sql += " ON CONFLICT DO NOTHING"
    if returning:
        sql += " RETURNING " + ", ".join(f'"{column.name}"' for column in returning)
    result = connection.exec_driver_sql(sql)
    stored = result.all() if returning else []
    connection.exec_driver_sql(f'DROP TABLE "{staging}"')
    return stored


def _with_python_defaults(table: Table, rows: list[dict]) -> list[dict]:
    """The defaults SQLAlchemy computes in Python (created_at=utcnow, ...), which INSERT ... SELECT
    would not: one value per batch."""
    extra = {}
    for column in table.columns:
        default = column.default
        if column.name in rows[0] or default is None or column.primary_key:
            continue
        extra[column.name] = default.arg(None) if default.is_callable else default.arg
    return [{**row, **extra} for row in rows] if extra else rows
