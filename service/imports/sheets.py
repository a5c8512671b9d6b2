"""Reading an office's spreadsheet a row at a time: CSV (',' or ';', UTF-8 with or without BOM)
or XLSX (openpyxl's read-only mode), so memory stays flat however long the file is."""
from __future__ import annotations

import csv
import io
import itertools
import re
from typing import IO, Iterator

from openpyxl import load_workbook

from service.errors import Invalid

# openpyxl raises many kinds of error for a damaged or foreign file; all mean "not a workbook".
_NOT_A_WORKBOOK = "The file is not a readable XLSX workbook."


def rows(stream: IO[bytes], filename: str) -> Iterator[tuple[int, list]]:
    """(row number as the sheet shows it, cells) for every row, the header first (row 1)."""
    if filename.lower().endswith(".xlsx"):
        return _xlsx_rows(stream)
    if filename.lower().endswith((".csv", ".txt")):
        return _csv_rows(stream)
    raise Invalid("Send a .csv or .xlsx file.", "file")


def _csv_rows(stream: IO[bytes]) -> Iterator[tuple[int, list]]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
        if not first:
            return
        # Excel in an Indonesian locale saves CSV with semicolons.
        delimiter = max(",;\t", key=first.count)
        for number, cells in enumerate(csv.reader(itertools.chain([first], text), delimiter=delimiter), start=1):
            yield number, cells
    except UnicodeDecodeError:
        raise Invalid("A CSV file must be UTF-8 text (in Excel: Save As, 'CSV UTF-8').", "file") from None
    except csv.Error as err:
        raise Invalid(f"The CSV file cannot be read: {err}.", "file") from None
    finally:
        text.detach()


def _xlsx_rows(stream: IO[bytes]) -> Iterator[tuple[int, list]]:
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        cells = sheet.iter_rows(values_only=True)
    except Exception:  # noqa: BLE001 - see _NOT_A_WORKBOOK
        raise Invalid(_NOT_A_WORKBOOK, "file") from None
    try:
        for number, values in enumerate(cells, start=1):
            yield number, list(values)
    except Exception:  # noqa: BLE001 - see _NOT_A_WORKBOOK
        raise Invalid(_NOT_A_WORKBOOK, "file") from None
    finally:
        book.close()


def header_key(title) -> str:
    """'Jenis Kelamin (L/P)' -> 'jenis kelamin', 'No. HP' -> 'no hp', 'full_name' -> 'full name'."""
    text = re.sub(r"\(.*?\)", " ", str(title or "")).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def is_blank(cells: list) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in cells)

