"""/api/v1/seekers"""
from flask.views import MethodView
from flask_smorest import Blueprint

from schemas.common import ListArgsSchema
from schemas.seekers import (AccessCodeSchema, AccessLogSchema, SeekerCreatedSchema, SeekerCreateSchema,
                             SeekerExportSchema, SeekerListSchema, SeekerQueryArgsSchema, SeekerSchema,
                             SeekerSearchSchema, SeekerUpdateSchema)
from service import audit, privacy, seekers
from service.api import nik_visibility
from service.auth import ensure_own_seeker, require
from service.idempotency import IDEMPOTENCY_HEADER, idempotent

blp = Blueprint("seekers", __name__, url_prefix="/seekers", description="Job seekers (pencaker)")


@blp.route("")
class Seekers(MethodView):
    @require("staff")
    @nik_visibility
    @blp.arguments(SeekerQueryArgsSchema, location="query")
    @blp.response(200, SeekerListSchema)
    def get(self, args):
        """List job seekers (staff only). Searching by name or NIK: POST /seekers/search keeps it out of URLs"""
        return seekers.shown(seekers.list_seekers(args))

    @require("staff")
    @nik_visibility
    @blp.arguments(SeekerCreateSchema)
    @blp.response(201, SeekerCreatedSchema)
    @blp.doc(parameters=[IDEMPOTENCY_HEADER])
    @idempotent(seekers.Seeker, lambda created: created[0])  # a replay cannot show the access token again
    def post(self, data):
        """Register a job seeker; the answer carries their access token, shown only this once"""
        seeker, seeker.access_token, seeker.access_code = seekers.register_seeker(data)
        return seeker


@blp.route("/<int:seeker_id>")
class SeekerById(MethodView):
    @require("staff", "seeker")
    @nik_visibility
    @blp.response(200, SeekerSchema)
    def get(self, seeker_id):
        """Read a job seeker (staff, or that seeker)"""
        ensure_own_seeker(seeker_id)
        return seekers.get_seeker(seeker_id)

    @require("staff")
    @nik_visibility
    @blp.arguments(SeekerUpdateSchema)
    @blp.response(200, SeekerSchema)
    def patch(self, data, seeker_id):
        """Correct a job seeker's data"""
        return seekers.update_seeker(seeker_id, data)


    @require("staff")
    @blp.response(204)
    def delete(self, seeker_id):
        """Erase a job seeker on their request (UU PDP): personal data gone, the ledger's counts kept"""
        privacy.erase_seeker(seeker_id)


@blp.route("/search", methods=["POST"])
@require("staff")
@nik_visibility
@blp.arguments(SeekerSearchSchema)
@blp.response(200, SeekerListSchema)
def search(args):
    """Find job seekers by NIK or name and filters, sent in the body so no URL or log keeps them (staff)"""
    return seekers.shown(seekers.search_seekers(args))


@blp.route("/<int:seeker_id>/access-code", methods=["POST"])
@require("staff")
@blp.response(201, AccessCodeSchema)
def renew_access_code(seeker_id):
    """A new web access code (kode akses) and API token; every older code and token stops working"""
    code, token = seekers.renew_credentials(seeker_id)
    return {"access_code": code, "access_token": token}


@blp.route("/<int:seeker_id>/access-log")
@require("staff", "seeker")
@blp.arguments(ListArgsSchema, location="query")
@blp.response(200, AccessLogSchema)
def access_log(args, seeker_id):
    """Who read or changed this seeker's record, newest first (staff, or that seeker); kept after an erasure"""
    ensure_own_seeker(seeker_id)
    return audit.access_log(seeker_id, args["limit"], args["offset"])


@blp.route("/<int:seeker_id>/export")
@require("staff", "seeker")
@blp.response(200, SeekerExportSchema)
def export(seeker_id):
    """Everything held about this seeker, full NIK included (staff, or that seeker)"""
    ensure_own_seeker(seeker_id)
    return privacy.export_seeker(seeker_id)
