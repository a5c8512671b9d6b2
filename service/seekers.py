"""Use cases for job seekers (pencaker): registration, correction, reading."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import String, cast, select, update
from sqlalchemy.orm import selectinload

from service import audit, bulk, changes, districts, keys, mentions
from service.auth import issue_access_code, issue_token, revoke_seeker_credentials
from service.errors import Conflict, Invalid
from service.extensions import db
from service.models import Seeker, SkillMention, utcnow
from service.nik import NikError, lookup_hash, nik_columns, parse_nik
from service.persistence import contains, get_or_404, ordered, page, write_transaction
from service.skills import count_unknown, reading as skill_reading


def home_regency() -> str:
    return current_app.config["HOME_REGENCY_CODE"]


def register_seeker(data: dict) -> tuple[Seeker, str, str]:
    """Register a seeker; returns the seeker, their API access token and their short web access
    code (kode akses), both shown only this once."""
    data = _with_nik_facts(data)
    with write_transaction():
        if find_by_nik(data["nik"]) is not None:
            raise Conflict("A seeker with this NIK is already registered.", "nik")
        seeker = Seeker(**data)
        db.session.add(seeker)
        db.session.flush()
        token = issue_token("seeker", f"seeker {seeker.id}", seeker_id=seeker.id)
        code = issue_access_code(seeker.id)
        changes.record("seeker", seeker.id, "created")
        audit.note([seeker.id], "create")
        mentions.write_seekers([seeker])
        count_unknown(seeker.skills)
    return seeker, token, code


def checked_for_import(data: dict) -> dict:
    """A seeker row of an import file with the NIK's facts checked and filled in, as at registration."""
    return _with_nik_facts(data)


_IMPORT_DEFAULTS = {"skills": [], "district": None, "phone": None, "consent": True}


def insert_imported_seekers(rows: list[dict]) -> list[int]:
    """Register a batch of checked rows inside the caller's transaction; returns the new ids.

    One multi-row INSERT per batch, not an ORM object per row (100,000 rows in seconds). A NIK
    already registered, by anyone at any moment, is left as it is (ON CONFLICT DO NOTHING on its
    lookup hash), so overlapping imports never duplicate a person. The new seekers' skills are
    read and stored (service.mentions' rows, as `mentions.write_seekers` writes them for one
    seeker) and counted as at registration, in the same transaction. Imported
    seekers get no access code: staff print one on the seeker's page when the person comes in.
    """
    values = [{**_IMPORT_DEFAULTS, **{k: v for k, v in row.items() if k != "nik"}, **nik_columns(row["nik"])}
              for row in rows]  # one INSERT takes its columns from the first row: give every row all of them
    table = Seeker.__table__
    inserted = bulk.insert_rows(table, values, returning=(table.c.id, table.c.nik_hash), skip_conflicts=True)
    skills_by_hash = {v["nik_hash"]: v["skills"] for v in values}
    new = [(row.id, skills_by_hash[row.nik_hash]) for row in inserted]
    normaliser, version = skill_reading()
    bulk.insert_rows(SkillMention.__table__, [
        mention for seeker_id, texts in new
        for mention in mentions.rows_for("seeker_id", seeker_id, texts, normaliser, version)])
    count_unknown([text for _, texts in new for text in texts])
    changes.record_many("seeker", [seeker_id for seeker_id, _ in new], "created")
    audit.note([seeker_id for seeker_id, _ in new], "create", "import")
    return [seeker_id for seeker_id, _ in new]


def renew_credentials(seeker_id: int) -> tuple[str, str]:
    """A new web access code and API token for a seeker who lost theirs (or whose code may be
    known to someone else): every older code and token stops working, and so every session."""
    with write_transaction():
        get_or_404(Seeker, seeker_id, "seeker")
        revoke_seeker_credentials(seeker_id)
        audit.note([seeker_id], "access-code")
        return issue_access_code(seeker_id), issue_token("seeker", f"seeker {seeker_id}", seeker_id=seeker_id)


def renew_access_code(seeker_id: int) -> str:
    """renew_credentials, for the desk: the slip shows only the code."""
    return renew_credentials(seeker_id)[0]


def _with_nik_facts(data: dict) -> dict:
    """Check the NIK and that birth date and gender agree with it; fill them in when not given."""
    try:
        facts = parse_nik(data["nik"])
    except NikError as err:
        raise Invalid(str(err), "nik") from None
    data = dict(data)
    if data.get("district"):
        data["district"] = districts.canonical(data["district"])
    given = data.get("birth_date")
    if given and (given.day, given.month, given.year % 100) != (facts.birth_date.day, facts.birth_date.month,
                                                                facts.birth_date.year % 100):
        raise Invalid("birth_date does not agree with the birth date encoded in the NIK.", "birth_date")
    if data.get("gender") and data["gender"] != facts.gender:
        raise Invalid("gender does not agree with the NIK (women's NIK day is 41-71).", "gender")
    data.setdefault("gender", facts.gender)
    data["birth_date"] = given or facts.birth_date
    if not data.get("ktp_regency_code"):
        data["ktp_regency_code"] = facts.regency_code
    return data


