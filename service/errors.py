"""Domain errors raised by use cases, and the one JSON error shape the whole API answers with.

The shape is flask-smorest's: {"code", "status", "message", "errors"?}.
"""
from http import HTTPStatus

from flask import jsonify
from flask_smorest import Api


class DomainError(Exception):
    """A use case refused: carries the HTTP code and, where a field is at fault, its name."""
    code = 400

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


class NotFound(DomainError):
    code = 404


class Conflict(DomainError):
    code = 409


class Invalid(DomainError):
    code = 422


class Forbidden(DomainError):
    code = 403


class Unauthorized(DomainError):
    code = 401


def error_body(code: int, message: str, field: str | None = None) -> dict:
    body = {"code": code, "status": HTTPStatus(code).phrase, "message": message}
    if field:
        body["errors"] = {"json": {field: [message]}}
    return body


def register_error_handlers(app):
    @app.errorhandler(DomainError)
    def domain_error(err: DomainError):
        return jsonify(error_body(err.code, err.message, err.field)), err.code


def _summary(errors) -> str:
    """'Invalid input: full_name: Must not be blank.; x: Unknown field.' from webargs' nested errors."""
    parts = []
    for location in errors.values() if isinstance(errors, dict) else []:
        if isinstance(location, dict):
            parts += [f"{field}: {' '.join(map(str, msgs)) if isinstance(msgs, list) else msgs}"
                      for field, msgs in location.items()]
        else:
            parts += [str(m) for m in location]
    return "Invalid input: " + "; ".join(parts) if parts else ""


class PadanApi(Api):
    """flask-smorest's Api, with a `message` in every error body as the contract shows."""

    def handle_http_exception(self, error):
        payload, code, headers = super().handle_http_exception(error)
        # werkzeug's own headers (Allow on 405, WWW-Authenticate ...), without its HTML content type.
        headers = {**{k: v for k, v in error.get_headers() if k.lower() != "content-type"}, **(headers or {})}
        if "message" not in payload:
            payload["message"] = _summary(payload.get("errors")) or error.description
        return payload, code, headers
