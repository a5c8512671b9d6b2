"""The competency-needs picture (peta kebutuhan kompetensi): what companies need, set beside
what job seekers already hold and the training seats that teach it.

Every text (a company's reported need, a seeker's skill, what a training teaches) is read by the
matching engine's normaliser, so "mesin bubut", "tkg bubut" and "lathe" are one competency.

Arithmetic, per competency, for the chosen period (and sector or district of the company):
- demand: the headcount companies reported. A need naming several competencies ("attitude dan
  disiplin", 150 people) asks for each of them for all its people, so it adds 150 to each.
- supply: available job seekers (active, consented to matching) who hold it, written in their
  skills (as stored when the skills were written: `service.mentions`) or certified by a
  completed training. It counts the whole regency whatever the district
  chosen: seekers commute between kecamatan.
- seats: seats of the training programmes that teach it, running in the period and not yet
  ended (graduates of an ended programme are already certified, so in supply). A programme
  teaching two competencies offers its seats to both.
- gap = max(0, demand - supply - seats): the people Disnaker still has to train beyond what is
  planned, the number it plans next year's BLK classes on.
Needs whose text the taxonomy cannot place are listed apart (`unplaced`) so staff can add an alias.

The functions return plain dicts and lists (dates as `datetime.date`) for the API, the exports and
the web pages alike.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask import g
from sqlalchemy import distinct, func, literal_column, or_, select, true

from matching.normalise import Normaliser
from service import exports
from service.extensions import db
from service.persistence import contains
from service.matches import worker_index
from service.models import Certification, Company, CompetencyNeed, Seeker, SkillMention, Training

COLUMNS = [("label", "Kompetensi"), ("competency_id", "Kode kompetensi"), ("kind", "Jenis"),
           ("demand", "Kebutuhan perusahaan (orang)"), ("companies", "Jumlah perusahaan"),
           ("supply", "Pencaker aktif yang menguasai"), ("seats", "Kursi pelatihan"),
           ("gap", "Kesenjangan (perlu dilatih)"), ("training_names", "Pelatihan yang mengajarkan")]
UNPLACED_COLUMNS = [("text", "Kebutuhan (teks perusahaan)"), ("demand", "Kebutuhan (orang)"),
                    ("companies", "Jumlah perusahaan")]
KIND_LABELS = {"hard": "Teknis", "soft": "Sikap kerja"}


def reader() -> Normaliser:
    """The matching engine's own normaliser (already built, with the aliases staff added), looked
    up once per request: bringing the engine up to date reads change_log, too slow per text."""
    if "padan_reader" not in g:
        g.padan_reader = worker_index().current().normaliser
    return g.padan_reader


def competencies_in(texts) -> set[str]:
    """The competency ids (hard and soft) that these free texts name."""
    current = reader()
    return {m.competency_id for text in texts for m in current.mentions(text) if m.competency_id}


def supply_by_competency(competency_ids=None) -> dict[str, int]:
    """{competency id: number of available seekers holding it} (written or certified), counted by
    SQL over the stored mentions: the (competency, seeker) index joined with the available seekers
    (the partial index ix_seekers_available: PostgreSQL picks it, SQLite is told to); only these
    ids when given."""
    # literal values: SQLite picks its plan before seeing bound ones, and drove from 95,000 seekers
    available = (Seeker.status == literal_column("'active'"), Seeker.consent == true())
    # SQLite: each holder is looked up in the small partial index of available seekers, not in the
    # seekers table (whose wide rows made this 0.2-0.5 s at 100,000 seekers; 40 ms so)
    written = select(SkillMention.competency_id, func.count(distinct(SkillMention.seeker_id))) \
        .join(Seeker, Seeker.id == SkillMention.seeker_id) \
        .with_hint(Seeker, "INDEXED BY ix_seekers_available", "sqlite") \
        .where(SkillMention.competency_id.is_not(None), *available).group_by(SkillMention.competency_id)
    # certified and not also written (those are counted above)
    also_written = select(SkillMention.id).where(SkillMention.seeker_id == Certification.seeker_id,
                                                SkillMention.competency_id == Certification.competency_id)
    # driven from the certifications (few), each holder looked up like the written ones above
    holder_available = select(Seeker.id).where(Seeker.id == Certification.seeker_id, *available) \
        .with_hint(Seeker, "INDEXED BY ix_seekers_available", "sqlite")
    certified = select(Certification.competency_id, func.count()) \
        .where(holder_available.exists(), ~also_written.exists()).group_by(Certification.competency_id)
    if competency_ids is not None:
        ids = sorted(competency_ids)
        written = written.where(SkillMention.competency_id.in_(ids))
        certified = certified.where(Certification.competency_id.in_(ids))
    counts: dict[str, int] = defaultdict(int)
    for query in (written, certified):
        for comp_id, n in db.session.execute(query):
            counts[comp_id] += n
    return dict(counts)


def training_seats(start: date | None, end: date | None, today: date) -> dict[str, list[Training]]:
    """{competency id: programmes teaching it} running in start..end and not yet ended."""
    query = select(Training).where(or_(Training.ends_on.is_(None), Training.ends_on >= today))
    if end:
        query = query.where(or_(Training.starts_on.is_(None), Training.starts_on <= end))
    if start:
        query = query.where(or_(Training.ends_on.is_(None), Training.ends_on >= start))
    teaching: dict[str, list[Training]] = defaultdict(list)
    for training in db.session.scalars(query.order_by(Training.starts_on, Training.id)):
        for comp_id in competencies_in(training.competencies):
            teaching[comp_id].append(training)
    return teaching


def needs_report(start: date | None = None, end: date | None = None, sector: str | None = None,
                 district: str | None = None, limit: int = 50, today: date | None = None) -> dict:
    """Top competency needs for the period (both ends inclusive), sector and district, with the gap."""
    today = today or date.today()
    demand, companies, unplaced = _demand(start, end, sector, district)
    supply = supply_by_competency(demand.keys())
    teaching = training_seats(start, end, today)
    taxonomy = reader().taxonomy
    rows = [_row(comp_id, demand[comp_id], len(companies[comp_id]), supply.get(comp_id, 0),
                 teaching.get(comp_id, []), taxonomy) for comp_id in demand]
    rows.sort(key=lambda r: (-r["demand"], -r["gap"], r["label"]))
    return {"start": start, "end": end, "sector": sector, "district": district,
            "items": rows[:limit], "unplaced": unplaced}


def _demand(start, end, sector, district):
    query = select(CompetencyNeed.competency, CompetencyNeed.headcount, CompetencyNeed.company_id).join(Company)
    if start:
        query = query.where(CompetencyNeed.period_end >= start)
    if end:
        query = query.where(CompetencyNeed.period_start <= end)
    if sector:
        query = query.where(contains(Company.sector, sector))
    if district:
        query = query.where(db.func.lower(Company.district) == district.lower())
    demand: dict[str, int] = defaultdict(int)
    companies: dict[str, set[int]] = defaultdict(set)
    unplaced: dict[str, dict] = {}
    for text, headcount, company_id in db.session.execute(query):
        comps = competencies_in([text])
        for comp_id in comps:
            demand[comp_id] += headcount
            companies[comp_id].add(company_id)
        if not comps:
            entry = unplaced.setdefault(text.lower(), {"text": text, "demand": 0, "company_ids": set()})
            entry["demand"] += headcount
            entry["company_ids"].add(company_id)
    unplaced_rows = sorted(({"text": e["text"], "demand": e["demand"], "companies": len(e["company_ids"])}
                            for e in unplaced.values()), key=lambda r: (-r["demand"], r["text"]))
    return demand, companies, unplaced_rows


def _row(comp_id: str, demand: int, companies: int, supply: int, trainings: list[Training], taxonomy) -> dict:
    comp = taxonomy.get(comp_id)
    seats = sum(t.seats for t in trainings)
    return {"competency_id": comp_id, "label": comp.label_id if comp else comp_id,
            "label_en": comp.label_en if comp else comp_id,
            "kind": "soft" if taxonomy.is_soft(comp_id) else "hard",
            "demand": demand, "companies": companies, "supply": supply, "seats": seats,
            "gap": max(0, demand - supply - seats),
            "trainings": [{"id": t.id, "name": t.name, "provider": t.provider, "seats": t.seats,
                           "seats_left": t.seats - t.enrolled, "starts_on": t.starts_on} for t in trainings]}


# ---- exports (Indonesian headers) -------------------------------------------------------------
def export_tables(report: dict) -> dict[str, tuple[list[str], list[list]]]:
    """{sheet title: (headers, rows)}: the needs table, and the needs no competency could place."""
    rows = [[_export_value(key, item) for key, _ in COLUMNS] for item in report["items"]]
    unplaced = [[item[key] for key, _ in UNPLACED_COLUMNS] for item in report["unplaced"]]
    return {"Kebutuhan vs pasokan": ([title for _, title in COLUMNS], rows),
            "Belum terpetakan": ([title for _, title in UNPLACED_COLUMNS], unplaced)}


def _export_value(key: str, item: dict):
    if key == "kind":
        return KIND_LABELS[item["kind"]]
    if key == "training_names":
        return "; ".join(f"{t['name']} ({t['provider']})" for t in item["trainings"])
    return item[key]


def to_csv(report: dict) -> bytes:
    """The needs table as CSV (the unplaced needs go only to the workbook)."""
    return exports.to_csv(*export_tables(report)["Kebutuhan vs pasokan"])


def to_xlsx(report: dict) -> bytes:
    """Both tables as sheets of one workbook."""
    return exports.workbook(export_tables(report))
