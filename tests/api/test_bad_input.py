"""Bad input to every create (and correct) endpoint: a 4xx naming the field, nothing written, never a 500.

Each case is (field, value, why). The body is a valid one with that field replaced (or added, for
unknown fields); the answer must be 4xx in the contract's error shape with the field under
errors.json, and every table must hold exactly the rows it held before.
"""
from __future__ import annotations

import pytest

from tests.factories import (create_company, create_placement, create_seeker, create_training, create_vacancy,
                             need_body, nik, row_counts, seeker_body, training_body)

HUGE = 10 ** 30
LONG = "x" * 10_000
SQL = "1'; DROP TABLE seekers; --"
HTML = "<script>alert(1)</script>"
MISSING = object()  # drop the field from the valid body

# Shared by every endpoint: the field is named in the error.
COMMON = [("unknown_field", 1, "unknown field"), ("id", 5, "id is not writable"),
          ("created_at", "2023-01-01T00:00:00", "read-only field")]

CREATE_CASES = {
    "/api/v1/companies": (lambda r: {"name": "PT Sinar Presisi", "district": "Cikarang Utara"}, [
        ("name", "", "empty"), ("name", "   ", "blank"), ("name", LONG, "10,000 characters"),
        ("name", 5, "wrong type"), ("name", None, "null"), ("name", ["PT A"], "list"), ("name", MISSING, "missing"),
        ("name", "PT\x00A", "NUL"), ("district", LONG, "too long"), ("sector", {"a": 1}, "object"),
        ("contact_email", "not-an-email", "not an email"), ("contact_email", HTML, "HTML as email"),
        ("contact_phone", LONG, "too long"),
        ("commitments", [{"year": 2023, "local_hires": HUGE}], "huge number"),
        ("commitments", [{"year": "2023", "local_hires": 5}], "year as string"),
        ("commitments", [{"year": 1800, "local_hires": 5}], "year out of range"),
        ("commitments", "many", "not a list"),
    ]),
    "/api/v1/seekers": (lambda r: seeker_body(nik=nik(serial=4321)), [
        ("nik", "", "empty"), ("nik", "3216013002950001", "NIK with 30 February"),
        ("nik", "3216011506950000", "serial 0000"), ("nik", "9916011506950001", "no such province"),
        ("nik", SQL, "SQL"), ("nik", 3216011506950001, "number, not string"), ("nik", LONG, "10,000 characters"),
        ("nik", MISSING, "missing"), ("full_name", "", "empty"), ("full_name", LONG, "10,000 characters"),
        ("education_level", "Sarjana", "not a level"), ("education_level", SQL, "SQL"),
        ("education_level", HTML, "HTML"), ("birth_date", "1995-02-30", "no such date"),
        ("birth_date", "15-06-1995", "wrong format"), ("birth_date", "1995-06-16", "contradicts the NIK"),
        ("gender", "male", "not M/F"), ("gender", "F", "contradicts the NIK"), ("phone", HTML, "HTML"),
        ("phone", SQL, "SQL"), ("ktp_regency_code", "32;--", "SQL-ish"), ("ktp_regency_code", 3216, "number"),
        ("skills", "operator bubut", "not a list"), ("skills", [LONG], "10,000-character skill"),
        ("skills", [None], "null skill"), ("skills", ["las"] * 51, "too many"), ("consent", "yes", "not boolean"),
    ]),
    "/api/v1/vacancies": (lambda r: {"company_id": r["company"], "title": "Operator Bubut", "openings": 2,
                                     "required_skills": ["mesin bubut"]}, [
        ("company_id", str(1), "string id"), ("company_id", HUGE, "huge"), ("company_id", 0, "zero"),
        ("company_id", 987654, "no such company"), ("company_id", 1.5, "fraction"), ("company_id", True, "boolean"),
        ("title", "", "empty"), ("title", LONG, "10,000 characters"), ("title", MISSING, "missing"),
        ("openings", 0, "zero"), ("openings", -3, "negative"), ("openings", HUGE, "huge"), ("openings", "3", "string"),
        ("openings", 2.5, "fraction"), ("required_skills", [], "empty list"),
        ("required_skills", "mesin bubut", "not a list"), ("required_skills", [""], "blank skill"),
        ("required_skills", [LONG], "10,000-character skill"),
        ("required_skills", [{"text": "las", "essential": "ya"}], "essential not boolean"),
        ("required_skills", [{"text": "las", "weight": 2}], "unknown key"),
        ("closes_on", "2023-02-30", "no such date"), ("closes_on", SQL, "SQL"),
        ("min_education", "<b>SMK</b>", "HTML"), ("gender", "X", "not M/F"), ("min_age", 13, "too young"),
        ("wage_min", HUGE, "huge"), ("wage_max", 1e308, "float"), ("min_experience_years", -1, "negative"),
        ("description", LONG, "10,000 characters"),
    ]),
    "/api/v1/trainings": (lambda r: training_body(), [
        ("name", "", "empty"), ("name", LONG, "10,000 characters"), ("provider", MISSING, "missing"),
        ("provider_type", HTML, "HTML"), ("competencies", [], "empty list"), ("competencies", [""], "blank"),
        ("competencies", "bubut", "not a list"), ("seats", 0, "zero"), ("seats", HUGE, "huge"),
        ("seats", "16", "string"), ("starts_on", "2023-02-30", "no such date"),
        ("ends_on", "2023-07-01", "before starts_on"), ("min_education", "SLTA", "not a level"),
    ]),
    "/api/v1/competency-needs": (lambda r: need_body(r["company"]), [
        ("company_id", 987654, "no such company"), ("company_id", HUGE, "huge"), ("company_id", "1", "string"),
        ("competency", "", "empty"), ("competency", LONG, "10,000 characters"), ("headcount", 0, "zero"),
        ("headcount", HUGE, "huge"), ("period_start", "2023-02-30", "no such date"),
        ("period_end", "2022-12-31", "before period_start"), ("period_end", MISSING, "missing"),
    ]),
    "/api/v1/placements": (lambda r: {"vacancy_id": r["vacancy"], "seeker_id": r["seeker"],
                                      "placed_on": "2023-03-01"}, [
        ("seeker_id", MISSING, "missing"), ("seeker_id", 987654, "no such seeker"), ("seeker_id", HUGE, "huge"),
        ("seeker_id", "1", "string"), ("vacancy_id", 987654, "no such vacancy"), ("vacancy_id", HUGE, "huge"),
        ("vacancy_id", MISSING, "neither vacancy nor company and title"), ("placed_on", "2023-02-30", "no such date"),
        ("placed_on", "", "empty"), ("placed_on", "01/03/2023", "wrong format"), ("placed_on", SQL, "SQL"),
        ("note", LONG, "10,000 characters"),
    ]),
}

