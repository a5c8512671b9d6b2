"""A client's retry after a lost answer never double-counts a hire: Idempotency-Key on creating
POSTs (placements, seekers, imports) replays what the first request created, and a repeated
placement without a key is 409. An import over the row limit is refused, never cut."""
from __future__ import annotations

import io
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.factories import create_company, create_seeker, create_vacancy, nik, row_counts, seeker_body
from tests.http import call


def _key() -> dict:
    return {"Idempotency-Key": str(uuid.uuid4())}


@pytest.fixture
def hire(client, staff):
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"], openings=5)
    seeker = create_seeker(client, staff, nik=nik())
    return {"vacancy_id": vacancy["id"], "seeker_id": seeker["id"], "placed_on": "2023-03-01"}


def test_a_retried_placement_with_its_key_answers_the_first_one_and_takes_one_seat(client, staff, hire, app):
    headers = {**staff, **_key()}
    first = client.post("/api/v1/placements", headers=headers, json=hire)
    before = row_counts(app)
    again = client.post("/api/v1/placements", headers=headers, json=hire)
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert row_counts(app) == before
    vacancy = client.get(f"/api/v1/vacancies/{hire['vacancy_id']}", headers=staff).json
    assert vacancy["filled"] == 1


def test_a_key_reused_for_another_body_is_422_and_changes_nothing(client, staff, hire, app):
    headers = {**staff, **_key()}
    assert client.post("/api/v1/placements", headers=headers, json=hire).status_code == 201
    before = row_counts(app)
    other = client.post("/api/v1/placements", headers=headers, json={**hire, "placed_on": "2023-04-01"})
    assert other.status_code == 422 and "Idempotency-Key" in other.json["errors"]["json"]
    assert row_counts(app) == before


def test_keys_belong_to_one_token(client, staff, hire, app):
    from tests.conftest import _token
    key = _key()
    assert client.post("/api/v1/placements", headers={**staff, **key}, json=hire).status_code == 201
    other_staff = _token(app, "staff")
    second = client.post("/api/v1/placements", headers={**other_staff, **key}, json=hire)
    assert second.status_code == 409  # not a replay of someone else's request: the repeat rule answers


@pytest.mark.parametrize("key", ["", "a b", "x" * 256, "kunci-\u00e9"])
def test_a_malformed_key_is_422(client, staff, hire, key):
    response = client.post("/api/v1/placements", headers={**staff, "Idempotency-Key": key.encode().decode("latin-1")},
                           json=hire)
    assert response.status_code == 422 and "Idempotency-Key" in response.json["errors"]["json"]


def test_a_failed_request_stores_no_key_so_its_retry_runs_again(client, staff, hire):
    headers = {**staff, **_key()}
    refused = client.post("/api/v1/placements", headers=headers, json={**hire, "seeker_id": 999_999})
    assert refused.status_code == 422
    assert client.post("/api/v1/placements", headers=headers, json=hire).status_code == 201


def test_a_retried_seeker_registration_returns_the_same_seeker_without_the_token(client, staff, app):
    headers, body = {**staff, **_key()}, seeker_body(nik=nik())
    first = client.post("/api/v1/seekers", headers=headers, json=body)
    again = client.post("/api/v1/seekers", headers=headers, json=body)
    assert first.status_code == again.status_code == 201 and first.json["access_token"]
    assert again.json["id"] == first.json["id"] and again.json["nik"] == body["nik"]
    assert "access_token" not in again.json and "access_code" not in again.json


def test_a_retried_json_and_file_import_records_once(client, staff, hire, app):
    company_id = client.get(f"/api/v1/vacancies/{hire['vacancy_id']}", headers=staff).json["company_id"]
    headers = {**staff, **_key()}
    body = {"company_id": company_id, "rows": [{"seeker_id": hire["seeker_id"], "job_title": "Admin",
                                                 "placed_on": "2023-05-02"}]}
    first = client.post("/api/v1/placements/import", headers=headers, json=body)
    again = client.post("/api/v1/placements/import", headers=headers, json=body)
    assert first.status_code == again.status_code == 201 and again.json == first.json
    other = create_seeker(client, staff, nik=nik())
    csv = f"seeker_id,jabatan,tanggal_mulai_kerja\n{other['id']},Operator,02/06/2023\n".encode()
    file_headers = {**staff, **_key()}
    answers = [client.post("/api/v1/placements/import-file", headers=file_headers, content_type="multipart/form-data",
                           data={"company_id": str(company_id), "file": (io.BytesIO(csv), "laporan.csv")})
               for _ in range(2)]
    assert [a.status_code for a in answers] == [201, 201] and answers[0].json == answers[1].json
    listed = client.get(f"/api/v1/placements?company_id={company_id}", headers=staff).json
    assert listed["total"] == 2


