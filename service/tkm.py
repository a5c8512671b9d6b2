"""The self-employment path (Tenaga Kerja Mandiri, TKM): start-up groups and their members, the
BLK Komunitas incubators that take them in, volunteer mentors (TKS, tenaga kerja sukarela) and
their monthly reports, staff's monitoring visits, and the monitoring-and-evaluation report (FGD).

Rules (the README's TKM section says the same for people):
- Business field: written freely ("keripik singkong", "konveksi") and read by the matching
  engine's normaliser, the one that reads skills (with the aliases staff added). The text is kept
  as written and the first competency it names is stored beside it. Text the taxonomy cannot
  place is accepted with a null reading and counted with the unknown phrases, like a skill, so
  staff can teach it an alias: a real group (a bamboo-craft business) must never be refused
  because the taxonomy lacks its trade. A group without a reading is re-read whenever it is
  suggested, so a new alias reaches it.
- Self-employed: a job seeker who is a member of an active group has the seeker status
  `self_employed` ("wirausaha (TKM)"): matching, the needs report's supply and every count of
  available job seekers already take only `active` seekers, so they drop out of all of them at
  once (and every worker re-reads them through change_log). Leaving the group, or the group
  stopping, makes them `active` again. A seeker is in at most one active group at a time.
- Who sees what: staff everything; a mentor (role `mentor`, tied to a TkmMentor by its `login`)
  only the groups assigned to them: any other group's id answers 404, as an unknown one does.
- Missing monthly report: a group with a mentor owes one report per calendar month, from the
  month the mentor was assigned through the last completed month (the month before `today`),
  and, once the group stopped, no later than the month it stopped. A due month without a report
  is missing. Reports may be filed for any month up to the current one (not the future).
- The year's report (`evaluation`): see its docstring; small cells are folded for non-staff
  viewers with the ledger's own rule (service.reports.suppress_rows).
"""
from __future__ import annotations

import math
from collections import defaultdict
from datetime import date

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from schemas.common import MAX_INT
from schemas.tkm import OBSTACLES
from service import audit, changes, districts, exports
from service.auth import Principal
from service.errors import Conflict, Invalid, NotFound
from service.extensions import db
from service.models import Seeker, TkmGroup, TkmIncubator, TkmMember, TkmMentor, TkmReport, TkmVisit
from service.persistence import contains, get_or_404, ordered, page, write_transaction

OBSTACLE_LABELS = {"pemasaran": "Pemasaran / akses pasar", "kemasan": "Kemasan", "perizinan": "Perizinan",
                   "permodalan": "Permodalan", "bahan_baku": "Bahan baku", "produksi": "Produksi",
                   "sdm": "SDM", "lainnya": "Lainnya"}
KIND_LABELS = {"pemula": "TKM Pemula", "lanjutan": "TKM Lanjutan"}
STATUS_LABELS = {"active": "Berjalan", "inactive": "Berhenti"}
ROLE_LABELS = {"ketua": "Ketua", "anggota": "Anggota"}
SELF_EMPLOYED = "self_employed"
UNKNOWN_LABEL = "Tidak diketahui"


# ---- who is asking -------------------------------------------------------------------------------

def mentor_for(principal: Principal) -> TkmMentor | None:
    """The mentor record a signed-in mentor (page account or API token) stands for: by its login."""
    return db.session.scalar(select(TkmMentor).where(TkmMentor.login == principal.name))


def _scope(query, principal: Principal | None):
    """Only the groups a mentor is assigned; everything for staff."""
    if principal is not None and principal.role == "mentor":
        mentor = mentor_for(principal)
        return query.where(TkmGroup.mentor_id == (mentor.id if mentor else -1))
    return query


def visible_group(group_id: int, principal: Principal | None) -> TkmGroup:
    """The group, if this caller may see it; another mentor's group is as unknown as a missing one."""
    group = get_or_404(TkmGroup, group_id, "TKM group")
    if principal is not None and principal.role == "mentor":
        mentor = mentor_for(principal)
        if mentor is None or group.mentor_id != mentor.id:
            raise NotFound(f"No TKM group with id {group_id}.")
    return group


# ---- the business field, read like a skill -----------------------------------------------------