class _Refs(dict):
    """Records the bodies refer to, made on first use only: a company, a vacancy with one
    opening left, a seeker (most cases need none of them, and the suite must stay fast)."""

    def __init__(self, client, staff):
        super().__init__()
        self.client, self.staff = client, staff

    def __missing__(self, key):
        if key == "company":
            self[key] = create_company(self.client, self.staff)["id"]
        elif key == "vacancy":
            self[key] = create_vacancy(self.client, self.staff, self["company"], openings=1)["id"]
        elif key == "seeker":
            self[key] = create_seeker(self.client, self.staff)["id"]
        else:
            raise KeyError(key)
        return self[key]


@pytest.fixture
def refs(client, staff):
    return _Refs(client, staff)


def _refused(app, client, headers, method, path, body, field, *, raw: str | None = None):
    """Send the call; check the 4xx names the field and nothing was written. Returns the answer."""
    before = row_counts(app)
    if raw is not None:
        response = client.open(path, method=method, data=raw, content_type="application/json", headers=headers)
    else:
        response = client.open(path, method=method, json=body, headers=headers)
    assert 400 <= response.status_code < 500, (response.status_code, response.get_data(as_text=True)[:500])
    error = response.json
    assert error["code"] == response.status_code and error["status"] and error["message"]
    if field:
        assert field in error["errors"]["json"], error
    assert row_counts(app) == before, "a refused request wrote to the database"
    return response


