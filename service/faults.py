"""The database gone, frozen or not yet migrated: 503 with the contract's error shape (a page
outside /api), never a traceback, and recovery by itself when it returns.

A request that loses its connection raises one of UNAVAILABLE; the pool's pre-ping replaces dead
connections at the next checkout, so nothing needs restarting when the database is back.
"""
from __future__ import annotations

import logging

from flask import Flask, jsonify, make_response, request
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from service.errors import error_body
from service.extensions import db

log = logging.getLogger(__name__)
# Connection refused or lost, statement timeout, no such table (not migrated), pool exhausted.
UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)
RETRY_AFTER_SECONDS = 5
MESSAGE = "The database is unavailable; try again shortly."


def unavailable_response():
    """The 503 answer: JSON under /api and for /healthz, a page in Bahasa Indonesia elsewhere."""
    if request.path.startswith("/api") or request.path == "/healthz":
        response = make_response(jsonify(error_body(503, MESSAGE)), 503)
    else:
        from service.web.base import error_page
        response = make_response(*error_page(503))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def register_fault_handlers(app: Flask) -> None:
    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeout)
    def database_unavailable(err):
        # The error's text can carry statement parameters (personal data): log only its kind.
        log.warning("database unavailable: %s", type(err.orig if isinstance(err, DBAPIError) else err).__name__)
        rollback_quietly()
        return unavailable_response()


def rollback_quietly() -> None:
    """Drop the session's transaction; on a connection already gone the pool discards it."""
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - nothing more can fail: the connection is gone
        log.debug("rollback after a lost connection failed", exc_info=True)
