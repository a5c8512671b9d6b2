"""The job seeker's own page (/saya): matching vacancies, suggested trainings, and their own data
with the right to correct it. The pages take no seeker id: a seeker can only ever reach their own."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from schemas.common import EDUCATION_LEVELS
from schemas.seekers import SeekerUpdateSchema, mask_nik
from service import matches, referrals, seekers
from service.web.forms import form_data, load_form, submit
from service.web.session import require_role

bp = Blueprint("seeker", __name__, url_prefix="/saya")
bp.before_request(require_role("seeker"))

# What a seeker may correct themselves; name, NIK and KTP regency are corrected at the Disnaker desk.
SELF_CORRECTABLE = ("phone", "district", "skills", "education_level")
MATCHES = 20
SUGGESTIONS = 5


@bp.get("")
def home():
    seeker = seekers.get_seeker(g.principal.seeker_id)
    return render_template("seeker/home.html", seeker=seeker, masked_nik=mask_nik(seeker.nik),
                           matches=matches.seeker_matches(seeker.id, MATCHES),
                           suggestions=referrals.suggest(seeker.id, limit=SUGGESTIONS)["items"],
                           referrals=referrals.list_referrals({"seeker_id": seeker.id, "limit": 20, "offset": 0})["items"])


@bp.route("/data", methods=["GET", "POST"])
def my_data():
    seeker = seekers.get_seeker(g.principal.seeker_id)
    schema = SeekerUpdateSchema(only=SELF_CORRECTABLE)

    def render(errors=None):
        return render_template("seeker/data.html", seeker=seeker, masked_nik=mask_nik(seeker.nik),
                               errors=errors or {}, values=request.form if errors else None,
                               levels=EDUCATION_LEVELS)

    def update():
        seekers.update_seeker(seeker.id, load_form(schema, form_data(schema, request.form, keep_empty_lists=True)))
        flash("Data Anda sudah diperbarui.", "ok")
        return redirect(url_for(".home"))

    return submit(render, update) if request.method == "POST" else render()
