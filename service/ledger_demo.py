"""A fictional placement ledger shaped like TKP3D's 2022: 136 companies hired 50,637 people,
16,838 of them with a KTP of Kabupaten Bekasi, against a target of 12,000.

For demos (`flask seed-ledger`) and benchmarks (bench/reports.py). Every person and company is
invented; generated NIKs use district codes 90-99, which no real kecamatan of the regency has,
so they never collide with a real NIK or with the smaller demo (service/demo.py).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, insert, select, text

from service.demo import DISTRICTS, FIRST, LAST, VACANCIES
from service.extensions import db
from service.models import Company, CompanyCommitment, HiringTarget, Placement, Seeker
from service.nik import nik_columns

OTHER_REGENCIES = {"3275": "Bekasi Timur", "3201": "Cibinong", "3215": "Karawang Barat", "3172": "Cakung"}
SECTORS = ["C 2930 Komponen kendaraan", "C 2229 Barang plastik", "C 2710 Peralatan listrik", "C 1079 Makanan",
           "C 1412 Pakaian jadi", "H 5210 Pergudangan", "C 2511 Struktur logam", "C 2029 Bahan kimia",
           "G 4711 Ritel", "N 8010 Jasa keamanan"]
EDUCATION = (["SD", "SMP", "SMA", "SMK", "D3", "S1"], [2, 6, 25, 50, 7, 10])
# Hiring follows the factories' calendar: slow around Lebaran, busy after the new budget year.
MONTH_WEIGHTS = [10, 9, 9, 7, 6, 8, 9, 9, 9, 8, 8, 8]


@dataclass
class LedgerShape:
    """How big the fictional ledger is: per year, `verified_hires` of which `local_hires` local."""
    first_year: int = 2022
    years: int = 1
    hiring_companies: int = 136
    verified_hires: int = 50_637
    local_hires: int = 16_838
    target: int = 12_000
    committed_companies: int = 40      # signed a local-hiring MoU ...
    committed_reporting: int = 10      # ... of which only these ever reported a hire
    claimed_share: float = 0.04        # still being verified, on top of the verified hires
    rejected_share: float = 0.02
    cancelled_share: float = 0.01


def company_rows(shape: LedgerShape, rng: random.Random, first_id: int) -> tuple[list[dict], list[dict]]:
    """(companies, commitments): the hiring companies, then the committed ones that never reported."""
    silent = shape.committed_companies - shape.committed_reporting
    now = datetime.now(timezone.utc)
    companies = [{"id": first_id + i, "name": f"PT {rng.choice(LAST)} {rng.choice(['Indo', 'Nusa', 'Jaya', 'Mitra'])}"
                                               f"{rng.choice(['tama', 'karya', 'persada', 'teknik'])} {i + 1:03d}",
                  "sector": rng.choice(SECTORS), "district": rng.choice(DISTRICTS[:8]), "created_at": now,
                  "updated_at": now} for i in range(shape.hiring_companies + silent)]
    committed = rng.sample(range(shape.hiring_companies), shape.committed_reporting) + \
        list(range(shape.hiring_companies, shape.hiring_companies + silent))
    commitments = [{"company_id": first_id + i, "year": shape.first_year + y, "local_hires": rng.randint(20, 400)}
                   for i in committed for y in range(shape.years)]
    return companies, commitments


def people_and_placements(shape: LedgerShape, rng: random.Random, first_company_id: int, first_seeker_id: int):
    """Yield (seeker row, placement row) pairs, one fictional person per placement."""
    sizes = [rng.paretovariate(1.2) for _ in range(shape.hiring_companies)]  # a few huge factories
    statuses = ("claimed", "rejected", "cancelled")
    extra = [shape.claimed_share, shape.rejected_share, shape.cancelled_share]
    serial = 0
    for year in range(shape.first_year, shape.first_year + shape.years):
        n_other = [round(shape.verified_hires * share) for share in extra]
        kinds = ["verified_local"] * shape.local_hires + ["verified"] * (shape.verified_hires - shape.local_hires) + \
            [s for s, n in zip(statuses, n_other) for _ in range(n)]
        rng.shuffle(kinds)
        companies = rng.choices(range(shape.hiring_companies), sizes, k=len(kinds))
        months = rng.choices(range(1, 13), MONTH_WEIGHTS, k=len(kinds))
        for kind, company, month in zip(kinds, companies, months):
            local = kind == "verified_local" or (kind != "verified" and rng.random() < 0.33)
            status = "verified" if kind.startswith("verified") else kind
            placed_on = date(year, month, rng.randint(1, 28))
            yield _person_and_placement(rng, first_seeker_id + serial, serial, local, status, placed_on,
                                        first_company_id + company)
            serial += 1


def _person_and_placement(rng, seeker_id, serial, local, status, placed_on, company_id):
    regency = "3216" if local else rng.choice(list(OTHER_REGENCIES))
    district = rng.choice(DISTRICTS) if local else OTHER_REGENCIES[regency]
    female = rng.random() < 0.42
    # Unique for 84 million people: serial, then day, month and year of birth carry the count.
    day, month, year = 1 + serial // 9999 % 28, 1 + serial // (9999 * 28) % 12, 1975 + serial // (9999 * 28 * 12) % 25
    nik = f"{regency}{rng.randint(90, 99)}{day + 40 * female:02d}{month:02d}{year % 100:02d}{serial % 9999 + 1:04d}"
    education = rng.choices(*EDUCATION)[0]
    gender = "F" if female else "M"
    recorded = datetime.combine(placed_on, time(9), timezone.utc) + timedelta(days=rng.randint(0, 20))
    decided = None if status == "claimed" else recorded + timedelta(days=rng.randint(1, 30))
    seeker = {"id": seeker_id, **nik_columns(nik), "full_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "gender": gender,
              "birth_date": date(year, month, day), "education_level": education, "skills": [],
              "ktp_regency_code": regency, "district": district, "consent": True,
              "status": "active" if status in ("rejected", "cancelled") else "placed",
              "created_at": recorded, "updated_at": recorded}
    placement = {"company_id": company_id, "seeker_id": seeker_id, "job_title": rng.choice(VACANCIES)[0],
                 "placed_on": placed_on, "status": status, "is_local": local, "ktp_regency_code": regency,
                 "district": district, "education_level": education, "gender": gender,
                 "recorded_by": "ledger-demo", "decided_by": decided and "ledger-demo", "decided_at": decided,
                 "created_at": recorded, "updated_at": decided or recorded}
    return seeker, placement


def seed_ledger(shape: LedgerShape | None = None, rng_seed: int = 2022, batch: int = 5000) -> dict:
    """Insert the fictional ledger through SQLAlchemy in batches (SQLite or PostgreSQL)."""
    shape, rng = shape or LedgerShape(), random.Random(rng_seed)
    first_company = (db.session.scalar(select(func.max(Company.id))) or 0) + 1
    first_seeker = (db.session.scalar(select(func.max(Seeker.id))) or 0) + 1
    companies, commitments = company_rows(shape, rng, first_company)
    db.session.execute(insert(Company), companies)
    db.session.execute(insert(CompanyCommitment), commitments)
    for year in range(shape.first_year, shape.first_year + shape.years):
        if db.session.get(HiringTarget, year) is None:
            db.session.add(HiringTarget(year=year, local_hires_target=shape.target))
    people, placements = [], []
    for seeker, placement in people_and_placements(shape, rng, first_company, first_seeker):
        people.append(seeker)
        placements.append(placement)
        if len(people) >= batch:
            _flush(people, placements)
    _flush(people, placements)
    reset_sequences()
    db.session.commit()
    return {"companies": len(companies), "commitments": len(commitments),
            "placements": db.session.scalar(select(func.count()).select_from(Placement)
                                            .where(Placement.recorded_by == "ledger-demo"))}


def _flush(people: list, placements: list) -> None:
    if people:
        db.session.execute(insert(Seeker), people)
        db.session.execute(insert(Placement), placements)
    people.clear()
    placements.clear()


def reset_sequences() -> None:
    """PostgreSQL: rows were inserted with explicit ids, so move the id sequences past them."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in ("companies", "seekers"):
        db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"))
