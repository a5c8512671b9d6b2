"""Training referrals (rujukan pelatihan): which training would close a job seeker's gaps, the
referral's life from suggestion to certificate, and what became of the people each programme trained.

Suggestions (`suggest`):
- The vacancies looked at are the open ones whose hard conditions the seeker meets (training
  cannot change education, age or gender). Every one is explained by the matching engine, so
  vacancies where the seeker scores zero count too (a cook can still be shown the way to a lathe).
- A gap is a required competency the seeker lacks (`missing`) or meets only through a related
  one (`how == "related"`: a CNC operator is half a lathe operator, and closer to it than
  someone who never ran a machine). Soft skills ("disiplin", "attitude") that the seeker neither
  wrote nor was certified in are gaps too, closed by soft-skill training, when the vacancy asks
  for them or its company reported them as a need for the current period (companies' survey
  answers are about their whole workforce, so they apply to every vacancy the company has).
- Gaps are taken from the NEAREST best-scoring vacancies (or from the one chosen, ?vacancy_id=),
  and each is weighed by how many of all the vacancies looked at it would unlock.
- Each gap is paired with the programmes that teach it and still take people (not started, seats
  left, no referral of this seeker in progress). Order: programmes the seeker may enter first
  (min_education), technical gaps before soft ones (discipline alone gets nobody hired for a
  lathe), then vacancies unlocked, open positions, closeness to what the seeker already
  knows (the related credit), seats left, earliest start. A programme appears once, under its
  best gap, with the other gaps it covers in `also_covers`.

Lifecycle, recorded by staff: suggested -> referred -> enrolled -> completed, or enrolled ->
dropped. A referral not taken up stays as it is, so the outcome counts are exact: referred =
reached 'referred', enrolled = reached 'enrolled', and so on. Enrolment takes a seat with one
guarded UPDATE (`enrolled < seats`), safe under any number of workers on SQLite and PostgreSQL
(see service/persistence.py); dropping out frees it; completing keeps it. Completion certifies
the seeker in every competency the programme teaches and logs the seeker in change_log in the
same transaction, so every worker's matching index sees the new competencies.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from matching.profiles import EDUCATION_RANK
from service import changes, mentions
from service.auth import Principal
from service.errors import Conflict, Invalid
from service.extensions import db
from service.matches import seeker_profile, vacancy_profile, worker_index
from service.models import (Certification, CompetencyNeed, Placement, Referral, Seeker, SkillMention, Training,
                            Vacancy, utcnow)
from service.needs import competencies_in, reader
from service.persistence import get_or_404, ordered, page, write_transaction

NEAREST = 10
TKM_SUGGESTIONS = 3  # TKM groups shown at most, after the training (they take places within ?limit=)
IN_PROGRESS = ("referred", "enrolled", "completed")
TRANSITIONS = {"referred": ("suggested",), "enrolled": ("referred",), "completed": ("enrolled",),
               "dropped": ("enrolled",)}
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")


@dataclass
class Gap:
    """A competency the seeker lacks, and the vacancies asking for it."""
    competency_id: str
    kind: str                                    # hard | soft
    vacancies: dict[int, Vacancy] = field(default_factory=dict)
    closeness: float = 0.0                       # best related credit the seeker already earns
    seeker_text: str | None = None               # what the seeker wrote that is related

    @property
    def openings(self) -> int:
        return sum(max(0, v.openings - v.filled) for v in self.vacancies.values())


# ---- suggestions ------------------------------------------------------------------------------
def suggest(seeker_id: int, vacancy_id: int | None = None, limit: int = 10, today: date | None = None) -> dict:
    """Training suggestions for a seeker, best first, each with its reasons."""
    today = today or date.today()
    seeker = get_or_404(Seeker, seeker_id, "seeker")
    chosen = get_or_404(Vacancy, vacancy_id, "vacancy") if vacancy_id else None
    explained = _explain_open_vacancies(seeker, today, chosen)
    if chosen and chosen.id not in explained:
        excluded = _engine_explain(seeker, chosen, today).excluded
        return {"items": [], "vacancies": [], "gaps_without_training": [], "excluded": excluded}
    nearest = [chosen.id] if chosen else sorted(explained, key=lambda v: (-explained[v][1].score, v))[:NEAREST]
    gaps = _gaps(seeker, explained)
    wanted = {comp_id for vid in nearest for comp_id in explained[vid][2]}
    gaps = {comp_id: gap for comp_id, gap in gaps.items() if comp_id in wanted}
    suggestions = _pair_with_trainings(seeker, gaps, chosen, today)
    taught = {s["competency"] for s in suggestions} | {c for s in suggestions for c in s["also_covers"]}
    taxonomy = reader().taxonomy
    # The self-employment path beside training: TKM groups whose business the seeker's skills fit
    # (only when no one vacancy was chosen: that question is about closing its gaps).
    groups = [] if chosen else _tkm_suggestions(seeker)[:min(TKM_SUGGESTIONS, limit)]
    return {"items": suggestions[:limit - len(groups)] + groups,
            "vacancies": [_vacancy_summary(explained[vid][0], explained[vid][1]) for vid in nearest],
            "gaps_without_training": [{"competency": g.competency_id, "label": taxonomy[g.competency_id].label_id,
                                       "kind": g.kind, "vacancies": len(g.vacancies)}
                                      for g in _ranked_gaps(gaps) if g.competency_id not in taught],
            "excluded": []}


def _engine_explain(seeker: Seeker, vacancy: Vacancy, today: date):
    return worker_index().current().explain(vacancy_profile(vacancy, today), seeker_profile(seeker), today,
                                            skills=mentions.seeker_skills([seeker.id])[seeker.id])


def _explain_open_vacancies(seeker: Seeker, today: date, chosen: Vacancy | None) -> dict:
    """{vacancy id: (vacancy, match, gap competency ids)} for open vacancies the seeker may apply to."""
    engine = worker_index().current()
    profile = seeker_profile(seeker)
    skills = mentions.seeker_skills([seeker.id])[seeker.id]     # as stored: nothing is normalised here
    held = _held(seeker)
    soft_needs = _soft_needs_by_company(today)
    vacancies = db.session.scalars(select(Vacancy).where(
        Vacancy.status == "open", or_(Vacancy.closes_on.is_(None), Vacancy.closes_on >= today))
        .options(selectinload(Vacancy.company))).all()
    if chosen is not None and chosen not in vacancies:
        vacancies.append(chosen)
    soft_required = _soft_required([v.id for v in vacancies])
    out = {}
    for vacancy in vacancies:
        match = engine.explain(vacancy_profile(vacancy, today), profile, today, skills=skills)
        if not match.excluded:
            asked = soft_needs.get(vacancy.company_id, set()) | soft_required.get(vacancy.id, set())
            out[vacancy.id] = (vacancy, match, _vacancy_gaps(match, asked - held, held))
    return out


def _held(seeker: Seeker) -> set[str]:
    """Competencies (hard and soft) the seeker wrote or was certified in, from the stored mentions."""
    written = select(SkillMention.competency_id).where(SkillMention.seeker_id == seeker.id,
                                                       SkillMention.competency_id.is_not(None))
    certified = select(Certification.competency_id).where(Certification.seeker_id == seeker.id)
    return set(db.session.scalars(written.union(certified)))


def _soft_needs_by_company(today: date) -> dict[int, set[str]]:
    """{company id: soft competencies it reported needing in a period covering today}."""
    taxonomy = reader().taxonomy
    out: dict[int, set[str]] = defaultdict(set)
    for company_id, text in db.session.execute(select(CompetencyNeed.company_id, CompetencyNeed.competency).where(
            CompetencyNeed.period_start <= today, CompetencyNeed.period_end >= today)):
        out[company_id] |= {c for c in competencies_in([text]) if taxonomy.is_soft(c)}
    return out


def _soft_required(vacancy_ids: list[int]) -> dict[int, set[str]]:
    """{vacancy id: soft competencies its requirements name}, from the stored mentions."""
    taxonomy = reader().taxonomy
    out: dict[int, set[str]] = defaultdict(set)
    for start in range(0, len(vacancy_ids), 500):
        for vacancy_id, comp_id in db.session.execute(select(SkillMention.vacancy_id, SkillMention.competency_id).where(
                SkillMention.vacancy_id.in_(vacancy_ids[start:start + 500]), SkillMention.competency_id.is_not(None))):
            if taxonomy.is_soft(comp_id):
                out[vacancy_id].add(comp_id)
    return out


def _vacancy_gaps(match, soft_lacking: set[str], held: set[str]) -> dict[str, tuple[float, str | None]]:
    """{competency id: (related credit already earned, seeker text earning it)} for one vacancy."""
    gaps: dict[str, tuple[float, str | None]] = {}
    for skill in match.missing:
        if skill.competency_id:
            gaps.setdefault(skill.competency_id, (0.0, None))
    for skill in match.matched:
        if skill.how == "related" and skill.competency_id not in held:
            previous = gaps.get(skill.competency_id, (0.0, None))
            gaps[skill.competency_id] = max(previous, (skill.credit, skill.seeker_text), key=lambda g: g[0])
    for comp_id in soft_lacking:
        gaps.setdefault(comp_id, (0.0, None))
    return gaps


def _gaps(seeker: Seeker, explained: dict) -> dict[str, Gap]:
    taxonomy = reader().taxonomy
    gaps: dict[str, Gap] = {}
    for vacancy, _, vacancy_gaps in explained.values():
        for comp_id, (closeness, text) in vacancy_gaps.items():
            gap = gaps.setdefault(comp_id, Gap(comp_id, "soft" if taxonomy.is_soft(comp_id) else "hard"))
            gap.vacancies[vacancy.id] = vacancy
            if closeness > gap.closeness:
                gap.closeness, gap.seeker_text = closeness, text
    return gaps


def _ranked_gaps(gaps: dict[str, Gap]) -> list[Gap]:
    return sorted(gaps.values(), key=lambda g: (-len(g.vacancies), -g.openings, -g.closeness, g.competency_id))


def _open_trainings(seeker: Seeker, today: date) -> list[Training]:
    """Programmes still taking people, minus those this seeker is already referred to."""
    taken = select(Referral.training_id).where(Referral.seeker_id == seeker.id, Referral.status.in_(IN_PROGRESS))
    return db.session.scalars(select(Training).where(
        or_(Training.starts_on.is_(None), Training.starts_on >= today), Training.enrolled < Training.seats,
        Training.id.not_in(taken)).order_by(Training.id)).all()


def _pair_with_trainings(seeker: Seeker, gaps: dict[str, Gap], chosen: Vacancy | None, today: date) -> list[dict]:
    pairs = []
    for training in _open_trainings(seeker, today):
        for comp_id in competencies_in(training.competencies) & gaps.keys():
            pairs.append((training, gaps[comp_id]))
    pairs.sort(key=lambda p: _rank_key(seeker, *p))
    best: dict[int, dict] = {}
    for training, gap in pairs:
        if training.id in best:
            best[training.id]["also_covers"].append(gap.competency_id)
        else:
            best[training.id] = _suggestion(seeker, training, gap, chosen)
    taxonomy = reader().taxonomy
    for item in best.values():
        if item["also_covers"]:
            labels = ", ".join(taxonomy[c].label_id.lower() for c in item["also_covers"])
            item["reason"] += f" Pelatihan ini juga mengajarkan {labels}, yang belum ada di profil Anda."
    return list(best.values())


def _rank_key(seeker: Seeker, training: Training, gap: Gap):
    return (not meets_entry(seeker, training), gap.kind == "soft", -len(gap.vacancies), -gap.openings, -gap.closeness,
            -(training.seats - training.enrolled), training.starts_on or date.max, training.id, gap.competency_id)


def meets_entry(seeker: Seeker, training: Training) -> bool:
    """The seeker's schooling is at least the programme's minimum (if it sets one)."""
    return not training.min_education or (EDUCATION_RANK.get(seeker.education_level, 0)
                                           >= EDUCATION_RANK[training.min_education])


def _suggestion(seeker: Seeker, training: Training, gap: Gap, chosen: Vacancy | None) -> dict:
    comp = reader().taxonomy[gap.competency_id]
    examples = sorted(gap.vacancies.values(), key=lambda v: (v.id != (chosen and chosen.id), -v.openings, v.id))[:3]
    return {
        "target": "training",
        "training_id": training.id, "training_name": training.name, "provider": training.provider,
        "provider_type": training.provider_type, "competency": gap.competency_id, "competency_label": comp.label_id,
        "competency_label_en": comp.label_en, "kind": gap.kind, "also_covers": [],
        "vacancies_unlocked": len(gap.vacancies), "openings_unlocked": gap.openings,
        "example_vacancies": [{"id": v.id, "title": v.title, "company_name": v.company.name} for v in examples],
        "closeness": round(gap.closeness, 4), "related_skill": gap.seeker_text,
        "seats_left": training.seats - training.enrolled, "starts_on": training.starts_on, "ends_on": training.ends_on,
        "location": training.location, "min_education": training.min_education,
        "meets_entry_conditions": meets_entry(seeker, training),
        "reason": _reason(seeker, training, gap, comp.label_id, examples[0], chosen)}


def _reason(seeker: Seeker, training: Training, gap: Gap, label: str, example: Vacancy, chosen) -> str:
    """Why, in Bahasa Indonesia a job seeker reads easily."""
    where = f"{example.title} di {example.company.name}"
    others = len(gap.vacancies) - 1
    if gap.kind == "soft":
        need = (f"{example.company.name} meminta {label.lower()} untuk lowongan {example.title}" if chosen else
                f"Perusahaan pada {len(gap.vacancies)} lowongan yang masih buka meminta {label.lower()}, "
                f"misalnya {example.company.name} ({example.title})")
        parts = [need + ". Pelatihan ini melatih sikap dan kebiasaan kerja yang dicari perusahaan."]
    else:
        need = (f"Lowongan {where} membutuhkan {label}" + (f", begitu juga {others} lowongan lain" if others else "")
                if chosen else f"{label} dibutuhkan {len(gap.vacancies)} lowongan yang masih buka "
                               f"({gap.openings} posisi), misalnya {where}")
        lacking = (f"Anda baru punya keahlian yang dekat (\"{gap.seeker_text}\"), jadi akan lebih cepat dipelajari"
                   if gap.closeness else "keahlian ini belum ada di profil Anda")
        parts = [f"{need}; {lacking}."]
    start = f", mulai {indonesian_date(training.starts_on)}" if training.starts_on else ""
    parts.append(f"{training.name} di {training.provider} mengajarkannya; masih ada "
                 f"{training.seats - training.enrolled} kursi{start}.")
    if not training.min_education:
        parts.append("Tidak ada syarat pendidikan minimal.")
    elif meets_entry(seeker, training):
        parts.append(f"Pendidikan Anda ({seeker.education_level}) memenuhi syarat minimal {training.min_education}.")
    else:
        parts.append(f"Catatan: pelatihan ini mensyaratkan pendidikan minimal {training.min_education}, "
                     f"sedangkan pendidikan Anda {seeker.education_level}.")
    return " ".join(parts)


def _tkm_suggestions(seeker: Seeker) -> list[dict]:
    """Running TKM groups whose business field the seeker's competencies fit: the same competency,
    or one the taxonomy relates to it with at least half credit; with the group's incubator."""
    from service import tkm
    taxonomy = reader().taxonomy
    items = []
    for group, group_field, via, credit in tkm.groups_for_competencies(_held(seeker), exclude_seeker=seeker.id):
        label, held = taxonomy[group_field].label_id, taxonomy[via].label_id
        fit = (f"Keahlian Anda ({held.lower()}) sesuai dengan usaha kelompok ini" if via == group_field else
               f"Keahlian Anda ({held.lower()}) dekat dengan usaha kelompok ini")
        where = f" di Kecamatan {group.district}" if group.district else ""
        incubator = (f" Kelompok ini dibina inkubator bisnis {group.incubator.name}." if group.incubator else "")
        items.append({
            "target": "tkm_group", "tkm_group_id": group.id, "tkm_group_name": group.name,
            "tkm_kind": group.kind, "business_field": group.business_field, "competency": group_field,
            "competency_label": label, "competency_label_en": taxonomy[group_field].label_en,
            "closeness": round(credit, 4), "location": group.district,
            "incubator_id": group.incubator_id, "incubator_name": group.incubator.name if group.incubator else None,
            "reason": (f"Jalur wirausaha: {group.name} adalah kelompok {tkm.KIND_LABELS[group.kind]} bidang "
                       f"{label.lower()}{where}. {fit}, jadi Anda dapat bergabung dan bekerja mandiri."
                       f"{incubator}")})
    return items


