"""Staff pages for the office's files (/staf/impor): upload a spreadsheet of seekers, companies,
vacancies, competency needs or a company's placement report; follow its progress (the page
reloads itself, no JavaScript); read every refused row in Indonesian; download templates and
every list as XLSX or CSV."""
from __future__ import annotations

import re

from flask import Blueprint, current_app, g, redirect, render_template, request, send_file, url_for
from sqlalchemy import select

from service import companies
from service.downloads import CONTENT_TYPES, download
from service.extensions import db
from service.imports import files, jobs
from service.imports.kinds import KINDS
from service.models import Company, ImportJob
from service.web.forms import indonesian
from service.web.session import require_role

bp = Blueprint("imports", __name__, url_prefix="/staf/impor")
bp.before_request(require_role("staff"))

TITLES = {"seekers": "Pencari kerja (AK/1)", "companies": "Perusahaan", "vacancies": "Lowongan (wajib lapor)",
          "competency-needs": "Kebutuhan kompetensi", "placements": "Laporan penempatan perusahaan"}
STATUS = {"queued": "menunggu giliran", "reading": "membaca dan memeriksa baris", "saving": "menyimpan",
          "done": "selesai", "failed": "gagal"}
EXPORTS = {"seekers": "Pencari kerja", "companies": "Perusahaan", "vacancies": "Lowongan", "placements": "Penempatan"}
PLACEMENT_COLUMNS = {"nik": "NIK", "seeker_id": "ID Pencaker", "job_title": "Jabatan", "placed_on": "Tanggal Mulai Kerja",
                     "vacancy_id": "ID Lowongan", "note": "Catatan", "company_id": "Perusahaan"}

# (pattern, Indonesian) for the imports' own messages; the schemas' messages go through forms.indonesian.
_MESSAGES = [(re.compile(p), r) for p, r in [
    (r"Excel turned this NIK into a number \((.*)\) and lost .*",
     r"Excel mengubah NIK ini menjadi angka (\1) sehingga angka terakhirnya hilang. Ubah format kolom NIK "
     r"menjadi Teks, ketik ulang NIK-nya, lalu simpan lagi."),
    (r"Excel stored this NIK as a number \((.*)\) and may .*",
     r"Excel menyimpan NIK ini sebagai angka (\1) dan mungkin membulatkan angka terakhirnya. Ubah format kolom "
     r"NIK menjadi Teks, ketik ulang NIK-nya, lalu simpan lagi."),
    (r"Write L or P.*", "Tulis L (laki-laki) atau P (perempuan)."),
    (r"The same \w+ as row (\d+)\.", r"Sama dengan baris \1: satu data hanya boleh sekali dalam berkas."),
    (r"No company has this exact name\.", "Tidak ada perusahaan dengan nama persis seperti ini."),
    (r"Several companies have this name.*", "Beberapa perusahaan bernama sama; tulis ID perusahaannya."),
    (r"Give the company's id or its exact name\.", "Tulis ID perusahaan atau namanya yang persis."),
    (r"entry (\d+): (.*)", lambda m: f"isian ke-{m[1]}: {indonesian(m[2])}"),
    (r"The file is empty\.", "Berkasnya kosong."),
    (r"A CSV file must be UTF-8 text.*", "Berkas CSV harus teks UTF-8 (di Excel: Simpan Sebagai, 'CSV UTF-8')."),
    (r"The file is not a readable XLSX workbook\.", "Berkas ini bukan buku kerja XLSX yang bisa dibaca."),
    (r"Send a \.csv or \.xlsx file\.", "Kirim berkas .csv atau .xlsx."),
    (r"The CSV file cannot be read: .*", "Berkas CSV ini tidak bisa dibaca."),
    (r"Row 1 must be the header.*", "Baris 1 harus berisi judul kolom (seperti pada templat)."),
    (r"Missing column\(s\): (.*)\.", lambda m: "Kolom wajib tidak ada: " + m[1].replace(" or ", " atau ") + "."),
    (r"The columns '(.*)' and '(.*)' both give .*", r"Kolom '\1' dan '\2' berisi data yang sama; pakai salah satu."),
    (r"The file has no rows.*", "Berkas tidak berisi baris data di bawah judul kolom."),
    (r"A (?:file|report) holds at most (\d+) rows.*", r"Satu berkas paling banyak \1 baris; pecah berkasnya."),
    (r"(\d+) row\(s\) refused; nothing was (?:stored|recorded)\.", r"\1 baris ditolak; tidak ada yang disimpan."),
    (r"(\d+) rows refused \(the first (\d+) are listed\).*",
     r"\1 baris ditolak (\2 yang pertama ditampilkan); tidak ada yang disimpan."),
    (r"The import stopped before it finished.*",
     "Impor berhenti sebelum selesai (prosesnya dimulai ulang atau mati); tidak ada yang disimpan. Kirim ulang "
     "berkasnya."),
    (r"The import failed on the server.*", "Impor gagal di server; tidak ada yang disimpan."),
    (r"Unknown column\(s\) (.*?); use .*", r"Kolom tidak dikenal: \1."),
    (r"No registered job seeker with this NIK\.", "Tidak ada pencari kerja terdaftar dengan NIK ini."),
    (r"No registered job seeker with this id\.", "Tidak ada pencari kerja terdaftar dengan ID ini."),
    (r"This NIK belongs to another seeker than seeker_id\.", "NIK ini milik pencari kerja lain, bukan ID pencaker di baris ini."),
    (r"No vacancy with id (\d+) at company \d+\.", r"Lowongan \1 tidak ada di perusahaan ini."),
    (r"This hire is already recorded \(placement (\d+)\)\.", r"Penempatan ini sudah tercatat (penempatan \1)."),
    (r"The same hire appears twice in this report\.", "Penempatan yang sama muncul dua kali dalam laporan ini."),
    (r"Vacancy (\d+) has (\d+) opening\(s\) left; this report places (\d+) there\.",
     r"Lowongan \1 tinggal \2 formasi, sedangkan laporan ini menempatkan \3 orang di sana."),
    (r"Give nik or seeker_id\.", "Isi NIK atau ID pencaker."),
    (r"Not a valid date\.", "Bukan tanggal yang sah (tulis HH/BB/TTTT, misalnya 15/06/1995, atau TTTT-BB-HH)."),
    (r"Give job_title or vacancy_id\.", "Isi jabatan atau ID lowongan."),
]]


