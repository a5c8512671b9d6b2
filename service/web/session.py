"""Who is signed in to the pages: the session cookie carries only the id of a server-side
session (service/sessions.py) naming an account or a seeker's access code, and every request
checks both again, so signing out, a disabled account or a revoked code ends it at once."""
from __future__ import annotations

from flask import abort, g, redirect, request, session, url_for

from service import sessions
from service.accounts import account_principal, seeker_principal
from service.auth import Principal


def start_session(kind: str, ident: int) -> None:
    """A fresh session (never the one from before sign-in, against session fixation)."""
    session.clear()
    session["sid"] = sessions.open_session(kind, ident)


def end_session() -> None:
    if "sid" in session:
        sessions.end_session(session["sid"])
    session.clear()


def signed_in() -> Principal | None:
    row = sessions.live_session(session["sid"]) if isinstance(session.get("sid"), str) else None
    if row is None:
        return None
    return account_principal(row.subject_id) if row.kind == "account" else seeker_principal(row.subject_id)


def home_for(principal: Principal) -> str:
    return url_for({"staff": "web.staff.home", "tkp3d": "web.tkp3d.dashboard",
                    "seeker": "web.seeker.home", "mentor": "web.mentor.home"}[principal.role])


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
            session.pop("sid", None)
            page = "web.public.seeker_sign_in_page" if roles == ("seeker",) else "web.public.sign_in_page"
            return redirect(url_for(page, next=request.full_path.rstrip("?")))
        g.principal = principal
        if principal.role not in roles:
            abort(403)
        return None
    return hook
