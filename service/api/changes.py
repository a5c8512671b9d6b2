"""/api/v1/changes"""
from flask_smorest import Blueprint

from schemas.changes import ChangeFeedSchema, ChangeQueryArgsSchema
from service import changes
from service.auth import require

blp = Blueprint("changes", __name__, url_prefix="/changes", description="What changed, in commit order")


@blp.route("")
@require("staff")
@blp.arguments(ChangeQueryArgsSchema, location="query")
@blp.response(200, ChangeFeedSchema)
def feed(args):
    """What changed after a cursor (ids and actions only, never the records themselves)"""
    return changes.feed(args.get("since"), args["limit"])
