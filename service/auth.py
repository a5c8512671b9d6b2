"""Bearer tokens and roles: staff (Disnaker), tkp3d (reports only), mentor (a TKM mentor: their own
groups only, service/tkm.py), seeker (own records only)."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from functools import wraps

from datetime import timedelta

from flask import current_app, g, request
from sqlalchemy import select, update

from service.errors import Forbidden, Unauthorized
from service.extensions import db
from service.keys import keyed_hash
from service.models import ApiToken, aware, utcnow

ROLES = ("staff", "tkp3d", "mentor")
# A seeker's short access code for the web pages: typeable on a phone, no 0/O, 1/I/L look-alikes.
# It is stored as a token of its own kind, so it opens the seeker's pages but no API endpoint.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10  # 31**10, about 2**49: out of reach of guessing, even summed over every seeker
WEB_CODE_ROLE = "seeker_web"


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
    """What is stored for a token or access code: an HMAC under the server key, so a dump alone
    cannot be tried offline. It is taken over the SHA-256 rows held before migration 0003, which
    converted them in place."""
    return keyed_hash("token", hashlib.sha256(token.encode()).hexdigest())


def _expiry(days: int | None):
    days = current_app.config["TOKEN_DAYS"] if days is None else days
    return utcnow() + timedelta(days=days)


def issue_token(role: str, name: str, seeker_id: int | None = None, days: int | None = None) -> str:
    """Create a token valid for `days` (TOKEN_DAYS by default) and return it in clear: the only
    time it exists outside the caller."""
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(token_hash=hash_token(token), role=role, name=name, seeker_id=seeker_id,
                            expires_at=_expiry(days)))
    return token


def issue_access_code(seeker_id: int) -> str:
    """A new short access code for a seeker's web sign-in, shown as XXXX-XXXX-XX; older codes stop working."""
    _revoke(ApiToken.seeker_id == seeker_id, ApiToken.role == WEB_CODE_ROLE)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    db.session.add(ApiToken(token_hash=hash_token(code), role=WEB_CODE_ROLE, name=f"seeker {seeker_id} web code",
                            seeker_id=seeker_id, expires_at=_expiry(None)))
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def revoke_seeker_credentials(seeker_id: int) -> None:
    """End every token and access code of this seeker (and so every page session opened with one)."""
    _revoke(ApiToken.seeker_id == seeker_id)


def revoke_tokens(name: str) -> int:
    """Revoke every live token of this name; returns how many."""
    return _revoke(ApiToken.name == name)


def _revoke(*where) -> int:
    return db.session.execute(update(ApiToken).where(*where, ApiToken.revoked_at.is_(None))
                              .values(revoked_at=utcnow())).rowcount


def list_tokens() -> list[ApiToken]:
    """Staff and TKP3D tokens (seekers' own are listed in their export), newest first."""
    return db.session.scalars(select(ApiToken).where(ApiToken.role.in_(ROLES))
                              .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())).all()


def is_live(row: ApiToken | None) -> bool:
    """Not revoked and not expired."""
    return row is not None and row.revoked_at is None and (row.expires_at is None or aware(row.expires_at) > utcnow())


def normalise_access_code(typed: str) -> str:
    """What the seeker typed, as stored: case and separators do not matter."""
    return "".join(typed.split()).replace("-", "").upper()


def principal_for(token: str) -> Principal | None:
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    return Principal(row.role, row.name, row.seeker_id) if is_live(row) else None


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
