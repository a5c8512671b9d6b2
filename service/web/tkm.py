"""Pages of the self-employment path (TKM), on service/tkm.py:
- staff (/staf/tkm, on the staff blueprint): groups, a group's members, monthly reports, missing
  months and monitoring visits; mentors and incubators;
- mentors (/pendamping, their own blueprint): the groups assigned to them and a phone-first
  monthly report form; another group's page is 404, as in the API;
- the evaluation for the monitoring meeting (/tkp3d/tkm, on the TKP3D blueprint: staff and TKP3D),
  with its downloads; TKP3D sees it without names and with small cells folded."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from schemas.tkm import (KINDS, OBSTACLES, GroupCreateSchema, GroupUpdateSchema, IncubatorCreateSchema,
                         MemberCreateSchema, MentorCreateSchema, ReportCreateSchema, VisitCreateSchema)
from service import exports, seekers, tkm
from service.downloads import download
from service.errors import DomainError
from service.web import lists
from service.web.forms import FormInvalid, district_from_form, form_data, indonesian, load_form, submit
from service.web.session import require_role
from service.web.staff import bp as staff_bp
from service.web.tkp3d import bp as tkp3d_bp

mentor_bp = Blueprint("mentor", __name__, url_prefix="/pendamping")
mentor_bp.before_request(require_role("mentor"))

ALL = {"limit": 500, "offset": 0}
GROUP_FILTERS = {"status": ("status", lists.choice("active", "inactive")), "jenis": ("kind", lists.choice(*KINDS)),
                 "kecamatan": ("district", lists.district), "q": ("q", lists.text)}
REPORT_MONTHS = 12  # months offered on the report form (besides older missing ones)


def _page_context() -> dict:
    return {"obstacles": [(code, tkm.OBSTACLE_LABELS[code]) for code in OBSTACLES],
            "obstacle_labels": tkm.OBSTACLE_LABELS, "status_labels": tkm.STATUS_LABELS}


def _group_data(schema, group=None) -> tuple[dict, dict]:
    """The posted group as the schema expects it, the kecamatan from the list."""
    found: dict = {}
    data = form_data(schema, request.form)
    if "district" in request.form:
        data["district"] = district_from_form(request.form.get("district"), found, group and group.district)
    return data, found


# ---- staff: groups ---------------------------------------------------------------------------------

@staff_bp.route("/tkm", methods=["GET", "POST"])
def tkm_groups():
    """TKM groups with their missing monthly reports, and the form to register one."""
    args = lists.list_args(GROUP_FILTERS, tuple(tkm.GROUP_ORDERS))

    def render(errors=None):
        return render_template("staff/tkm_groups.html", result=lists.run(tkm.list_groups, args), errors=errors or {},
                               values=request.form, mentors=tkm.list_mentors(ALL)["items"],
                               incubators=tkm.list_incubators(ALL)["items"], kinds=KINDS, **_page_context())

    def create():
        data, found = _group_data(GroupCreateSchema())
        group = tkm.create_group(load_form(GroupCreateSchema(), data, found))
        flash(f"Kelompok {group.name} disimpan.", "ok")
        return redirect(url_for(".tkm_group", group_id=group.id))

    return submit(render, create) if request.method == "POST" else render()


def _group_page(group_id: int, errors: dict | None = None, form: str | None = None):
    group = tkm.get_group(group_id)
    return render_template(
        "staff/tkm_group.html", group=group, errors=errors or {}, form=form,
        values=request.form if errors else None,
        members=tkm.list_members(group.id, ALL)["items"],
        reports=tkm.list_reports(group.id, {"limit": 24, "offset": 0})["items"],
        visits=tkm.list_visits(group.id, {"limit": 24, "offset": 0})["items"],
        mentors=tkm.list_mentors(ALL)["items"], incubators=tkm.list_incubators(ALL)["items"], kinds=KINDS,
        today=date.today(), **_page_context())


@staff_bp.route("/tkm/<int:group_id>", methods=["GET", "POST"])
def tkm_group(group_id):
    """A group: its data (status, mentor, incubator), members, monthly reports, missing months, visits."""
    def update():
        group = tkm.get_group(group_id)
        schema = GroupUpdateSchema()
        data, found = _group_data(schema, group)
        tkm.update_group(group.id, load_form(schema, data, found))
        flash("Data kelompok disimpan.", "ok")
        return redirect(url_for(".tkm_group", group_id=group_id))

    if request.method == "POST":
        return submit(lambda errors: _group_page(group_id, errors, "group"), update)
    return _group_page(group_id)


@staff_bp.post("/tkm/<int:group_id>/anggota")
def tkm_member_add(group_id):
    """A job seeker joins the group: by NIK typed at the desk (sent by POST), or from the seeker's page."""
    back = request.form.get("back") == "pencaker"
    nik = request.form.get("nik", "").strip()
    raw_id = request.form.get("seeker_id", "").strip()
    try:
        if nik:
            found = seekers.find_by_nik(nik)
            if found is None:
                raise FormInvalid({"nik": ["Tidak ada pencari kerja dengan NIK itu."]})
            raw_id = str(found.id)
        data = load_form(MemberCreateSchema(), {"seeker_id": int(raw_id) if raw_id.isdigit() else raw_id or None,
                                                "role": request.form.get("role", "anggota")})
        member = tkm.add_member(group_id, data)
    except FormInvalid as err:
        if raw_id and not nik:  # from the seeker's page: say it there
            flash("Belum dimasukkan: " + " ".join(m for msgs in err.errors.values() for m in msgs), "error")
            return redirect(url_for(".seeker_detail", seeker_id=int(raw_id)) if raw_id.isdigit()
                            else url_for(".tkm_group", group_id=group_id))
        return _group_page(group_id, err.errors, "member"), 422
    except DomainError as err:
        if nik or not raw_id.isdigit():
            return _group_page(group_id, {"nik" if err.field == "seeker_id" else (err.field or "_form"):
                                          [indonesian(err.message)]}, "member"), 409 if err.code == 409 else 422
        flash("Belum dimasukkan: " + indonesian(err.message), "error")
        return redirect(url_for(".seeker_detail", seeker_id=int(raw_id)))
    flash(f"{member.seeker.full_name} kini anggota kelompok ({tkm.ROLE_LABELS[member.role]}) dan tercatat "
          f"wirausaha (TKM).", "ok")
    if back or (raw_id and not nik):
        return redirect(url_for(".seeker_detail", seeker_id=member.seeker_id))
    return redirect(url_for(".tkm_group", group_id=group_id) + "#anggota")


