"""Local-hiring report for TKP3D: verified hires of KTP holders of the home regency vs the target."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from service.extensions import db
from service.models import HiringTarget, Placement
from service.persistence import write_transaction


def set_target(year: int, local_hires_target: int) -> HiringTarget:
    with write_transaction():
        target = db.session.get(HiringTarget, year) or HiringTarget(year=year)
        target.local_hires_target = local_hires_target
        db.session.add(target)
    return target


def get_target(year: int) -> int | None:
    target = db.session.get(HiringTarget, year)
    return target and target.local_hires_target


def local_hiring(year: int) -> dict:
    """Totals for a calendar year: only verified placements count; claimed ones are shown apart."""
    verified = Placement.status == "verified"
    row = db.session.execute(
        select(func.count().filter(verified),
               func.count().filter(verified & Placement.is_local),
               func.count().filter(Placement.status == "claimed"),
               func.count().filter((Placement.status == "claimed") & Placement.is_local))
        .where(Placement.placed_on >= date(year, 1, 1), Placement.placed_on <= date(year, 12, 31))).one()
    total, local, claimed, claimed_local = row
    target = get_target(year)
    return {"year": year, "target": target, "local_hires": local, "total_hires": total,
            "claimed_hires": claimed, "claimed_local_hires": claimed_local,
            "local_share": round(local / total, 4) if total else None,
            "percent_of_target": round(100 * local / target, 1) if target else None}
