"""/api/v1/targets and /api/v1/reports"""
from flask import Response, g
from flask_smorest import Blueprint

from schemas.placements import TargetSchema
from schemas.reports import BREAKDOWNS, SHEET_NAMES, CsvExportArgsSchema, LocalHiringReportSchema, ReportArgsSchema
from service import exports, reports
from service.auth import require
from service.downloads import XLSX_TYPE, download

blp = Blueprint("reports", __name__, url_prefix="", description="Targets and local-hiring reports (TKP3D)")



@blp.route("/targets/<int(min=2000, max=2100):year>", methods=["PUT"])
@require("staff")
@blp.arguments(TargetSchema)
@blp.response(200, TargetSchema)
def put_target(data, year):
    """Set the year's local-hiring target"""
    return reports.set_target(year, data["local_hires_target"])


def _report(args: dict, breakdowns=None) -> dict:
    breakdowns = tuple(dict.fromkeys(args["breakdowns"])) if breakdowns is None else breakdowns
    return reports.local_hiring_report(args["start"], args["end"], args["period"], g.principal.role, args.get("as_of"), breakdowns)


@blp.route("/reports/local-hiring")
@require("staff", "tkp3d")
@blp.arguments(ReportArgsSchema, location="query")
@blp.response(200, LocalHiringReportSchema)
def local_hiring(args):
    """Local hires (KTP of the home regency) against the target: totals, by period, projection, breakdowns"""
    body = reports.local_hiring_report_json(args["start"], args["end"], args["period"], g.principal.role,
                                            args.get("as_of"), tuple(dict.fromkeys(args["breakdowns"])))
    return Response(body, mimetype="application/json")


@blp.route("/reports/local-hiring.csv")
@require("staff", "tkp3d")
@blp.arguments(CsvExportArgsSchema, location="query")
@blp.response(200, content_type="text/csv")
def local_hiring_csv(args):
    """The report as CSV, one table (?table=summary|periods|company|...), Indonesian headers"""
    table = args["table"]
    headers, rows = exports.tables(_report(args, (table,) if table in BREAKDOWNS else ()))[table]
    return _download(exports.to_csv(headers, rows), args, args["table"], "csv")


@blp.route("/reports/local-hiring.xlsx")
@require("staff", "tkp3d")
@blp.arguments(ReportArgsSchema, location="query")
@blp.response(200, content_type=XLSX_TYPE)
def local_hiring_xlsx(args):
    """The report as an XLSX workbook, one sheet per table, Indonesian headers"""
    return _download(exports.to_xlsx(exports.tables(_report(args))), args, "lengkap", "xlsx")


def _download(body: bytes, args: dict, part: str, extension: str) -> Response:
    span = str(args["year"]) if "year" in args else f"{args['start']}_{args['end']}"
    name = f"penyerapan-lokal_{span}_{SHEET_NAMES.get(part, part)}.{extension}"
    return download(body, name)
