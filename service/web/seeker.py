"""The job seeker's own page (/saya): matching vacancies, suggested trainings, and their own data
with the rights UU PDP gives them: correct it, export it, give or withdraw consent, object to
automated matching. The pages take no seeker id: a seeker can only ever reach their own."""
from __future__ import annotations

from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, url_for

from schemas.common import EDUCATION_LEVELS
from schemas.seekers import SeekerUpdateSchema, mask_nik
from service import matches, privacy, referrals, seekers
from service.web.forms import district_from_form, form_data, load_form, submit
from service.web.session import require_role

bp = Blueprint("seeker", __name__, url_prefix="/saya")
bp.before_request(require_role("seeker"))

# What a seeker may correct themselves; name, NIK and KTP regency are corrected at the Disnaker desk.
SELF_CORRECTABLE = ("phone", "district", "skills", "education_level")
MATCHES = 20
NEAR = 5
SUGGESTIONS = 5


@bp.get("")
def home():
    seeker = seekers.get_seeker(g.principal.seeker_id)
    return render_template("seeker/home.html", seeker=seeker, masked_nik=mask_nik(seeker.nik),
                           matches=matches.seeker_matches(seeker.id, MATCHES),
                           near=matches.seeker_near_matches(seeker.id, NEAR),
                           suggestions=referrals.suggest(seeker.id, limit=SUGGESTIONS)["items"],
                           referrals=referrals.list_referrals({"seeker_id": seeker.id, "limit": 20, "offset": 0})["items"])


@bp.get("/lowongan/<int:vacancy_id>")
def vacancy(vacancy_id):
    """An open vacancy: where, what it pays, until when, what it asks in plain words, how to apply."""
    seeker = seekers.get_seeker(g.principal.seeker_id)
    return render_template("seeker/vacancy.html", seeker=seeker, **matches.seeker_vacancy(seeker.id, vacancy_id))


@bp.post("/sudah-bekerja")
def found_work():
    """The seeker has found work: matching stops until they tell Disnaker they are looking again."""
    seekers.report_found_work(g.principal.seeker_id)
    flash("Selamat! Anda tercatat sudah bekerja, jadi tidak dicocokkan lagi dengan lowongan. "
          "Hubungi Disnaker jika Anda mencari kerja lagi.", "ok")
    return redirect(url_for(".home"))


@bp.route("/data", methods=["GET", "POST"])
def my_data():
    seeker = seekers.get_seeker(g.principal.seeker_id)
    schema = SeekerUpdateSchema(only=SELF_CORRECTABLE)

    def render(errors=None):
        return render_template("seeker/data.html", seeker=seeker, masked_nik=mask_nik(seeker.nik),
                               errors=errors or {}, values=request.form if errors else None,
                               levels=EDUCATION_LEVELS)

    def update():
        found: dict = {}
        data = form_data(schema, request.form, keep_empty_lists=True)
        data["district"] = district_from_form(request.form.get("district"), found, seeker.district)
        seekers.update_seeker(seeker.id, load_form(schema, data, found))
        flash("Data Anda sudah diperbarui.", "ok")
        return redirect(url_for(".home"))

    return submit(render, update) if request.method == "POST" else render()


@bp.post("/pilihan")
def my_choices():
    """Consent to matching, and the objection to automated matching: both asked, neither pre-set."""
    privacy.set_choices(g.principal.seeker_id, consent="consent" in request.form,
                        objects_to_matching="objects_to_matching" in request.form)
    flash("Pilihan Anda sudah disimpan.", "ok")
    return redirect(url_for(".my_data"))


# The export's tables and columns in Indonesian; a name not listed is shown with spaces for '_'.
EXPORT_LABELS = {
    "placements": "Penempatan kerja", "referrals": "Rujukan pelatihan", "certifications": "Sertifikasi",
    "skill_mentions": "Keterampilan yang terbaca dari isian Anda", "api_tokens": "Kode akses dan token",
    "id": "Nomor", "nik": "NIK", "full_name": "Nama lengkap", "gender": "Jenis kelamin", "birth_date": "Tanggal lahir",
    "education_level": "Pendidikan", "skills": "Keterampilan", "ktp_regency_code": "Kode kabupaten/kota KTP",
    "is_local": "Warga lokal", "district": "Kecamatan", "phone": "Nomor HP", "consent": "Setuju dicocokkan",
    "objects_to_matching": "Keberatan dicocokkan otomatis", "status": "Status", "created_at": "Dibuat",
    "updated_at": "Diubah", "last_active_at": "Terakhir aktif", "seeker_id": "Nomor pencari kerja",
    "company_id": "Nomor perusahaan", "vacancy_id": "Nomor lowongan", "training_id": "Nomor pelatihan",
    "job_title": "Jabatan", "placed_on": "Mulai kerja", "competency_id": "Kompetensi", "text": "Teks",
    "role": "Jenis", "name": "Nama", "expires_at": "Berlaku sampai", "revoked_at": "Dicabut",
    "recorded_by": "Dicatat oleh", "decided_by": "Diputuskan oleh", "decided_at": "Diputuskan", "note": "Catatan",
    "decision_reason": "Alasan", "certified_on": "Tanggal sertifikat",
}


@bp.get("/ekspor")
def my_export():
    """Everything Disnaker holds about the seeker, readable, with who read it."""
    return render_template("seeker/export.html", data=privacy.export_seeker(g.principal.seeker_id),
                           labels=EXPORT_LABELS)


@bp.get("/ekspor/unduh")  # "/unduh": a download, as the other pages name theirs
def my_export_json():
    response = jsonify(privacy.export_seeker(g.principal.seeker_id))
    response.headers["Content-Disposition"] = "attachment; filename=data-saya-padan-kerja.json"
    return response
