"""Valid request bodies for tests, built the way a real caller would send them."""
from __future__ import annotations

import itertools

_serial = itertools.count(1)


def nik(regency: str = "3216", day: int = 15, month: int = 6, yy: int = 95, female: bool = False,
        serial: int | None = None) -> str:
    serial = next(_serial) if serial is None else serial
    return f"{regency}01{day + (40 if female else 0):02d}{month:02d}{yy:02d}{serial:04d}"


def seeker_body(**overrides) -> dict:
    body = {"nik": nik(), "full_name": "Budi Santoso", "education_level": "SMK",
            "skills": ["operator bubut", "jangka sorong"]}
    body.update(overrides)
    return body


def create_company(client, headers, **overrides) -> dict:
    body = {"name": "PT Sinar Presisi", "sector": "C 2592", "district": "Cikarang Utara", **overrides}
    response = client.post("/api/v1/companies", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def create_seeker(client, headers, **overrides) -> dict:
    response = client.post("/api/v1/seekers", json=seeker_body(**overrides), headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def vacancy_matches(client, headers, vacancy_id: int, limit: int = 10) -> list[dict]:
    """The ranked candidates of a vacancy, through the API."""
    response = client.get(f"/api/v1/vacancies/{vacancy_id}/matches?limit={limit}", headers=headers)
    assert response.status_code == 200, response.json
    return response.json["items"]


def create_vacancy(client, headers, company_id: int, **overrides) -> dict:
    body = {"company_id": company_id, "title": "Operator Bubut", "openings": 3,
            "required_skills": ["mesin bubut"], **overrides}
    response = client.post("/api/v1/vacancies", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


# --- Added for the API suite (tests/api/test_*.py): more resources, tokens, row counts. ---

def bearer(token: str) -> dict:
    """Request headers carrying this bearer token."""
    return {"Authorization": f"Bearer {token}"}


def training_body(**overrides) -> dict:
    return {"name": "Kejuruan Bubut", "provider": "BLK Kabupaten Bekasi", "provider_type": "blk_kabupaten",
            "competencies": ["mesin bubut", "alat ukur"], "seats": 16, "starts_on": "2023-07-03",
            "ends_on": "2023-08-25", **overrides}


def create_training(client, headers, **overrides) -> dict:
    response = client.post("/api/v1/trainings", json=training_body(**overrides), headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def need_body(company_id: int, **overrides) -> dict:
    return {"company_id": company_id, "competency": "mesin bubut", "headcount": 12,
            "period_start": "2023-01-01", "period_end": "2023-12-31", **overrides}


def create_need(client, headers, company_id: int, **overrides) -> dict:
    response = client.post("/api/v1/competency-needs", json=need_body(company_id, **overrides), headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def create_placement(client, headers, vacancy_id: int, seeker_id: int, placed_on: str = "2023-03-01",
                     **overrides) -> dict:
    body = {"vacancy_id": vacancy_id, "seeker_id": seeker_id, "placed_on": placed_on, **overrides}
    response = client.post("/api/v1/placements", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def decide_placement(client, headers, placement_id: int, action: str, **body) -> dict:
    """verify, reject or cancel; returns the placement after the decision."""
    response = client.post(f"/api/v1/placements/{placement_id}/{action}", json=body, headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def row_counts(app) -> dict:
    """{table name: row count} for every table, read straight from the database in one query."""
    from sqlalchemy import func, select

    from service.extensions import db
    tables = db.metadata.sorted_tables
    query = select(*[select(func.count()).select_from(t).scalar_subquery().label(t.name) for t in tables])
    with app.app_context():
        row = db.session.execute(query).one()
        db.session.rollback()
    return dict(zip([t.name for t in tables], row))
