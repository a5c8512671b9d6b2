"""Database records (SQLAlchemy 2.0 typed models). Transactions are owned by the use cases."""
from __future__ import annotations

from datetime import date, datetime, timezone

from flask import current_app
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.ext.hybrid import Comparator, hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql import operators

from service import keys
from service.extensions import db
from service.nik import lookup_hash, nik_columns


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes for timezone-aware columns; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class NikComparator(Comparator):
    """`Seeker.nik == nik` and `Seeker.nik.in_(niks)` in a query compare lookup hashes, never clear NIKs."""

    def operate(self, op, *other, **kwargs):
        if op is operators.eq:
            return self.__clause_element__() == lookup_hash(other[0])
        if op is operators.in_op:
            return self.__clause_element__().in_([lookup_hash(nik) for nik in other[0]])
        raise NotImplementedError("A NIK can only be compared for equality (Seeker.nik == ..., .in_(...)).")


class ApiToken(db.Model):
    """A bearer token or a seeker's access code; only its keyed hash is stored (service/auth.py)."""
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # staff | tkp3d | seeker
    name: Mapped[str] = mapped_column(String(200))
    seeker_id: Mapped[int | None] = mapped_column(ForeignKey("seekers.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class UserAccount(db.Model):
    """A staff or TKP3D person who signs in to the web pages with a password."""
    __tablename__ = "user_accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    disabled_at: Mapped[datetime | None]


class WebSession(db.Model):
    """A signed-in browser. The cookie holds only a random id whose keyed hash is stored here, so
    signing out, disabling an account or sitting idle ends the session on the server."""
    __tablename__ = "web_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    sid_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # account | seeker
    subject_id: Mapped[int] = mapped_column(index=True)  # the account's id, or the seeker's access code's
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]


class SignInThrottle(db.Model):
    """Wrong sign-ins per key (a typed NIK, username + address, or an address), counted in the
    database so every worker and machine sees the same count."""
    __tablename__ = "sign_in_throttles"
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    first_failure_at: Mapped[datetime | None]
    locked_until: Mapped[datetime | None]


class AuditEntry(db.Model):
    """Who read or changed a person's record, when, and what (field names, never values).
    Append-only: no route changes it, and a trigger refuses UPDATE (migration 0007_privacy)."""
    __tablename__ = "audit_log"
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))  # token name or account username
    actor_role: Mapped[str] = mapped_column(String(16))
    seeker_id: Mapped[int] = mapped_column(index=True)  # no foreign key: the entry outlives an erasure
    action: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str | None] = mapped_column(String(500))


class Company(Timestamps, db.Model):
    """Company (perusahaan) that reports vacancies and hires."""
    __tablename__ = "companies"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str | None] = mapped_column(String(200))  # KBLI code or description
    district: Mapped[str | None] = mapped_column(String(100))  # kecamatan
    address: Mapped[str | None] = mapped_column(String(500))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    commitments: Mapped[list[CompanyCommitment]] = relationship(
        back_populates="company", cascade="all, delete-orphan", order_by="CompanyCommitment.year")


