"""Use cases for placements (penempatan): claim a seat, verify, reject, cancel.

A claimed or verified placement holds one opening of its vacancy. The seat is taken with one
guarded UPDATE (`filled < openings`), so concurrent claims by any number of workers can never
overbook: the database decides, row by row, on SQLite and PostgreSQL alike.
"""
from __future__ import annotations

from sqlalchemy import select, update

from service.auth import Principal
from service.companies import require_company
from service.errors import Conflict, Invalid
from service.extensions import db
from service.models import ChangeLog, Placement, Seeker, Vacancy, utcnow
from service.persistence import get_or_404, page, write_transaction

HOLDS_SEAT = ("claimed", "verified")


def record_placement(data: dict, by: Principal) -> Placement:
    """Record a hire as claimed; it counts toward the target once verified."""
    with write_transaction():
        seeker = db.session.get(Seeker, data["seeker_id"])
        if seeker is None:
            raise Invalid(f"No seeker with id {data['seeker_id']}.", "seeker_id")
        vacancy = _take_seat(data["vacancy_id"]) if data.get("vacancy_id") else None
        company = vacancy.company if vacancy else require_company(data["company_id"])
        placement = Placement(
            vacancy_id=vacancy and vacancy.id, company_id=company.id, seeker_id=seeker.id,
            job_title=data.get("job_title") or vacancy.title, placed_on=data["placed_on"],
            note=data.get("note"), recorded_by=by.name, status="claimed",
            is_local=seeker.is_local, ktp_regency_code=seeker.ktp_regency_code, district=seeker.district,
            education_level=seeker.education_level, gender=seeker.gender)
        seeker.status = "placed"
        db.session.add(placement)
        db.session.add(ChangeLog(entity="seeker", entity_id=seeker.id))
    return placement


def _take_seat(vacancy_id: int) -> Vacancy:
    taken = db.session.execute(
        update(Vacancy).where(Vacancy.id == vacancy_id, Vacancy.status == "open",
                              Vacancy.filled < Vacancy.openings)
        .values(filled=Vacancy.filled + 1)).rowcount
    vacancy = db.session.get(Vacancy, vacancy_id, populate_existing=True)
    if vacancy is None:
        raise Invalid(f"No vacancy with id {vacancy_id}.", "vacancy_id")
    if not taken:
        raise Conflict(f"Vacancy {vacancy_id} has no openings left (status {vacancy.status}).", "vacancy_id")
    if vacancy.filled >= vacancy.openings:
        vacancy.status = "filled"
    db.session.add(ChangeLog(entity="vacancy", entity_id=vacancy.id))
    return vacancy


def _free_seat(placement: Placement) -> None:
    if placement.vacancy_id is None:
        return
    db.session.execute(update(Vacancy).where(Vacancy.id == placement.vacancy_id, Vacancy.filled > 0)
                       .values(filled=Vacancy.filled - 1))
    vacancy = db.session.get(Vacancy, placement.vacancy_id, populate_existing=True)
    if vacancy.status == "filled":
        vacancy.status = "open"
    db.session.add(ChangeLog(entity="vacancy", entity_id=vacancy.id))


def decide(placement_id: int, to_status: str, by: Principal, note: str | None = None) -> Placement:
    """verify (claimed -> verified), reject (claimed -> rejected), cancel (claimed/verified -> cancelled)."""
    allowed_from = {"verified": ("claimed",), "rejected": ("claimed",), "cancelled": HOLDS_SEAT}[to_status]
    with write_transaction():
        placement = get_or_404(Placement, placement_id, "placement")
        if placement.status not in allowed_from:
            raise Conflict(f"A {placement.status} placement cannot become {to_status}.", "status")
        if to_status in ("rejected", "cancelled"):
            _free_seat(placement)
            _release_seeker(placement)
        placement.status, placement.decided_by, placement.decided_at = to_status, by.name, utcnow()
        if note:
            placement.note = note
    return placement


def _release_seeker(placement: Placement) -> None:
    others = db.session.scalar(select(Placement.id).where(
        Placement.seeker_id == placement.seeker_id, Placement.id != placement.id,
        Placement.status.in_(HOLDS_SEAT)).limit(1))
    seeker = placement.seeker
    if others is None and seeker.status == "placed":
        seeker.status = "active"
        db.session.add(ChangeLog(entity="seeker", entity_id=seeker.id))


def get_placement(placement_id: int) -> Placement:
    return get_or_404(Placement, placement_id, "placement")


def list_placements(args: dict) -> dict:
    query = select(Placement).order_by(Placement.placed_on.desc(), Placement.id.desc())
    for key in ("status", "company_id", "seeker_id", "vacancy_id"):
        if key in args:
            query = query.where(getattr(Placement, key) == args[key])
    return page(query, args["limit"], args["offset"])
