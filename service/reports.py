"""Local-hiring reports for TKP3D (laporan penyerapan tenaga kerja lokal).

Counting rules, the same everywhere:
- Only verified placements count as hires (`local_hires`, `total_hires`); claimed ones (still
  being verified) are counted apart (`claimed_hires`); rejected and cancelled ones count nowhere.
- A hire is local when the seeker's KTP was of the home regency *on the hire date*: the placement
  keeps that snapshot, so a later change of address never rewrites a past report.
- A hire belongs to the day it started (`placed_on`); a range includes both its end dates.

Suppression (tkp3d and every non-staff viewer; staff see everything): see `suppress_rows`.

The functions here return plain dicts and lists (dates as `datetime.date`), for the API, the
exports and the web pages alike.
"""
from __future__ import annotations

import bisect
import calendar
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select

from schemas.reports import LocalHiringReportSchema
from service.extensions import db
from service.models import Company, CompanyCommitment, HiringTarget, Placement
from service.persistence import write_transaction
from service.report_cache import cached_by_data_version

PERIODS = ("month", "quarter", "half", "year")
BREAKDOWNS = ("company", "sector", "district", "education", "gender")
COUNTED = ("verified", "claimed")
MEASURES = ("local_hires", "total_hires", "claimed_hires", "claimed_local_hires")
SUPPRESSED_LABEL = "Lainnya (disamarkan)"
UNKNOWN_LABEL = "Tidak diketahui"
GENDER_LABELS = {"M": "Laki-laki", "F": "Perempuan"}


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
    """Totals for a calendar year (the contract's fields), without series or breakdowns."""
    return local_hiring_report(date(year, 1, 1), date(year, 12, 31), "year", "staff", breakdowns=())


@cached_by_data_version("REPORT_MIN_GROUP_SIZE")
def local_hiring_report_json(start: date, end: date, period: str = "month", viewer_role: str = "staff",
                             as_of: date | None = None, breakdowns=BREAKDOWNS) -> str:
    """The report as the API sends it, serialised once per data version: the dashboard's hot path
    then costs a version look-up, not a dump of every breakdown row."""
    report = local_hiring_report(start, end, period, viewer_role, as_of, breakdowns)
    return current_app.json.dumps(LocalHiringReportSchema().dump(report))


@cached_by_data_version("REPORT_MIN_GROUP_SIZE")
def local_hiring_report(start: date, end: date, period: str = "month", viewer_role: str = "staff",
                        as_of: date | None = None, breakdowns=BREAKDOWNS) -> dict:
    """Totals, a series by period, a year-end projection and breakdowns for start..end (inclusive).

    `viewer_role` other than "staff" gets small groups suppressed (see `suppress_rows`);
    `as_of` (default today) is the day the projection stands on.
    """
    days = _daily_counts(date(start.year, 1, 1), end)
    totals = _sum(counts for day, counts in days.items() if day >= start)
    target = _range_target(start, end)
    min_group = current_app.config["REPORT_MIN_GROUP_SIZE"] if viewer_role != "staff" else None
    return {
        "year": start.year if start.year == end.year else None,
        "start": start, "end": end, "period": period,
        "target": target, **totals, **_ratios(totals, target),
        "periods": _series(days, start, end, period),
        "projection": _projection(days, end, as_of or date.today()),
        "breakdowns": {name: breakdown(name, start, end, min_group) for name in breakdowns},
        "suppression": {"applied": min_group is not None, "min_group_size": min_group},
    }


def _daily_counts(start: date, end: date) -> dict[date, dict]:
    """{day: counts} of verified and claimed placements, in one grouped query."""
    rows = db.session.execute(
        select(Placement.placed_on, *_count_columns())
        .where(Placement.status.in_(COUNTED), Placement.placed_on.between(start, end))
        .group_by(Placement.placed_on)).all()
    return {row[0]: dict(zip(MEASURES, row[1:])) for row in rows}


def _count_columns():
    verified, claimed = Placement.status == "verified", Placement.status == "claimed"
    return (func.count().filter(verified & Placement.is_local), func.count().filter(verified),
            func.count().filter(claimed), func.count().filter(claimed & Placement.is_local))