def read_business_field(text: str) -> str | None:
    """The competency a business field names (the first placed reading), else None."""
    from service.needs import reader
    for mention in reader().mentions(text):
        if mention.competency_id:
            return mention.competency_id
    return None


def competency_label(competency_id: str | None) -> str | None:
    """The Indonesian label (from the shipped taxonomy: staff aliases add words, never labels, so no
    query is needed and a list shows its labels at no cost per row)."""
    from service.matches import base_taxonomy
    taxonomy = base_taxonomy()
    return taxonomy[competency_id].label_id if competency_id and competency_id in taxonomy.competencies else None


def _district(text: str | None) -> str | None:
    return districts.canonical(text) if text else text


# ---- groups --------------------------------------------------------------------------------------

def create_group(data: dict, today: date | None = None) -> TkmGroup:
    """Register a TKM group (its mentor and incubator, if given, must exist)."""
    competency = read_business_field(data["business_field"])  # before the write lock, as referrals do
    with write_transaction():
        _check_links(data)
        group = TkmGroup(**{**data, "district": _district(data.get("district"))},
                         business_competency_id=competency, status="active")
        if group.mentor_id and not group.mentor_assigned_on:
            group.mentor_assigned_on = today or date.today()
        if competency is None:
            from service.skills import count_unknown
            count_unknown([data["business_field"]])
        db.session.add(group)
        db.session.flush()
        changes.record("tkm_group", group.id, "created")
    return _with_figures([group], today)[0]


def update_group(group_id: int, data: dict, today: date | None = None) -> TkmGroup:
    """Correct a group, assign its mentor or incubator, or record that it stopped (or runs again)."""
    today = today or date.today()
    competency = read_business_field(data["business_field"]) if "business_field" in data else None
    with write_transaction():
        group = get_or_404(TkmGroup, group_id, "TKM group")
        _check_links(data)
        if "district" in data:
            data["district"] = _district(data["district"])
        if "business_field" in data:
            data["business_competency_id"] = competency
        if "mentor_id" in data and data["mentor_id"] != group.mentor_id and not data.get("mentor_assigned_on"):
            # A new mentor owes reports from the day they take the group on, not before.
            data["mentor_assigned_on"] = today if data["mentor_id"] else None
        elif "mentor_assigned_on" in data and data["mentor_assigned_on"] is None and data.get(
                "mentor_id", group.mentor_id):
            del data["mentor_assigned_on"]  # a mentor stays assigned from a date (a cleared form field keeps it)
        status = data.get("status", group.status)
        if status == "inactive" and group.status == "active":
            data.setdefault("stopped_on", today)
        elif status == "active" and group.status == "inactive":
            data["stopped_on"] = None
        for key, value in data.items():
            setattr(group, key, value)
        db.session.flush()
        _refresh_statuses([m.seeker_id for m in _members(group.id)])
        changes.record("tkm_group", group.id)
    return _with_figures([group], today)[0]


def _check_links(data: dict) -> None:
    if data.get("mentor_id") and db.session.get(TkmMentor, data["mentor_id"]) is None:
        raise Invalid(f"No mentor with id {data['mentor_id']}.", "mentor_id")
    if data.get("incubator_id") and db.session.get(TkmIncubator, data["incubator_id"]) is None:
        raise Invalid(f"No incubator with id {data['incubator_id']}.", "incubator_id")


def get_group(group_id: int, principal: Principal | None = None, today: date | None = None) -> TkmGroup:
    return _with_figures([visible_group(group_id, principal)], today)[0]


GROUP_ORDERS = {"nama": (TkmGroup.name, TkmGroup.id), "terbaru": (TkmGroup.id.desc(),),
                "tahun": (TkmGroup.assistance_year.desc(), TkmGroup.id)}


def list_groups(args: dict, principal: Principal | None = None, today: date | None = None) -> dict:
    query = _scope(select(TkmGroup).options(selectinload(TkmGroup.mentor), selectinload(TkmGroup.incubator)),
                   principal)
    query = ordered(query, args, GROUP_ORDERS, "nama")
    for key in ("status", "kind", "mentor_id"):
        if key in args:
            query = query.where(getattr(TkmGroup, key) == args[key])
    if "district" in args:
        query = query.where(TkmGroup.district == districts.canonical(args["district"]))
    if "q" in args:
        query = query.where(contains(TkmGroup.name, args["q"]))
    result = page(query, args["limit"], args["offset"])
    result["items"] = _with_figures(result["items"], today)
    return result


