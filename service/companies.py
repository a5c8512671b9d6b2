"""Use cases for companies (perusahaan) and their local-hiring commitments."""
import re

from rapidfuzz import fuzz
from sqlalchemy import case, extract, func, select
from sqlalchemy.orm import selectinload

from service import changes, districts
from service.errors import Conflict, Invalid
from service.extensions import db
from service.models import Company, CompanyCommitment, CompetencyNeed, Placement, Vacancy
from service.persistence import contains, get_or_404, ordered, page, write_transaction


def create_company(data: dict, allow_similar: bool = True) -> Company:
    """Register a company; with allow_similar=False a near-duplicate name is refused until confirmed."""
    with write_transaction():
        if not allow_similar and similar_companies(data["name"]):
            names = ", ".join(c.name for c in similar_companies(data["name"]))
            raise Conflict(f"A company with a similar name is already registered: {names}.", "name")
        company = Company()
        _apply(company, data)
        db.session.add(company)
        db.session.flush()
        changes.record("company", company.id, "created")
    return company


def update_company(company_id: int, data: dict) -> Company:
    with write_transaction():
        company = get_or_404(Company, company_id, "company")
        _apply(company, data)
        changes.record("company", company.id)
    return company


def _apply(company: Company, data: dict) -> None:
    data = dict(data)
    commitments = data.pop("commitments", None)
    if "district" in data:
        data["district"] = districts.canonical(data["district"])
    for key, value in data.items():
        setattr(company, key, value)
    if commitments is not None:
        by_year = {c["year"]: c["local_hires"] for c in commitments}
        company.commitments = [CompanyCommitment(year=y, local_hires=n) for y, n in sorted(by_year.items())]


def get_company(company_id: int) -> Company:
    return get_or_404(Company, company_id, "company")


COMPANY_ORDERS = {"nama": (Company.name, Company.id), "terbaru": (Company.id.desc(),)}


def similar_companies(name: str, exclude_id: int | None = None) -> list[Company]:
    """Companies whose name is nearly this one ("PT Sinar Presisi" and "Sinar Presisi, PT"), best first."""
    wanted = _bare_name(name)
    rows = db.session.execute(select(Company.id, Company.name)).all()
    close = [(fuzz.token_sort_ratio(wanted, _bare_name(other)), cid) for cid, other in rows if cid != exclude_id]
    ids = [cid for score, cid in sorted(close, reverse=True) if score >= NEAR_DUPLICATE][:5]
    return [db.session.get(Company, cid) for cid in ids]


# token_sort_ratio from rapidfuzz; 90 catches a dropped letter or swapped words, not two different firms.
NEAR_DUPLICATE = 90
_LEGAL_FORMS = re.compile(r"\b(pt|cv|tbk|persero|ud|fa|koperasi)\b\.?", re.IGNORECASE)


def _bare_name(name: str) -> str:
    return " ".join(_LEGAL_FORMS.sub(" ", re.sub(r"[^\w\s]", " ", name.lower())).split())


def company_summary(company_id: int) -> dict:
    """A company's page: its vacancies, verified hires by year with the local share, MoU commitment vs actual."""
    company = get_or_404(Company, company_id, "company")
    year = extract("year", Placement.placed_on)
    rows = db.session.execute(
        select(year, func.count(), func.sum(case((Placement.is_local, 1), else_=0)))
        .where(Placement.company_id == company_id, Placement.status == "verified")
        .group_by(year).order_by(year.desc())).all()
    committed = {c.year: c.local_hires for c in company.commitments}
    years = sorted({int(y) for y, _, _ in rows} | set(committed), reverse=True)
    by_year = {int(y): (total, int(local or 0)) for y, total, local in rows}
    hires = [{"year": y, "total": by_year.get(y, (0, 0))[0], "local": by_year.get(y, (0, 0))[1],
              "local_share": by_year[y][1] / by_year[y][0] if by_year.get(y, (0, 0))[0] else None,
              "commitment": committed.get(y),
              "percent_of_commitment": by_year.get(y, (0, 0))[1] / committed[y] if committed.get(y) else None}
             for y in years]
    claimed = db.session.scalar(select(func.count()).where(Placement.company_id == company_id,
                                                           Placement.status == "claimed"))
    vacancies = db.session.scalars(select(Vacancy).where(Vacancy.company_id == company_id)
                                   .order_by(Vacancy.id.desc()).limit(100)).all()
    return {"company": company, "hires": hires, "claimed": claimed, "vacancies": vacancies}


def list_companies(args: dict) -> dict:
    query = ordered(select(Company).options(selectinload(Company.commitments)), args, COMPANY_ORDERS, "nama")
    if "q" in args:
        query = query.where(contains(Company.name, args["q"]))
    for key in ("district", "sector"):
        if key in args:
            value = districts.canonical(args[key]) if key == "district" else args[key]
            query = query.where(getattr(Company, key) == value)
    return page(query, args["limit"], args["offset"])


def require_company(company_id: int) -> Company:
    """Load the company a request names, or refuse the request naming the field."""
    company = db.session.get(Company, company_id)
    if company is None:
        raise Invalid(f"No company with id {company_id}.", "company_id")
    return company


def delete_company(company_id: int) -> None:
    """Remove a company entered by mistake; one with vacancies, hires or needs on record stays."""
    with write_transaction():
        company = get_or_404(Company, company_id, "company")
        for model, what in ((Vacancy, "vacancies"), (Placement, "placements"), (CompetencyNeed, "competency needs")):
            if db.session.scalar(select(model.id).where(model.company_id == company_id).limit(1)):
                raise Conflict(f"The company has {what} on record; it cannot be deleted.", "company_id")
        db.session.delete(company)
        changes.record("company", company_id, "deleted")
