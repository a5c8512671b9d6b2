"""Use cases for training programmes (pelatihan) and companies' competency needs."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from service import changes
from service.companies import require_company
from service.errors import Invalid
from service.extensions import db
from service.models import CompetencyNeed, Training
from service.persistence import contains, get_or_404, ordered, page, write_transaction


def create_training(data: dict) -> Training:
    with write_transaction():
        training = Training(**data)
        db.session.add(training)
        db.session.flush()
        changes.record("training", training.id, "created")
    return training


def update_training(training_id: int, data: dict) -> Training:
    with write_transaction():
        training = get_or_404(Training, training_id, "training")
        if data.get("seats", training.seats) < training.enrolled:
            raise Invalid(f"{training.enrolled} seekers are enrolled; seats cannot be fewer.", "seats")
        start, end = data.get("starts_on", training.starts_on), data.get("ends_on", training.ends_on)
        if start and end and start > end:
            raise Invalid("ends_on must not be before starts_on.", "ends_on")
        for key, value in data.items():
            setattr(training, key, value)
        changes.record("training", training.id)
    return training


def get_training(training_id: int) -> Training:
    return get_or_404(Training, training_id, "training")


TRAINING_ORDERS = {"mulai": (Training.starts_on, Training.id), "nama": (Training.name, Training.id),
                   "terbaru": (Training.id.desc(),)}


def list_trainings(args: dict) -> dict:
    query = ordered(select(Training), args, TRAINING_ORDERS, "mulai")
    if "provider_type" in args:
        query = query.where(Training.provider_type == args["provider_type"])
    if "q" in args:
        query = query.where(contains(Training.name, args["q"]))
    return page(query, args["limit"], args["offset"])


def create_need(data: dict) -> CompetencyNeed:
    with write_transaction():
        require_company(data["company_id"])
        need = CompetencyNeed(**data)
        db.session.add(need)
    return need


def update_need(need_id: int, data: dict) -> CompetencyNeed:
    with write_transaction():
        need = get_or_404(CompetencyNeed, need_id, "competency need")
        if "company_id" in data:
            require_company(data["company_id"])
        start, end = data.get("period_start", need.period_start), data.get("period_end", need.period_end)
        if start > end:
            raise Invalid("period_end must not be before period_start.", "period_end")
        for key, value in data.items():
            setattr(need, key, value)
    return need


def delete_need(need_id: int) -> None:
    with write_transaction():
        db.session.delete(get_or_404(CompetencyNeed, need_id, "competency need"))


NEED_ORDERS = {"periode": (CompetencyNeed.period_start.desc(), CompetencyNeed.id),
               "jumlah": (CompetencyNeed.headcount.desc(), CompetencyNeed.id),
               "kompetensi": (CompetencyNeed.competency, CompetencyNeed.id)}


def list_needs(args: dict) -> dict:
    query = ordered(select(CompetencyNeed).options(selectinload(CompetencyNeed.company)), args, NEED_ORDERS,
                    "periode")
    if "company_id" in args:
        query = query.where(CompetencyNeed.company_id == args["company_id"])
    if "q" in args:
        query = query.where(contains(CompetencyNeed.competency, args["q"]))
    return page(query, args["limit"], args["offset"])


def get_need(need_id: int) -> CompetencyNeed:
    return get_or_404(CompetencyNeed, need_id, "competency need")