def _with_figures(groups: list[TkmGroup], today: date | None = None) -> list[TkmGroup]:
    """Each group with its member count, reading label and missing months: three queries for the lot."""
    ids = [g.id for g in groups]
    counts = dict(db.session.execute(select(TkmMember.group_id, func.count()).where(TkmMember.group_id.in_(ids))
                                     .group_by(TkmMember.group_id)).all()) if ids else {}
    missing = missing_months(groups, today)
    for group in groups:
        group.member_count = counts.get(group.id, 0)
        group.business_label = competency_label(group.business_competency_id)
        group.missing_months = [m.strftime("%Y-%m") for m in missing[group.id]]
    return groups


# ---- missing monthly reports ---------------------------------------------------------------------

def _month(day: date) -> date:
    return day.replace(day=1)


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _last_completed_month(today: date) -> date:
    first = _month(today)
    return date(first.year - 1, 12, 1) if first.month == 1 else date(first.year, first.month - 1, 1)


def due_months(group: TkmGroup, today: date | None = None) -> list[date]:
    """The months a report on this group is owed for (the rule in this module's docstring)."""
    today = today or date.today()
    if not group.mentor_id or not group.mentor_assigned_on:
        return []
    end = _last_completed_month(today)
    if group.status == "inactive" and group.stopped_on:
        end = min(end, _month(group.stopped_on))
    months, month = [], _month(group.mentor_assigned_on)
    while month <= end:
        months.append(month)
        month = _next_month(month)
    return months


def reported_months(group_ids) -> dict[int, set[date]]:
    out: dict[int, set[date]] = defaultdict(set)
    ids = list(group_ids)
    for start in range(0, len(ids), 500):
        for group_id, month in db.session.execute(select(TkmReport.group_id, TkmReport.month)
                                                  .where(TkmReport.group_id.in_(ids[start:start + 500]))):
            out[group_id].add(month)
    return out


def missing_months(groups: list[TkmGroup], today: date | None = None) -> dict[int, list[date]]:
    """{group id: due months without a report}, oldest first."""
    filed = reported_months(g.id for g in groups)
    return {g.id: [m for m in due_months(g, today) if m not in filed[g.id]] for g in groups}


# ---- members: job seekers counted as self-employed ----------------------------------------------

def _members(group_id: int) -> list[TkmMember]:
    return db.session.scalars(select(TkmMember).where(TkmMember.group_id == group_id)).all()


def add_member(group_id: int, data: dict, today: date | None = None) -> TkmMember:
    """A registered job seeker joins the group as ketua or anggota; while it runs they are self-employed."""
    with write_transaction():
        group = get_or_404(TkmGroup, group_id, "TKM group")
        seeker = db.session.get(Seeker, data["seeker_id"], with_for_update=True)
        if seeker is None:
            raise Invalid(f"No seeker with id {data['seeker_id']}.", "seeker_id")
        if db.session.scalar(select(TkmMember.id).where(TkmMember.group_id == group.id,
                                                        TkmMember.seeker_id == seeker.id)):
            raise Conflict("This seeker is already a member of this group.", "seeker_id")
        if group.status == "active" and db.session.scalar(
                select(TkmMember.id).join(TkmGroup, TkmGroup.id == TkmMember.group_id)
                .where(TkmMember.seeker_id == seeker.id, TkmGroup.status == "active")):
            raise Conflict("This seeker is already a member of another running group.", "seeker_id")
        if data["role"] == "ketua" and db.session.scalar(
                select(TkmMember.id).where(TkmMember.group_id == group.id, TkmMember.role == "ketua")):
            raise Conflict("This group already has a ketua.", "role")
        member = TkmMember(group_id=group.id, seeker_id=seeker.id, role=data["role"],
                           joined_on=data.get("joined_on") or today or date.today())
        db.session.add(member)
        db.session.flush()
        _refresh_statuses([seeker.id])
        audit.note([seeker.id], "update", "tkm membership added")
        changes.record("tkm_group", group.id)
    return member


