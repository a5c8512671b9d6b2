"""The role matrix: every /api/v1 endpoint against every kind of caller.

Callers: staff, tkp3d, a seeker's own token, another seeker's token, no token, a bad token.
Each endpoint is one `Endpoint(method, path template, allowed roles, body, success code)` row;
the path and body are filled in from a small world of records made for each test.
`allowed` names roles: "staff", "tkp3d", "seeker". On a path about one seeker ({seeker} in it)
"seeker" means that seeker's own token; another seeker's token must get 403 or 404 there.
A denied call answers 401 (no or bad token) or 403 (wrong role), in the contract's error shape,
writes nothing, and carries nothing of the seeker the world is about.

TO EXTEND: add a row to ENDPOINTS (or MATCH_ENDPOINTS). `test_every_registered_endpoint_is_in_the_matrix`
fails, naming the route, whenever the app serves an /api/v1 route the matrix does not list.
Rows for routes others were still building when this file was written (MATCH_ENDPOINTS,
EXPORT_ENDPOINTS, IN_FLIGHT_ENDPOINTS) are tested only while the app serves them; rows with
success=None check the roles but not staff's answer yet: give them a body and a code.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pytest

from tests.factories import (bearer, create_company, create_need, create_placement, create_seeker, create_training,
                             create_vacancy, nik, row_counts, seeker_body, training_body)


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str                      # str.format() template over the world's ids
    allowed: tuple[str, ...]       # roles among staff, tkp3d, seeker
    body: Callable[[dict], dict] | None = None
    success: int | None = 200      # None: staff's answer only has to be no refusal (not 401/403) and no 5xx

    def __str__(self):
        return f"{self.method} {self.path}"


STAFF, READERS, EVERYONE, STAFF_OR_OWN = ("staff",), ("staff", "tkp3d"), ("staff", "tkp3d", "seeker"), ("staff", "seeker")

ENDPOINTS = [
    Endpoint("GET", "/api/v1/companies", READERS),
    Endpoint("POST", "/api/v1/companies", STAFF, lambda w: {"name": "PT Baru Jaya"}, 201),
    Endpoint("GET", "/api/v1/companies/{company}", READERS),
    Endpoint("PATCH", "/api/v1/companies/{company}", STAFF, lambda w: {"district": "Setu"}),
    Endpoint("DELETE", "/api/v1/companies/{company}", STAFF, None, 409),  # it has vacancies

    Endpoint("GET", "/api/v1/seekers", STAFF),
    Endpoint("POST", "/api/v1/seekers", STAFF, lambda w: seeker_body(full_name="Pelamar Baru"), 201),
    Endpoint("GET", "/api/v1/seekers/{seeker}", STAFF_OR_OWN),
    Endpoint("PATCH", "/api/v1/seekers/{seeker}", STAFF, lambda w: {"district": "Setu"}),
    Endpoint("POST", "/api/v1/seekers/{seeker}/access-code", STAFF, None, 201),
    Endpoint("POST", "/api/v1/seekers/search", STAFF, lambda w: {"q": "Siti"}),
    Endpoint("GET", "/api/v1/seekers/{seeker}/access-log", STAFF_OR_OWN),
    Endpoint("GET", "/api/v1/seekers/{seeker}/export", STAFF_OR_OWN),
    Endpoint("DELETE", "/api/v1/seekers/{seeker}", STAFF, None, 204),

    Endpoint("GET", "/api/v1/vacancies", EVERYONE),
    Endpoint("POST", "/api/v1/vacancies", STAFF, lambda w: {
        "company_id": w["company"], "title": "Operator Forklift", "openings": 2, "required_skills": ["forklift"]}, 201),
    Endpoint("GET", "/api/v1/vacancies/{vacancy}", EVERYONE),
    Endpoint("PATCH", "/api/v1/vacancies/{vacancy}", STAFF, lambda w: {"title": "Operator Bubut Senior"}),

    Endpoint("GET", "/api/v1/trainings", EVERYONE),
    Endpoint("POST", "/api/v1/trainings", STAFF, lambda w: training_body(name="Las SMAW"), 201),
    Endpoint("GET", "/api/v1/trainings/{training}", EVERYONE),
    Endpoint("PATCH", "/api/v1/trainings/{training}", STAFF, lambda w: {"seats": 20}),

    Endpoint("GET", "/api/v1/competency-needs", READERS),
    Endpoint("POST", "/api/v1/competency-needs", STAFF, lambda w: {
        "company_id": w["company"], "competency": "forklift", "headcount": 3,
        "period_start": "2023-01-01", "period_end": "2023-06-30"}, 201),
    Endpoint("GET", "/api/v1/competency-needs/{need}", READERS),
    Endpoint("PATCH", "/api/v1/competency-needs/{need}", STAFF, lambda w: {"headcount": 5}),
    Endpoint("DELETE", "/api/v1/competency-needs/{need}", STAFF, None, 204),

    Endpoint("GET", "/api/v1/placements", STAFF),
    Endpoint("POST", "/api/v1/placements", STAFF, lambda w: {
        "vacancy_id": w["vacancy"], "seeker_id": w["other_seeker"], "placed_on": "2023-04-01"}, 201),
    Endpoint("GET", "/api/v1/placements/{placement}", STAFF),
    Endpoint("POST", "/api/v1/placements/{placement}/verify", STAFF),
    Endpoint("POST", "/api/v1/placements/{placement}/reject", STAFF, lambda w: {"note": "Tidak jadi masuk"}),
    Endpoint("POST", "/api/v1/placements/{placement}/cancel", STAFF),

    Endpoint("PUT", "/api/v1/targets/2023", STAFF, lambda w: {"local_hires_target": 12000}),
    Endpoint("GET", "/api/v1/reports/local-hiring?year=2023", READERS),
]

# Matching and skill vocabulary (service/api/matches.py, being built alongside this file).
# A row here is tested only while the app serves its route.
MATCH_ENDPOINTS = [
    Endpoint("GET", "/api/v1/vacancies/{vacancy}/matches?limit=5", STAFF),
    Endpoint("GET", "/api/v1/seekers/{seeker}/matches?limit=5", STAFF_OR_OWN),
    Endpoint("GET", "/api/v1/skills/competencies", EVERYONE),
    Endpoint("GET", "/api/v1/skills/unknown-phrases", STAFF),
    Endpoint("GET", "/api/v1/skills/rereads", STAFF),
    Endpoint("POST", "/api/v1/skills/aliases", STAFF,
             lambda w: {"alias": "tukang bubut kampung", "competency_id": w["competency_id"]}, 201),
    Endpoint("GET", "/api/v1/skills/normalise?text=operator%20bubut", STAFF),
]

# Report exports (being built alongside this file); tested only while served, like the above.
EXPORT_ENDPOINTS = [
    Endpoint("GET", "/api/v1/reports/local-hiring.csv?year=2023", READERS),
    Endpoint("GET", "/api/v1/reports/local-hiring.xlsx?year=2023", READERS),
]

# Referrals, training outcomes, needs report and placement imports (being built alongside this file):
# the roles are checked; staff's success is left to their own tests (success=None), tighten here later.
IN_FLIGHT_ENDPOINTS = [
    Endpoint("GET", "/api/v1/seekers/{seeker}/referrals", STAFF_OR_OWN),
    Endpoint("GET", "/api/v1/referrals", STAFF),
    Endpoint("POST", "/api/v1/referrals", STAFF, lambda w: {}, None),
    Endpoint("GET", "/api/v1/referrals/{missing}", STAFF, None, None),
    *[Endpoint("POST", f"/api/v1/referrals/{{missing}}/{action}", STAFF, None, None)
      for action in ("refer", "enrol", "complete", "drop")],
    Endpoint("GET", "/api/v1/reports/training-outcomes", READERS),
    Endpoint("GET", "/api/v1/reports/competency-needs?year=2023", READERS),
    Endpoint("GET", "/api/v1/reports/competency-needs.csv?year=2023", READERS),
    Endpoint("GET", "/api/v1/reports/competency-needs.xlsx?year=2023", READERS),
    Endpoint("POST", "/api/v1/placements/import", STAFF, lambda w: {}, None),
    Endpoint("POST", "/api/v1/placements/import-file", STAFF, None, None),
]

# The office's data in and out: the change feed, file imports and list exports.
DATA_ENDPOINTS = [
    Endpoint("GET", "/api/v1/changes", STAFF),
    Endpoint("GET", "/api/v1/changes?since=1&limit=5", STAFF),
    *[Endpoint("POST", f"/api/v1/{kind}/import-file", STAFF, None, 422)  # no file sent: refused, naming it
      for kind in ("seekers", "companies", "vacancies", "competency-needs")],
    *[Endpoint("GET", f"/api/v1/{kind}/import-template.{extension}", STAFF)
      for kind in ("seekers", "companies", "vacancies", "competency-needs") for extension in ("csv", "xlsx")],
    Endpoint("GET", "/api/v1/imports/{missing}", STAFF, None, 404),
    *[Endpoint("GET", f"/api/v1/{name}.{extension}", roles) for name, roles in (
        ("seekers", STAFF), ("companies", READERS), ("vacancies", READERS), ("placements", STAFF))
      for extension in ("csv", "xlsx")],
]

# The self-employment path (TKM); the mentor role's own reach is tested in tests/api/test_tkm.py.
TKM_ENDPOINTS = [
    Endpoint("GET", "/api/v1/tkm-groups", STAFF),
    Endpoint("POST", "/api/v1/tkm-groups", STAFF, lambda w: {
        "name": "KUB Baru", "kind": "pemula", "business_field": "menjahit"}, 201),
    Endpoint("GET", "/api/v1/tkm-groups/{tkm_group}", STAFF),
    Endpoint("PATCH", "/api/v1/tkm-groups/{tkm_group}", STAFF, lambda w: {"address": "Jl. Raya Setu 5"}),
    Endpoint("GET", "/api/v1/tkm-groups/{tkm_group}/members", STAFF),
    Endpoint("POST", "/api/v1/tkm-groups/{tkm_group}/members", STAFF, lambda w: {
        "seeker_id": w["other_seeker"], "role": "anggota"}, 201),
    Endpoint("DELETE", "/api/v1/tkm-groups/{tkm_group}/members/{missing}", STAFF, None, 404),
    Endpoint("GET", "/api/v1/tkm-groups/{tkm_group}/reports", STAFF),
    Endpoint("POST", "/api/v1/tkm-groups/{tkm_group}/reports", STAFF, lambda w: {
        "month": "2023-05", "active_members": 12, "turnover": 3_000_000, "new_workers": 1,
        "obstacles": ["kemasan"]}, 201),
    Endpoint("GET", "/api/v1/tkm-groups/{tkm_group}/visits", STAFF),
    Endpoint("POST", "/api/v1/tkm-groups/{tkm_group}/visits", STAFF, lambda w: {
        "visited_on": "2023-05-10", "obstacles": ["perizinan"]}, 201),
    Endpoint("GET", "/api/v1/tkm-mentors", STAFF),
    Endpoint("POST", "/api/v1/tkm-mentors", STAFF, lambda w: {"name": "Pendamping Baru", "login": "tks.baru"}, 201),
    Endpoint("GET", "/api/v1/tkm-incubators", STAFF),
    Endpoint("POST", "/api/v1/tkm-incubators", STAFF, lambda w: {"name": "BLK Komunitas Baru"}, 201),
    Endpoint("GET", "/api/v1/reports/tkm?year=2023", READERS),
    Endpoint("GET", "/api/v1/reports/tkm.csv?year=2023&table=obstacles", READERS),
    Endpoint("GET", "/api/v1/reports/tkm.xlsx?year=2023", READERS),
]

ALL_ENDPOINTS = (ENDPOINTS + MATCH_ENDPOINTS + EXPORT_ENDPOINTS + IN_FLIGHT_ENDPOINTS + DATA_ENDPOINTS
                 + TKM_ENDPOINTS)
CALLERS = ["staff", "tkp3d", "seeker (own)", "seeker (other)", "no token", "bad token"]

# What the world's own seeker is, so a refused body can be searched for any of it.
OWN_NAME, OWN_PHONE = "Siti Nurhaliza Wibowo", "081298765432"


@pytest.fixture
def world(app, client, staff, tkp3d):
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"], openings=5)
    own = create_seeker(client, staff, nik=nik(day=12, month=4, yy=98, female=True), full_name=OWN_NAME,
                        phone=OWN_PHONE)
    other = create_seeker(client, staff, full_name="Agus Pratama")
    placement = create_placement(client, staff, vacancy["id"], own["id"])
    ids = {"company": company["id"], "vacancy": vacancy["id"], "seeker": own["id"], "other_seeker": other["id"],
           "training": create_training(client, staff)["id"], "need": create_need(client, staff, company["id"])["id"],
           "placement": placement["id"], "competency_id": None, "missing": 987654,
           "tkm_group": client.post("/api/v1/tkm-groups", headers=staff, json={
               "name": "KUB Keripik", "kind": "pemula", "business_field": "pengolahan makanan"}).json["id"]}
    if _serves(app, "GET", "/api/v1/skills/competencies"):
        ids["competency_id"] = _a_competency_id(client, staff)
    headers = {"staff": staff, "tkp3d": tkp3d, "seeker (own)": bearer(own["access_token"]),
               "seeker (other)": bearer(other["access_token"]), "no token": {},
               "bad token": bearer("not-a-token-" + own["access_token"][:10])}
    secrets = [OWN_NAME, OWN_PHONE, own["nik"], own["access_token"]]
    return {"ids": ids, "headers": headers, "secrets": secrets}


_competency_ids: list[str] = []


def _a_competency_id(client, staff) -> str:
    """A real competency id from the taxonomy (read once: the whole list is large)."""
    if not _competency_ids:
        _competency_ids.append(client.get("/api/v1/skills/competencies", headers=staff).json["items"][0]["id"])
    return _competency_ids[0]


def _serves(app, method: str, path: str) -> bool:
    """Does the app route this method and path (query string ignored)?"""
    adapter = app.url_map.bind("localhost")
    try:
        adapter.match(path.split("?")[0], method=method)
    except Exception:  # noqa: BLE001 - NotFound or MethodNotAllowed: not served
        return False
    return True


def _expected(endpoint: Endpoint, caller: str) -> int | tuple[int, ...] | None:
    if caller in ("no token", "bad token"):
        return 401
    role = "seeker" if caller.startswith("seeker") else caller
    if role not in endpoint.allowed:
        return 403
    if caller == "seeker (other)" and "{seeker}" in endpoint.path:
        return (403, 404)
    return endpoint.success


@pytest.mark.parametrize("endpoint", ALL_ENDPOINTS, ids=str)
def test_role_matrix(app, client, world, subtests, endpoint):
    """Every caller against this endpoint, one subtest each. Staff goes last: only staff may
    write, and every refused call is checked to write nothing, so all callers see the same world."""
    if not _serves(app, endpoint.method, endpoint.path.format(**{k: 1 for k in world["ids"]})):
        pytest.skip(f"{endpoint} is not served yet")
    for caller in sorted(CALLERS, key=lambda c: c == "staff"):
        with subtests.test(caller=caller):
            _check(app, client, world, endpoint, caller)


def _check(app, client, world, endpoint: Endpoint, caller: str) -> None:
    path = endpoint.path.format(**world["ids"])
    body = endpoint.body(world["ids"]) if endpoint.body else None
    before = row_counts(app)

    with client.open(path, method=endpoint.method, json=body, headers=world["headers"][caller]) as response:
        _check_answer(app, world, endpoint, caller, response, before)


def _check_answer(app, world, endpoint: Endpoint, caller: str, response, before: dict) -> None:
    expected = _expected(endpoint, caller)
    if expected is None:
        assert response.status_code not in (401, 403) and response.status_code < 500, response.get_data(as_text=True)
        return
    if isinstance(expected, int) and expected < 300:
        assert response.status_code == expected, response.get_data(as_text=True)
        if endpoint.method == "GET" and response.is_json:
            assert response.json and "code" not in response.json
        elif endpoint.method == "GET":
            assert response.get_data(), "an empty download"
        return
    allowed = expected if isinstance(expected, tuple) else (expected,)
    assert response.status_code in allowed, response.get_data(as_text=True)
    error = response.json
    assert error["code"] == response.status_code and error["status"] and error["message"]
    text = response.get_data(as_text=True)
    assert not [s for s in world["secrets"] if s in text], f"{caller} got another's data: {text}"
    assert row_counts(app) == before, "a refused call wrote to the database"


def test_seekers_own_token_reads_only_its_own_record_masked(client, world):
    ids, headers = world["ids"], world["headers"]
    own = client.get(f"/api/v1/seekers/{ids['seeker']}", headers=headers["seeker (own)"])
    assert own.status_code == 200 and own.json["full_name"] == OWN_NAME
    full_nik = world["secrets"][2]
    assert own.json["nik"] == full_nik[:4] + "********" + full_nik[12:]
    assert full_nik not in own.get_data(as_text=True)
    # The other seeker reaches their own record with their own token, and only that.
    theirs = client.get(f"/api/v1/seekers/{ids['other_seeker']}", headers=headers["seeker (other)"])
    assert theirs.status_code == 200 and theirs.json["full_name"] == "Agus Pratama"
    assert client.get(f"/api/v1/seekers/{ids['other_seeker']}", headers=headers["seeker (own)"]).status_code in (403, 404)


def test_a_seeker_cannot_reach_an_unknown_seeker_id_either(client, world):
    """No probing: an id that does not exist is refused to a seeker just like another's."""
    response = client.get("/api/v1/seekers/987654", headers=world["headers"]["seeker (own)"])
    assert response.status_code in (403, 404)
    assert OWN_NAME not in response.get_data(as_text=True)


