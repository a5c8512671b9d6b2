"""The local-hiring report is cached per worker and per data version: every worker answers a
write made through another at once, and a cached answer is never shared or stale."""
from __future__ import annotations

from datetime import date

from sqlalchemy import insert

from service.extensions import db
from service.models import Company
from service.report_cache import data_version
from service.reports import local_hiring_report
from tests.factories import nik, seeker_body
from tests.http import call

REPORT = "/api/v1/reports/local-hiring?year=2023&breakdowns=company"


def _hire(base, staff, company_id, serial):
    _, seeker = call(base, "POST", "/api/v1/seekers", staff, seeker_body(nik=nik(serial=serial)))
    code, placed = call(base, "POST", "/api/v1/placements", staff, {
        "company_id": company_id, "job_title": "Operator", "seeker_id": seeker["id"], "placed_on": "2023-04-01"})
    assert code == 201, placed
    assert call(base, "POST", f"/api/v1/placements/{placed['id']}/verify", staff)[0] == 200


def test_every_worker_answers_a_write_made_through_another_at_once(live_server, staff, clean_database):
    _, company = call(live_server, "POST", "/api/v1/companies", staff, {"name": "PT Cache Dua"})
    for expected, serial in ((1, 7101), (2, 7102)):
        _hire(live_server, staff, company["id"], serial)
        # Many calls: both gunicorn workers answer some, each from its own cache after the first.
        answers = {call(live_server, "GET", REPORT, staff)[1]["local_hires"] for _ in range(12)}
        assert answers == {expected}
    renamed = call(live_server, "PATCH", f"/api/v1/companies/{company['id']}", staff, {"name": "PT Cache Baru"})
    assert renamed[0] == 200
    labels = {call(live_server, "GET", REPORT, staff)[1]["breakdowns"]["company"][0]["label"] for _ in range(12)}
    assert labels == {"PT Cache Baru"}


def test_a_cached_answer_is_the_callers_own_copy(app, client):
    with app.app_context():
        first = local_hiring_report(date(2023, 1, 1), date(2023, 12, 31))
        first["periods"].clear()
        assert len(local_hiring_report(date(2023, 1, 1), date(2023, 12, 31))["periods"]) == 12


def test_bulk_statements_and_orm_writes_move_the_version_and_a_rollback_does_not(app, client):
    with app.app_context():
        before = data_version()
        db.session.add(Company(name="PT Dibatalkan"))
        db.session.flush()
        db.session.rollback()
        assert data_version() == before
        db.session.execute(insert(Company), [{"name": "PT Sekaligus"}])
        db.session.commit()
        bulk = data_version()
        assert bulk > before
        db.session.add(Company(name="PT Satu Satu"))
        db.session.commit()
        assert data_version() > bulk
