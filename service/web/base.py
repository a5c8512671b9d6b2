"""The parent blueprint `web`: CSRF on every form a page posts, and errors shown as pages."""
from __future__ import annotations

from flask import Blueprint, g, render_template, request
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError as CsrfInvalid

from service.errors import DomainError
from service.web.forms import indonesian

bp = Blueprint("web", __name__)

ERROR_TEXT = {
    400: ("Permintaan tidak dapat diproses", "Isian yang dikirim tidak dapat dibaca. Muat ulang halaman dan coba lagi."),
    403: ("Akses ditolak", "Anda tidak berhak membuka halaman ini."),
    404: ("Halaman tidak ditemukan", "Alamat ini tidak ada, atau datanya sudah tidak tersedia."),
    405: ("Cara membuka halaman tidak didukung", "Buka halaman ini lewat tautan atau tombol yang tersedia."),
    409: ("Tidak dapat disimpan", "Data ini bertabrakan dengan data yang sudah ada."),
    413: ("Isian terlalu besar", "Yang dikirim melebihi batas ukuran."),
    422: ("Isian tidak valid", "Periksa kembali isian Anda."),
    503: ("Layanan sedang tidak tersedia", "Basis data sedang tidak dapat dihubungi. Coba lagi beberapa saat lagi; "
                                           "data yang Anda isi belum tersimpan."),
    500: ("Terjadi kesalahan", "Maaf, ada kesalahan di server. Coba lagi sebentar lagi; jika terus terjadi, "
                               "hubungi petugas Disnaker."),
}


def error_page(code: int, detail: str | None = None):
    title, text = ERROR_TEXT.get(code, ERROR_TEXT[500] if code >= 500 else ERROR_TEXT[400])
    return render_template("error.html", code=code, title=title, text=detail or text), code


@bp.before_request
def check_csrf():
    """Every form a page posts carries the session's CSRF token (Flask-WTF)."""
    if request.method == "POST":
        try:
            validate_csrf(request.form.get("csrf_token"))
        except CsrfInvalid:
            raise CSRFError("Formulir ini sudah kedaluwarsa. Muat ulang halaman, lalu kirim lagi.") from None


@bp.app_context_processor
def who_is_signed_in():
    return {"principal": g.get("principal")}


@bp.errorhandler(CSRFError)
def csrf_failed(err):
    return error_page(400, err.description)


@bp.errorhandler(DomainError)
def domain_error(err: DomainError):
    return error_page(err.code, indonesian(err.message))