def indonesian_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _vacancy_summary(vacancy: Vacancy, match) -> dict:
    return {"id": vacancy.id, "title": vacancy.title, "company_name": vacancy.company.name,
            "score": round(match.score, 4)}


# ---- lifecycle ----------------------------------------------------------------------------------
def create_referral(data: dict, by: Principal) -> Referral:
    """Record a suggestion or a referral of a seeker to a programme (status suggested or referred)."""
    reader()  # bring the engine up to date before taking the write lock, not while holding it
    with write_transaction():
        # Locks the seeker's row on PostgreSQL, so two staff cannot record the same referral twice.
        seeker = db.session.get(Seeker, data["seeker_id"], with_for_update=True)
        if seeker is None:
            raise Invalid(f"No seeker with id {data['seeker_id']}.", "seeker_id")
        training = db.session.get(Training, data["training_id"])
        if training is None:
            raise Invalid(f"No training with id {data['training_id']}.", "training_id")
        if training.ends_on and training.ends_on < date.today():
            raise Conflict(f"Training {training.id} ended on {training.ends_on}.", "training_id")
        comp_id = data.get("competency_id")
        if comp_id and comp_id not in competencies_in(training.competencies):
            raise Invalid(f"Training {training.id} does not teach {comp_id!r}.", "competency_id")
        if db.session.scalar(select(Referral.id).where(
                Referral.seeker_id == seeker.id, Referral.training_id == training.id,
                Referral.status.in_(("suggested", "referred", "enrolled")))):
            raise Conflict("This seeker already has an open referral to this training.", "training_id")
        referral = Referral(seeker_id=seeker.id, training_id=training.id, competency_id=comp_id,
                            status=data["status"], recorded_by=by.name)
        db.session.add(referral)
        db.session.flush()
        changes.record("referral", referral.id, "created")
    return referral


