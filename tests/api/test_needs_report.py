"""GET /reports/competency-needs (+ .csv, .xlsx): companies' needs normalised through the taxonomy,
set beside the seekers who hold each competency and the training seats that teach it."""
import csv
import io
from datetime import date, timedelta

from openpyxl import load_workbook

from tests.factories import create_company, create_need, create_seeker, create_training

TODAY = date.today()
YEAR = TODAY.year


def _iso(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


def _report(client, headers, query=""):
    response = client.get(f"/api/v1/reports/competency-needs{query}", headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def _hand_made_case(client, staff):
    """Two companies, needs written four ways, seekers and programmes whose numbers are known."""
    works = create_company(client, staff, name="PT Bubut Jaya", sector="C 2592 Pemesinan logam", district="Cikarang Utara")
    plastic = create_company(client, staff, name="PT Plastik Setu", sector="C 2229 Barang plastik", district="Setu")
    this_year = {"period_start": f"{YEAR}-01-01", "period_end": f"{YEAR}-12-31"}
    create_need(client, staff, works["id"], competency="operator mesin bubut", headcount=10, **this_year)
    create_need(client, staff, works["id"], competency="attitude dan disiplin", headcount=6, **this_year)
    create_need(client, staff, plastic["id"], competency="Lathe Operator", headcount=4, **this_year)
    create_need(client, staff, plastic["id"], competency="injeksi plastik", headcount=5, **this_year)
    create_need(client, staff, plastic["id"], competency="qwxz vbnm", headcount=3, **this_year)
    create_need(client, staff, works["id"], competency="mesin bubut", headcount=100,
                period_start=f"{YEAR - 3}-01-01", period_end=f"{YEAR - 3}-12-31")
    for skills in (["tkg bubut 3 thn"], ["operator bubut", "disiplin"], ["injection molding"]):
        create_seeker(client, staff, skills=skills)
    create_seeker(client, staff, skills=["operator bubut"], consent=False)  # not available: no supply
    create_training(client, staff, name="Bubut", competencies=["mesin bubut", "alat ukur"], seats=16,
                    starts_on=_iso(10), ends_on=_iso(60))
    create_training(client, staff, name="Bubut angkatan lalu", competencies=["mesin bubut"], seats=32,
                    starts_on=_iso(-90), ends_on=_iso(-1))  # ended: its graduates are already supply
    create_training(client, staff, name="Bubut malam", competencies=["lathe"], seats=8, starts_on=None, ends_on=None)


def test_gap_is_demand_minus_supply_minus_seats_per_competency(client, staff):
    _hand_made_case(client, staff)
    report = _report(client, staff, f"?year={YEAR}")
    rows = {r["competency_id"]: r for r in report["items"]}
    figures = {c: (r["demand"], r["companies"], r["supply"], r["seats"], r["gap"]) for c, r in rows.items()}
    assert figures == {
        "lathe": (14, 2, 2, 24, 0),               # 10 + 4 asked; 2 available holders; 16 + 8 seats
        "attitude": (6, 1, 0, 0, 6),
        "discipline": (6, 1, 1, 0, 5),            # one seeker wrote "disiplin"
        "injection_moulding": (5, 1, 1, 0, 4),
    }
    assert [r["competency_id"] for r in report["items"]][0] == "lathe"   # biggest demand first
    assert rows["attitude"]["kind"] == "soft" and rows["lathe"]["kind"] == "hard"
    assert sorted(t["name"] for t in rows["lathe"]["trainings"]) == ["Bubut", "Bubut malam"]
    assert report["unplaced"] == [{"text": "qwxz vbnm", "demand": 3, "companies": 1}]


def test_needs_filter_by_period_sector_and_district(client, staff):
    _hand_made_case(client, staff)
    by_district = {r["competency_id"]: r["demand"] for r in _report(client, staff, "?district=setu")["items"]}
    assert by_district == {"lathe": 4, "injection_moulding": 5}
    by_sector = {r["competency_id"]: r["demand"] for r in _report(client, staff, "?sector=pemesinan")["items"]}
    assert by_sector == {"lathe": 110, "attitude": 6, "discipline": 6}   # both years
    old = _report(client, staff, f"?start={YEAR - 3}-06-01&end={YEAR - 3}-06-30")["items"]
    assert [(r["competency_id"], r["demand"]) for r in old] == [("lathe", 100)]
    assert [r["competency_id"] for r in _report(client, staff, "?limit=1")["items"]] == ["lathe"]


def test_report_exports_as_csv_and_xlsx_with_indonesian_headers(client, staff, tkp3d):
    _hand_made_case(client, staff)
    report = _report(client, staff, f"?year={YEAR}")
    response = client.get(f"/api/v1/reports/competency-needs.csv?year={YEAR}", headers=tkp3d)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert table[0][:8] == ["Kompetensi", "Kode kompetensi", "Jenis", "Kebutuhan perusahaan (orang)",
                            "Jumlah perusahaan", "Pencaker aktif yang menguasai", "Kursi pelatihan",
                            "Kesenjangan (perlu dilatih)"]
    assert [(row[1], int(row[3]), int(row[5]), int(row[6]), int(row[7])) for row in table[1:]] == \
        [(r["competency_id"], r["demand"], r["supply"], r["seats"], r["gap"]) for r in report["items"]]
    assert table[1][2] == "Teknis" and "Bubut (BLK Kabupaten Bekasi)" in table[1][8]

    response = client.get(f"/api/v1/reports/competency-needs.xlsx?year={YEAR}", headers=staff)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["Kebutuhan vs pasokan", "Belum terpetakan"]
    sheet = [list(row) for row in workbook["Kebutuhan vs pasokan"].iter_rows(values_only=True)]
    assert sheet[0][7] == "Kesenjangan (perlu dilatih)"
    assert [(row[1], row[7]) for row in sheet[1:]] == [(r["competency_id"], r["gap"]) for r in report["items"]]
    assert list(workbook["Belum terpetakan"].iter_rows(values_only=True))[1] == ("qwxz vbnm", 3, 1)


def test_demo_data_shows_the_needs_companies_named_with_their_gaps(app, client, staff):
    from service.demo import NEEDS, seed
    from service.extensions import db
    with app.app_context():
        seed(n_seekers=300)
        db.session.remove()
    rows = {r["competency_id"]: r for r in _report(client, staff, f"?year={YEAR}")["items"]}
    asked = {text: sum(n for _, n in asks) for text, asks in NEEDS}
    expected = {"lathe": (asked["operator mesin bubut"], 32), "measuring_tools": (asked["alat ukur (jangka sorong, mikrometer)"], 48),
                "injection_moulding": (asked["injection moulding"], 16),
                "electrical_installation": (asked["kelistrikan / instalasi listrik industri"], 16)}
    for comp_id, (demand, seats) in expected.items():
        row = rows[comp_id]
        assert (row["demand"], row["seats"]) == (demand, seats), comp_id
        assert 0 < row["supply"] < demand and row["gap"] == demand - row["supply"] - seats > 0, row
    assert rows["attitude"]["demand"] == rows["discipline"]["demand"] == asked["attitude dan disiplin kerja"]
    assert [r["name"] for r in rows["discipline"]["trainings"]] == ["Etos Kerja dan Disiplin"]


def test_bad_report_arguments_get_422_naming_the_field_and_seekers_get_403(client, staff):
    seeker = create_seeker(client, staff)
    for query, field in (("?start=2023-05-01&end=2023-01-01", "end"), (f"?year={YEAR}&start=2023-01-01", "year"),
                         ("?limit=0", "limit"), ("?year=1800", "year"), ("?district=%20", "district")):
        response = client.get(f"/api/v1/reports/competency-needs{query}", headers=staff)
        assert response.status_code == 422, query
        assert field in response.json["errors"]["query"], response.json
    own = {"Authorization": f"Bearer {seeker['access_token']}"}
    assert client.get("/api/v1/reports/competency-needs", headers=own).status_code == 403
    assert client.get("/api/v1/reports/competency-needs.xlsx").status_code == 401


def test_supply_counts_a_seeker_once_whether_written_certified_or_both(app, client, staff):
    from service.extensions import db
    from service.models import Certification
    company = create_company(client, staff)
    create_need(client, staff, company["id"], competency="mesin bubut", headcount=10,
                period_start=f"{YEAR}-01-01", period_end=f"{YEAR}-12-31")
    wrote = create_seeker(client, staff, skills=["tukang bubut", "operator bubut"])   # two mentions, one seeker
    both = create_seeker(client, staff, skills=["mesin bubut"])
    certified = create_seeker(client, staff, skills=["juru masak"])
    away = create_seeker(client, staff, skills=["juru masak"], consent=False)
    with app.app_context():
        for seeker in (both, certified, away):
            db.session.add(Certification(seeker_id=seeker["id"], competency_id="lathe", certified_on=TODAY))
        db.session.commit()
    assert wrote
    (row,) = [r for r in _report(client, staff, f"?year={YEAR}")["items"] if r["competency_id"] == "lathe"]
    assert row["supply"] == 3


def test_supply_equals_a_count_of_the_stored_rows_after_writes_status_changes_and_an_alias(app, client, staff):
    """The supply SQL (a join through the partial index of available seekers, certifications by
    EXISTS) counts exactly what a plain reading of the rows counts, on both databases: after
    registrations, a seeker going inactive, one withdrawing consent, certifications and an alias
    re-reading."""
    from sqlalchemy import select, update

    from service import needs, rereads
    from service.extensions import db
    from service.models import Certification, Seeker, SkillMention
    made = [create_seeker(client, staff, skills=skills) for skills in (
        ["tukang bubut"], ["operator bubut", "tkg las"], ["pawang hujan", "disiplin"], ["las listrik"],
        ["mesin bubut", "pawang hujan"], ["juru masak"], ["satpam"])]
    assert client.post("/api/v1/skills/aliases", json={"alias": "pawang hujan", "competency_id": "security_guard"},
                       headers=staff).status_code == 201
    with app.app_context():
        rereads.run_pending()
        db.session.execute(update(Seeker).where(Seeker.id == made[1]["id"]).values(status="inactive"))
        db.session.execute(update(Seeker).where(Seeker.id == made[3]["id"]).values(consent=False))
        for seeker, comp in ((made[0], "lathe"), (made[5], "lathe"), (made[3], "welding"), (made[6], "cooking")):
            db.session.add(Certification(seeker_id=seeker["id"], competency_id=comp, certified_on=TODAY))
        db.session.commit()
        available = {i for i, status, consent in db.session.execute(select(Seeker.id, Seeker.status, Seeker.consent))
                     if status == "active" and consent}
        held: dict[str, set[int]] = {}
        for seeker_id, comp in db.session.execute(select(SkillMention.seeker_id, SkillMention.competency_id)
                                                  .where(SkillMention.seeker_id.is_not(None))):
            if comp and seeker_id in available:
                held.setdefault(comp, set()).add(seeker_id)
        for seeker_id, comp in db.session.execute(select(Certification.seeker_id, Certification.competency_id)):
            if seeker_id in available:
                held.setdefault(comp, set()).add(seeker_id)
        want = {comp: len(ids) for comp, ids in held.items()}
        assert want["security_guard"] == 3 and want["lathe"] == 3      # the alias's two writers and "satpam"
        assert needs.supply_by_competency() == want
        assert needs.supply_by_competency(["lathe", "welding", "nothing"]) == {"lathe": 3}
        db.session.rollback()


def test_on_sqlite_supply_looks_holders_up_in_the_partial_index(app, database_url):
    """SQLite would look each holder up in the wide seekers table (10x slower at 100,000 seekers,
    BENCHMARKS.md): the query names the partial index, and the plan uses it."""
    import pytest
    if not database_url.startswith("sqlite"):
        pytest.skip("a SQLite plan")
    from sqlalchemy import event

    from service import needs
    from service.extensions import db
    with app.app_context():
        seen = []

        def keep(_conn, _cursor, statement, parameters, *_):
            seen.append((statement, parameters))
        event.listen(db.engine, "before_cursor_execute", keep)
        try:
            needs.supply_by_competency(["lathe"])
        finally:
            event.remove(db.engine, "before_cursor_execute", keep)
        raw = db.session.connection().connection.driver_connection
        plans = [" ".join(str(step) for step in raw.execute("EXPLAIN QUERY PLAN " + stmt, params).fetchall())
                 for stmt, params in seen if "count(" in stmt]
        assert len(plans) == 2 and all("ix_seekers_available" in plan for plan in plans), plans
        db.session.rollback()
