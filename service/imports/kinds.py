"""What each import reads and how it stores it: seekers, companies, vacancies, competency needs.

A kind names its columns (the Indonesian header a template prints, and every header offices
and the API write for it), turns one row's cells into what the API's own schema loads, and
stores a batch of checked rows. Rows already stored (NIK for seekers, name for companies, a
stable key for vacancies and needs) are left as they are and counted as unchanged, so sending
the same file twice changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Callable

from marshmallow import Schema, ValidationError
from sqlalchemy import insert, select

from schemas.companies import CompanyCreateSchema
from schemas.seekers import SeekerCreateSchema
from schemas.trainings import NeedCreateSchema
from schemas.vacancies import VacancyCreateSchema
from service import changes, districts, mentions, seekers
from service.errors import DomainError
from service.extensions import db
from service.imports import cells
from service.imports.sheets import header_key
from service.models import Company, CompetencyNeed, Vacancy
from service.skills import count_unknown


@dataclass(frozen=True)
class Column:
    field: str                 # the API's field name (also accepted as a header)
    label: str                 # the header templates and exports print
    synonyms: tuple[str, ...]  # other headers, as sheets.header_key() leaves them
    example: object
    read: Callable = cells.text
    required: bool = False


class RowError(Exception):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


# Columns that only number the rows of a sheet ("No.") are read past without complaint.
ROW_NUMBER_HEADERS = {"no", "nomor", "no urut", "nomor urut"}


@dataclass
class Kind:
    name: str
    what: str                  # in Indonesian, for pages: "pencari kerja"
    key_field: str             # the field that tells one record from another in a file
    columns: list[Column]
    schema: Schema
    lookups: dict = field(default_factory=dict)

    def by_header(self) -> dict[str, str]:
        found = {}
        for column in self.columns:
            for header in (column.field, column.label, *column.synonyms):
                found[header_key(header)] = column.field
        return found

    def prepare(self) -> None:
        """Load what checking a row needs from the database (e.g. company names), once per file."""

    def convert(self, raw: dict) -> dict:
        """One row's cells -> the loaded row, or RowError {field: [message]}."""
        errors, data = {}, {}
        readers = {c.field: c.read for c in self.columns}
        for name, value in raw.items():
            try:
                data[name] = readers[name](value)
            except cells.CellError as err:
                errors[name] = [str(err)]
        try:
            loaded = self.schema.load(self._input(data))
        except ValidationError as err:
            errors.update({k: v for k, v in _flat_messages(err.messages).items() if k not in errors})
            raise RowError(errors) from None
        if errors:
            raise RowError(errors)
        return self.check(loaded)

    def _input(self, data: dict) -> dict:
        return data

    def check(self, row: dict) -> dict:
        return row

    def key(self, row: dict):
        raise NotImplementedError

    def save(self, rows: list[dict]) -> int:
        """Store the rows not stored yet (inside the caller's transaction); returns how many were new."""
        raise NotImplementedError


def _flat_messages(messages) -> dict[str, list[str]]:
    """marshmallow's {field: [msg]} or {field: {index: [msg]}} as {field: [msg]}."""
    out = {}
    for name, value in (messages.items() if isinstance(messages, dict) else [("_schema", messages)]):
        if isinstance(value, dict):
            out[name] = [f"entry {int(i) + 1}: {m}" if str(i).isdigit() else str(m)
                         for i, msgs in value.items() for m in (msgs if isinstance(msgs, list) else [msgs])]
        else:
            out[name] = [str(m) for m in value]
    return out


def name_key(name: str) -> str:
    """Company names compare without case or repeated spaces ('PT  Sinar' is 'pt sinar')."""
    return " ".join(name.casefold().split())


# ---- seekers ----------------------------------------------------------------------------------

class SeekerKind(Kind):
    def check(self, row: dict) -> dict:
        try:
            return seekers.checked_for_import(row)
        except DomainError as err:
            raise RowError({err.field or "nik": [err.message]}) from None

    def key(self, row):
        return row["nik"]

    def save(self, rows):
        return len(seekers.insert_imported_seekers(rows))