def test_a_revoked_token_is_refused(app, client, world):
    from datetime import datetime, timezone

    from service.auth import hash_token
    from service.extensions import db
    from service.models import ApiToken
    token = world["headers"]["seeker (own)"]["Authorization"].split()[1]
    assert client.get(f"/api/v1/seekers/{world['ids']['seeker']}", headers=bearer(token)).status_code == 200
    with app.app_context():
        row = db.session.scalar(db.select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
        row.revoked_at = datetime.now(timezone.utc)
        db.session.commit()
    refused = client.get(f"/api/v1/seekers/{world['ids']['seeker']}", headers=bearer(token))
    assert refused.status_code == 401 and OWN_NAME not in refused.get_data(as_text=True)


@pytest.mark.parametrize("header", ["Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc", "bearer"])
def test_malformed_authorization_headers_get_401(client, header):
    response = client.get("/api/v1/companies", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json["code"] == 401 and response.json["message"]


def test_every_registered_endpoint_is_in_the_matrix(app):
    """A new /api/v1 route must get a row above (with its roles) before it ships."""
    listed = {(e.method, _rule_of(app, e)) for e in ALL_ENDPOINTS if _rule_of(app, e)}
    served = {(method, rule.rule) for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")
              and not rule.rule.endswith("openapi.json")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    missing = sorted(served - listed)
    assert not missing, f"add rows for these to ENDPOINTS in {__file__}: {missing}"


def _rule_of(app, endpoint: Endpoint) -> str | None:
    path = endpoint.path.format(**{k: 1 for k in ("company", "seeker", "vacancy", "training", "need",
                                                   "placement", "other_seeker", "missing", "tkm_group")}).split("?")[0]
    adapter = app.url_map.bind("localhost")
    try:
        rule, _ = adapter.match(path, method=endpoint.method, return_rule=True)
    except Exception:  # noqa: BLE001 - not served
        return None
    return rule.rule
