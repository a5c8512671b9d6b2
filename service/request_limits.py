"""Bodies refused before any schema reads them: JSON nested deeper than any request needs.

A 2 KB body of 1,000 nested lists would otherwise reach marshmallow, whose recursion ends in a
RecursionError (a 500). The deepest body the API takes is three levels (an import's rows).
"""
from __future__ import annotations

import json

from flask import Flask, request
from flask_smorest import abort

MAX_JSON_DEPTH = 32


def json_depth(document) -> int:
    """How deeply lists and objects nest in a parsed JSON document (a scalar is 0)."""
    deepest, stack = 0, [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (list, dict)):
            deepest = max(deepest, depth)
            stack.extend((item, depth + 1) for item in (value.values() if isinstance(value, dict) else value))
    return deepest


def _too_deep(body: bytes) -> bool:
    try:
        document = json.loads(body)
    except RecursionError:
        return True
    except ValueError:
        return False  # not JSON at all: webargs says so, naming the body
    return json_depth(document) > MAX_JSON_DEPTH


def register_request_limits(app: Flask) -> None:
    @app.before_request
    def refuse_deep_json():
        if request.is_json and _too_deep(request.get_data(cache=True)):
            abort(400, message=f"The JSON body nests deeper than {MAX_JSON_DEPTH} levels.")
