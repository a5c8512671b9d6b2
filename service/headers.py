"""Security headers on every response (flask-talisman), and no caching of anything but static files.

The pages load only this site's CSS and no script at all, so the policy allows nothing inline;
the one exception is the vendored Swagger UI at /api/docs, whose page starts itself with an inline
script (flask-smorest's template) and carries no personal data.
"""
from __future__ import annotations

from flask import Flask, request
from flask_talisman import Talisman

CSP = {"default-src": "'self'", "script-src": "'self'", "style-src": "'self'", "img-src": "'self' data:",
       "object-src": "'none'", "base-uri": "'none'", "form-action": "'self'", "frame-ancestors": "'none'"}
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


def init_headers(app: Flask) -> None:
    # Registered before Talisman, so it runs after Talisman's hook and sees its headers.
    @app.after_request
    def _no_store_and_docs(response):
        if not request.path.startswith("/static/"):
            # Pages and API answers carry personal data: no browser or proxy may keep a copy.
            response.headers["Cache-Control"] = "no-store"
        if request.path == "/api/docs":
            response.headers["Content-Security-Policy"] = DOCS_CSP
        return response

    secure = app.config["SESSION_COOKIE_SECURE"]
    Talisman(app, content_security_policy=CSP, frame_options="DENY", referrer_policy="no-referrer",
             # HTTPS is the proxy's job; HSTS goes out on HTTPS requests whenever cookies are secure-only.
             force_https=False, strict_transport_security=secure, session_cookie_secure=secure,
             session_cookie_http_only=True)