def advance(referral_id: int, to_status: str) -> Referral:
    """Move a referral on: referred, enrolled (takes a seat), completed (certifies) or dropped (frees it)."""
    reader()  # as in create_referral
    with write_transaction():
        referral = get_or_404(Referral, referral_id, "referral")
        moved = db.session.execute(
            update(Referral).where(Referral.id == referral_id, Referral.status.in_(TRANSITIONS[to_status]))
            .values(status=to_status, updated_at=utcnow())).rowcount
        if not moved:
            raise Conflict(f"A {referral.status} referral cannot become {to_status}.", "status")
        changes.record("referral", referral_id)
        if to_status == "enrolled":
            _take_seat(referral.training_id)
        elif to_status == "dropped":
            db.session.execute(update(Training).where(Training.id == referral.training_id, Training.enrolled > 0)
                               .values(enrolled=Training.enrolled - 1))
            changes.record("training", referral.training_id)
        elif to_status == "completed":
            _check_started(referral.training)
            _certify(referral)
    return db.session.get(Referral, referral_id, populate_existing=True)


def _check_started(training: Training) -> None:
    """Nobody completes a programme that has not begun (it would certify skills not yet taught)."""
    if training.starts_on and training.starts_on > date.today():
        raise Conflict(f"Training {training.id} starts on {training.starts_on}; it cannot be completed before.",
                       "status")