def test_a_repeated_placement_without_a_key_is_409(client, staff, hire, app):
    assert client.post("/api/v1/placements", headers=staff, json=hire).status_code == 201
    before = row_counts(app)
    again = client.post("/api/v1/placements", headers=staff, json=hire)
    assert again.status_code == 409 and "seeker_id" in again.json["errors"]["json"]
    company_id = client.get(f"/api/v1/vacancies/{hire['vacancy_id']}", headers=staff).json["company_id"]
    by_title = {"company_id": company_id, "job_title": "Admin Gudang", "seeker_id": hire["seeker_id"],
                "placed_on": "2023-03-01"}
    assert client.post("/api/v1/placements", headers=staff, json=by_title).status_code == 201
    before = row_counts(app)
    assert client.post("/api/v1/placements", headers=staff, json=by_title).status_code == 409
    assert row_counts(app) == before
    assert client.post("/api/v1/placements", headers=staff,
                       json={**by_title, "placed_on": "2023-09-01"}).status_code == 201  # a later, separate hire


def test_parallel_retries_with_one_key_record_one_placement(live_server, staff, clean_database):
    _, company = call(live_server, "POST", "/api/v1/companies", staff, {"name": "PT Coba Lagi"})
    _, vacancy = call(live_server, "POST", "/api/v1/vacancies", staff, {
        "company_id": company["id"], "title": "Operator", "openings": 10, "required_skills": ["operator produksi"]})
    _, seeker = call(live_server, "POST", "/api/v1/seekers", staff, seeker_body(nik=nik()))
    headers = {**staff, **_key()}
    body = {"vacancy_id": vacancy["id"], "seeker_id": seeker["id"], "placed_on": "2023-03-01"}
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: call(live_server, "POST", "/api/v1/placements", headers, body), range(8)))
    assert {code for code, _ in answers} == {201}, answers
    assert len({answer["id"] for _, answer in answers}) == 1
    _, after = call(live_server, "GET", f"/api/v1/vacancies/{vacancy['id']}", staff)
    assert after["filled"] == 1


def _csv_rows(count: int, seeker_id: int) -> bytes:
    return ("seeker_id,jabatan,tanggal_mulai_kerja\n" + f"{seeker_id},Operator,01/03/2023\n" * count).encode()


def test_an_import_file_over_the_row_limit_is_refused_not_cut(client, staff, app):
    from schemas.placements import MAX_IMPORT_ROWS
    company = create_company(client, staff)
    seeker = create_seeker(client, staff, nik=nik())
    before = row_counts(app)
    response = client.post("/api/v1/placements/import-file", headers=staff, content_type="multipart/form-data", data={
        "company_id": str(company["id"]), "file": (io.BytesIO(_csv_rows(MAX_IMPORT_ROWS + 1, seeker["id"])), "b.csv")})
    assert response.status_code == 422 and "at most 10000 rows" in response.json["message"]
    assert row_counts(app) == before


def test_an_xlsx_over_the_row_limit_with_blank_rows_between_is_refused(client, staff, app):
    from openpyxl import Workbook

    from schemas.placements import MAX_IMPORT_ROWS
    company = create_company(client, staff)
    book = Workbook()
    sheet = book.active
    sheet.append(["seeker_id", "jabatan", "tanggal_mulai_kerja"])
    for i in range(MAX_IMPORT_ROWS + 1):
        sheet.append([1, "Operator", "01/03/2023"])
        if i == 10:
            sheet.append([None, None, None])
    out = io.BytesIO()
    book.save(out)
    response = client.post("/api/v1/placements/import-file", headers=staff, content_type="multipart/form-data", data={
        "company_id": str(company["id"]), "file": (io.BytesIO(out.getvalue()), "b.xlsx")})
    assert response.status_code == 422 and "at most 10000 rows" in response.json["message"]