def remove_member(group_id: int, seeker_id: int) -> None:
    """The seeker leaves the group (and is a job seeker again unless another running group holds them)."""
    with write_transaction():
        get_or_404(TkmGroup, group_id, "TKM group")
        # An id no column can hold is simply not a member (and never reaches the database).
        member = db.session.scalar(select(TkmMember).where(TkmMember.group_id == group_id,
                                                           TkmMember.seeker_id == seeker_id)) \
            if 0 < seeker_id <= MAX_INT else None
        if member is None:
            raise NotFound(f"No member {seeker_id} in TKM group {group_id}.")
        db.session.delete(member)
        db.session.flush()
        _refresh_statuses([seeker_id])
        audit.note([seeker_id], "update", "tkm membership removed")
        changes.record("tkm_group", group_id)


def list_members(group_id: int, args: dict, principal: Principal | None = None) -> dict:
    visible_group(group_id, principal)
    query = (select(TkmMember).options(selectinload(TkmMember.seeker)).where(TkmMember.group_id == group_id)
             .order_by(TkmMember.role.desc(), TkmMember.id))  # ketua first
    result = page(query, args["limit"], args["offset"])
    audit.read((m.seeker_id for m in result["items"]), "list")
    return result


def _refresh_statuses(seeker_ids) -> None:
    """Self-employed while in a running group, a job seeker (active) again when not; other statuses
    (placed, inactive) are staff's or the seeker's own word and are left alone."""
    for seeker_id in set(seeker_ids):
        seeker = db.session.get(Seeker, seeker_id)
        if seeker is None:
            continue
        running = db.session.scalar(select(func.count()).select_from(TkmMember).join(
            TkmGroup, TkmGroup.id == TkmMember.group_id).where(
            TkmMember.seeker_id == seeker_id, TkmGroup.status == "active"))
        wanted = {("active", True): SELF_EMPLOYED, (SELF_EMPLOYED, False): "active"}.get(
            (seeker.status, bool(running)))
        if wanted:
            seeker.status = wanted
            changes.record("seeker", seeker_id)  # every worker's matching index drops or takes them back


def memberships(seeker_id: int) -> list[TkmMember]:
    """The groups a seeker belongs to (for their record's page)."""
    return db.session.scalars(select(TkmMember).options(selectinload(TkmMember.group))
                              .where(TkmMember.seeker_id == seeker_id).order_by(TkmMember.id)).all()


# ---- mentors and incubators ----------------------------------------------------------------------

def create_mentor(data: dict) -> TkmMentor:
    with write_transaction():
        if db.session.scalar(select(TkmMentor.id).where(TkmMentor.login == data["login"])):
            raise Conflict(f"The login {data['login']!r} is taken.", "login")
        mentor = TkmMentor(**data)
        db.session.add(mentor)
    mentor.group_count = 0
    return mentor


def list_mentors(args: dict) -> dict:
    result = page(select(TkmMentor).order_by(TkmMentor.name, TkmMentor.id), args["limit"], args["offset"])
    ids = [m.id for m in result["items"]]
    counts = dict(db.session.execute(select(TkmGroup.mentor_id, func.count()).where(TkmGroup.mentor_id.in_(ids))
                                     .group_by(TkmGroup.mentor_id)).all()) if ids else {}
    for mentor in result["items"]:
        mentor.group_count = counts.get(mentor.id, 0)
    return result


def require_mentor_login(login: str) -> TkmMentor:
    """The mentor with this login (for create-token / create-user --role mentor), or NotFound."""
    mentor = db.session.scalar(select(TkmMentor).where(TkmMentor.login == login))
    if mentor is None:
        raise NotFound(f"No mentor with login {login!r}: staff add mentors first (POST /api/v1/tkm-mentors "
                       f"or the page /staf/tkm/pendamping).")
    return mentor


def create_incubator(data: dict) -> TkmIncubator:
    with write_transaction():
        incubator = TkmIncubator(**{**data, "district": _district(data.get("district"))})
        db.session.add(incubator)
    return incubator


def list_incubators(args: dict) -> dict:
    return page(select(TkmIncubator).order_by(TkmIncubator.name, TkmIncubator.id), args["limit"], args["offset"])


# ---- monthly reports and visits ------------------------------------------------------------------

def parse_month(text: str) -> date:
    year, month = text.split("-")
    return date(int(year), int(month), 1)


