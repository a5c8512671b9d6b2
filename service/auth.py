"""Bearer tokens and roles: staff (Disnaker), tkp3d (reports only), seeker (own records only)."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from functools import wraps

from flask import g, request

from service.errors import Forbidden, Unauthorized
from service.extensions import db
from service.models import ApiToken

ROLES = ("staff", "tkp3d")


@dataclass(frozen=True)
class Principal:
    """Who is calling: a role, a display name, and for seekers their own id."""
    role: str
    name: str
    seeker_id: int | None = None

    @property
    def is_staff(self) -> bool:
        return self.role == "staff"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(role: str, name: str, seeker_id: int | None = None) -> str:
    """Create a token and return it in clear: the only time it exists outside the caller."""
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(token_hash=hash_token(token), role=role, name=name, seeker_id=seeker_id))
    return token


def principal_for(token: str) -> Principal | None:
    row = db.session.scalar(db.select(ApiToken).where(ApiToken.token_hash == hash_token(token),
                                                      ApiToken.revoked_at.is_(None)))
    return row and Principal(row.role, row.name, row.seeker_id)


def current_principal() -> Principal:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    principal = principal_for(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
    if principal is None:
        raise Unauthorized("A valid bearer token is required (Authorization: Bearer TOKEN).")
    return principal


def require(*roles: str):
    """Let through only these roles; 'seeker' lets a seeker in, the view then checks ownership."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            g.principal = current_principal()
            if g.principal.role not in roles:
                raise Forbidden(f"The {g.principal.role} role may not do this.")
            return view(*args, **kwargs)
        return wrapped
    return decorator


def ensure_own_seeker(seeker_id: int) -> None:
    """A seeker token reads only its own seeker; staff read everyone."""
    principal: Principal = g.principal
    if principal.role == "seeker" and principal.seeker_id != seeker_id:
        raise Forbidden("This token may read only its own seeker record.")
