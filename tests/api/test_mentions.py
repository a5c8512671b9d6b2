"""Skills as stored data: the mentions written with each record equal what the normaliser reads, an
alias re-reads exactly the records it can change, and a worker that missed changes catches up."""
import pytest
from sqlalchemy import select

from matching.stored import as_row
from service import create_app, rereads, skills
from service.extensions import db
from service.matches import worker_index
from service.models import ChangeLog, SkillMention
from tests.factories import create_company, create_seeker, create_vacancy

TEXTS = ["tkg bubut 3 thn", "ngelas pipa dan jahit", "pawang hujan", "disiplin", "Operator Forklift (bersertifikat)",
         "op. cnc / baca gambar", "(2 thn)"]


def _stored(app, column, owner_id) -> dict[int, list[dict]]:
    with app.app_context():
        rows = db.session.scalars(select(SkillMention).where(column == owner_id)
                                  .order_by(SkillMention.entry, SkillMention.id)).all()
        out: dict[int, list[dict]] = {}
        for r in rows:
            out.setdefault(r.entry, []).append({k: getattr(r, k) for k in as_row(_any_mention())})
        db.session.rollback()
        return out


def _any_mention():
    from matching.normalise import Mention
    return Mention("x", None, 0.0, "unknown")


def _read(app, texts) -> dict[int, list[dict]]:
    with app.app_context():
        normaliser = skills.normaliser()
        db.session.rollback()
        return {i: [as_row(m) for m in normaliser.mentions(t)] for i, t in enumerate(texts) if normaliser.mentions(t)}


def _versions(app, seeker_ids) -> dict[int, set[str]]:
    with app.app_context():
        rows = db.session.execute(select(SkillMention.seeker_id, SkillMention.version)
                                  .where(SkillMention.seeker_id.in_(seeker_ids))).all()
        db.session.rollback()
    out: dict[int, set[str]] = {i: set() for i in seeker_ids}
    for seeker_id, version in rows:
        out[seeker_id].add(version)
    return out


def test_stored_mentions_are_what_the_normaliser_reads(app, client, staff):
    seeker = create_seeker(client, staff, skills=TEXTS)
    assert _stored(app, SkillMention.seeker_id, seeker["id"]) == _read(app, TEXTS)
    changed = ["juru masak", "mesin bubut"]
    assert client.patch(f"/api/v1/seekers/{seeker['id']}", json={"skills": changed}, headers=staff).status_code == 200
    assert _stored(app, SkillMention.seeker_id, seeker["id"]) == _read(app, changed)
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"], required_skills=["mesin bubut", {"text": "disiplin",
                                                                                             "essential": False}])
    assert _stored(app, SkillMention.vacancy_id, vacancy["id"]) == _read(app, ["mesin bubut", "disiplin"])


def test_a_refused_registration_stores_no_mentions(app, client, staff):
    first = create_seeker(client, staff, skills=["tukang las"])
    again = client.post("/api/v1/seekers", headers=staff,
                        json={"nik": first["nik"], "full_name": "Dua", "education_level": "SMK", "skills": ["las"]})
    assert again.status_code == 409
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(SkillMention)) == 1
        db.session.rollback()


def test_an_alias_rereads_exactly_the_seekers_it_can_change(app, client, staff):
    rain = create_seeker(client, staff, skills=["pawang hujan"])                  # unknown: the alias's words
    storm = create_seeker(client, staff, skills=["tukang bubut", "jaga hujan deras"])  # shares "hujan"
    lathe = create_seeker(client, staff, skills=["operator bubut"])               # read exactly: untouched
    flowers = create_seeker(client, staff, skills=["merangkai bunga"])            # unknown, no shared word
    ids = [s["id"] for s in (rain, storm, lathe, flowers)]
    before = _versions(app, ids)
    assert client.post("/api/v1/skills/aliases", json={"alias": "pawang hujan", "competency_id": "security_guard"},
                       headers=staff).status_code == 201
    (job,) = client.get("/api/v1/skills/rereads", headers=staff).json["items"]
    assert (job["status"], job["words"], job["done"]) == ("pending", ["hujan", "pawang"], 0)
    with app.app_context():                  # every worker learns of the alias through change_log
        assert db.session.scalar(select(ChangeLog.entity).order_by(ChangeLog.id.desc()).limit(1)) == "alias"
        db.session.rollback()
    with app.app_context():
        assert rereads.run_pending() == 1
    after = _versions(app, ids)
    reread = {i for i in ids if after[i] != before[i]}
    assert reread == {rain["id"], storm["id"]}
    (job,) = client.get("/api/v1/skills/rereads", headers=staff).json["items"]
    assert (job["status"], job["total"], job["done"], job["changed"], job["percent"]) == ("done", 2, 2, 2, 100.0)
    read = _stored(app, SkillMention.seeker_id, rain["id"])[0]
    assert [(m["competency_id"], m["method"]) for m in read] == [("security_guard", "exact")]
    assert _stored(app, SkillMention.seeker_id, storm["id"]) == _read(app, ["tukang bubut", "jaga hujan deras"])
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"], title="Satpam", required_skills=["satpam"])
    found = client.get(f"/api/v1/vacancies/{vacancy['id']}/matches", headers=staff).json["items"]
    # storm's "jaga hujan deras" is only a guess now (a suggestion): no credit until staff confirm it
    assert [m["seeker_id"] for m in found] == [rain["id"]]
    assert found[0]["matched"][0]["how"] == "exact"


