"""Every form that writes, given bad input field by field (10,000-character text, negative numbers,
impossible dates, choices not on the list): the answer is a 4xx page whose message beside that
field is in Indonesian, what was typed is kept, and not one row of the database changed."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from service import skills
from service.extensions import db
from tests.factories import create_company, create_placement, create_seeker, create_training, create_vacancy, nik
from tests.web.conftest import WebClient

LONG = "x" * 10_000
ENGLISH = re.compile(r"\b(must|Must|Length|Not a valid|Missing|Invalid|field|Unknown|greater|less than|"
                     r"required|None|null)\b")
CHOICES = {"education_level", "status", "district", "provider_type", "competency_id", "company_id", "min_education",
           "kind", "mentor_id", "incubator_id", "obstacles", "role"}
# Fields whose message stands beside the group they belong to.
SHOWN_AT = {"commitment_hires_0": "commitments", "commitment_year_0": "commitments", "essential_skills": "required_skills"}
FUTURE = (date.today() + timedelta(days=30)).isoformat()


# Written by each worker when it first reads the taxonomy and re-reads skills (service/rereads.py), never by a form.
# audit_log: a refused form still shows the person's record again, and that read is rightly noted
# (web_sessions: the session's last-seen time may move while the forms are sent).
BACKGROUND = {"skill_rereads", "taxonomy_releases", "audit_log", "web_sessions"}


def _snapshot(app) -> dict:
    """Every row of every table: 'nothing was written' compares all of it."""
    with app.app_context():
        out = {t.name: sorted(map(repr, db.session.execute(select(t)).all())) for t in db.metadata.sorted_tables
               if t.name not in BACKGROUND}
        db.session.rollback()
    return out


def _forms(ids: dict) -> list[tuple[str, dict, dict]]:
    """(path, a valid form, {field: [bad values]}) for each form that writes."""
    seeker = {"full_name": "Sari", "education_level": "SMK", "skills": "menjahit", "phone": "0812", "district": ""}
    company = {"name": "PT Baru Sekali", "sector": "C 1412", "district": "32.16.18", "address": "Jl. Raya",
               "contact_name": "Bu Ani", "contact_phone": "021", "contact_email": "hrd@baru.example",
               "commitment_year_0": "2025", "commitment_hires_0": "5"}
    vacancy = {"company_id": str(ids["company"]), "title": "Penjahit", "openings": "2", "essential_skills": "menjahit",
               "optional_skills": "", "work_location": "Setu", "closes_on": FUTURE, "min_age": "18", "max_age": "40",
               "wage_min": "4.000.000", "wage_max": "5.000.000", "description": "Menjahit kemeja"}
    text = [LONG]
    return [
        ("/staf/pencaker/baru", {**seeker, "nik": nik(serial=9100)},
         {"nik": ["123", LONG], "full_name": text, "education_level": ["S9"], "skills": [LONG],
          "phone": ["telepon", LONG], "birth_date": ["2023-02-30", "15-06-1995"], "district": ["Kota Antah"],
          "ktp_regency_code": ["32"]}),
        (f"/staf/pencaker/{ids['seeker']}", {**seeker, "ktp_regency_code": "3216", "status": "active"},
         {"full_name": text, "education_level": ["S9"], "phone": [LONG], "status": ["hilang"], "district": ["x"]}),
        ("/staf/perusahaan/baru", company,
         {"name": text, "sector": text, "address": text, "contact_email": ["bukan email", LONG],
          "commitment_hires_0": ["-5"], "commitment_year_0": ["1800"], "district": ["Kota Antah"]}),
        (f"/staf/perusahaan/{ids['company']}/ubah", company, {"name": text, "contact_phone": text}),
        ("/staf/lowongan/baru", vacancy,
         {"title": text, "openings": ["-5", "0", "9" * 20], "essential_skills": [LONG], "closes_on": ["2023-02-30",
          "2020-01-31"], "min_age": ["-5"], "max_age": ["10"], "wage_min": ["-1"], "description": [LONG * 2],
          "company_id": ["999999"]}),
        (f"/staf/lowongan/{ids['vacancy']}/ubah", vacancy, {"title": text, "openings": ["-5"], "closes_on": ["2019-12-31"]}),
        ("/staf/kebutuhan", {"company_id": str(ids["company"]), "competency": "menjahit", "headcount": "3",
                             "period_start": "2025-01-01", "period_end": "2025-12-31"},
         {"competency": text, "headcount": ["-5"], "period_start": ["2025-02-30"], "period_end": ["2024-01-01"]}),
        ("/staf/pelatihan", {"name": "Menjahit", "provider": "BLK", "provider_type": "blk_kabupaten",
                             "competencies": "menjahit", "seats": "10", "starts_on": "2025-01-01",
                             "ends_on": "2025-02-01", "min_education": "", "location": "Cikarang"},
         {"name": text, "seats": ["-5"], "ends_on": ["2024-12-01"], "starts_on": ["2025-13-01"],
          "provider_type": ["entah"], "competencies": [LONG]}),
        ("/staf/keterampilan", {"alias": "jait baju", "competency_id": ids["competency"]},
         {"alias": text, "competency_id": ["tidak_ada"]}),
        (f"/staf/penempatan/{ids['placement']}/tolak", {"reason": "NIK salah"}, {"reason": ["", LONG]}),
        (f"/tkp3d/target?tahun={date.today().year}", {"local_hires_target": "100"},
         {"local_hires_target": ["-5", LONG, ""]}),
        ("/staf/tkm", {"name": "KUB Baru", "kind": "pemula", "business_field": "konveksi", "district": "32.16.18",
                       "address": "Jl. Desa", "assistance_year": "2024", "assistance_amount": "25.000.000"},
         {"name": text, "kind": ["besar"], "business_field": [LONG, ""], "assistance_year": ["1800"],
          "assistance_amount": ["-5"], "district": ["Kota Antah"], "mentor_id": ["999999"],
          "mentor_assigned_on": ["2024-02-30"]}),
        (f"/staf/tkm/{ids['tkm_group']}", {"name": "KUB Lama", "kind": "pemula", "business_field": "konveksi",
                                           "status": "active"},
         {"name": text, "status": ["bubar"], "incubator_id": ["999999"]}),
        (f"/staf/tkm/{ids['tkm_group']}/kunjungan", {"visited_on": date.today().isoformat(), "obstacles": "kemasan",
                                                     "findings": "Baik"},
         {"visited_on": [FUTURE, "2024-02-30"], "obstacles": ["cuaca"], "findings": [LONG]}),
        (f"/staf/tkm/{ids['tkm_group']}/anggota", {"nik": ids["seeker_nik"], "role": "anggota"},
         {"nik": ["3216011506950999", LONG], "role": ["bos"]}),
        ("/staf/tkm/pendamping", {"jenis": "pendamping", "name": "Citra", "login": "tks.citra", "phone": "0812"},
         {"name": text, "login": ["a b", LONG], "phone": [LONG]}),
    ]


@pytest.fixture
def office(app, client, staff):
    company = create_company(client, staff, name="PT Tetap Sama")
    vacancy = create_vacancy(client, staff, company["id"], openings=3)
    seeker = create_seeker(client, staff, full_name="Tetap Sama")
    placement = create_placement(client, staff, vacancy["id"], create_seeker(client, staff)["id"],
                                 placed_on=date.today().isoformat())
    create_training(client, staff)
    with app.app_context():
        competency_id = skills.list_competencies()[0]["id"]
    group = client.post("/api/v1/tkm-groups", headers=staff, json={
        "name": "KUB Lama", "kind": "pemula", "business_field": "konveksi"}).json
    return {"tkm_group": group["id"], "seeker_nik": seeker["nik"],
            "company": company["id"], "vacancy": vacancy["id"], "seeker": seeker["id"],
            "placement": placement["id"], "competency": competency_id, "seeker_body": seeker}


def test_every_staff_form_refuses_bad_input_in_indonesian_beside_the_field_and_writes_nothing(
        app, staff_web, office):
    for path, good, bad_fields in _forms(office):
        for field, values in bad_fields.items():
            for value in values:
                before = _snapshot(app)
                response = staff_web.post(path, {**good, field: value})
                html = response.get_data(as_text=True)
                where = f"{path} {field}={value[:20]!r}"
                assert 400 <= response.status_code < 500, where
                message = re.search(rf'id="{SHOWN_AT.get(field, field)}-error">([^<]+)<', html)
                assert message, f"{where}: no message beside the field"
                assert not ENGLISH.search(message.group(1)), f"{where}: {message.group(1)!r}"
                if len(value) < 1000 and value and field not in CHOICES:
                    assert value.replace("&", "&amp;") in html, f"{where}: what was typed is lost"
                assert _snapshot(app) == before, f"{where}: something was written"


def test_the_seekers_own_form_refuses_bad_input_the_same_way(app, office):
    seeker = office["seeker_body"]
    phone = WebClient(app.test_client())
    phone.seeker_sign_in(seeker["nik"], seeker["access_code"])
    good = {"phone": "0812", "district": "32.16.18", "education_level": "SMK", "skills": "menjahit"}
    for field, value in (("phone", LONG), ("phone", "nomor saya"), ("education_level", "S9"), ("skills", LONG),
                         ("district", "Kota Antah")):
        before = _snapshot(app)
        response = phone.post("/saya/data", {**good, field: value})
        message = re.search(rf'id="{field}-error">([^<]+)<', response.get_data(as_text=True))
        assert response.status_code == 422 and message and not ENGLISH.search(message.group(1)), (field, value[:20])
        assert _snapshot(app) == before