@staff_bp.post("/tkm/<int:group_id>/anggota/<int:seeker_id>/keluar")
def tkm_member_remove(group_id, seeker_id):
    try:
        tkm.remove_member(group_id, seeker_id)
    except DomainError as err:
        flash(indonesian(err.message), "error")
    else:
        flash("Anggota dikeluarkan dari kelompok; ia kembali tercatat sebagai pencari kerja.", "ok")
    return redirect(url_for(".tkm_group", group_id=group_id) + "#anggota")


def _obstacle_data(schema) -> dict:
    data = form_data(schema, request.form)
    data["obstacles"] = request.form.getlist("obstacles")  # checkboxes, one value each
    return data


@staff_bp.post("/tkm/<int:group_id>/kunjungan")
def tkm_visit(group_id):
    """A monitoring visit by staff, with the obstacles found."""
    def record():
        schema = VisitCreateSchema()
        tkm.record_visit(group_id, load_form(schema, _obstacle_data(schema)), g.principal)
        flash("Kunjungan monitoring dicatat.", "ok")
        return redirect(url_for(".tkm_group", group_id=group_id) + "#kunjungan")

    return submit(lambda errors: _group_page(group_id, errors, "visit"), record)


@staff_bp.route("/tkm/pendamping", methods=["GET", "POST"])
def tkm_mentors():
    """Mentors (TKS) and BLK Komunitas incubators, each with a form to add one."""
    kind = request.form.get("jenis")

    def render(errors=None):
        return render_template("staff/tkm_mentors.html", mentors=tkm.list_mentors(ALL)["items"],
                               incubators=tkm.list_incubators(ALL)["items"], errors=errors or {},
                               values=request.form if errors else None, form=kind)

    def create():
        if kind == "inkubator":
            data, found = _group_data(IncubatorCreateSchema())
            incubator = tkm.create_incubator(load_form(IncubatorCreateSchema(), data, found))
            flash(f"Inkubator {incubator.name} disimpan.", "ok")
        else:
            mentor = tkm.create_mentor(load_form(MentorCreateSchema(), form_data(MentorCreateSchema(), request.form)))
            flash(f"Pendamping {mentor.name} disimpan. Buat akun masuknya dengan nama pengguna {mentor.login}.", "ok")
        return redirect(url_for(".tkm_mentors"))

    return submit(render, create) if request.method == "POST" else render()


