"""Pages for people (Bahasa Indonesia): Disnaker staff, job seekers and TKP3D, on the same use cases
as the API. The parent blueprint `web` (service/web/base.py) checks CSRF on every form and shows
errors as pages; each audience has a child blueprint whose before_request hook lets in only its roles."""
from __future__ import annotations

from flask import Flask, request
from flask_wtf.csrf import generate_csrf
from werkzeug.exceptions import HTTPException

from service.web import base, filters, imports, public, seeker, staff, staff_records, tkm, tkp3d  # noqa: F401 (staff_records, tkm: routes on staff.bp and tkp3d.bp)

for _child in (public.bp, staff.bp, imports.bp, seeker.bp, tkp3d.bp, tkm.mentor_bp):
    base.bp.register_blueprint(_child)


def register_web(app: Flask, api) -> None:
    """Blueprints, the csrf_token() template global, and HTML error pages outside /api."""
    app.register_blueprint(base.bp)
    app.jinja_env.globals["csrf_token"] = generate_csrf
    filters.register(app)

    # flask-smorest answers every HTTPException app-wide in JSON (its issues #174, #640); this
    # handler, registered after it, keeps JSON for /api and gives everything else a page.
    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        if request.path.startswith("/api/") or request.path == "/api":
            return api.handle_http_exception(err)
        return base.error_page(err.code or 500)
