"""Lists load in a constant number of queries, however many rows a page holds (no query per row)."""
from contextlib import contextmanager
from datetime import date

from sqlalchemy import event

from service.extensions import db
from service.models import Certification
from tests.factories import (create_company, create_need, create_placement, create_seeker, create_training,
                             create_vacancy)

API_LISTS = ["/api/v1/seekers?limit=100", "/api/v1/placements?limit=100", "/api/v1/referrals?limit=100",
             "/api/v1/vacancies?limit=100", "/api/v1/competency-needs?limit=100", "/api/v1/companies?limit=100",
             "/api/v1/trainings?limit=100", "/api/v1/tkm-groups?limit=100", "/api/v1/tkm-mentors?limit=100"]
PAGES = ["/staf/pencaker", "/staf/penempatan?status=semua", "/staf/rujukan?status=semua", "/staf/lowongan?status=semua",
         "/staf/kebutuhan", "/staf/perusahaan", "/staf/pelatihan", "/staf/tkm", "/staf/tkm/pendamping"]


@contextmanager
def counted(app):
    """The statements the database receives meanwhile."""
    statements = []
    with app.app_context():
        engine = db.engine

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _add_rows(app, client, staff, n: int) -> None:
    """n more of everything a list shows, each row with the related rows its list displays."""
    for _ in range(n):
        company = create_company(client, staff, commitments=[{"year": 2023, "local_hires": 5}])
        seeker = create_seeker(client, staff)
        vacancy = create_vacancy(client, staff, company["id"])
        create_placement(client, staff, vacancy["id"], seeker["id"])
        training = create_training(client, staff, starts_on=None, ends_on=None)
        assert client.post("/api/v1/referrals", headers=staff, json={
            "seeker_id": seeker["id"], "training_id": training["id"], "status": "referred"}).status_code == 201
        create_need(client, staff, company["id"])
        # A TKM group with a mentor, an incubator, a member and a report: each shown in the group lists.
        mentor = client.post("/api/v1/tkm-mentors", headers=staff, json={
            "name": "Pendamping", "login": f"tks.{seeker['id']}"}).json
        incubator = client.post("/api/v1/tkm-incubators", headers=staff, json={"name": "BLK Komunitas"}).json
        group = client.post("/api/v1/tkm-groups", headers=staff, json={
            "name": "KUB", "kind": "pemula", "business_field": "konveksi", "mentor_id": mentor["id"],
            "incubator_id": incubator["id"], "mentor_assigned_on": "2023-01-01"}).json
        member = create_seeker(client, staff)
        assert client.post(f"/api/v1/tkm-groups/{group['id']}/members", headers=staff, json={
            "seeker_id": member["id"], "role": "ketua"}).status_code == 201
        assert client.post(f"/api/v1/tkm-groups/{group['id']}/reports", headers=staff, json={
            "month": "2023-02", "active_members": 10, "turnover": 1_000_000, "new_workers": 0,
            "obstacles": ["kemasan"]}).status_code == 201
        with app.app_context():
            db.session.add(Certification(seeker_id=seeker["id"], competency_id="lathe", certified_on=date(2023, 1, 1)))
            db.session.commit()


def _queries(app, get, path) -> int:
    with counted(app) as statements:
        response = get(path)
    assert response.status_code == 200, path
    return len(statements)


def test_every_list_costs_the_same_queries_for_2_rows_as_for_8(app, client, staff, staff_web):
    _add_rows(app, client, staff, 2)
    few = {p: _queries(app, lambda p: client.get(p, headers=staff), p) for p in API_LISTS}
    few_pages = {p: _queries(app, staff_web.get, p) for p in PAGES}
    _add_rows(app, client, staff, 6)
    many = {p: _queries(app, lambda p: client.get(p, headers=staff), p) for p in API_LISTS}
    many_pages = {p: _queries(app, staff_web.get, p) for p in PAGES}
    assert many == few
    assert many_pages == few_pages
    assert max(many.values()) <= 8, many          # token, count, page, and one per related table shown
