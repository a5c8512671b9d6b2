"""Who is signed in to the pages: the session cookie names an account or a seeker's access code,
and every request checks it again, so a deleted account or a revoked code signs out at once."""
from __future__ import annotations

import time
from flask import abort, g, redirect, request, session, url_for

from service.accounts import account_principal, seeker_principal
from service.auth import Principal

# A forgotten browser at the office signs itself out after a working day.
SESSION_SECONDS = 10 * 3600


def start_session(kind: str, ident: int) -> None:
    """A fresh session (never the one from before sign-in, against session fixation)."""
    session.clear()
    session.update({"kind": kind, "id": ident, "since": int(time.time())})


def signed_in() -> Principal | None:
    if "kind" not in session or time.time() - session.get("since", 0) > SESSION_SECONDS:
        return None
    if session["kind"] == "account":
        return account_principal(session["id"])
    return seeker_principal(session["id"])


def home_for(principal: Principal) -> str:
    return url_for({"staff": "web.staff.home", "tkp3d": "web.tkp3d.dashboard",
                    "seeker": "web.seeker.home"}[principal.role])


def safe_next(target: str | None) -> str | None:
    """Only a path on this site may be a place to go back to after signing in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def require_role(*roles: str):
    """A before_request hook for a whole blueprint: sign in first, and only these roles."""
    def hook():
        principal = signed_in()
        if principal is None:
            session.pop("kind", None)
            page = "web.public.seeker_sign_in_page" if roles == ("seeker",) else "web.public.sign_in_page"
            return redirect(url_for(page, next=request.full_path.rstrip("?")))
        g.principal = principal
        if principal.role not in roles:
            abort(403)
        return None
    return hook