@pytest.mark.parametrize("path", list(CREATE_CASES))
def test_bad_field_on_create_is_refused_naming_it(app, client, staff, refs, subtests, path):
    """One subtest per (field, value): refused calls write nothing, so they can share one database."""
    make_body, cases = CREATE_CASES[path]
    for field, value, why in cases + COMMON:
        with subtests.test(field=field, why=why):
            body = make_body(refs)
            if value is MISSING:
                body.pop(field)
            else:
                body[field] = value
            _refused(app, client, staff, "POST", path, body, field)
    # The cases each changed one field of this body: it must itself be fine.
    response = client.post(path, json=make_body(refs), headers=staff)
    assert response.status_code == 201, response.json


def test_malformed_json_is_400_and_writes_nothing(app, client, staff, subtests):
    for path in [*CREATE_CASES, "/api/v1/targets/2023"]:
        for raw in ['{"name": "PT A",', "{'name': 'PT A'} trailing"]:
            with subtests.test(path=path, raw=raw):
                method = "PUT" if "targets" in path else "POST"
                response = _refused(app, client, staff, method, path, None, None, raw=raw)
                assert response.status_code == 400 and "JSON" in response.json["message"]


def test_json_that_is_not_an_object_is_refused(app, client, staff, subtests):
    for path in CREATE_CASES:
        for raw in ['[{"name": "PT A"}]', "null", "42"]:
            with subtests.test(path=path, raw=raw):
                _refused(app, client, staff, "POST", path, None, None, raw=raw)


def test_bad_target_is_refused(app, client, staff, subtests):
    for value in (-1, HUGE, "12000", None, 1.5, MISSING):
        with subtests.test(value=value):
            body = {} if value is MISSING else {"local_hires_target": value}
            _refused(app, client, staff, "PUT", "/api/v1/targets/2023", body, "local_hires_target")
    for path in ("/api/v1/targets/1999", "/api/v1/targets/2101", "/api/v1/targets/abcd"):
        with subtests.test(path=path):
            assert _refused(app, client, staff, "PUT", path, {"local_hires_target": 5}, None).status_code == 404
    assert client.get("/api/v1/reports/local-hiring?year=2023", headers=staff).json["target"] is None


PATCH_CASES = [
    ("companies", "company", {"name": ""}, "name"), ("companies", "company", {"name": None}, "name"),
    ("companies", "company", {"contact_email": HTML}, "contact_email"),
    ("seekers", "seeker", {"nik": "3216011506950000"}, "nik"), ("seekers", "seeker", {"gender": "F"}, "gender"),
    ("seekers", "seeker", {"status": "hired"}, "status"), ("seekers", "seeker", {"full_name": LONG}, "full_name"),
    ("vacancies", "vacancy", {"openings": HUGE}, "openings"), ("vacancies", "vacancy", {"status": "filled"}, "status"),
    ("vacancies", "vacancy", {"min_age": 40, "max_age": 20}, "max_age"),
    ("vacancies", "vacancy", {"company_id": 987654}, "company_id"),
    ("vacancies", "vacancy", {"closes_on": "2023-02-29"}, "closes_on"),
    ("trainings", "training", {"seats": 0}, "seats"), ("trainings", "training", {"ends_on": "2020-01-01"}, "ends_on"),
    ("competency-needs", "need", {"period_start": None}, "period_start"),
    ("competency-needs", "need", {"period_end": "2020-01-01"}, "period_end"),
    ("competency-needs", "need", {"company_id": 987654}, "company_id"),
]


def test_bad_correction_is_refused_and_changes_nothing(app, client, staff, refs, subtests):
    refs["training"] = create_training(client, staff)["id"]
    refs["need"] = client.post("/api/v1/competency-needs", json=need_body(refs["company"]), headers=staff).json["id"]
    for resource, key, body, field in PATCH_CASES:
        with subtests.test(resource=resource, body=str(body)[:60]):
            path = f"/api/v1/{resource}/{refs[key]}"
            before = client.get(path, headers=staff).json
            _refused(app, client, staff, "PATCH", path, body, field)
            assert client.get(path, headers=staff).json == before


