"""The self-employment path (TKM): groups, members, mentors' monthly reports, visits, and the
monitoring-and-evaluation report, through the API on the real database."""
from __future__ import annotations

import io
import csv
from datetime import date

import pytest
from openpyxl import load_workbook

from service import tkm
from service.auth import Principal, issue_token
from service.extensions import db
from service.models import TkmGroup
from tests.factories import bearer, create_company, create_seeker, create_vacancy, row_counts


def create_group(client, headers, **overrides) -> dict:
    body = {"name": "KUB Keripik Sukamaju", "kind": "pemula", "business_field": "pengolahan makanan",
            "district": "Setu", "assistance_year": 2023, **overrides}
    response = client.post("/api/v1/tkm-groups", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def create_mentor(client, headers, login="tks.ani", name="Ani Rahmawati") -> dict:
    response = client.post("/api/v1/tkm-mentors", json={"name": name, "login": login}, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def mentor_token(app, login: str) -> dict:
    with app.app_context():
        token = issue_token("mentor", login)
        db.session.commit()
    return bearer(token)


def report_body(month: str, **overrides) -> dict:
    return {"month": month, "active_members": 14, "turnover": 4_500_000, "new_workers": 0,
            "obstacles": ["pemasaran", "kemasan"], **overrides}


def test_a_group_is_registered_with_its_business_field_read_through_the_taxonomy(client, staff):
    group = create_group(client, staff, business_field="konveksi", district="cikarang utara",
                         assistance_amount=25_000_000)
    assert group["kind"] == "pemula" and group["status"] == "active"
    assert group["business_field"] == "konveksi" and group["business_competency_id"] == "sewing"
    assert group["business_label"] == "Menjahit (operator jahit garmen)"
    assert group["district"] == "Cikarang Utara" and group["assistance_amount"] == 25_000_000
    listed = client.get("/api/v1/tkm-groups", headers=staff).json
    assert listed["total"] == 1 and listed["items"][0]["id"] == group["id"] and "limit" in listed