def update_seeker(seeker_id: int, data: dict) -> Seeker:
    """Correct a seeker's record; a corrected NIK (staff) brings the birth date, gender and KTP
    regency it encodes, unless given and consistent."""
    with write_transaction():
        seeker = get_or_404(Seeker, seeker_id, "seeker")
        if "nik" in data:
            data = _corrected_nik(seeker, data)
        elif "gender" in data and data["gender"] != parse_nik(seeker.nik).gender:
            raise Invalid("gender does not agree with the NIK.", "gender")
        for key, value in data.items():
            if key == "ktp_regency_code" and not value:
                value = seeker.nik[:4]
            if key == "district":
                value = districts.canonical(value)
            setattr(seeker, key, value)
        seeker.last_active_at = utcnow()
        changes.record("seeker", seeker.id)
        audit.note([seeker.id], "update", ", ".join(sorted(data)))
        if "skills" in data:
            mentions.write_seekers([seeker])
            count_unknown(data["skills"])
    return seeker


def _corrected_nik(seeker: Seeker, data: dict) -> dict:
    other = find_by_nik(data["nik"])
    if other is not None and other.id != seeker.id:
        raise Conflict("A seeker with this NIK is already registered.", "nik")
    kept_regency = seeker.ktp_regency_code != seeker.nik[:4]
    return _with_nik_facts({"ktp_regency_code": seeker.ktp_regency_code if kept_regency else None, **data})


def rotate_nik_key(batch: int = 2000) -> int:
    """Re-encrypt every stored NIK under the newest of NIK_ENCRYPTION_KEYS; returns how many."""
    done, last = 0, 0
    while True:
        with write_transaction():
            rows = db.session.execute(select(Seeker.id, Seeker.nik_ciphertext).where(Seeker.id > last)
                                      .order_by(Seeker.id).limit(batch)).all()
            if rows:
                db.session.execute(update(Seeker), [{"id": row.id, "nik_ciphertext": keys.rotate(row.nik_ciphertext)}
                                                    for row in rows])
        if not rows:
            return done
        done, last = done + len(rows), rows[-1].id


def get_seeker(seeker_id: int) -> Seeker:
    """A seeker's record, for showing: the read is noted in the audit trail."""
    seeker = get_or_404(Seeker, seeker_id, "seeker")
    audit.read([seeker.id])
    return seeker


def shown(result: dict) -> dict:
    """A list of seekers as shown to someone: each listed person's record counts as read (audit)."""
    audit.read((seeker.id for seeker in result["items"]), "list")
    return result


def search_seekers(args: dict) -> dict:
    """list_seekers, or with a NIK the one seeker registered with it (or none)."""
    if "nik" not in args:
        return list_seekers(args)
    found = find_by_nik(args["nik"])
    items = [found] if found is not None else []
    return {"items": items, "total": len(items), "limit": args["limit"], "offset": args["offset"]}


def find_by_nik(nik: str) -> Seeker | None:
    """The seeker registered with this NIK (16 digits, spaces and dots ignored), else None; found
    by its keyed hash, since the NIK is stored encrypted."""
    digits = "".join(ch for ch in nik if ch not in " .-")
    if len(digits) != 16 or not digits.isdigit():
        return None
    return db.session.scalar(select(Seeker).where(Seeker.nik_hash == lookup_hash(digits)))


def report_found_work(seeker_id: int) -> Seeker:
    """The seeker says they have found work: they stop being matched until staff make them active again."""
    with write_transaction():
        seeker = get_or_404(Seeker, seeker_id, "seeker")
        if seeker.status == "active":
            seeker.status = "placed"
            changes.record("seeker", seeker.id)
    return seeker


SEEKER_ORDERS = {"terbaru": (Seeker.id.desc(),), "terlama": (Seeker.id,), "nama": (Seeker.full_name, Seeker.id)}


def list_seekers(args: dict) -> dict:
    query = ordered(select(Seeker).options(selectinload(Seeker.certifications)), args, SEEKER_ORDERS, "terlama")
    if "q" in args:
        query = query.where(contains(Seeker.full_name, args["q"]))
    if "skill" in args:  # the skills as written, stored as a JSON list of text
        query = query.where(contains(cast(Seeker.skills, String), args["skill"]))
    for key in ("status", "district", "education_level"):
        if key in args:
            value = districts.canonical(args[key]) if key == "district" else args[key]
            query = query.where(getattr(Seeker, key) == value)
    if "is_local" in args:
        local = Seeker.ktp_regency_code == home_regency()
        query = query.where(local if args["is_local"] else ~local)
    return page(query, args["limit"], args["offset"])