def _take_seat(training_id: int) -> None:
    training = db.session.get(Training, training_id)
    if training.ends_on and training.ends_on < date.today():
        raise Conflict(f"Training {training_id} ended on {training.ends_on}.", "training_id")
    taken = db.session.execute(update(Training).where(Training.id == training_id, Training.enrolled < Training.seats)
                               .values(enrolled=Training.enrolled + 1)).rowcount
    if not taken:
        raise Conflict(f"Training {training_id} has no seats left.", "training_id")
    changes.record("training", training_id)


def _certify(referral: Referral) -> None:
    """The programme's competencies join the seeker's profile; every worker re-reads the seeker."""
    training = db.session.get(Training, referral.training_id)
    comps = competencies_in(training.competencies) | ({referral.competency_id} if referral.competency_id else set())
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    for comp_id in sorted(comps):  # a fixed order keeps concurrent inserts from deadlocking
        db.session.execute(dialect.insert(Certification).values(
            seeker_id=referral.seeker_id, competency_id=comp_id, training_id=training.id,
            certified_on=date.today()).on_conflict_do_nothing(index_elements=["seeker_id", "competency_id"]))
    changes.record("seeker", referral.seeker_id)


def get_referral(referral_id: int) -> Referral:
    return get_or_404(Referral, referral_id, "referral")