def test_a_worker_that_missed_changes_catches_up(app, database_url, client, staff):
    """Two app instances on one database, as two gunicorn workers or machines: the second builds
    its index, misses an update, a registration, an alias and its re-reading, then catches up."""
    other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SKILL_REREAD_THREAD": False})
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"], title="Satpam", required_skills=["satpam"])
    rainmaker = create_vacancy(client, staff, company["id"], title="Pawang Hujan", required_skills=["pawang hujan"])
    lathe = create_seeker(client, staff, skills=["operator bubut"])
    rain = create_seeker(client, staff, skills=["pawang hujan"])
    with other.app_context():
        engine = worker_index().current()
        assert engine.seeker_count == 2
        db.session.rollback()
    client.patch(f"/api/v1/seekers/{lathe['id']}", json={"skills": ["security"]}, headers=staff)
    guard = create_seeker(client, staff, skills=["satpam"])
    client.post("/api/v1/skills/aliases", json={"alias": "pawang hujan", "competency_id": "security_guard"}, headers=staff)
    with app.app_context():
        rereads.run_pending()
    with other.test_client() as other_client:
        found = other_client.get(f"/api/v1/vacancies/{vacancy['id']}/matches", headers=staff).json["items"]
        # the vacancy written before the alias is read with it too
        for_rain = other_client.get(f"/api/v1/vacancies/{rainmaker['id']}/matches", headers=staff).json["items"]
    assert sorted(m["seeker_id"] for m in found) == sorted([lathe["id"], rain["id"], guard["id"]])
    assert {m["matched"][0]["how"] for m in for_rain} == {"exact"} and rain["id"] in [m["seeker_id"] for m in for_rain]
    with other.app_context():
        assert worker_index().current().seeker_count == 3
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("words_only", [True, False])
def test_a_new_shipped_taxonomy_queues_a_rereading(app, client, staff, words_only):
    """A release that changes only taxonomy files re-reads what its changed aliases reach; one
    that changes the reading code re-reads everything not yet read by it."""
    from matching import stored
    from service.models import SkillReread, TaxonomyRelease
    seeker = create_seeker(client, staff, skills=["operator bubut"])
    with app.app_context():
        rereads.record_release()
        release = db.session.get(TaxonomyRelease, skills.shipped())
        aliases = dict(release.aliases)
        aliases.pop("operator bubut", None)                     # the last release lacked this alias
        db.session.delete(release)
        db.session.add(TaxonomyRelease(version="previous", code_version=stored.code_version() if words_only else "old",
                                       aliases=aliases))
        db.session.commit()
        rereads.record_release()
        job = db.session.scalars(select(SkillReread).order_by(SkillReread.id.desc())).first()
        assert job.reason == "taxonomy"
        assert (job.words == ["bubut"]) if words_only else job.words is None
        db.session.commit()
        rereads.run_pending()
        db.session.refresh(job)
        # already read by this release: looked at, not rewritten
        assert (job.status, job.changed) == ("done", 0) and job.done == job.total >= 1
        db.session.rollback()
    assert _stored(app, SkillMention.seeker_id, seeker["id"]) == _read(app, ["operator bubut"])