def file_report(group_id: int, data: dict, principal: Principal, today: date | None = None) -> TkmReport:
    """A mentor's (or staff's) monthly report on a group: one per month, not for a month to come."""
    today = today or date.today()
    month = parse_month(data["month"])
    if month > _month(today):
        raise Invalid("month must not be in the future.", "month")
    with write_transaction():
        group = visible_group(group_id, principal)
        if db.session.scalar(select(TkmReport.id).where(TkmReport.group_id == group.id, TkmReport.month == month)):
            raise Conflict(f"A report for {data['month']} is already filed for this group.", "month")
        mentor = mentor_for(principal) if principal.role == "mentor" else None
        report = TkmReport(**{**data, "month": month}, group_id=group.id,
                           mentor_id=mentor.id if mentor else group.mentor_id, filed_by=principal.name)
        db.session.add(report)
        db.session.flush()
        changes.record("tkm_group", group.id)
    return report


def list_reports(group_id: int, args: dict, principal: Principal | None = None, today: date | None = None) -> dict:
    group = visible_group(group_id, principal)
    query = select(TkmReport).where(TkmReport.group_id == group_id).order_by(TkmReport.month.desc())
    result = page(query, args["limit"], args["offset"])
    result["missing_months"] = [m.strftime("%Y-%m") for m in missing_months([group], today)[group.id]]
    return result


def record_visit(group_id: int, data: dict, principal: Principal, today: date | None = None) -> TkmVisit:
    """Staff's monitoring visit (kunjungan monitoring), with the obstacles they found."""
    if data["visited_on"] > (today or date.today()):
        raise Invalid("visited_on must not be in the future.", "visited_on")
    with write_transaction():
        group = get_or_404(TkmGroup, group_id, "TKM group")
        visit = TkmVisit(**data, group_id=group.id, recorded_by=principal.name)
        db.session.add(visit)
        db.session.flush()
        changes.record("tkm_group", group.id)
    return visit


def list_visits(group_id: int, args: dict) -> dict:
    get_or_404(TkmGroup, group_id, "TKM group")
    query = select(TkmVisit).where(TkmVisit.group_id == group_id).order_by(TkmVisit.visited_on.desc(),
                                                                          TkmVisit.id.desc())
    return page(query, args["limit"], args["offset"])


# ---- suggestions for a job seeker ----------------------------------------------------------------

def groups_for_competencies(held: set[str], exclude_seeker: int | None = None) -> list[tuple]:
    """Running groups whose business field a holder of these competencies fits: (group, its field,
    the competency of the seeker that fits, credit 1.0 for the same one, else the taxonomy's related
    credit, at least 0.5), best first."""
    from service.needs import reader
    taxonomy = reader().taxonomy
    query = select(TkmGroup).options(selectinload(TkmGroup.incubator)).where(TkmGroup.status == "active")
    if exclude_seeker is not None:
        query = query.where(TkmGroup.id.not_in(select(TkmMember.group_id).where(
            TkmMember.seeker_id == exclude_seeker)))
    out = []
    for group in db.session.scalars(query.order_by(TkmGroup.id)):
        field = group.business_competency_id or read_business_field(group.business_field)
        if not field:
            continue
        credit, via = max(((taxonomy.related_credit(field, c), c) for c in held), default=(0.0, None))
        if credit >= 0.5:
            out.append((group, field, via, credit))
    out.sort(key=lambda item: (-item[3], item[0].incubator_id is None, item[0].id))
    return out


# ---- the monitoring-and-evaluation report (FGD monev) --------------------------------------------

def readiness_rule() -> str:
    config = current_app.config
    return (f"TKM Pemula yang masih berjalan, dengan paling sedikit {config['TKM_READY_MIN_REPORTS']} laporan "
            f"bulanan pada tahun itu, omzet laporan terakhir paling sedikit "
            f"{round(config['TKM_READY_MIN_GROWTH'] * 100)}% di atas omzet laporan pertama, dan anggota aktif "
            f"laporan terakhir paling sedikit {round(config['TKM_READY_MIN_ACTIVE_SHARE'] * 100)}% dari laporan "
            f"pertama.")


