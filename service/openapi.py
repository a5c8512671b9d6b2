"""What the OpenAPI document adds to flask-smorest's: the bearer scheme Swagger UI sends tokens
with, and the answers every /api/v1 operation can give besides its own (401, 403, 503)."""
from __future__ import annotations

from apispec import BasePlugin

SCHEME = "bearerAuth"
_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
COMMON_RESPONSES = {
    "401": "No valid bearer token (Authorization: Bearer TOKEN)",
    "403": "The token's role may not do this, or a seeker token asks for another seeker",
    "503": "The database is unavailable; retry after the Retry-After seconds",
}


class ContractPlugin(BasePlugin):
    def init_spec(self, spec):
        super().init_spec(spec)
        spec.components.security_scheme(SCHEME, {"type": "http", "scheme": "bearer",
                                                 "description": "A token from `flask create-token` or a seeker's "
                                                                "access_token"})

    def operation_helper(self, path=None, operations=None, **kwargs):
        if not (path or "").startswith("/api/v1"):
            return
        for operation in operations.values():
            operation.setdefault("security", [{SCHEME: []}])
            responses = operation.setdefault("responses", {})
            for code, description in COMMON_RESPONSES.items():
                responses.setdefault(code, {"description": description, "content": _ERROR})
