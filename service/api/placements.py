"""/api/v1/placements"""
from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from schemas.placements import DecisionSchema, PlacementCreateSchema, PlacementListSchema, PlacementQueryArgsSchema, \
    PlacementSchema
from service import placements
from service.auth import require

blp = Blueprint("placements", __name__, url_prefix="/placements", description="Placements (penempatan)")


@blp.route("")
class Placements(MethodView):
    @require("staff")
    @blp.arguments(PlacementQueryArgsSchema, location="query")
    @blp.response(200, PlacementListSchema)
    def get(self, args):
        """List placements"""
        return placements.list_placements(args)

    @require("staff")
    @blp.arguments(PlacementCreateSchema)
    @blp.response(201, PlacementSchema)
    def post(self, data):
        """Record a hire (claimed until verified); takes one opening of the vacancy"""
        return placements.record_placement(data, g.principal)


@blp.route("/<int:placement_id>")
class PlacementById(MethodView):
    @require("staff")
    @blp.response(200, PlacementSchema)
    def get(self, placement_id):
        """Read a placement"""
        return placements.get_placement(placement_id)


def _decision(to_status: str, summary: str):
    @require("staff")
    @blp.arguments(DecisionSchema, required=False)
    @blp.response(200, PlacementSchema)
    def view(data, placement_id):
        return placements.decide(placement_id, to_status, g.principal, (data or {}).get("note"))
    view.__doc__ = summary
    view.__name__ = f"placement_{to_status}"
    return view


for _action, _status, _summary in (("verify", "verified", "Verify a claimed placement"),
                                   ("reject", "rejected", "Reject a claimed placement; frees its opening"),
                                   ("cancel", "cancelled", "Cancel a placement (recorded, not erased); frees its opening")):
    blp.route(f"/<int:placement_id>/{_action}", methods=["POST"])(_decision(_status, _summary))
