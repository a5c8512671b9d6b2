"""/api/v1/{kind}/import-file, /api/v1/imports/{id}, import templates and list exports"""
from functools import wraps

from flask import current_app, g, request, send_file
from flask_smorest import Blueprint, abort

from schemas.imports import (CompanyExportArgsSchema, ImportJobSchema, ImportUploadSchema, PlacementExportArgsSchema,
                             SeekerExportArgsSchema, VacancyExportArgsSchema)
from service.auth import require
from service.downloads import CONTENT_TYPES, download
from service.errors import DomainError
from service.imports import files, jobs
from service.placements import RowsRefused

blp = Blueprint("data", __name__, url_prefix="", description="The office's data in and out: file imports and list exports")

IMPORTS = {"seekers": "job seekers", "companies": "companies", "vacancies": "vacancies",
           "competency-needs": "competency needs"}


def large_upload(view):
    """Let an import file be larger than other request bodies (IMPORT_MAX_BYTES)."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        request.max_content_length = current_app.config["IMPORT_MAX_BYTES"]
        return view(*args, **kwargs)
    return wrapped


def wants_background(upload_size: int | None) -> bool:
    return "respond-async" in request.headers.get("Prefer", "") or \
        (upload_size or 0) > current_app.config["IMPORT_SYNC_MAX_BYTES"]


def _import_view(kind: str):
    @require("staff")
    @large_upload
    @blp.arguments(ImportUploadSchema, location="files")
    @blp.response(201, ImportJobSchema)
    @blp.alt_response(202, schema=ImportJobSchema, description="Running as a job: follow GET /imports/{id}")
    def view(files_):
        upload = files_["file"]
        job = jobs.create(kind, upload.filename or "", g.principal)
        if wants_background(request.content_length):
            jobs.start_in_background(job.id, upload)
            return jobs.get(job.id), 202
        try:
            return jobs.execute(job.id, upload.stream, upload.filename or "")
        except RowsRefused as err:
            abort(422, message=err.message, errors={"files": {"rows": err.rows}})
        except DomainError as err:
            abort(err.code, message=err.message, errors={"files": {err.field or "file": [err.message]}})
    view.__doc__ = (f"Import a file of {IMPORTS[kind]} (CSV or XLSX), all or nothing; rows numbered as in "
                    "the sheet (header = 1); large files answer 202 with a job")
    return view


def _template_view(kind: str, extension: str):
    @require("staff")
    @blp.response(200, content_type=CONTENT_TYPES[extension])
    def view():
        name = f"templat-impor-{kind}.{extension}"
        if extension == "xlsx":
            return download(files.template_xlsx(kind), name)
        headers, rows, _ = files.template(kind)
        return download(b"".join(files.csv_stream(headers, rows)), name)
    view.__doc__ = f"The {extension.upper()} template for importing {IMPORTS[kind]}: headers and an example row"
    return view


for _kind in IMPORTS:
    blp.route(f"/{_kind}/import-file", methods=["POST"], endpoint=f"import_{_kind}")(_import_view(_kind))
    for _extension in ("csv", "xlsx"):
        blp.route(f"/{_kind}/import-template.{_extension}", endpoint=f"template_{_kind}_{_extension}")(
            _template_view(_kind, _extension))


@blp.route("/imports/<int:job_id>")
@require("staff")
@blp.response(200, ImportJobSchema)
def import_job(job_id):
    """An import's status (queued, reading, saving, done, failed) and progress"""
    return jobs.get(job_id)


EXPORTS = {"seekers": (SeekerExportArgsSchema, ("staff",)), "companies": (CompanyExportArgsSchema, ("staff", "tkp3d")),
           "vacancies": (VacancyExportArgsSchema, ("staff", "tkp3d")), "placements": (PlacementExportArgsSchema, ("staff",))}


def _export_view(name: str, extension: str):
    args_schema, roles = EXPORTS[name]

    @require(*roles)
    @blp.arguments(args_schema, location="query")
    @blp.response(200, content_type=CONTENT_TYPES[extension])
    def view(args):
        body, filename = files.export(name, extension, args)
        return send_file(body, mimetype=CONTENT_TYPES[extension], as_attachment=True, download_name=filename)
    view.__doc__ = f"Every {name[:-1]} as {extension.upper()} (Indonesian headers, the ones the imports read)"
    return view


for _name in EXPORTS:
    for _extension in ("csv", "xlsx"):
        blp.route(f"/{_name}.{_extension}", endpoint=f"export_{_name}_{_extension}")(_export_view(_name, _extension))