REFERRAL_ORDERS = {"terbaru": (Referral.id.desc(),), "terlama": (Referral.id,)}


def list_referrals(args: dict) -> dict:
    query = ordered(select(Referral).options(selectinload(Referral.training), selectinload(Referral.seeker)),
                    args, REFERRAL_ORDERS, "terbaru")
    for key in ("seeker_id", "training_id", "status"):
        if key in args:
            query = query.where(getattr(Referral, key) == args[key])
    return page(query, args["limit"], args["offset"])


# ---- outcomes -----------------------------------------------------------------------------------
def outcomes(year: int | None = None, viewer_role: str = "staff") -> list[dict]:
    """Per programme: referred, enrolled, completed, later placed (verified hire on or after the
    day of completion), placed locally, and the shares. Non-staff viewers see counts of 1 to
    REPORT_MIN_GROUP_SIZE - 1 as null (a funnel of nested counts, so no cell can be subtracted back)."""
    query = select(Training).order_by(Training.starts_on, Training.id)
    if year:
        query = query.where(func.extract("year", Training.starts_on) == year)
    trainings = db.session.scalars(query).all()
    counts = _funnel([t.id for t in trainings])
    min_group = current_app.config["REPORT_MIN_GROUP_SIZE"] if viewer_role != "staff" else None
    return [_outcome_row(t, counts[t.id], min_group) for t in trainings]