SEEKERS = SeekerKind("seekers", "pencari kerja", "nik", [
    Column("nik", "NIK", ("no ktp", "nomor ktp", "no nik", "nomor induk kependudukan"), "3216011506950001",
           cells.nik, required=True),
    Column("full_name", "Nama Lengkap", ("nama", "nama pencaker", "nama pencari kerja", "name"), "Budi Santoso",
           required=True),
    Column("gender", "Jenis Kelamin", ("jk", "l p", "kelamin", "gender"), "L", cells.gender),
    Column("birth_date", "Tanggal Lahir", ("tgl lahir", "tanggal lahir dd mm yyyy"), "15/06/1995", cells.day),
    Column("education_level", "Pendidikan", ("pendidikan terakhir", "education"), "SMK", cells.education,
           required=True),
    Column("skills", "Keterampilan", ("ketrampilan", "keahlian", "skill", "kompetensi"),
           "operator bubut; jangka sorong", cells.items),
    Column("phone", "No HP", ("nomor hp", "no hp wa", "no wa", "hp", "no telp", "telepon", "no telepon",
                              "no handphone"), "081234567890", cells.phone),
    Column("district", "Kecamatan", ("kec",), "Cikarang Utara"),
    Column("ktp_regency_code", "Kode Kabupaten KTP", ("kode kabupaten",), ""),
], SeekerCreateSchema())


# ---- companies ----------------------------------------------------------------------------------

class CompanyKind(Kind):
    def check(self, row):
        if row.get("district"):
            row["district"] = districts.canonical(row["district"])
        return row

    def key(self, row):
        return name_key(row["name"])

    def save(self, rows):
        stored = {name_key(n) for n in db.session.scalars(select(Company.name))}
        new = [r for r in rows if name_key(r["name"]) not in stored]
        if not new:
            return 0
        ids = db.session.execute(insert(Company).returning(Company.id), new).scalars().all()
        changes.record_many("company", ids, "created")
        return len(ids)


COMPANIES = CompanyKind("companies", "perusahaan", "name", [
    Column("name", "Nama Perusahaan", ("perusahaan", "nama"), "PT Sinar Presisi Teknik", required=True),
    Column("sector", "Sektor/KBLI", ("sektor", "kbli", "bidang usaha"), "C 2592 Pemesinan logam"),
    Column("address", "Alamat", ("alamat perusahaan",), "Kawasan Industri Jababeka Blok A-3"),
    Column("district", "Kecamatan", ("kec",), "Cikarang Utara"),
    Column("contact_name", "Nama Kontak", ("pic", "narahubung", "kontak"), "Dewi Lestari"),
    Column("contact_phone", "Telepon", ("no telepon", "telp", "no telp", "no hp", "phone"), "021-8934567",
           cells.phone),
    Column("contact_email", "Email", ("e mail", "surel"), "hrd@sinarpresisi.co.id"),
], CompanyCreateSchema(exclude=("commitments",)))


# ---- vacancies and competency needs name their company by id or by exact name ---------------------

class CompanyRowKind(Kind):
    def prepare(self):
        by_name: dict[str, list[int]] = {}
        for company_id, name in db.session.execute(select(Company.id, Company.name)):
            by_name.setdefault(name_key(name), []).append(company_id)
        self.lookups = {"by_name": by_name, "ids": {i for ids in by_name.values() for i in ids}}

    def convert(self, raw):
        raw = dict(raw)
        name = raw.pop("company_name", None)
        errors = {}
        if "company_id" not in raw and name is not None:
            found = self.lookups["by_name"].get(name_key(cells.text(name)), [])
            if len(found) == 1:
                raw["company_id"] = found[0]
            else:
                errors["company_name"] = ["No company has this exact name." if not found else
                                          "Several companies have this name; give the company's id instead."]
        elif "company_id" not in raw:
            errors["company_id"] = ["Give the company's id or its exact name."]
        try:
            row = super().convert(raw)
        except RowError as err:
            if errors:  # the company was named, just not found: no second message about its id
                err.errors.pop("company_id", None)
            raise RowError({**errors, **err.errors}) from None
        if errors:
            raise RowError(errors)
        if row["company_id"] not in self.lookups["ids"]:
            raise RowError({"company_id": [f"No company with id {row['company_id']}."]})
        return row

    def _stored_keys(self, model, rows, key_columns) -> set:
        company_ids = {r["company_id"] for r in rows}
        stored = db.session.execute(select(model.company_id, *key_columns).where(model.company_id.in_(company_ids)))
        return {self.key(dict(zip(("company_id", *(c.key for c in key_columns)), r))) for r in stored}


def _company_columns() -> list[Column]:
    return [Column("company_id", "ID Perusahaan", ("id perusahaan",), "", cells.whole_number),
            Column("company_name", "Nama Perusahaan", ("perusahaan", "company"), "PT Sinar Presisi Teknik")]


