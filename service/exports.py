"""Exports of the local-hiring report as CSV (one table) and XLSX (every table, one sheet each),
with Indonesian headers for the people who open them in a spreadsheet."""
from __future__ import annotations

import csv
import io
import re
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font

COUNT_COLUMNS = [("local_hires", "Penempatan lokal (terverifikasi)"),
                 ("total_hires", "Total penempatan (terverifikasi)"),
                 ("local_share", "Porsi lokal"),
                 ("claimed_hires", "Menunggu verifikasi"),
                 ("claimed_local_hires", "Lokal menunggu verifikasi")]
PERIOD_COLUMNS = [("period", "Periode"), ("start", "Mulai"), ("end", "Sampai"), *COUNT_COLUMNS,
                  ("cumulative_local_hires", "Lokal kumulatif sejak 1 Januari"),
                  ("target", "Target tahunan"), ("cumulative_percent_of_target", "Capaian target kumulatif (%)")]
BREAKDOWN_TITLES = {"company": "Perusahaan", "sector": "Sektor", "district": "Kecamatan",
                    "education": "Pendidikan", "gender": "Jenis kelamin"}
COMPANY_EXTRA = [("commitment", "Komitmen MoU (lokal)"), ("percent_of_commitment", "Capaian komitmen (%)"),
                 ("reported", "Sudah melapor")]
SUMMARY = [("start", "Mulai"), ("end", "Sampai"), ("target", "Target"), *COUNT_COLUMNS,
           ("percent_of_target", "Capaian target (%)")]
PROJECTION = [("as_of", "Proyeksi: per tanggal"), ("local_hires_to_date", "Proyeksi: lokal sejak 1 Januari"),
              ("projected_local_hires", "Proyeksi: lokal akhir tahun"),
              ("projected_percent_of_target", "Proyeksi: capaian target (%)")]
SHEET_TITLES = {"summary": "Ringkasan", "periods": "Per periode", **BREAKDOWN_TITLES}


SHARE_KEYS = ("local_share", "placed_share")


class Share(float):
    """A fraction that reads as a percentage in a spreadsheet (0.3325 -> 33,3%). It is still the
    plain number for the API's CSV, which integrations parse."""


def _share(key: str, value):
    return Share(value) if key in SHARE_KEYS and isinstance(value, (int, float)) else value


def tables(report: dict) -> dict[str, tuple[list[str], list[list]]]:
    """{table name: (headers, rows)} for every table of the report, in sheet order."""
    result = {"summary": (["Keterangan", "Nilai"], _summary_rows(report)),
              "periods": _table(report["periods"], PERIOD_COLUMNS)}
    for name, rows in report["breakdowns"].items():
        extra = COMPANY_EXTRA if name == "company" else []
        result[name] = _table(rows, [("label", BREAKDOWN_TITLES[name]), *COUNT_COLUMNS, *extra])
    return result


def _summary_rows(report: dict) -> list[list]:
    rows = [[title, _share(key, report[key])] for key, title in SUMMARY]
    if report["projection"]:
        rows += [[title, report["projection"][key]] for key, title in PROJECTION]
    if report["suppression"]["applied"]:
        rows.append(["Kelompok lebih kecil dari ini disamarkan", report["suppression"]["min_group_size"]])
    return rows


def _table(rows: list[dict], columns: list[tuple[str, str]]) -> tuple[list[str], list[list]]:
    return [title for _, title in columns], [[_share(key, row.get(key)) for key, _ in columns] for row in rows]


# What XML 1.0 (so XLSX) cannot carry, and lone surrogates no encoding can: text stored before
# the schemas refused them must still export, so they are dropped (surrogates become U+FFFD).
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _cell(value):
    """Spreadsheet-safe: booleans in words, text any file can hold, and text that a spreadsheet
    would run as a formula (a company named '=HYPERLINK(...)') kept as text."""
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, str):
        value = _SURROGATE.sub("\ufffd", _UNWRITABLE.sub("", value))
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
    return value


def spreadsheet_safe(value):
    """A value as a sheet should hold it (see _cell); for other modules' exports."""
    return _cell(value)


def to_csv(headers: list[str], rows: list[list], indonesian_excel: bool = False) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows the names as written. `indonesian_excel`: the
    dialect Excel set to Indonesian opens as columns (';' between fields, decimal comma, shares as
    '33,3%'); otherwise ',' and '0.3325', as the API has always given."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if indonesian_excel else ",")
    writer.writerow(headers)
    value = _excel_id_value if indonesian_excel else _csv_value
    writer.writerows([["" if v is None else value(v) for v in row] for row in rows])
    return out.getvalue().encode("utf-8-sig")


def _csv_value(value):
    value = _cell(value)
    return value.isoformat() if isinstance(value, date) else value


def _excel_id_value(value):
    if isinstance(value, Share):
        return f"{value * 100:.1f}%".replace(".", ",")
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")
    return _csv_value(value)


def to_xlsx(named_tables: dict[str, tuple[list[str], list[list]]]) -> bytes:
    """The report's tables, one sheet each, titled in Indonesian."""
    return workbook({SHEET_TITLES[name]: table for name, table in named_tables.items()})


def workbook(sheets: dict[str, tuple[list[str], list[list]]]) -> bytes:
    """One sheet per {title: (headers, rows)}, headers in bold, dates as dates."""
    book = Workbook()
    book.remove(book.active)
    for title, (headers, rows) in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_cell(v) for v in row])
            for cell, value in zip(sheet[sheet.max_row], row):
                if isinstance(value, Share):
                    cell.number_format = "0.0%"
        for column, header in zip(sheet.columns, headers):
            sheet.column_dimensions[column[0].column_letter].width = max(12, min(45, len(header) + 2))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