def _sum(counts, measures=MEASURES) -> dict:
    total = dict.fromkeys(measures, 0)
    for item in counts:
        for key in measures:
            total[key] += item[key]
    return total


def _ratios(counts: dict, target: int | None) -> dict:
    local, total = counts["local_hires"], counts["total_hires"]
    return {"local_share": round(local / total, 4) if total else None,
            "percent_of_target": round(100 * local / target, 1) if target else None}


def _range_target(start: date, end: date) -> int | None:
    """The target of the range's year; for a range over several years, the sum of their targets."""
    targets = dict(db.session.execute(select(HiringTarget.year, HiringTarget.local_hires_target)
                                      .where(HiringTarget.year.between(start.year, end.year))).all())
    years = range(start.year, end.year + 1)
    return sum(targets[y] for y in years) if all(y in targets for y in years) else None


def period_bounds(start: date, end: date, period: str) -> list[tuple[str, date, date]]:
    """[(label, first day, last day)] of the calendar periods covering start..end, clipped to it."""
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[period]
    bounds, cursor = [], start
    while cursor <= end:
        first_month = (cursor.month - 1) // months * months + 1
        last_month = first_month + months - 1
        period_end = date(cursor.year, last_month, calendar.monthrange(cursor.year, last_month)[1])
        bounds.append((_label(cursor.year, first_month, period), cursor, min(period_end, end)))
        cursor = period_end + timedelta(days=1)
    return bounds


def _label(year: int, first_month: int, period: str) -> str:
    return {"month": f"{year}-{first_month:02d}", "quarter": f"{year}-Q{(first_month + 2) // 3}",
            "half": f"{year}-H{(first_month + 5) // 6}", "year": str(year)}[period]


def _series(days: dict[date, dict], start: date, end: date, period: str) -> list[dict]:
    """Counts per period, with progress since 1 January (even before `start`) toward that year's target."""
    bounds = period_bounds(start, end, period)
    buckets = [[] for _ in bounds]
    firsts = [first for _, first, _ in bounds]
    for day, counts in days.items():
        if day >= start:
            buckets[bisect.bisect_right(firsts, day) - 1].append(counts)
    year_to_date = _sum(c for d, c in days.items() if d < start)  # days holds only start's year before start
    series, targets, year = [], {}, start.year
    for (label, first, last), bucket in zip(bounds, buckets):
        if last.year != year:
            year_to_date, year = dict.fromkeys(MEASURES, 0), last.year
        counts = _sum(bucket)
        year_to_date = _sum((year_to_date, counts))
        target = targets.setdefault(year, get_target(year))
        cumulative = year_to_date["local_hires"]
        series.append({"period": label, "start": first, "end": last, **counts,
                       "local_share": _ratios(counts, None)["local_share"], "target": target,
                       "cumulative_local_hires": cumulative, "cumulative_total_hires": year_to_date["total_hires"],
                       "cumulative_percent_of_target": round(100 * cumulative / target, 1) if target else None})
    return series


def _projection(days: dict[date, dict], end: date, as_of: date) -> dict | None:
    """Year-end local hires at the pace of the year so far (verified hires per day, 1 Jan to as_of)."""
    year_start, year_end = date(end.year, 1, 1), date(end.year, 12, 31)
    cutoff = min(end, as_of)
    if cutoff < year_start:
        return None
    so_far = _sum(c for d, c in days.items() if year_start <= d <= cutoff)["local_hires"]
    elapsed, in_year = (cutoff - year_start).days + 1, (year_end - year_start).days + 1
    projected = round(so_far * in_year / elapsed)
    target = get_target(end.year)
    return {"year": end.year, "as_of": cutoff, "days_elapsed": elapsed, "days_in_year": in_year,
            "local_hires_to_date": so_far, "projected_local_hires": projected, "target": target,
            "projected_percent_of_target": round(100 * projected / target, 1) if target else None}


# --- Breakdowns -------------------------------------------------------------------------------

def breakdown(name: str, start: date, end: date, min_group: int | None = None) -> list[dict]:
    """Rows of one breakdown (company, sector, district, education, gender); they add up to the totals.

    Each row: key, label, the counts, local_share; company rows also company_id, commitment,
    percent_of_commitment and reported. `min_group` set: small groups are suppressed.
    """
    rows = _company_rows(start, end) if name == "company" else _grouped_rows(name, start, end)
    rows.sort(key=lambda r: (-r["local_hires"], -r["total_hires"], -r["claimed_hires"], str(r["label"])))
    return suppress_rows(rows, min_group) if min_group else rows