class CompanyCommitment(db.Model):
    """A company's local-hiring commitment for a year, from its MoU with TKP3D."""
    __tablename__ = "company_commitments"
    __table_args__ = (UniqueConstraint("company_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    year: Mapped[int]
    local_hires: Mapped[int]
    company: Mapped[Company] = relationship(back_populates="commitments")


class Seeker(Timestamps, db.Model):
    """Job seeker (pencaker)."""
    __tablename__ = "seekers"
    # The seekers matching and the needs report count (migration 0008): read by an index-only scan.
    __table_args__ = (Index("ix_seekers_available", "id", postgresql_where=text("status = 'active' AND consent"),
                            sqlite_where=text("status = 'active' AND consent = 1")),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # The NIK only encrypted, and its keyed hash for uniqueness and lookup (service/nik.py).
    nik_ciphertext: Mapped[str] = mapped_column(String(200))
    nik_hash: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    gender: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date]
    education_level: Mapped[str] = mapped_column(String(4))
    skills: Mapped[list] = mapped_column(JSON, default=list)  # free text, kept as written
    ktp_regency_code: Mapped[str] = mapped_column(String(4), index=True)
    district: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(30))
    consent: Mapped[bool] = mapped_column(default=True)
    # UU PDP: the right to object to automated processing; never matched while True.
    objects_to_matching: Mapped[bool] = mapped_column(default=False)
    # active | placed | inactive | self_employed (a member of a running TKM group: service/tkm.py)
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    # Signing in or a change of the record; the retention rule erases those inactive too long.
    last_active_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    certifications: Mapped[list[Certification]] = relationship(
        back_populates="seeker", cascade="all, delete-orphan")

    @hybrid_property
    def nik(self) -> str:
        return keys.decrypt(self.nik_ciphertext)

    @nik.inplace.setter
    def _nik_setter(self, value: str) -> None:
        columns = nik_columns(value)
        self.nik_ciphertext, self.nik_hash = columns["nik_ciphertext"], columns["nik_hash"]

    @nik.inplace.comparator
    @classmethod
    def _nik_comparator(cls) -> NikComparator:
        return NikComparator(cls.nik_hash)

    @property
    def is_local(self) -> bool:
        """Local (warga lokal) = KTP regency is the home regency (Kabupaten Bekasi by default)."""
        return self.ktp_regency_code == current_app.config["HOME_REGENCY_CODE"]


class Vacancy(Timestamps, db.Model):
    """Vacancy (lowongan) as reported under Perpres 57/2023 (wajib lapor lowongan)."""
    __tablename__ = "vacancies"
    __table_args__ = (CheckConstraint("openings >= 0", name="openings_nonnegative"),
                      CheckConstraint("filled >= 0 AND filled <= openings", name="filled_within_openings"))
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(5000))
    openings: Mapped[int]
    filled: Mapped[int] = mapped_column(default=0)  # claimed + verified placements holding a seat
    required_skills: Mapped[list] = mapped_column(JSON, default=list)  # [{"text", "essential"}]
    min_education: Mapped[str | None] = mapped_column(String(4))
    gender: Mapped[str | None] = mapped_column(String(1))
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    min_experience_years: Mapped[int | None]
    wage_min: Mapped[int | None]
    wage_max: Mapped[int | None]
    work_location: Mapped[str | None] = mapped_column(String(200))
    closes_on: Mapped[date | None]
    kbji_code: Mapped[str | None] = mapped_column(String(6))   # KBJI 2014 occupation (Karirhub codes by it)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    company: Mapped[Company] = relationship()

    @property
    def kbji_suggestion(self) -> dict | None:
        from service.skills import suggest_occupation
        return suggest_occupation(self.title)


class CompetencyNeed(Timestamps, db.Model):
    """Competency need (kebutuhan kompetensi) a company reported in a survey."""
    __tablename__ = "competency_needs"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    competency: Mapped[str] = mapped_column(String(300))
    headcount: Mapped[int]
    period_start: Mapped[date]
    period_end: Mapped[date]
    company: Mapped[Company] = relationship()


