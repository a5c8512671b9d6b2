"""Use cases for companies (perusahaan) and their local-hiring commitments."""
from sqlalchemy import select

from service import districts
from service.errors import Conflict, Invalid
from service.extensions import db
from service.models import Company, CompanyCommitment, CompetencyNeed, Placement, Vacancy
from service.persistence import contains, get_or_404, page, write_transaction


def create_company(data: dict) -> Company:
    with write_transaction():
        company = Company()
        _apply(company, data)
        db.session.add(company)
    return company


def update_company(company_id: int, data: dict) -> Company:
    with write_transaction():
        company = get_or_404(Company, company_id, "company")
        _apply(company, data)
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


def list_companies(args: dict) -> dict:
    query = select(Company).order_by(Company.name, Company.id)
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