_COLUMNS = {"sector": Company.sector, "district": Placement.district, "education": Placement.education_level,
            "gender": Placement.gender}


def _grouped_rows(name: str, start: date, end: date) -> list[dict]:
    column = _COLUMNS[name]
    query = (select(column, *_count_columns())
             .where(Placement.status.in_(COUNTED), Placement.placed_on.between(start, end)).group_by(column))
    if name == "sector":
        query = query.join(Company, Company.id == Placement.company_id)
    labels = GENDER_LABELS if name == "gender" else {}
    return [_row(key, labels.get(key, key) if key is not None else UNKNOWN_LABEL, counts)
            for key, *counts in db.session.execute(query).all()]


def _row(key, label, counts) -> dict:
    row = {"key": key, "label": label, **dict(zip(MEASURES, counts))}
    row["local_share"] = _ratios(row, None)["local_share"]
    return row


def _company_rows(start: date, end: date) -> list[dict]:
    """Every company that recorded a placement in the range or committed to hire in its years."""
    # All statuses are read here: a company whose hires were all rejected has still reported.
    activity = {company_id: counts for company_id, *counts in db.session.execute(
        select(Placement.company_id, *_count_columns(), func.count())
        .where(Placement.placed_on.between(start, end)).group_by(Placement.company_id)).all()}
    commitments = dict(db.session.execute(
        select(CompanyCommitment.company_id, func.sum(CompanyCommitment.local_hires))
        .where(CompanyCommitment.year.between(start.year, end.year)).group_by(CompanyCommitment.company_id)).all())
    ids = set(activity) | set(commitments)
    names = dict(db.session.execute(select(Company.id, Company.name).where(Company.id.in_(ids))).all()) if ids else {}
    rows = []
    for company_id in ids:
        *counts, recorded = activity.get(company_id, (0, 0, 0, 0, 0))
        row = _row(company_id, names[company_id], counts)
        commitment = commitments.get(company_id)
        row.update(company_id=company_id, commitment=commitment, reported=recorded > 0,
                   percent_of_commitment=round(100 * row["local_hires"] / commitment, 1) if commitment else None)
        rows.append(row)
    return rows


def placement_count(row: dict) -> int:
    """A ledger group's size: its verified plus claimed placements."""
    return row["total_hires"] + row["claimed_hires"]


def suppress_rows(rows: list[dict], min_group: int, size=placement_count, measures=MEASURES) -> list[dict]:
    """Fold groups smaller than `min_group` into one unnamed row, safe against subtraction.

    A group's size is its verified plus claimed placements. The rule (for each breakdown):
    1. every group with 1..min_group-1 placements is hidden (empty groups are not: a zero
       singles nobody out, and a committed company that reported nothing must stay visible);
    2. while the hidden set holds fewer than two groups, or fewer than `min_group` placements,
       the smallest visible group is hidden too, so the folded row is never one group's figure;
    3. hidden groups are removed (not named) and replaced by one row labelled
       "Lainnya (disamarkan)" carrying their sums and how many groups it folds.
    Rows still add up to the totals, and no hidden group can be recovered by subtracting the
    visible rows from the totals: that recovers only the folded row. (Not covered: differencing
    two reports over overlapping date ranges; see README.)
    Other reports (TKM, service/tkm.py) give their own `size` and the `measures` the folded row sums.
    """
    hidden = [r for r in rows if 0 < size(r) < min_group]
    if not hidden:
        return rows
    visible = sorted((r for r in rows if size(r) >= min_group), key=size)
    while visible and (len(hidden) < 2 or sum(map(size, hidden)) < min_group):
        hidden.append(visible.pop(0))
    hidden_ids = {id(r) for r in hidden}
    folded = {"key": None, "label": SUPPRESSED_LABEL, "suppressed": True, "groups": len(hidden),
              **_sum(hidden, measures)}
    if "local_hires" in measures:
        folded["local_share"] = _ratios(folded, None)["local_share"]
    return [r for r in rows if id(r) not in hidden_ids] + [folded]