def _funnel(training_ids: list[int]) -> dict[int, dict]:
    reached = {"referred": IN_PROGRESS + ("dropped",), "enrolled": ("enrolled", "completed", "dropped"),
               "completed": ("completed",)}
    counts = defaultdict(lambda: dict.fromkeys(("referred", "enrolled", "completed", "placed", "placed_local"), 0))
    rows = db.session.execute(select(Referral.training_id, Referral.status, Referral.seeker_id, Referral.updated_at)
                              .where(Referral.training_id.in_(training_ids))).all()
    for training_id, status, _, _ in rows:
        for stage, statuses in reached.items():
            counts[training_id][stage] += status in statuses
    completed = [(t, s, at.date()) for t, status, s, at in rows if status == "completed"]
    hires = defaultdict(list)
    for seeker_id, placed_on, is_local in db.session.execute(
            select(Placement.seeker_id, Placement.placed_on, Placement.is_local).where(
                Placement.status == "verified", Placement.seeker_id.in_({s for _, s, _ in completed}))):
        hires[seeker_id].append((placed_on, is_local))
    for training_id, seeker_id, done in completed:
        later = [local for placed_on, local in hires[seeker_id] if placed_on >= done]
        counts[training_id]["placed"] += bool(later)
        counts[training_id]["placed_local"] += any(later)
    return counts


def _outcome_row(training: Training, counts: dict, min_group: int | None) -> dict:
    hidden = {k for k, v in counts.items() if min_group and 0 < v < min_group}
    shown = {k: (None if k in hidden else v) for k, v in counts.items()}
    share = lambda part, whole: (round(counts[part] / counts[whole], 4)  # noqa: E731
                                 if counts[whole] and not {part, whole} & hidden else None)
    return {"training_id": training.id, "name": training.name, "provider": training.provider,
            "provider_type": training.provider_type, "starts_on": training.starts_on, "seats": training.seats,
            **shown, "placed_share": share("placed", "completed"), "local_share": share("placed_local", "placed"),
            "suppressed": bool(hidden)}