def say(message: str) -> str:
    """An import's message in Indonesian."""
    for pattern, repl in _MESSAGES:
        match = pattern.fullmatch(message)
        if match:
            return repl(match) if callable(repl) else match.expand(repl)
    return indonesian(message)


def column_label(kind: str, field: str) -> str:
    if kind == "placements":
        return PLACEMENT_COLUMNS.get(field, field)
    return next((c.label for c in KINDS[kind].columns if c.field == field), field)


def _home(errors: dict | None = None, status: int = 200):
    recent = db.session.scalars(select(ImportJob).order_by(ImportJob.id.desc()).limit(15)).all()
    return render_template("staff/imports.html", titles=TITLES, kinds=list(KINDS), exports=EXPORTS,
                           recent=recent, status_words=STATUS, errors=errors or {}, values=request.form,
                           companies=companies.list_companies({"limit": 500, "offset": 0})["items"]), status


@bp.before_app_request
def _room_for_import_files():
    """Before the CSRF check reads the form: an office's file may be larger than other forms."""
    if request.endpoint == "web.imports.upload":
        request.max_content_length = current_app.config["IMPORT_MAX_BYTES"]


@bp.get("")
def home():
    return _home()


@bp.post("/<any(seekers, companies, vacancies, 'competency-needs', placements):kind>")
def upload(kind):
    """Keep the file and import it in the background; the job page shows how it goes."""
    upload_file = request.files.get("file")
    errors = {}
    if upload_file is None or not upload_file.filename:
        errors[f"{kind}-file"] = ["Pilih berkas CSV atau XLSX."]
    elif not upload_file.filename.lower().endswith((".csv", ".xlsx", ".txt")):
        errors[f"{kind}-file"] = [say("Send a .csv or .xlsx file.")]
    company_id = None
    if kind == "placements":
        raw = request.form.get("company_id", "")
        company_id = int(raw) if raw.isdigit() and int(raw) < 2**31 else None
        if company_id is None or db.session.get(Company, company_id) is None:
            errors["company_id"] = ["Pilih perusahaan yang melapor."]
    if errors:
        return _home(errors, 422)
    job = jobs.create(kind, upload_file.filename, g.principal, company_id)
    jobs.start_in_background(job.id, upload_file)
    return redirect(url_for(".job", job_id=job.id), 303)


@bp.get("/<int:job_id>")
def job(job_id):
    found = jobs.get(job_id)
    rows = [(number, column_label(found.kind, field), [say(m) for m in messages])
            for number, fields in sorted(((int(n), f) for n, f in ((found.errors or {}).get("rows") or {}).items()))
            for field, messages in fields.items()]
    file_errors = [say(m) for key, messages in (found.errors or {}).items() if key != "rows" for m in messages]
    return render_template("staff/import_job.html", job=found, title=TITLES[found.kind], status_words=STATUS,
                           rows=rows, file_errors=file_errors, message=found.message and say(found.message),
                           running=found.status in jobs.RUNNING)


@bp.get("/templat/<any(seekers, companies, vacancies, 'competency-needs'):kind>.<any(xlsx, csv):extension>")
def template(kind, extension):
    name = f"templat-impor-{kind}.{extension}"
    if extension == "xlsx":
        return download(files.template_xlsx(kind), name)
    headers, rows, _ = files.template(kind)
    return download(b"".join(files.csv_stream(headers, rows)), name)


@bp.get("/unduh/<any(seekers, companies, vacancies, placements):name>.<any(xlsx, csv):extension>")
def export(name, extension):
    body, filename = files.export(name, extension, {})
    return send_file(body, mimetype=CONTENT_TYPES[extension], as_attachment=True, download_name=filename)
