"""Import jobs: every file import has a row in import_jobs with its status and progress, so any
worker can answer `GET /api/v1/imports/{id}` and the staff page can show rows read and checked.

A small file is imported while the request waits; a large one (or one sent with `Prefer:
respond-async`) is saved to the instance folder and imported by a thread of the worker that took
it, while the answer is 202 with the job. Progress is written in short transactions of its own;
the final status is written in the same transaction as the records, so "done" and the records
commit together. A worker killed mid-import takes its transaction with it (nothing is stored) and
its job stops reporting: a job silent for IMPORT_STALE_SECONDS reads as failed.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from datetime import timedelta, timezone
from typing import IO

from flask import current_app
from sqlalchemy import update

from service import imports, placements
from service.auth import Principal
from service.errors import DomainError
from service.extensions import db
from service.models import ImportJob, utcnow
from service.persistence import get_or_404, write_transaction

RUNNING = ("queued", "reading", "saving")
INTERRUPTED = "The import stopped before it finished (its worker was restarted or killed); nothing was stored."
log = logging.getLogger(__name__)


def create(kind: str, filename: str, by: Principal, company_id: int | None = None) -> ImportJob:
    with write_transaction():
        job = ImportJob(kind=kind, filename=os.path.basename(filename)[:200] or "file", company_id=company_id,
                        created_by=by.name, status="queued")
        db.session.add(job)
    return job


def execute(job_id: int, stream: IO[bytes], filename: str) -> ImportJob:
    """Import the file into the job's kind; the job ends done, or failed with the reasons (re-raised)."""
    job = db.session.get(ImportJob, job_id)
    kind, company_id, by = job.kind, job.company_id, Principal("staff", job.created_by)
    progress = _Progress(job_id)
    try:
        if kind == "placements":
            progress(status="reading", rows_read=0, rows_checked=0, rows_saved=0)
            created = placements.import_placements_file(company_id, filename, stream.read(), by, progress)
            with write_transaction():  # its own: the report's transaction has committed (a crash between
                # the two leaves a stored report whose job reads failed; the ledger refuses it if sent again)
                _finish(job_id, {"rows": len(created), "created": len(created), "unchanged": 0,
                                 "ignored_columns": []})
        else:
            imports.run(kind, stream, filename, progress, finish=lambda result: _finish(job_id, result))
    except placements.RowsRefused as err:
        _fail(job_id, err.message, {"rows": {str(k): v for k, v in err.rows.items()}}, progress.latest)
        raise
    except DomainError as err:
        _fail(job_id, err.message, {err.field or "file": [err.message]}, progress.latest)
        raise
    except Exception:
        _fail(job_id, "The import failed on the server; nothing was stored.", None, progress.latest)
        raise
    return get(job_id)


def start_in_background(job_id: int, upload) -> None:
    """Keep the upload in the instance folder and import it in a thread; the file goes when it ends."""
    folder = os.path.join(current_app.instance_path, "imports")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    path = os.path.join(folder, f"job-{job_id}")
    upload.save(path)
    app = current_app._get_current_object()
    threading.Thread(target=_run_saved, args=(app, job_id, path, upload.filename or ""), daemon=True,
                     name=f"import-{job_id}").start()


def _run_saved(app, job_id: int, path: str, filename: str) -> None:
    with app.app_context():
        try:
            with open(path, "rb") as stream:
                execute(job_id, stream, filename)
        except DomainError:
            pass  # the reasons are on the job
        except Exception:  # noqa: BLE001 - a thread has nobody to raise to; the job says it failed
            log.exception("import job %s failed", job_id)
        finally:
            os.remove(path)
            db.session.remove()


def get(job_id: int) -> ImportJob:
    """The job as it stands; one whose worker died (silent too long) reads as failed."""
    job = get_or_404(ImportJob, job_id, "import")
    db.session.refresh(job)
    silent = utcnow() - _aware(job.updated_at)
    if job.status in RUNNING and silent > timedelta(seconds=current_app.config["IMPORT_STALE_SECONDS"]):
        db.session.expunge(job)  # shown as failed; the dead worker can no longer change it
        job.status, job.message = "failed", INTERRUPTED
    return job


def _aware(moment):
    """SQLite hands back naive datetimes for what was stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class _Progress:
    """Writes the job's progress at most once a second, each time in a short transaction of its own."""

    def __init__(self, job_id: int):
        self.job_id, self.status, self.at = job_id, None, 0.0
        self.latest = {"rows_read": 0, "rows_checked": 0}

    def __call__(self, status: str, rows_read: int, rows_checked: int, rows_saved: int) -> None:
        self.latest = {"rows_read": rows_read, "rows_checked": rows_checked}
        now = time.monotonic()
        if status == self.status and (status == "saving" or now - self.at < 1.0):
            return  # while saving, the import's own transaction holds SQLite's write lock
        self.status, self.at = status, now
        with db.engine.begin() as conn:
            conn.execute(update(ImportJob).where(ImportJob.id == self.job_id).values(
                status=status, rows_read=rows_read, rows_checked=rows_checked, rows_saved=rows_saved,
                updated_at=utcnow()))


def _finish(job_id: int, result: dict) -> None:
    """Inside the import's transaction: the job is done exactly when its records are stored."""
    db.session.execute(update(ImportJob).where(ImportJob.id == job_id).values(
        status="done", rows_read=result["rows"], rows_checked=result["rows"], rows_saved=result["created"],
        created=result["created"], unchanged=result["unchanged"], ignored_columns=result["ignored_columns"],
        updated_at=utcnow(), finished_at=utcnow()))


def _fail(job_id: int, message: str, errors: dict | None, counts: dict) -> None:
    db.session.rollback()
    with write_transaction():
        db.session.execute(update(ImportJob).where(ImportJob.id == job_id).values(
            status="failed", message=message[:1000], errors=errors, updated_at=utcnow(), finished_at=utcnow(),
            rows_saved=0, **counts))