class Training(Timestamps, db.Model):
    """Training programme (pelatihan) at a BLK, BLK Komunitas, UPTP or an internship."""
    __tablename__ = "trainings"
    __table_args__ = (CheckConstraint("enrolled >= 0 AND enrolled <= seats", name="enrolled_within_seats"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(200))
    provider_type: Mapped[str] = mapped_column(String(20), default="blk")
    competencies: Mapped[list] = mapped_column(JSON, default=list)  # free text, as taught
    seats: Mapped[int]
    enrolled: Mapped[int] = mapped_column(default=0)  # referred-and-enrolled seats taken
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    min_education: Mapped[str | None] = mapped_column(String(4))
    location: Mapped[str | None] = mapped_column(String(200))


class Placement(Timestamps, db.Model):
    """Placement (penempatan): a hire, with the seeker's locality frozen at the hire date."""
    __tablename__ = "placements"
    __table_args__ = (Index("ix_placements_status_placed_on", "status", "placed_on"),
                      # Covers every report query (migration 0002): reports never read the table itself.
                      Index("ix_placements_report", "placed_on", "status", "is_local", "company_id",
                            "education_level", "gender", "district"))
    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("vacancies.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    # None once the person is erased: the placement then keeps only the facts TKP3D counts.
    seeker_id: Mapped[int | None] = mapped_column(ForeignKey("seekers.id"), index=True)
    job_title: Mapped[str] = mapped_column(String(200))
    placed_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(10), default="claimed")
    # Snapshot at hire: a later change of address must not rewrite history.
    is_local: Mapped[bool]
    ktp_regency_code: Mapped[str] = mapped_column(String(4))
    district: Mapped[str | None] = mapped_column(String(100))
    education_level: Mapped[str] = mapped_column(String(4))
    gender: Mapped[str] = mapped_column(String(1))
    recorded_by: Mapped[str | None] = mapped_column(String(200))
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(String(1000))
    decision_reason: Mapped[str | None] = mapped_column(String(1000))  # why rejected or cancelled (0003)
    company: Mapped[Company] = relationship()
    seeker: Mapped[Seeker | None] = relationship()
    vacancy: Mapped[Vacancy | None] = relationship()


class HiringTarget(db.Model):
    """The year's local-hiring target set by TKP3D."""
    __tablename__ = "hiring_targets"
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    local_hires_target: Mapped[int]


class Referral(Timestamps, db.Model):
    """Referral (rujukan) of a seeker to a training programme."""
    __tablename__ = "referrals"
    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.id"), index=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("trainings.id"), index=True)
    competency_id: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(10), default="suggested")
    recorded_by: Mapped[str | None] = mapped_column(String(200))
    seeker: Mapped[Seeker] = relationship()
    training: Mapped[Training] = relationship()


class Certification(db.Model):
    """A competency a seeker holds by completing a training: counts as held in matching."""
    __tablename__ = "certifications"
    __table_args__ = (UniqueConstraint("seeker_id", "competency_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.id", ondelete="CASCADE"))
    competency_id: Mapped[str] = mapped_column(String(80))
    training_id: Mapped[int | None] = mapped_column(ForeignKey("trainings.id"))
    certified_on: Mapped[date]
    seeker: Mapped[Seeker] = relationship(back_populates="certifications")


class SkillAlias(db.Model):
    """An alias staff added for a competency, applied without a redeploy."""
    __tablename__ = "skill_aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    alias: Mapped[str] = mapped_column(String(200), unique=True)
    competency_id: Mapped[str] = mapped_column(String(80))
    created_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class UnknownPhrase(db.Model):
    """A skill phrase the taxonomy could not place, counted so staff can add an alias."""
    __tablename__ = "unknown_phrases"
    phrase: Mapped[str] = mapped_column(String(300), primary_key=True)
    count: Mapped[int] = mapped_column(default=1)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)


