"""/api/v1/placements: a claim holds an opening; verify keeps it; reject and cancel free it.
The vacancy fills and reopens, the seeker becomes placed and active again, and locality is
frozen at the hire."""
import pytest

from tests.factories import (create_company, create_placement, create_seeker, create_vacancy, decide_placement,
                             nik)


@pytest.fixture
def one_opening(client, staff):
    company = create_company(client, staff)
    return create_vacancy(client, staff, company["id"], openings=1, title="Operator Bubut")


def _vacancy(client, staff, vacancy_id):
    v = client.get(f"/api/v1/vacancies/{vacancy_id}", headers=staff).json
    return v["filled"], v["openings_left"], v["status"]


def _seeker_status(client, staff, seeker_id):
    return client.get(f"/api/v1/seekers/{seeker_id}", headers=staff).json["status"]


def test_a_claim_holds_the_opening_and_the_next_claim_is_409(client, staff, one_opening):
    first, second = create_seeker(client, staff), create_seeker(client, staff)
    placed = create_placement(client, staff, one_opening["id"], first["id"], placed_on="2023-03-01")
    assert (placed["status"], placed["is_local"], placed["job_title"]) == ("claimed", True, "Operator Bubut")
    assert placed["company_id"] == one_opening["company_id"] and placed["recorded_by"] == "test staff"
    assert _vacancy(client, staff, one_opening["id"]) == (1, 0, "filled")
    assert _seeker_status(client, staff, first["id"]) == "placed"

    refused = client.post("/api/v1/placements", headers=staff, json={
        "vacancy_id": one_opening["id"], "seeker_id": second["id"], "placed_on": "2023-03-02"})
    assert refused.status_code == 409 and "vacancy_id" in refused.json["errors"]["json"]
    assert client.get("/api/v1/placements", headers=staff).json["total"] == 1
    assert _seeker_status(client, staff, second["id"]) == "active"


def test_verify_keeps_the_opening(client, staff, one_opening):
    seeker = create_seeker(client, staff)
    placed = create_placement(client, staff, one_opening["id"], seeker["id"])
    verified = decide_placement(client, staff, placed["id"], "verify")
    assert (verified["status"], verified["decided_by"]) == ("verified", "test staff") and verified["decided_at"]
    assert _vacancy(client, staff, one_opening["id"]) == (1, 0, "filled")
    assert _seeker_status(client, staff, seeker["id"]) == "placed"


@pytest.mark.parametrize("action, status", [("reject", "rejected"), ("cancel", "cancelled")])
def test_reject_and_cancel_free_the_opening_and_the_seeker(client, staff, one_opening, action, status):
    seeker, next_one = create_seeker(client, staff), create_seeker(client, staff)
    placed = create_placement(client, staff, one_opening["id"], seeker["id"])
    decided = decide_placement(client, staff, placed["id"], action, note="Tidak lolos medical check-up")
    assert (decided["status"], decided["note"]) == (status, "Tidak lolos medical check-up")
    assert _vacancy(client, staff, one_opening["id"]) == (0, 1, "open")
    assert _seeker_status(client, staff, seeker["id"]) == "active"
    # The freed opening can be taken again.
    create_placement(client, staff, one_opening["id"], next_one["id"])
    assert _vacancy(client, staff, one_opening["id"]) == (1, 0, "filled")


def test_cancelling_a_verified_placement_frees_its_opening(client, staff, one_opening):
    seeker = create_seeker(client, staff)
    placed = create_placement(client, staff, one_opening["id"], seeker["id"])
    decide_placement(client, staff, placed["id"], "verify")
    assert decide_placement(client, staff, placed["id"], "cancel")["status"] == "cancelled"
    assert _vacancy(client, staff, one_opening["id"]) == (0, 1, "open")
    assert _seeker_status(client, staff, seeker["id"]) == "active"


@pytest.mark.parametrize("first, then", [("verify", "verify"), ("verify", "reject"), ("reject", "verify"),
                                         ("reject", "cancel"), ("cancel", "cancel"), ("cancel", "verify")])
