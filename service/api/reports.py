"""/api/v1/targets and /api/v1/reports"""
from flask_smorest import Blueprint

from schemas.placements import ReportArgsSchema, TargetSchema
from service import reports
from service.auth import require

blp = Blueprint("reports", __name__, url_prefix="", description="Targets and local-hiring reports (TKP3D)")




@blp.route("/targets/<int(min=2000, max=2100):year>", methods=["PUT"])
@require("staff")
@blp.arguments(TargetSchema)
@blp.response(200, TargetSchema)
def put_target(data, year):
    """Set the year's local-hiring target"""
    return reports.set_target(year, data["local_hires_target"])


@blp.route("/reports/local-hiring")
@require("staff", "tkp3d")
@blp.arguments(ReportArgsSchema, location="query")
@blp.response(200)
def local_hiring(args):
    """Local hires (KTP of the home regency) against the year's target"""
    return reports.local_hiring(args["year"])