class ChangeLog(db.Model):
    """One row per write that matters to matching, so every worker's index can catch up."""
    __tablename__ = "change_log"
    # Ids never reused, even after deletes, so a worker's high-water mark stays meaningful.
    # (entity, id): the local-hiring report's data version is the last 'report' row (service/report_cache.py).
    __table_args__ = (Index("ix_change_log_entity_id", "entity", "id"), {"sqlite_autoincrement": True})
    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(16))  # service.changes.FEED_ENTITIES, or alias | reset
    entity_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(8), default="updated", server_default="updated")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class SkillMention(db.Model):
    """One skill the normaliser read in a seeker's skill entry or a vacancy's requirement,
    written in the transaction that wrote the record, so reports and workers read numbers
    instead of normalising text again. `version` names the reading (shipped taxonomy and
    normaliser + staff aliases) that produced it. The columns after `entry` are the fields of
    `matching.normalise.Mention` (see `matching.stored`): a new field is a new column here."""
    __tablename__ = "skill_mentions"
    __table_args__ = (CheckConstraint("(seeker_id IS NULL) <> (vacancy_id IS NULL)", name="one_owner"),
                      # supply per competency (needs report) and holders of a competency, by index only
                      Index("ix_skill_mentions_competency", "competency_id", "seeker_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int | None] = mapped_column(ForeignKey("seekers.id", ondelete="CASCADE"), index=True)
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"), index=True)
    entry: Mapped[int]                    # position of the entry in the record's skills / required_skills
    text: Mapped[str] = mapped_column(Text)
    competency_id: Mapped[str | None] = mapped_column(String(80))
    confidence: Mapped[float]
    method: Mapped[str] = mapped_column(String(20))
    alias: Mapped[str | None] = mapped_column(Text)
    core: Mapped[str] = mapped_column(Text, default="")
    suggestion: Mapped[str | None] = mapped_column(String(80))   # a guess, never a reading
    words: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[str] = mapped_column(String(16))


class SkillReread(db.Model):
    """A re-reading, in the background and in batches, of the stored mentions that a new alias
    or a new shipped taxonomy can change; staff follow its progress."""
    __tablename__ = "skill_rereads"
    id: Mapped[int] = mapped_column(primary_key=True)
    reason: Mapped[str] = mapped_column(String(16))             # alias | taxonomy
    words: Mapped[list | None] = mapped_column(JSON)            # None: every entry
    settled_too: Mapped[bool] = mapped_column(default=False)    # also entries read as an exact alias
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending | running | done
    total: Mapped[int | None]                                   # records to re-read, once counted
    done: Mapped[int] = mapped_column(default=0)
    changed: Mapped[int] = mapped_column(default=0)             # records whose reading changed
    cursor: Mapped[int] = mapped_column(default=0)              # last seeker id re-read
    heartbeat: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


class TaxonomyRelease(db.Model):
    """A shipped taxonomy + normaliser seen by a worker, with its aliases, so the next release
    re-reads only what its changed aliases can reach."""
    __tablename__ = "taxonomy_releases"
    version: Mapped[str] = mapped_column(String(64), primary_key=True)
    code_version: Mapped[str] = mapped_column(String(64))
    aliases: Mapped[dict] = mapped_column(JSON)                 # {alias: [competency ids]}
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ImportJob(db.Model):
    """One file import: its status and progress, readable by every worker (GET /api/v1/imports/{id})."""
    __tablename__ = "import_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # seekers | companies | vacancies | competency-needs | placements
    status: Mapped[str] = mapped_column(String(10), default="queued")  # queued | reading | saving | done | failed
    filename: Mapped[str] = mapped_column(String(200))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    rows_read: Mapped[int] = mapped_column(default=0)
    rows_checked: Mapped[int] = mapped_column(default=0)
    rows_saved: Mapped[int] = mapped_column(default=0)
    created: Mapped[int | None]
    unchanged: Mapped[int | None]
    message: Mapped[str | None] = mapped_column(String(1000))
    errors: Mapped[dict | None] = mapped_column(JSON)  # {"rows": {row: {field: [message]}}} or {"file": [...]}
    ignored_columns: Mapped[list | None] = mapped_column(JSON)  # headers the import did not read
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)  # the heartbeat: a stale running job died
    finished_at: Mapped[datetime | None]


class IdempotencyKey(db.Model):
    """A creating POST carried out under a client's Idempotency-Key: what it created, so a retry
    after a lost answer gets the same records back instead of creating them again. Recorded in
    the same transaction as the records themselves (service/idempotency.py)."""
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("scope", "key", name="uq_idempotency_keys_scope_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(64))  # the caller's token hash: keys are per client
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))  # SHA-256 of method, path and body
    created_ids: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# ---- the self-employment path: TKM (Tenaga Kerja Mandiri) groups -------------------------------

class TkmIncubator(Timestamps, db.Model):
    """A BLK Komunitas that works as a business incubator (inkubator bisnis) and takes TKM groups in."""
    __tablename__ = "tkm_incubators"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    district: Mapped[str | None] = mapped_column(String(100))  # kecamatan
    address: Mapped[str | None] = mapped_column(String(500))


