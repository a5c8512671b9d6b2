"""The TKP3D dashboard (/tkp3d): the year's local hires against the target, the breakdowns by
company, sector and district, and downloads. Aggregates only, with small groups folded by
service.reports (the TKP3D rule applies here to staff too), so no person can be singled out."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, render_template, request

from schemas.reports import SHEET_NAMES
from service import exports, reports
from service.downloads import download
from service.web.charts import progress_chart
from service.web.session import require_role

bp = Blueprint("tkp3d", __name__, url_prefix="/tkp3d")
bp.before_request(require_role("tkp3d", "staff"))

SHOWN = ("company", "sector", "district")


def _year() -> int:
    raw = request.args.get("tahun", "")
    year = int(raw) if raw.isdigit() else date.today().year
    if not 2000 <= year <= 2100:
        abort(404)
    return year


def _report(year: int) -> dict:
    return reports.local_hiring_report(date(year, 1, 1), date(year, 12, 31), "month", "tkp3d")


@bp.get("")
def dashboard():
    year = _year()
    report = _report(year)
    chart = progress_chart(year, report["periods"], report["target"], report["projection"], date.today())
    return render_template("tkp3d/dashboard.html", year=year, report=report, chart=chart, shown=SHOWN,
                           titles=exports.BREAKDOWN_TITLES, tables=list(exports.SHEET_TITLES.items()))


@bp.get("/unduh/<name>.csv")
def download_csv(name):
    year = _year()
    tables = exports.tables(_report(year))
    if name not in tables:
        abort(404)
    headers, rows = tables[name]
    return _download(exports.to_csv(headers, rows), year, name, "csv")


@bp.get("/unduh/laporan.xlsx")
def download_xlsx():
    year = _year()
    return _download(exports.to_xlsx(exports.tables(_report(year))), year, "lengkap", "xlsx")


def _download(body: bytes, year: int, part: str, extension: str) -> Response:
    return download(body, f"penyerapan-lokal_{year}_{SHEET_NAMES.get(part, part)}.{extension}")
