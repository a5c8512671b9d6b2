"""Logs without personal data: one JSON line per event with the request id and the acting user.

The first guard is that nothing personal is logged at all (SQL parameters are hidden by the
engine, request lines carry the path without its query string). The second is MaskDigits on
every handler: any run of 16 or more digits (a NIK) is masked in the message and in a traceback.
"""
from __future__ import annotations

import json
import logging
import re
import time
import uuid

from flask import Flask, g, has_request_context, request

DIGIT_RUN = re.compile(r"\d{16,}")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Loggers whose handlers get the mask: the app's, gunicorn's (when serving), werkzeug's (development).
GUARDED = ("", "gunicorn.error", "gunicorn.access", "werkzeug")


def mask(text: str) -> str:
    return DIGIT_RUN.sub(lambda run: "#" * len(run.group()), text)


class MaskDigits(logging.Filter):
    """Rewrite the record so no handler can print a 16-digit run from it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = mask(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True


class JsonLines(logging.Formatter):
    """{"at", "level", "logger", "message", "request_id", "actor", ...}, one line each."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"at": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "level": record.levelname,
                "logger": record.name, "message": record.getMessage()}
        if has_request_context():
            line["request_id"] = g.get("request_id")
            principal = g.get("principal")
            line["actor"] = principal.name if principal else None
        line.update(getattr(record, "fields", {}))
        if record.exc_info or record.exc_text:
            line["error"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(app: Flask) -> None:
    """JSON lines for the app's logger, the mask on every handler, and a request id per request."""
    for handler in app.logger.handlers:
        handler.setFormatter(JsonLines())
    for name in (app.logger.name, *GUARDED):
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, MaskDigits) for f in handler.filters):
                handler.addFilter(MaskDigits())

    @app.before_request
    def _start():
        given = request.headers.get("X-Request-Id", "")
        # hyphenated: uuid4().hex can hold a run of 16 decimal digits, which the NIK mask then hides
        g.request_id = given if REQUEST_ID.match(given) else str(uuid.uuid4())
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response):
        response.headers["X-Request-Id"] = g.get("request_id", "")
        if not request.path.startswith("/static/"):
            millis = round((time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000, 1)
            app.logger.info("request", extra={"fields": {
                "method": request.method, "path": request.path, "status": response.status_code, "ms": millis}})
        return response
