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


def create_vacancy(client, headers, company_id: int, **overrides) -> dict:
    body = {"company_id": company_id, "title": "Operator Bubut", "openings": 3,
            "required_skills": ["mesin bubut"], **overrides}
    response = client.post("/api/v1/vacancies", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json