class VacancyKind(CompanyRowKind):
    def _input(self, data):
        if data.get("gender") == "either":
            data = {k: v for k, v in data.items() if k != "gender"}
        return data

    def key(self, row):
        return row["company_id"], name_key(row["title"]), row.get("closes_on")

    def save(self, rows):
        stored = self._stored_keys(Vacancy, rows, (Vacancy.title, Vacancy.closes_on))
        new = [r for r in rows if self.key(r) not in stored]
        if not new:
            return 0
        ids = db.session.execute(insert(Vacancy).returning(Vacancy.id, sort_by_parameter_order=True), new).scalars().all()
        mentions.write_vacancies([SimpleNamespace(id=i, required_skills=r["required_skills"]) for i, r in zip(ids, new)])
        changes.record_many("vacancy", ids, "created")
        count_unknown([s["text"] for r in new for s in r["required_skills"]])
        return len(ids)


def _vacancy_gender(value):
    """A vacancy open to both ('L/P', 'bebas') asks no gender."""
    written = cells.text(value).lower()
    if written in ("l/p", "l / p", "p/l", "bebas", "semua", "laki-laki/perempuan", "any", "either"):
        return "either"
    return cells.gender(value)


VACANCIES = VacancyKind("vacancies", "lowongan", "title", [
    *_company_columns(),
    Column("title", "Jabatan", ("posisi", "nama jabatan"), "Operator Mesin Bubut", required=True),
    Column("openings", "Jumlah", ("jumlah formasi", "jumlah lowongan", "formasi", "kebutuhan"), 5,
           cells.whole_number, required=True),
    Column("required_skills", "Keterampilan", ("keahlian", "kompetensi", "skills"),
           "mesin bubut; membaca gambar kerja", cells.items, required=True),
    Column("min_education", "Pendidikan Minimal", ("pendidikan", "pendidikan min"), "SMK", cells.education),
    Column("closes_on", "Batas Lamaran", ("batas akhir", "batas waktu", "tanggal tutup", "batas lamaran dd mm yyyy"),
           "31/12/2026", cells.day),
    Column("gender", "Jenis Kelamin", ("jk", "l p"), "L/P", _vacancy_gender),
    Column("min_age", "Usia Minimal", ("umur minimal", "usia min"), 18, cells.whole_number),
    Column("max_age", "Usia Maksimal", ("umur maksimal", "usia maks"), 35, cells.whole_number),
    Column("min_experience_years", "Pengalaman (tahun)", ("pengalaman", "pengalaman minimal"), 1, cells.whole_number),
    Column("wage_min", "Upah Minimal", ("gaji minimal", "gaji min", "upah min"), 5_200_000, cells.whole_number),
    Column("wage_max", "Upah Maksimal", ("gaji maksimal", "gaji maks", "upah maks"), 6_000_000, cells.whole_number),
    Column("work_location", "Lokasi Kerja", ("lokasi", "tempat kerja"), "Kawasan Industri Jababeka"),
    Column("description", "Deskripsi", ("keterangan", "uraian"), "Shift 3, mess tersedia"),
], VacancyCreateSchema())


class NeedKind(CompanyRowKind):
    def _input(self, data):
        year = data.pop("year", None)
        if year is not None:  # 'Tahun 2026' is the whole year
            data.setdefault("period_start", f"{year}-01-01")
            data.setdefault("period_end", f"{year}-12-31")
        return data

    def key(self, row):
        return row["company_id"], name_key(row["competency"]), row["period_start"], row["period_end"]

    def save(self, rows):
        key_columns = (CompetencyNeed.competency, CompetencyNeed.period_start, CompetencyNeed.period_end)
        stored = self._stored_keys(CompetencyNeed, rows, key_columns)
        new = [r for r in rows if self.key(r) not in stored]
        if new:
            db.session.execute(insert(CompetencyNeed), new)
        return len(new)


NEEDS = NeedKind("competency-needs", "kebutuhan kompetensi", "competency", [
    *_company_columns(),
    Column("competency", "Kompetensi", ("kebutuhan kompetensi", "keterampilan", "keahlian"), "operator mesin bubut",
           required=True),
    Column("headcount", "Jumlah", ("jumlah orang", "jumlah kebutuhan", "kebutuhan"), 10, cells.whole_number,
           required=True),
    Column("period_start", "Periode Mulai", ("mulai", "awal periode"), "01/01/2026", cells.day),
    Column("period_end", "Periode Selesai", ("selesai", "sampai", "akhir periode"), "31/12/2026", cells.day),
    Column("year", "Tahun", (), "", cells.whole_number),
], NeedCreateSchema())

KINDS = {kind.name: kind for kind in (SEEKERS, COMPANIES, VACANCIES, NEEDS)}
