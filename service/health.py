"""GET /healthz: 200 once the database answers and its schema is at the migration head, no token
needed; 503 otherwise, so a load balancer never sends work to a server that would fail it."""
import os
from functools import cache

from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from service.errors import error_body
from service.extensions import db
from service.faults import rollback_quietly

bp = Blueprint("health", __name__)
MIGRATIONS = os.path.join(os.path.dirname(__file__), "migrations")


@cache
def migration_heads() -> frozenset[str]:
    """The revisions this code expects the schema to be at (read once from service/migrations)."""
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def _unhealthy(message: str):
    return jsonify(error_body(503, message)), 503, {"Retry-After": "5"}


@bp.get("/healthz")
def healthz():
    try:
        at = frozenset(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError:
        rollback_quietly()
        # Reached but never migrated, or not reached at all: either way no request can be served.
        return _unhealthy("database unreachable or not migrated")
    if at != migration_heads():
        return _unhealthy(f"schema at {', '.join(sorted(at)) or 'no revision'}, "
                          f"expected {', '.join(sorted(migration_heads()))}")
    return jsonify(status="ok")