def is_ready(group: TkmGroup, reports: list[TkmReport]) -> bool:
    """Ready for TKM Lanjutan (the thresholds are TKM_READY_* in the config): see readiness_rule."""
    config = current_app.config
    if group.kind != "pemula" or group.status != "active" or len(reports) < config["TKM_READY_MIN_REPORTS"]:
        return False
    first, last = reports[0], reports[-1]
    grew = (last.turnover >= first.turnover * (1 + config["TKM_READY_MIN_GROWTH"]) if first.turnover
            else last.turnover > 0)
    kept = first.active_members > 0 and last.active_members >= math.ceil(
        config["TKM_READY_MIN_ACTIVE_SHARE"] * first.active_members)
    return grew and kept


def evaluation(year: int, viewer_role: str = "staff", today: date | None = None) -> dict:
    """The year's figures for the monitoring-and-evaluation meeting.

    - groups monitored: a monthly report for a month of the year or a visit that year;
      running: of those, the ones still active; running_share = running / monitored.
    - months: per month, the groups that reported and the sums of their active members, omzet
      and new workers.
    - growth: over the groups with two or more reports in the year, the sums of their first and
      last reports' omzet and active members, and how many grew (last omzet > first).
    - obstacles: every code with the number of distinct groups that met it (in a report or a
      visit of the year), most first, ties in the order of schemas.tkm.OBSTACLES.
    - ready for Lanjutan: `is_ready` over each group's reports of the year, in month order.
    - reporting: reports due in the year (service rule: `due_months`) and filed among them,
      overall and (staff) per mentor with the missing months.
    - districts / business fields: groups monitored, running, omzet and new workers per kecamatan
      and per business field.
    Non-staff viewers (TKP3D) see no names (no group list, no mentors) and small cells folded:
    district and field rows by service.reports.suppress_rows (a cell's size is its groups), and a
    month's or the growth's sums are null when fewer than REPORT_MIN_GROUP_SIZE groups make them.
    """
    from service.reports import suppress_rows
    today = today or date.today()
    min_group = current_app.config["REPORT_MIN_GROUP_SIZE"] if viewer_role != "staff" else None
    start, end = date(year, 1, 1), date(year, 12, 1)
    reports = db.session.scalars(select(TkmReport).where(TkmReport.month.between(start, end))
                                 .order_by(TkmReport.group_id, TkmReport.month)).all()
    visits = db.session.execute(select(TkmVisit.group_id, TkmVisit.obstacles).where(
        TkmVisit.visited_on.between(start, date(year, 12, 31)))).all()
    by_group: dict[int, list[TkmReport]] = defaultdict(list)
    for report in reports:
        by_group[report.group_id].append(report)
    monitored_ids = set(by_group) | {v.group_id for v in visits}
    groups = {g.id: g for g in db.session.scalars(select(TkmGroup).where(TkmGroup.id.in_(monitored_ids)))} \
        if monitored_ids else {}
    running = sum(g.status == "active" for g in groups.values())
    small = (lambda n: min_group is not None and 0 < n < min_group)  # noqa: E731

    months = []
    for number in range(1, 13):
        rows = [r for r in reports if r.month.month == number]
        hidden = small(len(rows))
        months.append({"month": f"{year}-{number:02d}", "groups": len(rows), "suppressed": hidden,
                       **{key: None if hidden else sum(getattr(r, key) for r in rows)
                          for key in ("active_members", "turnover", "new_workers")}})

    compared = [rs for rs in by_group.values() if len(rs) >= 2]
    hidden = small(len(compared))
    first_turnover = sum(rs[0].turnover for rs in compared)
    last_turnover = sum(rs[-1].turnover for rs in compared)
    growth = {"groups_compared": len(compared), "suppressed": hidden, **({k: None for k in (
        "groups_grew", "turnover_first", "turnover_last", "turnover_change_percent", "workers_first", "workers_last",
        "new_workers")} if hidden else {
        "groups_grew": sum(rs[-1].turnover > rs[0].turnover for rs in compared),
        "turnover_first": first_turnover, "turnover_last": last_turnover,
        "turnover_change_percent": round(100 * (last_turnover - first_turnover) / first_turnover, 1)
        if first_turnover else None,
        "workers_first": sum(rs[0].active_members for rs in compared),
        "workers_last": sum(rs[-1].active_members for rs in compared),
        "new_workers": sum(r.new_workers for r in reports)})}

    meeting: dict[str, set[int]] = {code: set() for code in OBSTACLES}
    for group_id, codes in [(r.group_id, r.obstacles) for r in reports] + [tuple(v) for v in visits]:
        for code in codes or []:
            if code in meeting:
                meeting[code].add(group_id)
    obstacles = sorted(({"code": code, "label": OBSTACLE_LABELS[code], "groups": len(ids),
                         "share": round(len(ids) / len(groups), 4) if groups else None}
                        for code, ids in meeting.items()), key=lambda o: (-o["groups"], OBSTACLES.index(o["code"])))

    ready = [groups[gid] for gid, rs in by_group.items() if is_ready(groups[gid], rs)]
    ready_rows = [{"id": g.id, "name": g.name, "district": g.district,
                   "turnover_first": by_group[g.id][0].turnover, "turnover_last": by_group[g.id][-1].turnover,
                   "active_members_first": by_group[g.id][0].active_members,
                   "active_members_last": by_group[g.id][-1].active_members}
                  for g in sorted(ready, key=lambda g: g.name)]

    def area_rows(key_of) -> list[dict]:
        cells: dict[str, dict] = {}
        for group in groups.values():
            cell = cells.setdefault(key_of(group), {"label": key_of(group), "n_groups": 0, "running": 0,
                                                    "turnover": 0, "new_workers": 0})
            cell["n_groups"] += 1
            cell["running"] += group.status == "active"
            cell["turnover"] += sum(r.turnover for r in by_group.get(group.id, []))
            cell["new_workers"] += sum(r.new_workers for r in by_group.get(group.id, []))
        rows = sorted(cells.values(), key=lambda c: (-c["n_groups"], c["label"]))
        if min_group:
            rows = suppress_rows(rows, min_group, size=lambda c: c["n_groups"],
                                 measures=("n_groups", "running", "turnover", "new_workers"))
        return [{"label": c["label"], "groups": c["n_groups"], "running": c["running"], "turnover": c["turnover"],
                 "new_workers": c["new_workers"], "suppressed": bool(c.get("suppressed")),
                 "folded": c.get("groups") if c.get("suppressed") else None} for c in rows]

    return {"year": year, "groups_monitored": len(groups), "groups_running": running,
            "running_share": round(running / len(groups), 4) if groups else None,
            "pemula": sum(g.kind == "pemula" for g in groups.values()),
            "lanjutan": sum(g.kind == "lanjutan" for g in groups.values()),
            "months": months, "growth": growth, "obstacles": obstacles,
            "ready_for_lanjutan": {"count": len(ready), "rule": readiness_rule(),
                                   "groups": ready_rows if viewer_role == "staff" else []},
            "reporting": _reporting(year, today, viewer_role == "staff"),
            "districts": area_rows(lambda g: g.district or UNKNOWN_LABEL),
            "fields_": area_rows(lambda g: competency_label(g.business_competency_id) or g.business_field),
            "suppression": {"applied": min_group is not None, "min_group_size": min_group}}


