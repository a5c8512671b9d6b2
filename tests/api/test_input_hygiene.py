"""Text no person can see or no file can hold is refused at the door (422 naming the field), deep
JSON is 400, and exports never fail on text that was stored before these rules."""
from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from service.extensions import db
from tests.factories import create_company, create_seeker, nik, row_counts, seeker_body

INVISIBLE_ONLY = ["\u200b\u200b", "\u200e\u200f", "\u202e", "\ufeff", "\u3164", "\u2800 ", "\u00a0\u2060"]
UNSTORABLE = ["PT\x01Maju", "PT\x1bMaju", "PT\x7fMaju", "PT\x85Maju", "PT\nMaju", "PT \ud800", "\udfff",
              "PT\ufffeMaju"]


def _refused(client, headers, path, body, *field_path):
    before = row_counts(client.application)
    response = client.post(path, headers=headers, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 422, (body, response.json)
    errors = response.json["errors"]["json"]
    for key in field_path:
        errors = errors[key]
    assert errors, response.json
    assert row_counts(client.application) == before


@pytest.mark.parametrize("value", INVISIBLE_ONLY + UNSTORABLE)
def test_a_company_name_without_visible_or_with_unstorable_characters_is_refused(client, staff, value):
    _refused(client, staff, "/api/v1/companies", {"name": value}, "name")


@pytest.mark.parametrize("value", ["\u200b", "las\ud800", "las\x07"])
def test_a_seeker_skill_and_a_vacancy_skill_are_held_to_the_same_rule(client, staff, value):
    _refused(client, staff, "/api/v1/seekers", seeker_body(nik=nik(), skills=["las", value]), "skills", "1")
    company = create_company(client, staff)
    _refused(client, staff, "/api/v1/vacancies", {"company_id": company["id"], "title": "Welder", "openings": 1,
                                                  "required_skills": ["las", {"text": value}]},
             "required_skills", "1")


def test_a_control_character_in_a_query_filter_is_422_naming_it(client, staff):
    response = client.get("/api/v1/companies?q=PT%01", headers=staff)
    assert response.status_code == 422 and "q" in response.json["errors"]["query"]


def test_visible_text_keeps_inner_joiners_and_loses_invisible_edges(client, staff):
    company = create_company(client, staff, name="\ufeff\u200bPT Ma\u200dju \u2060", address="Jl. Raya\nBlok 3")
    assert company["name"] == "PT Ma\u200dju" and company["address"] == "Jl. Raya\nBlok 3"


def test_a_line_break_is_refused_in_a_name_and_kept_in_a_note(client, staff):
    company = create_company(client, staff)
    seeker = create_seeker(client, staff, nik=nik())
    body = {"company_id": company["id"], "job_title": "Operator\nProduksi", "seeker_id": seeker["id"],
            "placed_on": "2023-03-01"}
    _refused(client, staff, "/api/v1/placements", body, "job_title")
    response = client.post("/api/v1/placements", headers=staff, json={**body, "job_title": "Operator",
                                                                       "note": "baris 1\nbaris 2\tx"})
    assert response.status_code == 201 and response.json["note"] == "baris 1\nbaris 2\tx"


@pytest.mark.parametrize("depth", [33, 1000, 100_000])
def test_json_nested_beyond_32_levels_is_400(client, staff, depth):
    before = row_counts(client.application)
    body = '{"name": ' + "[" * depth + "]" * depth + "}"
    response = client.post("/api/v1/companies", headers=staff, data=body, content_type="application/json")
    assert response.status_code == 400, response.data[:200]
    assert response.json["code"] == 400 and "32 levels" in response.json["message"]
    assert row_counts(client.application) == before


def test_json_nested_32_levels_reaches_the_schema(client, staff):
    body = '{"name": ' + "[" * 31 + "]" * 31 + "}"
    response = client.post("/api/v1/companies", headers=staff, data=body, content_type="application/json")
    assert response.status_code == 422 and "name" in response.json["errors"]["json"]


def test_a_wrong_method_answers_405_with_allow(client, staff):
    response = client.delete("/api/v1/companies", headers=staff)
    assert response.status_code == 405 and response.json["code"] == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


def test_exports_never_fail_on_control_characters_stored_before_the_rules(client, staff, app):
    company = create_company(client, staff, name="PT Lama")
    seeker = create_seeker(client, staff, nik=nik())
    placed = client.post("/api/v1/placements", headers=staff, json={
        "company_id": company["id"], "job_title": "Operator", "seeker_id": seeker["id"], "placed_on": "2023-03-01"})
    assert client.post(f"/api/v1/placements/{placed.json['id']}/verify", headers=staff).status_code == 200
    with app.app_context():
        db.session.execute(text("UPDATE companies SET name = :n, sector = :s"),
                           {"n": "PT\x01 Lama\x0b\uffff", "s": "C\x1f 2592"})
        db.session.commit()
    xlsx = client.get("/api/v1/reports/local-hiring.xlsx?year=2023", headers=staff)
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.data))["Perusahaan"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["PT Lama"]
    csv = client.get("/api/v1/reports/local-hiring.csv?year=2023&table=sector", headers=staff)
    assert csv.status_code == 200 and "C 2592" in csv.data.decode("utf-8-sig")
    page = client.get("/api/v1/reports/competency-needs.xlsx?year=2023", headers=staff)
    assert page.status_code == 200


def test_the_export_cell_replaces_a_lone_surrogate():
    from service.exports import to_csv, workbook
    assert to_csv(["a"], [["x\ud800y"]]).decode("utf-8-sig").splitlines()[1] == "x\ufffdy"
    book = load_workbook(io.BytesIO(workbook({"S": (["a"], [["x\ud800\x02y"]])})))
    assert book["S"]["A2"].value == "x\ufffdy"


@pytest.mark.parametrize("field, value", [("contact_email", "a@\ud800.co.id"), ("contact_email", "a\x01@b.co.id"),
                                          ("contact_phone", "0812\ud800"), ("sector", "\u200b")])
def test_every_text_field_of_a_company_is_held_to_the_rule(client, staff, field, value):
    _refused(client, staff, "/api/v1/companies", {"name": "PT A", field: value}, field)
