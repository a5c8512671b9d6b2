"""/api/v1/placements"""
from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from schemas.placements import DecisionSchema, ImportResultSchema, PlacementCreateSchema, PlacementFileImportSchema, \
    PlacementImportSchema, PlacementListSchema, PlacementQueryArgsSchema, PlacementSchema, UploadSchema
from service import placements
from service.auth import require
from service.idempotency import IDEMPOTENCY_HEADER, idempotent

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
    @blp.doc(parameters=[IDEMPOTENCY_HEADER])
    @idempotent(placements.Placement, lambda created: created[0])
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
        data = data or {}
        return placements.decide(placement_id, to_status, g.principal, data.get("note"), data.get("reason"))
    view.__doc__ = summary
    view.__name__ = f"placement_{to_status}"
    return view


for _action, _status, _summary in (("verify", "verified", "Verify a claimed placement"),
                                   ("reject", "rejected", "Reject a claimed placement; frees its opening"),
                                   ("cancel", "cancelled", "Cancel a placement (recorded, not erased); frees its opening")):
    blp.route(f"/<int:placement_id>/{_action}", methods=["POST"])(_decision(_status, _summary))


def _import_result(created: list) -> dict:
    return {"created": len(created), "items": created}


def _imported(run, location: str):
    """201 with what was recorded, or 422 naming every refused row and field (nothing recorded)."""
    try:
        created = run()
    except placements.RowsRefused as err:
        abort(422, message=err.message, errors={location: {"rows": err.rows}})
    return _import_result(created)


@blp.route("/import", methods=["POST"])
@require("staff")
@blp.arguments(PlacementImportSchema)
@blp.response(201, ImportResultSchema)
@blp.doc(parameters=[IDEMPOTENCY_HEADER])
@idempotent(placements.Placement, _import_result)
def import_json(data):
    """Import a company's periodic report of hires (all or nothing); rows numbered from 0"""
    return _imported(lambda: placements.import_placements(data["company_id"], data["rows"], g.principal), "json")


@blp.route("/import-file", methods=["POST"])
@require("staff")
@blp.arguments(PlacementFileImportSchema, location="form")
@blp.arguments(UploadSchema, location="files")
@blp.response(201, ImportResultSchema)
@blp.doc(parameters=[IDEMPOTENCY_HEADER])
@idempotent(placements.Placement, _import_result)
def import_file(form, files):
    """Import a company's report from a CSV or XLSX file (all or nothing); rows numbered as in the sheet"""
    upload = files["file"]
    return _imported(lambda: placements.import_placements_file(
        form["company_id"], upload.filename or "", upload.read(), g.principal), "files")