def test_an_index_built_from_stored_mentions_ranks_as_one_that_reads_the_text(app, client, staff):
    """The worker's index (numbers from the mentions table) against an engine normalising the same
    seekers itself: the same candidates, scores and explanations."""
    from datetime import date

    from matching.engine import MatchEngine
    from matching.profiles import SkillRequirement, VacancyProfile
    from service.matches import base_taxonomy, seeker_profile
    from service.models import Seeker
    pool = [["tkg bubut 3 thn", "rajin"], ["CNC machinist"], ["las listrik", "op forklift"], ["merangkai bunga"],
            ["pawang hujan"], ["juru masak", "disiplin"], ["ngelas pipa dan jahit"], ["mesin bubut"], ["satpam"],
            ["rangkai bunga mawar", "kasir"], ["operator produksi"], ["tukang las argon"]]
    for i in range(36):
        create_seeker(client, staff, skills=pool[i % len(pool)], education_level=["SD", "SMK", "S1", "SMA", "D3"][i % 5],
                      ktp_regency_code="3216" if i % 2 else "3275")
    vacancies = [("mesin bubut", "las"), ("rangkai bunga",), ("welder", "disiplin"), ("satpam", "juru masak")]
    with app.app_context():
        worker = worker_index().current()
        reference = MatchEngine(base_taxonomy(), worker.config, normaliser=worker.normaliser)
        for seeker in db.session.scalars(select(Seeker)):
            reference.upsert_seeker(seeker_profile(seeker))
        for j, reqs in enumerate(vacancies):
            vacancy = VacancyProfile(j, "Lowongan", tuple(SkillRequirement(r) for r in reqs), min_education="SMK" if j else None)
            got = [m.as_dict() for m in worker.rank_seekers(vacancy, limit=50, today=date(2025, 1, 1))]
            want = [m.as_dict() for m in reference.rank_seekers(vacancy, limit=50, today=date(2025, 1, 1))]
            assert got == want and got, (worker.seeker_count, reference.seeker_count, vacancy)
        db.session.rollback()


def test_imported_seekers_and_vacancies_get_their_mentions_in_the_import(app, client, staff):
    from service.models import Seeker, Vacancy
    from tests.api.test_imports import SEEKER_HEADER, csv_bytes, seeker_rows, upload
    assert upload(client, staff, "seekers", csv_bytes([SEEKER_HEADER, *seeker_rows(3)]), "p.csv").status_code == 201
    company = create_company(client, staff, name="PT Impor Lowongan")
    vacancies = csv_bytes([["ID Perusahaan", "Jabatan", "Jumlah", "Keterampilan"],
                           [company["id"], "Satpam", "2", "satpam; disiplin"], [company["id"], "Juru Masak", "1", "masak"]])
    assert upload(client, staff, "vacancies", vacancies, "l.csv").status_code == 201
    with app.app_context():
        seekers = [(s.id, list(s.skills)) for s in db.session.scalars(select(Seeker))]
        vacancies = [(v.id, [r["text"] for r in v.required_skills]) for v in db.session.scalars(select(Vacancy))]
        db.session.rollback()
    assert len(seekers) == 3 and len(vacancies) == 2
    for seeker_id, texts in seekers:
        assert _stored(app, SkillMention.seeker_id, seeker_id) == _read(app, texts) != {}
    for vacancy_id, texts in vacancies:
        assert _stored(app, SkillMention.vacancy_id, vacancy_id) == _read(app, texts) != {}


def test_a_batch_whose_cursor_moved_while_it_searched_looks_again(app, client, staff, monkeypatch):
    """A batch finds its candidates before it takes the write lock; if another runner (one taking
    over a stale re-reading) moved the cursor meanwhile, the batch re-reads nothing of what it
    found and searches again from the new cursor: no seeker is re-read twice or skipped."""
    from sqlalchemy import update

    from service.models import Seeker, SkillReread
    ids = [create_seeker(client, staff, skills=["pawang hujan"])["id"] for _ in range(3)]
    assert client.post("/api/v1/skills/aliases", json={"alias": "pawang hujan", "competency_id": "security_guard"},
                       headers=staff).status_code == 201
    found = rereads._candidates
    moved = []

    def candidates_then_another_runner_moves(job, words, model, after=0, limit=None):
        out = found(job, words, model, after, limit)
        if model is Seeker and not moved:
            moved.append(after)
            with db.engine.begin() as conn:          # the other runner, in its own transaction
                conn.execute(update(SkillReread).where(SkillReread.id == job.id).values(cursor=ids[0]))
        return out
    monkeypatch.setattr(rereads, "_candidates", candidates_then_another_runner_moves)
    with app.app_context():
        (job_id,) = db.session.scalars(select(SkillReread.id)).all()
        db.session.rollback()
        assert rereads._batch(job_id) is True           # nothing written: it looks again
        job = db.session.get(SkillReread, job_id)
        assert (job.cursor, job.done, job.total) == (ids[0], 0, None)
        db.session.rollback()
        while rereads._batch(job_id):
            pass
        job = db.session.get(SkillReread, job_id)
        assert (job.status, job.total, job.changed) == ("done", 3, 2)   # ids[0] was the other runner's
        db.session.rollback()
    assert [m["competency_id"] for m in _stored(app, SkillMention.seeker_id, ids[1])[0]] == ["security_guard"]
    assert [m["competency_id"] for m in _stored(app, SkillMention.seeker_id, ids[0])[0]] == [None]
