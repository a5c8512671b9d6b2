"""/api/v1/seekers"""
from flask.views import MethodView
from flask_smorest import Blueprint

from schemas.seekers import (AccessCodeSchema, SeekerCreatedSchema, SeekerCreateSchema, SeekerListSchema,
                             SeekerQueryArgsSchema, SeekerSchema, SeekerUpdateSchema)
from service import seekers
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
        """List job seekers (staff only)"""
        return seekers.list_seekers(args)

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


@blp.route("/<int:seeker_id>/access-code", methods=["POST"])
@require("staff")
@blp.response(201, AccessCodeSchema)
def renew_access_code(seeker_id):
    """Give a seeker who lost their web access code (kode akses) a new one; the old one stops working"""
    return {"access_code": seekers.renew_access_code(seeker_id)}
