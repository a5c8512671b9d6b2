"""Files going out: an import template for each kind (its Indonesian headers and an example row)
and exports of the lists (seekers for staff, companies, vacancies, placements) as CSV or XLSX.

Exports use the same Indonesian headers the imports read, so a list exported from one office
loads into another as it is. Both are written a row at a time into a temporary file (XLSX with
openpyxl's write-only mode), so 100,000 seekers take little memory.
"""
from __future__ import annotations

import csv
import io
import tempfile
from datetime import date, datetime
from typing import Iterable, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from service import districts
from service.exports import spreadsheet_safe
from service.extensions import db
from service.imports.kinds import KINDS
from service.models import Company, Placement, Seeker, Vacancy

BATCH = 2000


def template(kind: str) -> tuple[list[str], list[list], list[str]]:
    """(headers, [example row], field of each column) of a kind's import file."""
    columns = [c for c in KINDS[kind].columns if not (kind == "competency-needs" and c.field == "year")]
    return [c.label for c in columns], [[c.example for c in columns]], [c.field for c in columns]


def _seeker_row(s: Seeker) -> list:
    return [s.nik, s.full_name, "L" if s.gender == "M" else "P", s.birth_date, s.education_level,
            "; ".join(s.skills or []), s.phone, s.district, s.ktp_regency_code, s.status, s.created_at]


def _company_row(c: Company) -> list:
    return [c.id, c.name, c.sector, c.address, c.district, c.contact_name, c.contact_phone, c.contact_email]


def _vacancy_row(v: Vacancy) -> list:
    gender = {"M": "L", "F": "P"}.get(v.gender, "L/P")
    return [v.id, v.company_id, v.company.name, v.title, v.openings, v.filled,
            "; ".join(s["text"] for s in v.required_skills), v.min_education, v.closes_on, gender, v.min_age,
            v.max_age, v.wage_min, v.wage_max, v.work_location, v.status]


def _placement_row(p: Placement) -> list:
    return [p.id, p.company_id, p.company.name, p.vacancy_id, p.seeker_id, p.job_title, p.placed_on, p.status,
            "Ya" if p.is_local else "Tidak", p.ktp_regency_code, p.district, p.education_level,
            "L" if p.gender == "M" else "P", p.recorded_by, p.decided_by]


LISTS = {
    "seekers": (Seeker, ["NIK", "Nama Lengkap", "Jenis Kelamin", "Tanggal Lahir", "Pendidikan", "Keterampilan",
                         "No HP", "Kecamatan", "Kode Kabupaten KTP", "Status", "Terdaftar"], _seeker_row, ()),
    "companies": (Company, ["ID Perusahaan", "Nama Perusahaan", "Sektor/KBLI", "Alamat", "Kecamatan", "Nama Kontak",
                            "Telepon", "Email"], _company_row, ()),
    "vacancies": (Vacancy, ["ID Lowongan", "ID Perusahaan", "Nama Perusahaan", "Jabatan", "Jumlah", "Terisi",
                            "Keterampilan", "Pendidikan Minimal", "Batas Lamaran", "Jenis Kelamin", "Usia Minimal",
                            "Usia Maksimal", "Upah Minimal", "Upah Maksimal", "Lokasi Kerja", "Status"],
                  _vacancy_row, (Vacancy.company,)),
    "placements": (Placement, ["ID Penempatan", "ID Perusahaan", "Nama Perusahaan", "ID Lowongan", "ID Pencaker",
                               "Jabatan", "Tanggal Mulai Kerja", "Status", "Warga Lokal", "Kode Kabupaten KTP",
                               "Kecamatan", "Pendidikan", "Jenis Kelamin", "Dicatat oleh", "Diputuskan oleh"],
                   _placement_row, (Placement.company,)),
}
SHEET_TITLES = {"seekers": "Pencari kerja", "companies": "Perusahaan", "vacancies": "Lowongan",
                "placements": "Penempatan", "competency-needs": "Kebutuhan kompetensi"}
