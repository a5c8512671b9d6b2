"""The seeker's rights under UU PDP (UU 27/2022): access (export), consent and objection, and
erasure, plus the retention rule that erases people inactive for RETENTION_YEARS.

Export and erasure walk every table that refers to a seeker (any `seeker_id` column), so a
table added later is exported and erased without a change here. Placements are the exception:
the ledger must keep its totals, so an erased person's placements keep only the facts TKP3D
counts (company, job, date, status, locality, KTP regency, kecamatan, education, gender).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import delete, select, update

from service import audit, changes
from service.extensions import db
from service.models import ApiToken, AuditEntry, Placement, Referral, Seeker, WebSession, utcnow
from service.persistence import get_or_404, write_transaction

# Never exported: secrets derived from a credential, and the encrypted NIK (exported in clear).
HIDDEN_COLUMNS = {"token_hash", "sid_hash", "nik_ciphertext", "nik_hash"}
# What an erased person's placement keeps besides the counted facts: nothing that names them.
PLACEMENT_CLEARED = {"seeker_id": None, "note": None}


def _json(value):
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _row(table, row) -> dict:
    return {c.name: _json(row._mapping[c]) for c in table.columns if c.name not in HIDDEN_COLUMNS}


def _related_tables():
    """Every table with a seeker_id column, but the audit log (exported on its own)."""
    return [t for t in db.metadata.sorted_tables if "seeker_id" in t.columns and t.name != AuditEntry.__tablename__]


def export_seeker(seeker_id: int) -> dict:
    """Everything held about a person: the record with the full NIK, every row that refers to
    them, and who read or changed it."""
    seeker = get_or_404(Seeker, seeker_id, "seeker")
    record = _row(Seeker.__table__, db.session.execute(select(Seeker.__table__).where(Seeker.id == seeker_id)).one())
    record.update(nik=seeker.nik, is_local=seeker.is_local)
    related = {table.name: [_row(table, row) for row in db.session.execute(
        select(table).where(table.c.seeker_id == seeker_id).order_by(*table.primary_key.columns))]
        for table in _related_tables()}
    log = db.session.execute(select(AuditEntry.__table__).where(AuditEntry.seeker_id == seeker_id)
                             .order_by(AuditEntry.id))
    result = {"exported_at": utcnow().isoformat(), "seeker": record, "related": related,
              "access_log": [_row(AuditEntry.__table__, entry) for entry in log]}
    audit.read([seeker_id], "export")
    return result


def set_choices(seeker_id: int, consent: bool | None = None, objects_to_matching: bool | None = None) -> Seeker:
    """The seeker gives or withdraws consent, or objects to automated matching (or stops objecting).
    Either way out, every worker stops matching them on its next request."""
    chosen = {k: v for k, v in (("consent", consent), ("objects_to_matching", objects_to_matching)) if v is not None}
    with write_transaction():
        seeker = get_or_404(Seeker, seeker_id, "seeker")
        for key, value in chosen.items():
            setattr(seeker, key, value)
        seeker.last_active_at = utcnow()
        changes.record("seeker", seeker.id)
        audit.note([seeker.id], "update", ", ".join(f"{k}={'yes' if v else 'no'}" for k, v in chosen.items()))
    return seeker


def erase_seeker(seeker_id: int, reason: str = "on request") -> None:
    """Erase a person: their record and every row about them go, their placements keep only the
    counted facts, so no report changes. The audit log keeps that it happened (ids only)."""
    with write_transaction():
        get_or_404(Seeker, seeker_id, "seeker")
        _erase(seeker_id, reason)
    _purge_files()


def _erase(seeker_id: int, reason: str) -> None:
    token_ids = select(ApiToken.id).where(ApiToken.seeker_id == seeker_id)
    db.session.execute(delete(WebSession).where(WebSession.kind == "seeker", WebSession.subject_id.in_(token_ids)))
    placed = db.session.scalars(select(Placement.id).where(Placement.seeker_id == seeker_id)).all()
    referred = db.session.scalars(select(Referral.id).where(Referral.seeker_id == seeker_id)).all()
    db.session.execute(update(Placement).where(Placement.seeker_id == seeker_id).values(**PLACEMENT_CLEARED))
    changes.record_many("placement", placed, "updated")
    changes.record_many("referral", referred, "deleted")
    for table in reversed(_related_tables()):
        if table.name != Placement.__tablename__:
            db.session.execute(delete(table).where(table.c.seeker_id == seeker_id))
    db.session.execute(delete(Seeker).where(Seeker.id == seeker_id))
    changes.record("seeker", seeker_id, "deleted")
    audit.note([seeker_id], "erase", reason)


def _purge_files() -> None:
    """SQLite: secure_delete has zeroed the freed pages; a checkpoint moves that into the file and
    empties the WAL, which still held the old pages. PostgreSQL: the rows are gone from every
    query and dump at once; autovacuum reclaims their space."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.remove()
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def erase_inactive(years: int | None = None, today: date | None = None, dry_run: bool = False) -> list[int]:
    """The retention rule: erase every seeker with no sign-in or change for `years`
    (RETENTION_YEARS); returns their ids."""
    years = current_app.config["RETENTION_YEARS"] if years is None else years
    cutoff = (datetime.combine(today or date.today(), datetime.min.time(), timezone.utc)
              - timedelta(days=round(365.25 * years)))
    ids = db.session.scalars(select(Seeker.id).where(Seeker.last_active_at < cutoff).order_by(Seeker.id)).all()
    if ids and not dry_run:
        with write_transaction():
            for seeker_id in ids:
                _erase(seeker_id, f"retention: inactive {years} years")
        _purge_files()
    return list(ids)

