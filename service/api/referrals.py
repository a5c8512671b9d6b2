"""/api/v1/seekers/{id}/referrals, /api/v1/referrals, /api/v1/reports/training-outcomes and
/api/v1/reports/competency-needs (JSON, CSV, XLSX)"""
from datetime import date

from flask import Response, g
from flask.views import MethodView
from flask_smorest import Blueprint

from schemas.referrals import (NeedsReportArgsSchema, NeedsReportSchema, OutcomeArgsSchema, OutcomeListSchema,
                               ReferralCreateSchema, ReferralListSchema, ReferralQueryArgsSchema, ReferralSchema,
                               SuggestionArgsSchema, SuggestionListSchema)
from service import needs, referrals
from service.auth import ensure_own_seeker, require
from service.downloads import XLSX_TYPE, download

blp = Blueprint("referrals", __name__, url_prefix="",
                description="Training referrals (rujukan pelatihan), outcomes and the competency-needs report")



@blp.route("/seekers/<int:seeker_id>/referrals")
@require("staff", "seeker")
@blp.arguments(SuggestionArgsSchema, location="query")
@blp.response(200, SuggestionListSchema)
def seeker_suggestions(args, seeker_id):
    """Training that would close a seeker's gaps (staff, or that seeker), best first, with reasons"""
    ensure_own_seeker(seeker_id)
    return referrals.suggest(seeker_id, args.get("vacancy_id"), args["limit"])


@blp.route("/referrals")
class Referrals(MethodView):
    @require("staff")
    @blp.arguments(ReferralQueryArgsSchema, location="query")
    @blp.response(200, ReferralListSchema)
    def get(self, args):
        """List referrals"""
        return referrals.list_referrals(args)

    @require("staff")
    @blp.arguments(ReferralCreateSchema)
    @blp.response(201, ReferralSchema)
    def post(self, data):
        """Record a suggestion or a referral of a seeker to a training programme"""
        return referrals.create_referral(data, g.principal)


@blp.route("/referrals/<int:referral_id>")
@require("staff")
@blp.response(200, ReferralSchema)
def get_referral(referral_id):
    """Read a referral"""
    return referrals.get_referral(referral_id)


def _transition(action: str, to_status: str, summary: str) -> None:
    @require("staff")
    @blp.response(200, ReferralSchema)
    def view(referral_id):
        return referrals.advance(referral_id, to_status)
    view.__doc__ = summary
    view.__name__ = f"referral_{action}"
    blp.route(f"/referrals/<int:referral_id>/{action}", methods=["POST"])(view)


_transition("refer", "referred", "Refer the seeker (suggested -> referred)")
_transition("enrol", "enrolled", "Enrol the seeker (referred -> enrolled); takes a seat, 409 when none is left")
_transition("complete", "completed", "Record completion (enrolled -> completed); certifies the competencies taught")
_transition("drop", "dropped", "Record that the seeker dropped out (enrolled -> dropped); frees the seat")


@blp.route("/reports/training-outcomes")
@require("staff", "tkp3d")
@blp.arguments(OutcomeArgsSchema, location="query")
@blp.response(200, OutcomeListSchema)
def training_outcomes(args):
    """Per programme: referred, enrolled, completed, later placed, and the share placed locally"""
    return {"items": referrals.outcomes(args.get("year"), g.principal.role)}


def _needs(args: dict) -> dict:
    return needs.needs_report(args["start"], args["end"], args.get("sector"), args.get("district"), args["limit"])


@blp.route("/reports/competency-needs")
@require("staff", "tkp3d")
@blp.arguments(NeedsReportArgsSchema, location="query")
@blp.response(200, NeedsReportSchema)
def needs_report(args):
    """Companies' competency needs beside supply and training seats: demand, supply, seats, gap"""
    return _needs(args)


@blp.route("/reports/competency-needs.csv")
@require("staff", "tkp3d")
@blp.arguments(NeedsReportArgsSchema, location="query")
@blp.response(200, content_type="text/csv")
def needs_report_csv(args):
    """The needs-versus-supply table as CSV, Indonesian headers"""
    return _download(needs.to_csv(_needs(args)), "csv")


@blp.route("/reports/competency-needs.xlsx")
@require("staff", "tkp3d")
@blp.arguments(NeedsReportArgsSchema, location="query")
@blp.response(200, content_type=XLSX_TYPE)
def needs_report_xlsx(args):
    """The needs-versus-supply table (and unplaced needs) as XLSX, Indonesian headers"""
    return _download(needs.to_xlsx(_needs(args)), "xlsx")


def _download(body: bytes, extension: str) -> Response:
    return download(body, f"kebutuhan-kompetensi_{date.today().isoformat()}.{extension}")
