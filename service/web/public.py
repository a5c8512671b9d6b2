"""The front page and signing in and out (masuk / keluar)."""
from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, session, url_for

from service.accounts import AccountLocked, seeker_sign_in, sign_in
from service.web.session import home_for, safe_next, signed_in, start_session

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
    form, error = request.form, None
    if request.method == "POST":
        try:
            account = sign_in(form.get("username", ""), form.get("password", ""))
        except AccountLocked as locked:
            error = (f"Terlalu banyak percobaan yang salah. Akun dikunci sementara; coba lagi dalam "
                     f"{locked.minutes_left()} menit.")
        else:
            if account is not None:
                start_session("account", account.id)
                return redirect(safe_next(request.args.get("next")) or home_for(signed_in()))
            error = "Nama pengguna atau kata sandi salah."
    return render_template("sign_in.html", error=error, username=form.get("username", "")), 200 if not error else 401


@bp.route("/masuk/pencaker", methods=["GET", "POST"])
def seeker_sign_in_page():
    """A job seeker signs in with their NIK and the access code given at registration."""
    form, error = request.form, None
    if request.method == "POST":
        token_id = seeker_sign_in(form.get("nik", ""), form.get("access_code", ""))
        if token_id is not None:
            start_session("seeker", token_id)
            target = safe_next(request.args.get("next"))
            return redirect(target if target and target.startswith("/saya") else url_for("web.seeker.home"))
        error = "NIK atau kode akses salah. Kode akses ada di bukti pendaftaran dari Disnaker."
    return render_template("seeker_sign_in.html", error=error, nik=form.get("nik", "")), 200 if not error else 401


@bp.post("/keluar")
def sign_out():
    session.clear()
    return redirect(url_for("web.public.index"))
