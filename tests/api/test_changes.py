"""The change feed: exactly what changed after a cursor, in commit order, ids only."""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, event, text

from service import changes
from service.extensions import db
from tests.conftest import BACKEND
from tests.factories import create_company, create_seeker, create_training, create_vacancy, nik, seeker_body
from tests.http import call


def _feed(client, headers, since=None, limit=100):
    query = f"?limit={limit}" + (f"&since={since}" if since is not None else "")
    response = client.get("/api/v1/changes" + query, headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def _seen(body):
    return [(i["entity"], i["id"], i["action"]) for i in body["items"]]


def test_the_feed_lists_each_change_after_the_cursor_once_in_order(client, staff):
    start = _feed(client, staff)
    company = create_company(client, staff)
    seeker = create_seeker(client, staff)
    vacancy = create_vacancy(client, staff, company["id"], openings=1)
    training = create_training(client, staff)
    placed = client.post("/api/v1/placements", headers=staff, json={
        "vacancy_id": vacancy["id"], "seeker_id": seeker["id"], "placed_on": "2023-03-01"}).json
    client.post(f"/api/v1/placements/{placed['id']}/verify", headers=staff)
    client.patch(f"/api/v1/companies/{company['id']}", headers=staff, json={"sector": "C 2229"})
    body = _feed(client, staff, since=start["next"])
    assert _seen(body) == [
        ("company", company["id"], "created"), ("seeker", seeker["id"], "created"),
        ("vacancy", vacancy["id"], "created"), ("training", training["id"], "created"),
        ("vacancy", vacancy["id"], "updated"),  # its only opening was taken
        ("placement", placed["id"], "created"), ("seeker", seeker["id"], "updated"),
        ("placement", placed["id"], "updated"), ("company", company["id"], "updated")]
    cursors = [i["cursor"] for i in body["items"]]
    assert cursors == sorted(cursors) and body["next"] == cursors[-1]
    assert set(body["items"][0]) == {"cursor", "entity", "id", "action", "at"}  # never the record itself
    assert _feed(client, staff, since=body["next"]) == {"items": [], "next": body["next"]}
    paged = _feed(client, staff, since=start["next"], limit=4)
    assert _seen(paged) == _seen(body)[:4] and _seen(_feed(client, staff, since=paged["next"])) == _seen(body)[4:]


def test_a_refused_write_leaves_no_change_and_deletes_are_announced(client, staff):
    company = create_company(client, staff)
    mark = _feed(client, staff, limit=1000)["next"]
    assert client.post("/api/v1/seekers", headers=staff, json={"nik": "123", "full_name": "x",
                                                                "education_level": "SMA"}).status_code == 422
    assert client.delete(f"/api/v1/companies/{company['id']}", headers=staff).status_code == 204
    assert _seen(_feed(client, staff, since=mark)) == [("company", company["id"], "deleted")]


def test_only_staff_read_the_feed_and_bad_cursors_are_refused(client, staff, tkp3d):
    assert client.get("/api/v1/changes").status_code == 401
    assert client.get("/api/v1/changes", headers=tkp3d).status_code == 403
    for query in ("since=-1", "since=abc", "limit=0", "limit=5000"):
        response = client.get("/api/v1/changes?" + query, headers=staff)
        assert response.status_code == 422, query
        assert query.split("=")[0] in response.json["errors"]["query"]


@pytest.mark.skipif(BACKEND != "postgresql", reason="SQLite runs one write transaction at a time anyway")
def test_a_later_cursor_is_never_visible_before_an_earlier_one_commits(app, client, staff, database_url):
    """Transaction A takes its cursor and stalls before COMMIT; B writes after it. The feed must not
    show B's cursor while A's is still to come: a reader past B's would skip A's for ever."""
    mark = _feed(client, staff, limit=1000)["next"]
    a_has_cursor, release_a, b_committed = threading.Event(), threading.Event(), threading.Event()
    a_thread = []

    def stall_a_after_its_insert(conn, cursor, statement, *_):
        taking_cursors = statement.replace('"', "").startswith("INSERT INTO change_log")
        if threading.current_thread() in a_thread and taking_cursors:
            a_has_cursor.set()
            release_a.wait(10)

    def write(company_id, done=None):
        with app.app_context():
            changes.record("company", company_id, "updated")
            db.session.commit()
            db.session.remove()
        if done:
            done.set()

    with app.app_context():
        engine = db.engine
    event.listen(engine, "after_cursor_execute", stall_a_after_its_insert)
    a = threading.Thread(target=write, args=(1,))
    b = threading.Thread(target=write, args=(2, b_committed))
    try:
        a_thread.append(a)
        a.start()
        assert a_has_cursor.wait(10)
        b.start()
        reader = create_engine(database_url)
        with reader.connect() as conn:
            for _ in range(5):
                b.join(0.1)
                visible = conn.execute(text("SELECT entity_id FROM change_log WHERE id > :m AND entity = 'company'"),
                                       {"m": mark}).scalars().all()
                conn.commit()
                assert visible == [] and not b_committed.is_set()
        reader.dispose()
    finally:
        release_a.set()
        for thread in (a, b):
            if thread.is_alive():
                thread.join(10)
        event.remove(engine, "after_cursor_execute", stall_a_after_its_insert)
    assert _seen(_feed(client, staff, since=mark)) == [("company", 1, "updated"), ("company", 2, "updated")]


def test_a_reader_following_next_sees_every_change_once_while_two_workers_write(live_server, staff, clean_database):
    """Parallel writes through gunicorn's two workers, a reader polling the feed meanwhile: what it
    collects, cursor after cursor, is exactly what was written, nothing skipped, nothing twice."""
    _, first = call(live_server, "GET", "/api/v1/changes?limit=1000", staff)
    since, seen, done = first["next"], [], threading.Event()

    def poll():
        nonlocal since
        while True:
            finished = done.is_set()
            _, body = call(live_server, "GET", f"/api/v1/changes?since={since}&limit=50", staff)
            seen.extend((i["cursor"], i["entity"], i["id"], i["action"]) for i in body["items"])
            since = body["next"]
            if finished and not body["items"]:
                return

    def write(i):
        code, company = call(live_server, "POST", "/api/v1/companies", staff, {"name": f"PT Serentak {i}"})
        assert code == 201, company
        code, seeker = call(live_server, "POST", "/api/v1/seekers", staff,
                            seeker_body(nik=nik(serial=8000 + i), full_name=f"Pelamar {i}"))
        assert code == 201, seeker
        return {("company", company["id"]), ("seeker", seeker["id"])}

    reader = threading.Thread(target=poll)
    reader.start()
    with ThreadPoolExecutor(8) as pool:
        written = set().union(*pool.map(write, range(40)))
    done.set()
    reader.join(60)
    assert [c for c, *_ in seen] == sorted({c for c, *_ in seen})  # in order, none twice
    assert {(entity, id_) for _, entity, id_, action in seen if action == "created"} == written
    assert len(seen) == len(written)