def test_openings_cannot_drop_below_the_seats_placements_hold(app, client, staff, refs):
    vacancy = create_vacancy(client, staff, refs["company"], openings=2)
    create_placement(client, staff, vacancy["id"], refs["seeker"])
    create_placement(client, staff, vacancy["id"], create_seeker(client, staff)["id"])
    _refused(app, client, staff, "PATCH", f"/api/v1/vacancies/{vacancy['id']}", {"openings": 1}, "openings")


LISTS = ["/api/v1/companies", "/api/v1/seekers", "/api/v1/vacancies", "/api/v1/trainings", "/api/v1/competency-needs",
         "/api/v1/placements"]


def test_bad_list_arguments_are_422_naming_them(client, staff, subtests):
    queries = [("limit=0", "limit"), ("limit=abc", "limit"), (f"limit={HUGE}", "limit"), ("offset=-1", "offset"),
               (f"offset={HUGE}", "offset"), (f"q={LONG}", "q")]
    for path in LISTS:
        for query, field in queries:
            if field == "q" and path in ("/api/v1/competency-needs", "/api/v1/placements"):
                continue  # these lists take no q
            with subtests.test(path=path, query=query[:20]):
                response = client.get(f"{path}?{query}", headers=staff)
                assert response.status_code == 422, response.json
                assert field in response.json["errors"]["query"]
    for query, field in [("status=hired", "status"), (f"seeker_id={HUGE}", "seeker_id"), ("vacancy_id=0", "vacancy_id"),
                         (f"company_id={HUGE}", "company_id")]:
        with subtests.test(path="/api/v1/placements", query=query[:20]):
            response = client.get(f"/api/v1/placements?{query}", headers=staff)
            assert response.status_code == 422 and field in response.json["errors"]["query"]


def test_unknown_and_impossible_ids_in_paths_are_404(client, staff, subtests):
    for path in LISTS:
        for ident in (987654, HUGE, 0):
            with subtests.test(path=path, ident=ident):
                response = client.get(f"{path}/{ident}", headers=staff)
                assert response.status_code == 404 and response.json["code"] == 404 and response.json["message"]
    for path in ("/api/v1/seekers/-1", "/api/v1/seekers/abc", "/api/v1/nowhere"):
        with subtests.test(path=path):
            response = client.get(path, headers=staff)
            assert response.status_code == 404 and response.json["code"] == 404 and response.json["message"]


def test_a_method_the_path_does_not_take_is_405_in_the_error_shape(client, staff):
    response = client.delete("/api/v1/companies", headers=staff)
    assert response.status_code == 405 and response.json["code"] == 405 and response.json["message"]


def test_sql_and_html_in_free_text_are_stored_verbatim_and_harm_nothing(app, client, staff):
    """Free text may hold any characters (a company may be "PT A&B <Tbk>"): it is kept exactly as
    sent, the tables survive, and JSON carries it back as data, never as markup or SQL."""
    company = create_company(client, staff, name=SQL, district=HTML, address="Jl. O'Brien No. 1 -- Blok \"C\"")
    seeker = create_seeker(client, staff, full_name=HTML, skills=[SQL, "las <b>SMAW</b>"])
    read = client.get(f"/api/v1/companies/{company['id']}", headers=staff).json
    assert (read["name"], read["district"], read["address"]) == (SQL, HTML, "Jl. O'Brien No. 1 -- Blok \"C\"")
    assert client.get(f"/api/v1/seekers/{seeker['id']}", headers=staff).json["skills"] == [SQL, "las <b>SMAW</b>"]
    assert client.get("/api/v1/seekers", headers=staff).json["total"] == 1
    found = client.get("/api/v1/companies", query_string={"q": "DROP TABLE"}, headers=staff).json
    assert [c["id"] for c in found["items"]] == [company["id"]]
    assert client.get("/api/v1/companies", query_string={"q": "' OR '1'='1"}, headers=staff).json["total"] == 0
    assert row_counts(app)["seekers"] == 1
