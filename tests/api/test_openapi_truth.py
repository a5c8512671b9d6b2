"""The OpenAPI document says what the API does: nullable fields, date-times with an offset on
both databases, the bearer scheme with 401/403/503 on every operation, NIK and code patterns,
and a PATCH that changes nothing is refused."""
from __future__ import annotations

import re
from datetime import datetime

import pytest

from tests.factories import create_company, create_seeker, create_vacancy, nik, row_counts


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").json


def test_every_operation_names_the_bearer_scheme_and_its_401_403_503(spec):
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer", "description": spec["components"]["securitySchemes"]["bearerAuth"][
            "description"]}
    operations = [(path, method, op) for path, item in spec["paths"].items() for method, op in item.items()
                  if method in ("get", "post", "put", "patch", "delete")]
    assert len(operations) > 40
    for path, method, operation in operations:
        assert operation["security"] == [{"bearerAuth": []}], (method, path)
        assert {"401", "403", "503"} <= set(operation["responses"]), (method, path)


def test_fields_that_can_be_null_are_declared_nullable_and_are(client, staff, spec):
    company = create_company(client, staff, name="PT Tanpa Alamat", sector=None, district=None)
    assert company["address"] is None and company["sector"] is None
    properties = spec["components"]["schemas"]["Company"]["properties"]
    for name in ("sector", "district", "address", "contact_name", "contact_phone", "contact_email"):
        assert properties[name].get("nullable") is True, name
    placement = spec["components"]["schemas"]["Placement"]["properties"]
    assert all(placement[name].get("nullable") for name in ("vacancy_id", "decided_at", "decided_by", "note"))


def test_date_times_carry_a_utc_offset_on_every_database(client, staff):
    company = create_company(client, staff)
    seeker = create_seeker(client, staff, nik=nik())
    vacancy = create_vacancy(client, staff, company["id"])
    placed = client.post("/api/v1/placements", headers=staff, json={
        "vacancy_id": vacancy["id"], "seeker_id": seeker["id"], "placed_on": "2023-03-01"}).json
    decided = client.post(f"/api/v1/placements/{placed['id']}/verify", headers=staff).json
    read = client.get(f"/api/v1/companies/{company['id']}", headers=staff).json
    for moment in (company["created_at"], read["created_at"], seeker["created_at"], decided["decided_at"],
                   client.get(f"/api/v1/placements/{placed['id']}", headers=staff).json["created_at"]):
        assert re.search(r"(\+00:00|Z)$", moment), moment
        assert datetime.fromisoformat(moment).utcoffset().total_seconds() == 0


def test_nik_and_regency_code_patterns_are_published_and_enforced(client, staff, spec):
    seeker = spec["components"]["schemas"]["SeekerCreate"]["properties"]
    assert seeker["nik"]["pattern"] == "^[0-9]{16}$"
    assert re.fullmatch(seeker["ktp_regency_code"]["pattern"], "32.16")
    assert spec["components"]["schemas"]["ImportRow"]["properties"]["nik"]["pattern"] == "^[0-9]{16}$"
    refused = client.post("/api/v1/seekers", headers=staff,
                          json={"nik": "３２１６０１１５０６９５０００１", "full_name": "Budi", "education_level": "SMK"})
    assert refused.status_code == 422 and "nik" in refused.json["errors"]["json"]  # full-width digits are not digits


@pytest.mark.parametrize("body", [None, {}])
def test_a_patch_that_changes_nothing_is_422(client, staff, app, body):
    company = create_company(client, staff)
    before = row_counts(app)
    kwargs = {} if body is None else {"json": body}
    for path in (f"/api/v1/companies/{company['id']}",):
        response = client.patch(path, headers=staff, **kwargs)
        assert response.status_code == 422, response.json
        assert "at least one field" in response.json["message"]
    assert row_counts(app) == before
