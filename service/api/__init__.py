"""The v1 JSON API: one flask-smorest Blueprint per resource, views kept thin."""
from functools import wraps

from flask import g

from schemas.seekers import full_nik_context


def nik_visibility(view):
    """Dump full NIKs only for staff; everyone else gets them masked (schemas.seekers)."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        with full_nik_context(g.principal.is_staff):
            return view(*args, **kwargs)
    return wrapped


def register_api(api) -> None:
    from service.api import (changes, companies, data, matches, placements, referrals, reports, seekers, tkm,
                             trainings, vacancies)
    for module in (companies, seekers, vacancies, matches, trainings, placements, reports, referrals, tkm, changes,
                   data):
        api.register_blueprint(module.blp, url_prefix=f"/api/v1{module.blp.url_prefix or ''}")
