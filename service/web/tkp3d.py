"""The TKP3D dashboard (/tkp3d): the year's local hires against the target, the breakdowns by
company, sector and district, and downloads; the needs-versus-supply table, training outcomes
and the year's target on pages of their own. Aggregates only, with small groups folded by
service.reports (the TKP3D rule applies here to staff too), so no person can be singled out."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for

from schemas.placements import TargetSchema
from schemas.reports import SHEET_NAMES
from service import districts, exports, needs, referrals, reports
from service.downloads import download
from service.web import lists
from service.web.charts import progress_chart
from service.web.forms import form_data, load_form, submit
from service.web.session import require_role

bp = Blueprint("tkp3d", __name__, url_prefix="/tkp3d")
bp.before_request(require_role("tkp3d", "staff"))

SHOWN = ("company", "sector", "district")


def _report(year: int) -> dict:
    return reports.local_hiring_report(date(year, 1, 1), date(year, 12, 31), "month", "tkp3d")


@bp.get("")
def dashboard():
    year = lists.report_year()
    report = _report(year)
    chart = progress_chart(year, report["periods"], report["target"], report["projection"], date.today())
    return render_template("tkp3d/dashboard.html", year=year, report=report, chart=chart, shown=SHOWN,
                           titles=exports.BREAKDOWN_TITLES, tables=list(exports.SHEET_TITLES.items()))


@bp.get("/unduh/<name>.csv")
def download_csv(name):
    year = lists.report_year()
    tables = exports.tables(_report(year))
    if name not in tables:
        abort(404)
    headers, rows = tables[name]
    return _download(exports.to_csv(headers, rows, indonesian_excel=True), year, name, "csv")


@bp.get("/unduh/laporan.xlsx")
def download_xlsx():
    year = lists.report_year()
    return _download(exports.to_xlsx(exports.tables(_report(year))), year, "lengkap", "xlsx")


def _download(body: bytes, year: int, part: str, extension: str) -> Response:
    return download(body, f"penyerapan-lokal_{year}_{SHEET_NAMES.get(part, part)}.{extension}")


# ---- needs versus supply, training outcomes, the year's target --------------------------------

def _needs_report(year: int) -> dict:
    sector = request.args.get("sektor", "").strip()[:200] or None
    district = districts.by_code(request.args.get("kecamatan", ""))
    return needs.needs_report(date(year, 1, 1), date(year, 12, 31), sector, district and district.name)


@bp.get("/kebutuhan")
def needs_page():
    """Per competency: what companies asked for, who can do it, the training seats, and the gap."""
    year = lists.report_year()
    return render_template("tkp3d/needs.html", year=year, report=_needs_report(year))


@bp.get("/kebutuhan/unduh.<any(xlsx, csv):extension>")
def needs_download(extension):
    year = lists.report_year()
    named = needs.export_tables(_needs_report(year))
    body = exports.workbook(named) if extension == "xlsx" else \
        exports.to_csv(*named["Kebutuhan vs pasokan"], indonesian_excel=True)
    return download(body, f"kebutuhan-kompetensi_{year}.{extension}")


@bp.get("/pelatihan")
def training_outcomes():
    """Per programme: referred, enrolled, completed, later placed (and locally); small counts hidden for TKP3D."""
    year = lists.report_year()
    return render_template("tkp3d/outcomes.html", year=year,
                           rows=referrals.outcomes(year, g.principal.role))


@bp.route("/target", methods=["GET", "POST"])
def target():
    """The year's local-hiring target: everyone here reads it, staff set it."""
    year = lists.report_year()

    def render(errors=None):
        return render_template("tkp3d/target.html", year=year, target=reports.get_target(year),
                               totals=reports.local_hiring(year), errors=errors or {},
                               values=request.form if errors else None)

    def save():
        if g.principal.role != "staff":
            abort(403)
        data = load_form(TargetSchema(), form_data(TargetSchema(), request.form))
        reports.set_target(year, data["local_hires_target"])
        flash(f"Target {year} disimpan.", "ok")
        return redirect(url_for(".target", tahun=year))

    return submit(render, save) if request.method == "POST" else render()