# Columns a sheet must keep as text: Excel would turn a NIK into 3.21605E+15 and drop a phone's 0.
_TEXT_HEADERS = {"NIK", "No HP", "Telepon", "Kode Kabupaten KTP"}
TEMPLATE_NOTES = [
    "Baris 1 adalah judul kolom; isi data mulai baris 2 (baris contoh boleh dihapus atau ditimpa).",
    "Kolom NIK dan nomor telepon berformat Teks: jangan diubah ke Angka, Excel akan membulatkan NIK (3.21605E+15).",
    "Tanggal ditulis HH/BB/TTTT (15/06/1995) atau TTTT-BB-HH.",
    "Beberapa keterampilan dalam satu sel dipisahkan dengan ';' atau baris baru (Alt+Enter).",
    "Jenis kelamin: L atau P. Pendidikan: SD, SMP, SMA, SMK, D1-D4, S1-S3 (SLTA, STM, D-III juga dibaca).",
    "Kolom lain yang tidak dikenal dilewati dan disebutkan setelah impor.",
    "Satu baris yang salah membatalkan seluruh berkas; setiap baris yang salah disebutkan nomornya.",
]


def template_xlsx(kind: str) -> bytes:
    """The import template: headers, an example row, text-formatted NIK/phone columns, and notes."""
    headers, rows, _ = template(kind)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLES[kind]
    sheet.append(headers)
    for row in rows:
        sheet.append([str(v) if h in _TEXT_HEADERS else v for h, v in zip(headers, row)])
    for index, header in enumerate(headers):
        letter = _letter(index)
        sheet[f"{letter}1"].font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(14, min(40, len(header) + 6))
        if header in _TEXT_HEADERS:
            for number in range(1, 1001):  # the rows still to be typed stay text too
                sheet[f"{letter}{number}"].number_format = "@"
    notes = book.create_sheet("Petunjuk")
    for line in TEMPLATE_NOTES:
        notes.append([line])
    notes.column_dimensions["A"].width = 110
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def list_rows(name: str, where=()) -> tuple[list[str], Iterator[list]]:
    """(headers, rows) of a whole list, read from the database in batches, oldest first."""
    model, headers, row, eager = LISTS[name]
    query = select(model).where(*where).order_by(model.id).options(*(selectinload(r) for r in eager))
    rows = (row(record) for record in db.session.scalars(query.execution_options(yield_per=BATCH)))
    return headers, rows


def export(name: str, extension: str, where: dict):
    """(temporary file, download name) of a whole list filtered by `where` {column: value}."""
    model = LISTS[name][0]
    where = {k: districts.canonical(v) if k == "district" else v for k, v in where.items()}
    headers, rows = list_rows(name, [getattr(model, key) == value for key, value in where.items()])
    title = SHEET_TITLES[name]
    body = csv_file(headers, rows) if extension == "csv" else xlsx_file(title, headers, rows)
    return body, f"{title.lower().replace(' ', '-')}.{extension}"


def csv_stream(headers: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark (Excel then shows names as written), a batch of lines at a time."""
    out = io.StringIO()
    writer = csv.writer(out)
    out.write("\ufeff")
    writer.writerow(headers)
    for number, row in enumerate(rows, start=1):
        writer.writerow(["" if v is None else _csv_value(v) for v in row])
        if number % 500 == 0:
            yield out.getvalue().encode()
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode()


def csv_file(headers: list[str], rows: Iterable[list]):
    """The CSV in a temporary file (rewound): the rows are read from the database before the answer starts."""
    out = tempfile.TemporaryFile()
    for chunk in csv_stream(headers, rows):
        out.write(chunk)
    out.seek(0)
    return out


def _csv_value(value):
    value = spreadsheet_safe(value)
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def xlsx_file(title: str, headers: list[str], rows: Iterable[list]):
    """A temporary XLSX file (rewound), one sheet; NIK and phone columns stored as text."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    for index, header in enumerate(headers):
        sheet.column_dimensions[_letter(index)].width = max(12, min(40, len(header) + 4))
    bold = Font(bold=True)
    sheet.append([_styled(sheet, h, font=bold) for h in headers])
    as_text = [h in _TEXT_HEADERS for h in headers]
    for row in rows:
        sheet.append([_styled(sheet, v, text=t) if t else _xlsx_value(v) for v, t in zip(row, as_text)])
    out = tempfile.TemporaryFile()
    book.save(out)
    out.seek(0)
    return out


def _styled(sheet, value, font=None, text=False):
    cell = WriteOnlyCell(sheet, value=None if value is None else (str(value) if text else value))
    if font:
        cell.font = font
    if text:
        cell.number_format = "@"
    return cell


def _xlsx_value(value):
    value = spreadsheet_safe(value)
    return value.replace(tzinfo=None) if isinstance(value, datetime) else value


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(index + 1)