def _reporting(year: int, today: date, named: bool) -> dict:
    """Reports due in the year and filed among them, overall and per mentor (names for staff only)."""
    assigned = db.session.scalars(select(TkmGroup).options(selectinload(TkmGroup.mentor))
                                  .where(TkmGroup.mentor_id.is_not(None)).order_by(TkmGroup.id)).all()
    filed_months = reported_months(g.id for g in assigned)
    per_mentor: dict[int, dict] = {}
    for group in assigned:
        due = [m for m in due_months(group, today) if m.year == year]
        row = per_mentor.setdefault(group.mentor_id, {"mentor_id": group.mentor_id, "name": group.mentor.name,
                                                      "groups": 0, "due": 0, "filed": 0, "missing": []})
        row["groups"] += 1
        row["due"] += len(due)
        row["filed"] += sum(m in filed_months[group.id] for m in due)
        row["missing"] += [{"group_id": group.id, "group_name": group.name, "month": m.strftime("%Y-%m")}
                           for m in due if m not in filed_months[group.id]]
    for row in per_mentor.values():
        row["completeness"] = round(row["filed"] / row["due"], 4) if row["due"] else None
    due, filed = sum(r["due"] for r in per_mentor.values()), sum(r["filed"] for r in per_mentor.values())
    return {"mentors": len(per_mentor), "due": due, "filed": filed,
            "completeness": round(filed / due, 4) if due else None,
            "by_mentor": sorted(per_mentor.values(), key=lambda r: (r["completeness"] is None,
                                                                    r["completeness"] or 0, r["name"]))
            if named else []}