class TkmMentor(Timestamps, db.Model):
    """A volunteer mentor (TKS, tenaga kerja sukarela) who accompanies TKM groups and reports monthly.
    `login` is both the username of their page account and the name of their API tokens, which is
    how a signed-in mentor is tied to this record (service/tkm.py: mentor_for)."""
    __tablename__ = "tkm_mentors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    login: Mapped[str] = mapped_column(String(80), unique=True)
    phone: Mapped[str | None] = mapped_column(String(30))


class TkmGroup(Timestamps, db.Model):
    """A TKM group (kelompok Tenaga Kerja Mandiri): a start-up business of about 16 people that
    received assistance (bantuan), Pemula or Lanjutan."""
    __tablename__ = "tkm_groups"
    __table_args__ = (CheckConstraint("kind IN ('pemula', 'lanjutan')", name="tkm_kind"),
                      CheckConstraint("status IN ('active', 'inactive')", name="tkm_status"))
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))                      # pemula | lanjutan
    business_field: Mapped[str] = mapped_column(String(300))           # as written ("keripik singkong")
    business_competency_id: Mapped[str | None] = mapped_column(String(80), index=True)  # its reading, or None
    district: Mapped[str | None] = mapped_column(String(100))          # kecamatan
    address: Mapped[str | None] = mapped_column(String(500))
    assistance_year: Mapped[int | None]
    assistance_amount: Mapped[int | None]                              # rupiah
    incubator_id: Mapped[int | None] = mapped_column(ForeignKey("tkm_incubators.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="active", index=True)
    stopped_on: Mapped[date | None]                                    # when it stopped running
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("tkm_mentors.id"), index=True)
    mentor_assigned_on: Mapped[date | None]                            # reports are due from this month
    incubator: Mapped[TkmIncubator | None] = relationship()
    mentor: Mapped[TkmMentor | None] = relationship()


class TkmMember(db.Model):
    """A job seeker in a TKM group (ketua or anggota): counted as self-employed while the group runs."""
    __tablename__ = "tkm_members"
    __table_args__ = (UniqueConstraint("group_id", "seeker_id"),
                      CheckConstraint("role IN ('ketua', 'anggota')", name="tkm_member_role"))
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("tkm_groups.id", ondelete="CASCADE"), index=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    joined_on: Mapped[date]
    seeker: Mapped[Seeker] = relationship()
    group: Mapped[TkmGroup] = relationship()


class TkmReport(db.Model):
    """A mentor's monthly report (laporan bulanan) on one group: one per group and month."""
    __tablename__ = "tkm_reports"
    __table_args__ = (UniqueConstraint("group_id", "month"),
                      CheckConstraint("active_members >= 0 AND turnover >= 0 AND new_workers >= 0",
                                      name="tkm_report_counts"))
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("tkm_groups.id", ondelete="CASCADE"), index=True)
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("tkm_mentors.id"))
    month: Mapped[date] = mapped_column(index=True)                    # the first day of the month reported
    active_members: Mapped[int]
    production: Mapped[str | None] = mapped_column(String(300))        # what was made ("1.200 bungkus")
    turnover: Mapped[int]                                              # omzet, rupiah
    new_workers: Mapped[int]
    obstacles: Mapped[list] = mapped_column(JSON, default=list)        # codes, schemas.tkm.OBSTACLES
    obstacle_other: Mapped[str | None] = mapped_column(String(300))    # the 'lainnya' in words
    actions: Mapped[str | None] = mapped_column(String(2000))          # what was done about them
    note: Mapped[str | None] = mapped_column(String(2000))
    filed_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TkmVisit(db.Model):
    """A monitoring visit (kunjungan monitoring) by Disnaker staff, with the same obstacle list."""
    __tablename__ = "tkm_visits"
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("tkm_groups.id", ondelete="CASCADE"), index=True)
    visited_on: Mapped[date] = mapped_column(index=True)
    obstacles: Mapped[list] = mapped_column(JSON, default=list)
    obstacle_other: Mapped[str | None] = mapped_column(String(300))
    findings: Mapped[str | None] = mapped_column(String(2000))
    actions: Mapped[str | None] = mapped_column(String(2000))
    recorded_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