def test_a_decided_placement_cannot_be_decided_again(client, staff, one_opening, first, then):
    placed = create_placement(client, staff, one_opening["id"], create_seeker(client, staff)["id"])
    decide_placement(client, staff, placed["id"], first)
    before = _vacancy(client, staff, one_opening["id"])
    again = client.post(f"/api/v1/placements/{placed['id']}/{then}", headers=staff)
    assert again.status_code == 409 and again.json["code"] == 409 and again.json["message"]
    assert _vacancy(client, staff, one_opening["id"]) == before


def test_a_seeker_with_another_live_placement_stays_placed(client, staff):
    company = create_company(client, staff)
    a, b = (create_vacancy(client, staff, company["id"], openings=1) for _ in range(2))
    seeker = create_seeker(client, staff)
    first = create_placement(client, staff, a["id"], seeker["id"])
    create_placement(client, staff, b["id"], seeker["id"])
    decide_placement(client, staff, first["id"], "reject")
    assert _seeker_status(client, staff, seeker["id"]) == "placed"


def test_locality_is_frozen_at_the_hire(client, staff, one_opening):
    seeker = create_seeker(client, staff)  # KTP of Kabupaten Bekasi
    placed = create_placement(client, staff, one_opening["id"], seeker["id"])
    moved = client.patch(f"/api/v1/seekers/{seeker['id']}", headers=staff, json={"ktp_regency_code": "32.75"})
    assert moved.status_code == 200 and moved.json["is_local"] is False
    kept = client.get(f"/api/v1/placements/{placed['id']}", headers=staff).json
    assert (kept["is_local"], kept["ktp_regency_code"]) == (True, "3216")
    verified = decide_placement(client, staff, placed["id"], "verify")
    assert verified["is_local"] is True


def test_a_hire_never_reported_as_a_vacancy(client, staff):
    company = create_company(client, staff)
    seeker = create_seeker(client, staff, nik=nik(regency="3275"))
    response = client.post("/api/v1/placements", headers=staff, json={
        "company_id": company["id"], "job_title": "Satpam", "seeker_id": seeker["id"], "placed_on": "2023-05-02"})
    assert response.status_code == 201
    assert (response.json["vacancy_id"], response.json["job_title"], response.json["is_local"]) == (None, "Satpam", False)


def test_list_pages_and_filters(client, staff):
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"], openings=5)
    seekers = [create_seeker(client, staff)["id"] for _ in range(3)]
    made = [create_placement(client, staff, vacancy["id"], s, placed_on=f"2023-0{i + 1}-10")["id"]
            for i, s in enumerate(seekers)]
    decide_placement(client, staff, made[0], "verify")
    page = client.get("/api/v1/placements?limit=2", headers=staff).json
    assert (page["total"], page["limit"]) == (3, 2) and [p["id"] for p in page["items"]] == [made[2], made[1]]
    assert [p["id"] for p in client.get("/api/v1/placements?offset=2", headers=staff).json["items"]] == [made[0]]
    verified = client.get("/api/v1/placements?status=verified", headers=staff).json
    assert [p["id"] for p in verified["items"]] == [made[0]]
    mine = client.get(f"/api/v1/placements?seeker_id={seekers[1]}", headers=staff).json
    assert [p["id"] for p in mine["items"]] == [made[1]]
    assert client.get(f"/api/v1/placements?vacancy_id={vacancy['id']}&company_id={company['id']}",
                      headers=staff).json["total"] == 3


def test_a_rejection_or_cancellation_keeps_its_reason_beside_the_note(client, staff):
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"], openings=2)
    first, second = (create_placement(client, staff, vacancy["id"], create_seeker(client, staff)["id"], note="dari HRD")
                     for _ in range(2))
    rejected = client.post(f"/api/v1/placements/{first['id']}/reject", json={"reason": "NIK tidak sesuai"},
                           headers=staff).json
    assert (rejected["status"], rejected["decision_reason"], rejected["note"]) == ("rejected", "NIK tidak sesuai",
                                                                                   "dari HRD")
    client.post(f"/api/v1/placements/{second['id']}/verify", headers=staff)
    refused = client.post(f"/api/v1/placements/{second['id']}/cancel", json={"reason": "x" * 1001}, headers=staff)
    assert refused.status_code == 422 and "reason" in refused.json["errors"]["json"]
    cancelled = client.post(f"/api/v1/placements/{second['id']}/cancel", headers=staff).json
    assert cancelled["status"] == "cancelled" and cancelled["decision_reason"] is None  # the API may still omit it