# ---- mentors: their groups and the monthly report --------------------------------------------------

@mentor_bp.get("")
def home():
    """The mentor's groups, the months still missing a report first."""
    groups = tkm.list_groups({"limit": 200, "offset": 0}, g.principal)["items"]
    return render_template("mentor/home.html", groups=groups, mentor=tkm.mentor_for(g.principal))


def _month_choices(missing: list[str], today: date) -> list[tuple[str, str]]:
    from service.web.filters import bulan
    months, month = [], today.replace(day=1)
    for _ in range(REPORT_MONTHS):
        months.append(month)
        month = date(month.year - 1, 12, 1) if month.month == 1 else date(month.year, month.month - 1, 1)
    wanted = sorted({*months, *(tkm.parse_month(m) for m in missing)}, reverse=True)
    return [(m.strftime("%Y-%m"), bulan(m) + (" (belum dilaporkan)" if m.strftime("%Y-%m") in missing else ""))
            for m in wanted]


@mentor_bp.route("/kelompok/<int:group_id>/laporan", methods=["GET", "POST"])
def report(group_id):
    """The monthly report form (phone first) and the group's earlier reports."""
    group = tkm.get_group(group_id, g.principal)   # another mentor's group: 404
    today = date.today()

    def render(errors=None):
        default = group.missing_months[0] if group.missing_months else today.strftime("%Y-%m")
        return render_template("mentor/report.html", group=group, errors=errors or {},
                               values=request.form if errors else None, default_month=default,
                               months=_month_choices(group.missing_months, today),
                               chosen=request.form.getlist("obstacles") if errors else [],
                               reports=tkm.list_reports(group.id, {"limit": 12, "offset": 0}, g.principal)["items"],
                               **_page_context())

    def file():
        schema = ReportCreateSchema()
        filed = tkm.file_report(group.id, load_form(schema, _obstacle_data(schema)), g.principal)
        from service.web.filters import bulan
        flash(f"Laporan {bulan(filed.month)} untuk {group.name} tersimpan. Terima kasih.", "ok")
        return redirect(url_for(".home"))

    return submit(render, file) if request.method == "POST" else render()


# ---- the evaluation (FGD monev), for staff and TKP3D ----------------------------------------------

@tkp3d_bp.get("/tkm")
def tkm_evaluation():
    """The year's TKM figures: groups monitored and running, omzet and workers by month, obstacles
    ranked, readiness for Lanjutan, mentors' reporting; names for staff only."""
    year = lists.report_year()
    return render_template("tkp3d/tkm.html", year=year, report=tkm.evaluation(year, g.principal.role),
                           sheets=list(tkm.SHEETS.items()))


@tkp3d_bp.get("/tkm/unduh.xlsx")
def tkm_download_xlsx():
    year = lists.report_year()
    return download(tkm.workbook(tkm.evaluation(year, g.principal.role)), f"evaluasi-tkm_{year}.xlsx")


@tkp3d_bp.get("/tkm/unduh/<name>.csv")
def tkm_download_csv(name):
    year = lists.report_year()
    tables = tkm.tables(tkm.evaluation(year, g.principal.role))
    if name not in tables:
        abort(404)
    return download(exports.to_csv(*tables[name], indonesian_excel=True), f"evaluasi-tkm_{year}_{name}.csv")
