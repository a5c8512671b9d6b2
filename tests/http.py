"""A tiny HTTP client for tests against a live server (real sockets, real gunicorn workers)."""
from __future__ import annotations

import json
import urllib.error
import urllib.request


def call(base: str, method: str, path: str, headers: dict, body=None) -> tuple[int, dict]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={**headers, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")