# ---- the report as tables (CSV, XLSX) ------------------------------------------------------------

SHEETS = {"summary": "Ringkasan", "months": "Per bulan", "obstacles": "Kendala", "reporting": "Kelengkapan laporan",
          "district": "Kecamatan", "field": "Bidang usaha", "ready": "Siap Lanjutan"}


def tables(report: dict) -> dict[str, tuple[list[str], list[list]]]:
    """{table: (Indonesian headers, rows)} for the CSV (one table) and the XLSX (every table)."""
    share = exports.Share
    growth, reporting = report["growth"], report["reporting"]
    summary = [["Tahun", report["year"]], ["Kelompok dimonitor", report["groups_monitored"]],
               ["Kelompok masih berjalan", report["groups_running"]],
               ["Porsi masih berjalan", _maybe(share, report["running_share"])],
               ["TKM Pemula", report["pemula"]], ["TKM Lanjutan", report["lanjutan"]],
               ["Kelompok dengan 2+ laporan", growth["groups_compared"]],
               ["Kelompok yang omzetnya naik", growth["groups_grew"]],
               ["Omzet laporan pertama (Rp)", growth["turnover_first"]],
               ["Omzet laporan terakhir (Rp)", growth["turnover_last"]],
               ["Perubahan omzet (%)", growth["turnover_change_percent"]],
               ["Anggota aktif, laporan pertama", growth["workers_first"]],
               ["Anggota aktif, laporan terakhir", growth["workers_last"]],
               ["Tenaga kerja baru", growth["new_workers"]],
               ["Siap TKM Lanjutan", report["ready_for_lanjutan"]["count"]],
               ["Laporan bulanan wajib", reporting["due"]], ["Laporan bulanan masuk", reporting["filed"]],
               ["Kelengkapan laporan", _maybe(share, reporting["completeness"])]]
    if report["suppression"]["applied"]:
        summary.append(["Kelompok lebih kecil dari ini disamarkan", report["suppression"]["min_group_size"]])
    area = ["Kelompok", "Masih berjalan", "Omzet (Rp)", "Tenaga kerja baru"]
    return {
        "summary": (["Keterangan", "Nilai"], summary),
        "months": (["Bulan", "Kelompok melapor", "Anggota aktif", "Omzet (Rp)", "Tenaga kerja baru"],
                   [[m["month"], m["groups"], m["active_members"], m["turnover"], m["new_workers"]]
                    for m in report["months"]]),
        "obstacles": (["Peringkat", "Kendala", "Kode", "Kelompok", "Porsi kelompok"],
                      [[i, o["label"], o["code"], o["groups"], _maybe(share, o["share"])]
                       for i, o in enumerate(report["obstacles"], 1)]),
        "reporting": (["Pendamping", "Kelompok", "Laporan wajib", "Laporan masuk", "Kelengkapan", "Bulan belum melapor"],
                      [[r["name"], r["groups"], r["due"], r["filed"], _maybe(share, r["completeness"]),
                        ", ".join(f"{m['group_name']} {m['month']}" for m in r["missing"])]
                       for r in reporting["by_mentor"]]),
        "district": (["Kecamatan", *area], [_area(r) for r in report["districts"]]),
        "field": (["Bidang usaha", *area], [_area(r) for r in report["fields_"]]),
        "ready": (["Kelompok", "Kecamatan", "Omzet pertama (Rp)", "Omzet terakhir (Rp)", "Anggota aktif pertama",
                   "Anggota aktif terakhir"],
                  [[g["name"], g["district"], g["turnover_first"], g["turnover_last"], g["active_members_first"],
                    g["active_members_last"]] for g in report["ready_for_lanjutan"]["groups"]]),
    }


def _maybe(kind, value):
    return None if value is None else kind(value)


def _area(row: dict) -> list:
    return [row["label"], row["groups"], row["running"], row["turnover"], row["new_workers"]]


def workbook(report: dict) -> bytes:
    return exports.workbook({SHEETS[name]: table for name, table in tables(report).items()})
