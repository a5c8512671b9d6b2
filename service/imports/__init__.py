"""File imports of the office's spreadsheets, all or nothing.

A file is read a row at a time (service/imports/sheets.py) and every row is checked with the
API's own schemas (service/imports/kinds.py); checked rows wait in a temporary file, not in
memory. Any bad row refuses the whole file, naming each bad row as the sheet numbers it (header
= row 1) and each field. Only when every row is good are they stored, in one transaction with a
multi-row INSERT per batch: a crash or a killed worker mid-import leaves nothing behind, and a
record already stored (by this file sent earlier, or by an import running at the same moment)
is left as it is and counted as unchanged.
"""
from __future__ import annotations

import copy
import pickle
import tempfile
from typing import IO, Callable, Iterator

from flask import current_app
from sqlalchemy import text

from service.errors import Invalid
from service.extensions import db
from service.imports import sheets
from service.imports.kinds import KINDS, ROW_NUMBER_HEADERS, Kind, RowError
from service.persistence import write_transaction
from service.placements import RowsRefused

BATCH = 2000
MAX_LISTED_ROWS = 1000  # a file with a wrong column gives an error per row: list enough to see why
_LOCK_BASE = 0x494D_5000  # + the kind's position: imports of one kind store one at a time

Report = Callable[..., None]


def run(kind_name: str, stream: IO[bytes], filename: str, report: Report | None = None,
        finish: Callable[[dict], None] | None = None) -> dict:
    """Import a file; returns {"rows", "created", "unchanged", "ignored_columns"} or raises
    RowsRefused / Invalid with nothing stored. `report(status, rows_read, rows_checked, rows_saved)`
    follows the progress; `finish(result)` runs inside the storing transaction."""
    kind = copy.copy(KINDS[kind_name])
    report = report or (lambda **_: None)
    with tempfile.TemporaryFile() as spool:
        rows, ignored = _check(kind, stream, filename, spool, report)
        report(status="saving", rows_read=rows, rows_checked=rows, rows_saved=0)
        spool.seek(0)
        with write_transaction():
            _one_import_of_this_kind_at_a_time(kind)
            created = 0
            for batch in _batches(spool):
                created += kind.save(batch)
                report(status="saving", rows_read=rows, rows_checked=rows, rows_saved=created)
            result = {"rows": rows, "created": created, "unchanged": rows - created, "ignored_columns": ignored}
            if finish:
                finish(result)
    return result


def _check(kind: Kind, stream, filename: str, spool, report: Report) -> tuple[int, list[str]]:
    lines = sheets.rows(stream, filename)
    try:
        return _check_lines(kind, lines, spool, report)
    finally:
        lines.close()  # let the reader let go of the file now, even when a row stopped the import


def _check_lines(kind: Kind, lines, spool, report: Report) -> tuple[int, list[str]]:
    first = next(lines, None)
    if first is None:
        raise Invalid("The file is empty.", "file")
    fields, ignored = _header(kind, first[1])
    kind.prepare()
    errors, refused, keys, batch, rows = {}, 0, {}, [], 0
    limit = current_app.config["IMPORT_MAX_ROWS"]
    for number, cells in lines:
        if sheets.is_blank(cells):
            continue
        rows += 1
        if rows > limit:
            raise Invalid(f"A file holds at most {limit} rows; split it.", "file")
        raw = {name: value for name, value in zip(fields, cells) if name and not sheets.is_blank([value])}
        try:
            row = kind.convert(raw)
            _refuse_repeat(kind, row, number, keys)
            batch.append(row)
        except RowError as err:
            refused += 1
            if len(errors) < MAX_LISTED_ROWS:
                errors[number] = err.errors
        if len(batch) == BATCH:
            pickle.dump(batch, spool)
            batch = []
        if rows % 1000 == 0:
            report(status="reading", rows_read=rows, rows_checked=rows, rows_saved=0)
    if refused:
        raise _refused(errors, refused)
    if not rows:
        raise Invalid("The file has no rows under its header.", "file")
    if batch:
        pickle.dump(batch, spool)
    return rows, ignored


def _header(kind: Kind, titles: list) -> tuple[list[str | None], list[str]]:
    """The field each column gives (None: not read), and the headers read past."""
    known, fields, seen, ignored = kind.by_header(), [], {}, []
    for title in titles:
        key = sheets.header_key(title)
        name = known.get(key)
        if name and name in seen:
            raise Invalid(f"The columns '{seen[name]}' and '{title}' both give {name}; keep one.", "file")
        if name:
            seen[name] = str(title).strip()
        elif key and key not in ROW_NUMBER_HEADERS:
            ignored.append(str(title).strip())
        fields.append(name)
    if not seen:
        raise Invalid("Row 1 must be the header (column names such as those in the template).", "file")
    missing = [c.label for c in kind.columns if c.required and c.field not in seen]
    if kind.name in ("vacancies", "competency-needs") and not {"company_id", "company_name"} & set(seen):
        missing.append("ID Perusahaan or Nama Perusahaan")
    if missing:
        raise Invalid(f"Missing column(s): {', '.join(missing)}.", "file")
    return fields, ignored


def _refuse_repeat(kind: Kind, row: dict, number: int, keys: dict) -> None:
    key = kind.key(row)
    if key in keys:
        raise RowError({kind.key_field: [f"The same {kind.key_field} as row {keys[key]}."]})
    keys[key] = number


def _refused(errors: dict, refused: int) -> RowsRefused:
    err = RowsRefused(errors)
    if refused > len(errors):
        err.message = f"{refused} rows refused (the first {len(errors)} are listed); nothing was stored."
    else:
        err.message = f"{refused} row(s) refused; nothing was stored."
    return err


def _batches(spool) -> Iterator[list[dict]]:
    while True:
        try:
            yield pickle.load(spool)  # noqa: S301 - our own temporary file, written just above
        except EOFError:
            return


def _one_import_of_this_kind_at_a_time(kind: Kind) -> None:
    """On PostgreSQL, wait for another import of the same kind to commit, so both never decide
    'not stored yet' about the same company; SQLite's write lock already does this."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                           {"key": _LOCK_BASE + list(KINDS).index(kind.name)})
