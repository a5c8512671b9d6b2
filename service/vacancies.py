"""Use cases for vacancies (lowongan) that companies must report."""
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from service import changes, mentions
from service.companies import require_company
from service.errors import Invalid
from service.extensions import db
from service.models import Company, Vacancy
from service.persistence import contains, get_or_404, ordered, page, write_transaction
from service.skills import count_unknown, occupation_title, suggest_occupation


def create_vacancy(data: dict) -> Vacancy:
    with write_transaction():
        require_company(data["company_id"])
        _check_deadline(data.get("closes_on"))
        _check_occupation(data.get("kbji_code"))
        vacancy = Vacancy(**data)
        if "kbji_code" not in data:
            vacancy.kbji_code = (suggest_occupation(vacancy.title) or {}).get("code")
        db.session.add(vacancy)
        db.session.flush()
        changes.record("vacancy", vacancy.id, "created")
        mentions.write_vacancies([vacancy])
        count_unknown([s["text"] for s in vacancy.required_skills])
    return vacancy


def update_vacancy(vacancy_id: int, data: dict) -> Vacancy:
    with write_transaction():
        vacancy = get_or_404(Vacancy, vacancy_id, "vacancy")
        if "company_id" in data:
            require_company(data["company_id"])
        if data.get("openings", vacancy.openings) < vacancy.filled:
            raise Invalid(f"{vacancy.filled} placements already hold seats; openings cannot be fewer.", "openings")
        if data.get("closes_on") != vacancy.closes_on:
            _check_deadline(data.get("closes_on"))
        if data.get("kbji_code") != vacancy.kbji_code:
            _check_occupation(data.get("kbji_code"))
        _check_range(vacancy, data, "min_age", "max_age")
        _check_range(vacancy, data, "wage_min", "wage_max")
        for key, value in data.items():
            setattr(vacancy, key, value)
        if "required_skills" in data:
            mentions.write_vacancies([vacancy])
            count_unknown([s["text"] for s in data["required_skills"]])
        if "status" not in data and vacancy.status != "closed":
            vacancy.status = "filled" if vacancy.filled >= vacancy.openings else "open"
        changes.record("vacancy", vacancy.id)
    return vacancy


def _check_deadline(closes_on: date | None) -> None:
    """A deadline already past would post a vacancy nobody can apply to (and the matcher skips)."""
    if closes_on is not None and closes_on < date.today():
        raise Invalid("closes_on must not be in the past.", "closes_on")


def _check_occupation(code: str | None) -> None:
    """Karirhub reads the code: one the KBJI 2014 list does not have would misfile the vacancy."""
    if code and occupation_title(code) is None:
        raise Invalid(f"{code} is not a KBJI 2014 occupation or unit group.", "kbji_code")


def _check_range(vacancy: Vacancy, data: dict, low: str, high: str) -> None:
    lo, hi = data.get(low, getattr(vacancy, low)), data.get(high, getattr(vacancy, high))
    if lo is not None and hi is not None and lo > hi:
        raise Invalid(f"{high} must not be below {low}.", high)


def get_vacancy(vacancy_id: int) -> Vacancy:
    return get_or_404(Vacancy, vacancy_id, "vacancy")


VACANCY_ORDERS = {"terbaru": (Vacancy.id.desc(),), "batas": (Vacancy.closes_on, Vacancy.id),
                  "judul": (Vacancy.title, Vacancy.id)}


def list_vacancies(args: dict) -> dict:
    query = ordered(select(Vacancy).options(selectinload(Vacancy.company)), args, VACANCY_ORDERS, "terbaru")
    if "district" in args:  # where the company is
        query = query.join(Company).where(Company.district == args["district"])
    for key in ("company_id", "status"):
        if key in args:
            query = query.where(getattr(Vacancy, key) == args[key])
    if "q" in args:
        query = query.where(contains(Vacancy.title, args["q"]))
    return page(query, args["limit"], args["offset"])
