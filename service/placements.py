"""Use cases for placements (penempatan): claim a seat, verify, reject, cancel.

A claimed or verified placement holds one opening of its vacancy. The seat is taken with one
guarded UPDATE (`filled < openings`), so concurrent claims by any number of workers can never
overbook: the database decides, row by row, on SQLite and PostgreSQL alike.

A company's periodic report is imported all or nothing (`import_placements`), from JSON rows or
from a CSV/XLSX file (`import_placements_file`).
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

from marshmallow import ValidationError
from openpyxl import load_workbook
from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import selectinload

from schemas.placements import MAX_IMPORT_ROWS, ImportRowSchema

from service import changes
from service.auth import Principal
from service.companies import require_company
from service.errors import Conflict, Invalid
from service.extensions import db
from service.models import Placement, Seeker, Vacancy, utcnow
from service.persistence import get_or_404, ordered, page, write_transaction

HOLDS_SEAT = ("claimed", "verified")


def record_placement(data: dict, by: Principal, as_it_happens: bool = False) -> Placement:
    """Record a hire as claimed; it counts toward the target once verified.

    A hire is never dated in the future (it would count as a local hire before it happened). A hire
    recorded `as_it_happens` (at the desk, from a vacancy's candidates) is also not dated before the
    company was in the records; the API also takes back-dated reports of earlier years.
    """
    if data["placed_on"] > date.today():
        raise Invalid("placed_on must not be in the future.", "placed_on")
    with write_transaction():
        seeker = db.session.get(Seeker, data["seeker_id"])
        if seeker is None:
            raise Invalid(f"No seeker with id {data['seeker_id']}.", "seeker_id")
        vacancy = _take_seat(data["vacancy_id"]) if data.get("vacancy_id") else None
        company = vacancy.company if vacancy else require_company(data["company_id"])
        if as_it_happens and data["placed_on"] < company.created_at.date():
            raise Invalid("placed_on must not be before the company was recorded.", "placed_on")
        placement = _placement(data, seeker, company, vacancy, by)
        _refuse_repeat(placement)
        seeker.status = "placed"
        db.session.add(placement)
        db.session.flush()
        changes.record("placement", placement.id, "created")
        changes.record("seeker", seeker.id)
    return placement


def _refuse_repeat(placement: Placement) -> None:
    """A hire posted twice (a client's retry after a lost answer) must not take two seats: the same
    seeker in the same vacancy, or at the same company with the same title and date, is 409."""
    # Lock the seeker (after the vacancy, as imports do): a concurrent repeat waits, then sees this one.
    db.session.execute(select(Seeker.id).where(Seeker.id == placement.seeker_id).with_for_update())
    same_hire = (Placement.vacancy_id == placement.vacancy_id if placement.vacancy_id is not None else
                 and_(Placement.company_id == placement.company_id, Placement.job_title == placement.job_title,
                      Placement.placed_on == placement.placed_on))
    earlier = db.session.scalar(select(Placement.id).where(
        Placement.seeker_id == placement.seeker_id, Placement.status.in_(HOLDS_SEAT), same_hire).limit(1))
    if earlier is not None:
        raise Conflict(f"This hire is already recorded (placement {earlier}).", "seeker_id")


def _take_seat(vacancy_id: int) -> Vacancy:
    taken, vacancy = _claim_seats(vacancy_id, 1)
    if vacancy is None:
        raise Invalid(f"No vacancy with id {vacancy_id}.", "vacancy_id")
    if not taken:
        raise Conflict(f"Vacancy {vacancy_id} has no openings left (status {vacancy.status}).", "vacancy_id")
    return vacancy


def _claim_seats(vacancy_id: int, count: int) -> tuple[bool, Vacancy | None]:
    """Take `count` openings in one guarded UPDATE, all or none; a vacancy left full is filled."""
    taken = db.session.execute(
        update(Vacancy).where(Vacancy.id == vacancy_id, Vacancy.status == "open",
                              Vacancy.filled + count <= Vacancy.openings)
        .values(filled=Vacancy.filled + count)).rowcount
    vacancy = db.session.get(Vacancy, vacancy_id, populate_existing=True)
    if taken:
        if vacancy.filled >= vacancy.openings:
            vacancy.status = "filled"
        changes.record("vacancy", vacancy_id)
    return bool(taken), vacancy


def _free_seat(placement: Placement) -> None:
    if placement.vacancy_id is None:
        return
    db.session.execute(update(Vacancy).where(Vacancy.id == placement.vacancy_id, Vacancy.filled > 0)
                       .values(filled=Vacancy.filled - 1))
    vacancy = db.session.get(Vacancy, placement.vacancy_id, populate_existing=True)
    if vacancy.status == "filled":
        vacancy.status = "open"
    changes.record("vacancy", vacancy.id)


ALLOWED_FROM = {"verified": ("claimed",), "rejected": ("claimed",), "cancelled": HOLDS_SEAT}


def decide(placement_id: int, to_status: str, by: Principal, note: str | None = None,
           reason: str | None = None) -> Placement:
    """verify (claimed -> verified), reject (claimed -> rejected), cancel (claimed/verified -> cancelled).

    `reason` (kept in decision_reason) says why a placement was rejected or cancelled; callers that
    require one (the pages) check it with `require_reason`.
    """
    with write_transaction():
        placement = get_or_404(Placement, placement_id, "placement")
        if placement.status not in ALLOWED_FROM[to_status]:
            raise Conflict(f"A {placement.status} placement cannot become {to_status}.", "status")
        if to_status in ("rejected", "cancelled"):
            _free_seat(placement)
            _release_seeker(placement)
            placement.decision_reason = reason
        placement.status, placement.decided_by, placement.decided_at = to_status, by.name, utcnow()
        changes.record("placement", placement.id)
        if note:
            placement.note = note
    return placement


def require_reason(to_status: str, reason: str | None) -> None:
    """A rejection or cancellation made at the desk says why, so the company can be told."""
    if to_status in ("rejected", "cancelled") and not (reason or "").strip():
        raise Invalid("A reason is required to reject or cancel a placement.", "reason")


def verify_many(args: dict, by: Principal, expected: int) -> int:
    """Verify every claimed placement the filters select (company, month), all together.

    `expected` is the count the person confirmed; if others were added or decided meanwhile the
    count differs and nothing is verified, so nobody verifies placements they never saw counted.
    """
    with write_transaction():
        ids = db.session.scalars(_filtered(select(Placement.id), {**args, "status": "claimed"})).all()
        if len(ids) != expected:
            raise Conflict(f"{len(ids)} placements match now, not {expected}; look at the list again.", "expected")
        done = 0
        for chunk in _chunks(ids):
            done += db.session.execute(update(Placement).where(Placement.id.in_(chunk), Placement.status == "claimed")
                                       .values(status="verified", decided_by=by.name, decided_at=utcnow())).rowcount
        if done != expected:
            raise Conflict(f"{done} placements could be verified, not {expected}; look at the list again.", "expected")
        changes.record_many("placement", ids)
    return done


def _release_seeker(placement: Placement) -> None:
    others = db.session.scalar(select(Placement.id).where(
        Placement.seeker_id == placement.seeker_id, Placement.id != placement.id,
        Placement.status.in_(HOLDS_SEAT)).limit(1))
    seeker = placement.seeker
    if others is None and seeker.status == "placed":
        seeker.status = "active"
        changes.record("seeker", seeker.id)


def get_placement(placement_id: int) -> Placement:
    return get_or_404(Placement, placement_id, "placement")


PLACEMENT_ORDERS = {"terbaru": (Placement.placed_on.desc(), Placement.id.desc()),
                    "terlama": (Placement.placed_on, Placement.id)}


def _filtered(query, args: dict):
    """status, company, seeker, vacancy; `month` (a date in it); `is_local` and `district` as at the hire."""
    for key in ("status", "company_id", "seeker_id", "vacancy_id", "is_local", "district"):
        if key in args:
            query = query.where(getattr(Placement, key) == args[key])
    if "month" in args:
        first = args["month"].replace(day=1)
        after = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        query = query.where(Placement.placed_on >= first, Placement.placed_on < after)
    return query


def count_placements(args: dict) -> int:
    return db.session.scalar(_filtered(select(func.count()).select_from(Placement), args))


def list_placements(args: dict) -> dict:
    listed = select(Placement).options(selectinload(Placement.company), selectinload(Placement.seeker))
    return page(ordered(_filtered(listed, args), args, PLACEMENT_ORDERS, "terbaru"),
                args["limit"], args["offset"])


# --- Bulk import of a company's periodic report (laporan berkala penempatan) --------------------

class RowsRefused(Invalid):
    """Some rows of an import are wrong: nothing was recorded. `rows` = {row number: {field: [message]}}."""

    def __init__(self, rows: dict):
        super().__init__(f"{len(rows)} row(s) refused; nothing was recorded.", "rows")
        self.rows = rows


def import_placements(company_id: int, rows: list[dict], by: Principal, numbers: list | None = None) -> list[Placement]:
    """Record every hire of the report as claimed, or none: a refusal names each bad row and field.

    `numbers` say how the caller counts rows (a file's line numbers); by default the list index.
    Openings are taken per vacancy with one guarded UPDATE, so a report never overbooks either.
    """
    numbers = numbers or list(range(len(rows)))
    errors: dict = {}

    def refuse(index: int, field: str, message: str) -> None:
        errors.setdefault(numbers[index], {}).setdefault(field, []).append(message)

    with write_transaction():
        company = require_company(company_id)
        seekers = _seekers_for(rows, refuse)
        vacancies = _vacancies_for(rows, company, refuse)
        _refuse_duplicates(rows, seekers, company, refuse)
        if not errors:
            _take_seats(rows, vacancies, refuse)
        if errors:
            raise RowsRefused(dict(sorted(errors.items())))
        placements = [_placement(row, seekers[i], company, vacancies.get(row.get("vacancy_id")), by)
                      for i, row in enumerate(rows)]
        db.session.add_all(placements)
        db.session.flush()
        changes.record_many("placement", [p.id for p in placements], "created")
        for seeker in {s.id: s for s in seekers.values()}.values():
            seeker.status = "placed"
            changes.record("seeker", seeker.id)
    return placements


def _chunks(values, size=500):
    values = list(values)
    return (values[i:i + size] for i in range(0, len(values), size))


def _seekers_for(rows: list[dict], refuse) -> dict[int, Seeker]:
    """{row index: seeker}, found by seeker_id or NIK (and both must agree when both are given)."""
    by_id, by_nik = {}, {}
    for chunk in _chunks({r["seeker_id"] for r in rows if "seeker_id" in r}):
        by_id.update((s.id, s) for s in db.session.scalars(select(Seeker).where(Seeker.id.in_(chunk))))
    for chunk in _chunks({r["nik"] for r in rows if "nik" in r}):
        by_nik.update((s.nik, s) for s in db.session.scalars(select(Seeker).where(Seeker.nik.in_(chunk))))
    found = {}
    for i, row in enumerate(rows):
        seeker = by_id.get(row["seeker_id"]) if "seeker_id" in row else by_nik.get(row["nik"])
        if seeker is None:
            field = "seeker_id" if "seeker_id" in row else "nik"
            refuse(i, field, "No registered job seeker with this " + ("id." if field == "seeker_id" else "NIK."))
        elif "nik" in row and seeker.nik != row["nik"]:
            refuse(i, "nik", "This NIK belongs to another seeker than seeker_id.")
        else:
            found[i] = seeker
    return found


def _vacancies_for(rows: list[dict], company, refuse) -> dict[int, Vacancy]:
    wanted = {r["vacancy_id"] for r in rows if "vacancy_id" in r}
    vacancies = {v.id: v for chunk in _chunks(wanted)
                 for v in db.session.scalars(select(Vacancy).where(Vacancy.id.in_(chunk)))}
    for i, row in enumerate(rows):
        vacancy = vacancies.get(row.get("vacancy_id"))
        if "vacancy_id" in row and (vacancy is None or vacancy.company_id != company.id):
            refuse(i, "vacancy_id", f"No vacancy with id {row['vacancy_id']} at company {company.id}.")
    return vacancies


def _refuse_duplicates(rows: list[dict], seekers: dict[int, Seeker], company, refuse) -> None:
    """A report sent twice must not count its hires twice: one seeker, one company, one hire date."""
    recorded = {}
    for chunk in _chunks({s.id for s in seekers.values()}):
        recorded.update(((seeker_id, placed_on), pid) for pid, seeker_id, placed_on in db.session.execute(
            select(Placement.id, Placement.seeker_id, Placement.placed_on).where(
                Placement.company_id == company.id, Placement.seeker_id.in_(chunk),
                Placement.status.in_(HOLDS_SEAT))))
    first_row = {}
    for i, seeker in seekers.items():
        key = (seeker.id, rows[i]["placed_on"])
        if key in recorded:
            refuse(i, "placed_on", f"This hire is already recorded (placement {recorded[key]}).")
        elif key in first_row:
            refuse(i, "placed_on", "The same hire appears twice in this report.")
        first_row.setdefault(key, i)


def _take_seats(rows: list[dict], vacancies: dict[int, Vacancy], refuse) -> None:
    wanted: dict[int, list[int]] = {}
    for i, row in enumerate(rows):
        if "vacancy_id" in row:
            wanted.setdefault(row["vacancy_id"], []).append(i)
    for vacancy_id, indexes in wanted.items():
        taken, vacancy = _claim_seats(vacancy_id, len(indexes))
        if not taken:
            left = vacancy.openings - vacancy.filled if vacancy.status == "open" else 0
            for i in indexes:
                refuse(i, "vacancy_id", f"Vacancy {vacancy_id} has {left} opening(s) left; "
                                        f"this report places {len(indexes)} there.")


def _placement(row: dict, seeker: Seeker, company, vacancy: Vacancy | None, by: Principal) -> Placement:
    """A claimed placement with the seeker's locality, district, education and gender as of now."""
    return Placement(
        vacancy_id=vacancy and vacancy.id, company_id=company.id, seeker_id=seeker.id,
        job_title=row.get("job_title") or vacancy.title, placed_on=row["placed_on"], note=row.get("note"),
        recorded_by=by.name, status="claimed", is_local=seeker.is_local, ktp_regency_code=seeker.ktp_regency_code,
        district=seeker.district, education_level=seeker.education_level, gender=seeker.gender)


# Column names a company's sheet may use (English, or the Indonesian a Disnaker form prints).
COLUMN_ALIASES = {"nik": "nik", "seeker_id": "seeker_id", "id_pencaker": "seeker_id", "job_title": "job_title",
                  "jabatan": "job_title", "posisi": "job_title", "placed_on": "placed_on", "tmt": "placed_on",
                  "tanggal_mulai_kerja": "placed_on", "tanggal_penempatan": "placed_on", "vacancy_id": "vacancy_id",
                  "id_lowongan": "vacancy_id", "note": "note", "catatan": "note", "keterangan": "note"}


def import_placements_file(company_id: int, filename: str, content: bytes, by: Principal,
                           report=None) -> list[Placement]:
    """Import a CSV or XLSX report; rows are numbered as the sheet shows them (header = row 1).
    `report(status, rows_read, rows_checked, rows_saved)`, when given, follows the progress."""
    report = report or (lambda **_: None)
    lines = _read_xlsx(content) if filename.lower().endswith(".xlsx") else _read_csv(content)
    header, body = _header(lines)
    report(status="reading", rows_read=len(body), rows_checked=0, rows_saved=0)
    rows, numbers, errors = [], [], {}
    for number, cells in body:
        raw = {header[i]: _cell_value(header[i], v) for i, v in enumerate(cells[:len(header)])
               if header[i] and v not in (None, "")}
        try:
            rows.append(ImportRowSchema().load(raw))
            numbers.append(number)
        except ValidationError as err:
            errors[number] = err.messages
    if errors:
        raise RowsRefused(errors)
    if not rows:
        raise Invalid("The file has no rows of hires under its header.", "file")
    report(status="saving", rows_read=len(body), rows_checked=len(body), rows_saved=0)
    return import_placements(company_id, rows, by, numbers)


def _read_csv(content: bytes) -> list[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid("A CSV file must be UTF-8 text.", "file") from None
    first = text.split("\n", 1)[0]
    # Excel in an Indonesian locale saves CSV with semicolons.
    delimiter = max(",;\t", key=first.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))  # bounded by MAX_BODY_BYTES


def _read_xlsx(content: bytes) -> list[list]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        lines, filled = [], 0
        for cells in workbook.worksheets[0].iter_rows(values_only=True):
            lines.append(list(cells))
            filled += any(v not in (None, "") for v in cells)
            if filled > MAX_IMPORT_ROWS + 1:
                break  # header + one row past the limit: enough to refuse the file, never to cut it
        workbook.close()
        return lines
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged or foreign file
        raise Invalid("The file is not a readable XLSX workbook.", "file") from None


def _header(lines: list[list]) -> tuple[list, list[tuple[int, list]]]:
    if not lines:
        raise Invalid("The file is empty.", "file")
    header = [re.sub(r"[\s-]+", "_", str(v or "").strip().lower()) for v in lines[0]]
    unknown = [name for name in header if name and name not in COLUMN_ALIASES]
    if unknown:
        raise Invalid(f"Unknown column(s) {', '.join(unknown)}; use {', '.join(sorted(COLUMN_ALIASES))}.", "file")
    body = [(n, cells) for n, cells in enumerate(lines[1:], start=2) if any(v not in (None, "") for v in cells)]
    if len(body) > MAX_IMPORT_ROWS:
        raise Invalid(f"A report holds at most {MAX_IMPORT_ROWS} rows; split the file.", "file")
    return [COLUMN_ALIASES.get(name) for name in header], body


def _cell_value(column: str, value):
    """Sheet cells as the row schema expects them: ids as numbers, NIK and dates as text."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        value = value.strip()
        if column in ("seeker_id", "vacancy_id") and value.isdigit():
            return int(value)
        if column == "placed_on" and (match := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value)):
            day, month, year = match.groups()  # Indonesian sheets write dates day first
            return f"{year}-{int(month):02d}-{int(day):02d}"
        return value
    if isinstance(value, float) and value.is_integer() and column != "nik":
        return int(value)
    if isinstance(value, int) and column in ("nik", "job_title", "note"):
        return str(value)
    return value
