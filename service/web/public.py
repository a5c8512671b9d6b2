"""The front page and signing in and out (masuk / keluar)."""
from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for

from service.accounts import seeker_sign_in, sign_in
from service.throttle import Locked
from service.web.session import end_session, home_for, safe_next, signed_in, start_session

bp = Blueprint("public", __name__)


@bp.before_request
def load_principal():
    g.principal = signed_in()


@bp.get("/")
def index():
    return render_template("index.html")


@bp.route("/masuk", methods=["GET", "POST"])
def sign_in_page():
    """Staff and TKP3D sign in with a username and password."""
    form, error, status = request.form, None, 200
    if request.method == "POST":
        try:
            account = sign_in(form.get("username", ""), form.get("password", ""), request.remote_addr or "")
        except Locked as locked:
            error, status = _locked_text(locked), 429
        else:
            if account is not None:
                start_session("account", account.id)
                return redirect(safe_next(request.args.get("next")) or home_for(signed_in()))
            error, status = "Nama pengguna atau kata sandi salah.", 401
    return render_template("sign_in.html", error=error, username=form.get("username", "")), status


def _locked_text(locked: Locked) -> str:
    return (f"Terlalu banyak percobaan yang salah. Masuk dikunci sementara; coba lagi dalam "
            f"{locked.minutes_left()} menit.")


@bp.route("/masuk/pencaker", methods=["GET", "POST"])
def seeker_sign_in_page():
    """A job seeker signs in with their NIK and the access code given at registration."""
    form, error, status = request.form, None, 200
    if request.method == "POST":
        try:
            token_id = seeker_sign_in(form.get("nik", ""), form.get("access_code", ""), request.remote_addr or "")
        except Locked as locked:
            token_id, error, status = None, _locked_text(locked) + " Atau minta kode akses baru di Disnaker.", 429
        if token_id is not None:
            start_session("seeker", token_id)
            target = safe_next(request.args.get("next"))
            return redirect(target if target and target.startswith("/saya") else url_for("web.seeker.home"))
        if status == 200:
            error, status = "NIK atau kode akses salah. Kode akses ada di bukti pendaftaran dari Disnaker.", 401
    return render_template("seeker_sign_in.html", error=error, nik=form.get("nik", "")), status


@bp.post("/keluar")
def sign_out():
    end_session()
    return redirect(url_for("web.public.index"))
