"""The seeker's rights and the audit trail, through the API on a real database: who read or
changed a record, export of everything held, consent and objection, erasure that leaves the
ledger's totals alone, the retention rule, and tokens that expire or are revoked."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text, update

from service.extensions import db
from service.models import ApiToken, AuditEntry, Seeker, utcnow
from tests.conftest import database_bytes
from tests.factories import (bearer, create_company, create_placement, create_seeker, create_vacancy,
                             decide_placement, row_counts)


def _log(client, seeker_id, headers) -> list[dict]:
    response = client.get(f"/api/v1/seekers/{seeker_id}/access-log?limit=100", headers=headers)
    assert response.status_code == 200, response.json
    return response.json["items"]


def test_the_audit_records_reads_and_writes_by_whom_and_the_seeker_sees_theirs(client, staff, tkp3d):
    seeker = create_seeker(client, staff, full_name="Rahmat Hidayat")
    other = create_seeker(client, staff)
    own = bearer(seeker["access_token"])
    client.get(f"/api/v1/seekers/{seeker['id']}", headers=staff)
    client.patch(f"/api/v1/seekers/{seeker['id']}", headers=staff, json={"phone": "081211112222", "district": "Setu"})
    client.post("/api/v1/seekers/search", headers=staff, json={"q": "Rahmat"})
    client.get(f"/api/v1/seekers/{seeker['id']}", headers=own)
    entries = _log(client, seeker["id"], own)
    assert [(e["actor"], e["action"]) for e in reversed(entries)] == [
        ("test staff", "create"), ("test staff", "read"), ("test staff", "update"), ("test staff", "list"),
        (f"seeker {seeker['id']}", "read")]
    assert next(e for e in entries if e["action"] == "update")["detail"] == "district, phone"  # names, no values
    assert "081211112222" not in str(entries) and all(e["at"] for e in entries)
    assert _log(client, seeker["id"], staff) == entries
    # Another seeker's log is refused to this seeker, and TKP3D never reads one.
    assert client.get(f"/api/v1/seekers/{other['id']}/access-log", headers=own).status_code == 403
    assert client.get(f"/api/v1/seekers/{seeker['id']}/access-log", headers=tkp3d).status_code == 403
    assert [e["action"] for e in _log(client, other["id"], staff)] == ["create"]


def test_the_audit_log_is_append_only_in_the_database(app, client, staff):
    seeker = create_seeker(client, staff)
    with app.app_context():
        with pytest.raises(Exception, match="append-only"):
            db.session.execute(update(AuditEntry).where(AuditEntry.seeker_id == seeker["id"]).values(actor="x"))
            db.session.flush()
        db.session.rollback()


def test_a_name_and_nik_correction_by_staff_is_audited_and_a_duplicate_nik_is_409(client, staff):
    seeker = create_seeker(client, staff, full_name="Budi Santos")
    other = create_seeker(client, staff)
    corrected_nik = "3216014107990007"  # a woman born 1 July 1999
    fixed = client.patch(f"/api/v1/seekers/{seeker['id']}", headers=staff,
                         json={"full_name": "Budi Santoso", "nik": corrected_nik, "gender": "F"})
    assert fixed.status_code == 200, fixed.json
    assert (fixed.json["nik"], fixed.json["birth_date"], fixed.json["gender"]) == (corrected_nik, "1999-07-01", "F")
    clash = client.patch(f"/api/v1/seekers/{seeker['id']}", headers=staff, json={"nik": other["nik"]})
    assert clash.status_code == 409 and "nik" in clash.json["errors"]["json"]
    found = client.post("/api/v1/seekers/search", headers=staff, json={"nik": corrected_nik}).json["items"]
    assert [s["id"] for s in found] == [seeker["id"]]
    update_entry = next(e for e in _log(client, seeker["id"], staff) if e["action"] == "update")
    assert update_entry["detail"] == "birth_date, full_name, gender, ktp_regency_code, nik"


def test_export_carries_everything_held_about_the_seeker(app, client, staff):
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"])
    seeker = create_seeker(client, staff, full_name="Dewi Lestari", phone="085712345678", skills=["operator bubut"])
    create_placement(client, staff, vacancy["id"], seeker["id"])
    exported = client.get(f"/api/v1/seekers/{seeker['id']}/export", headers=bearer(seeker["access_token"]))
    assert exported.status_code == 200 and exported.headers["Cache-Control"] == "no-store"
    body = exported.json
    record = body["seeker"]
    assert record["nik"] == seeker["nik"] and record["full_name"] == "Dewi Lestari" and record["phone"] == "085712345678"
    stored_columns = {c.name for c in Seeker.__table__.columns} - {"nik_ciphertext", "nik_hash"}
    assert stored_columns <= set(record)
    # Every table that refers to a seeker is in the export, with every row of theirs.
    with app.app_context():
        for table in db.metadata.sorted_tables:
            if "seeker_id" in table.columns and table.name != "audit_log":
                held = db.session.scalar(select(func.count()).select_from(table).where(table.c.seeker_id == seeker["id"]))
                assert len(body["related"][table.name]) == held, table.name
    assert body["related"]["placements"][0]["company_id"] == company["id"]
    assert body["related"]["skill_mentions"] and body["related"]["api_tokens"]
    assert "token_hash" not in str(body) and seeker["access_token"] not in str(body)
    assert [e["action"] for e in body["access_log"]][:1] == ["create"]
    assert client.get(f"/api/v1/seekers/{seeker['id']}/access-log", headers=staff).json["items"][0]["action"] == "export"


def test_objection_and_withdrawn_consent_stop_matching(client, staff):
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"], required_skills=["mesin bubut"])
    seeker = create_seeker(client, staff, skills=["operator bubut"])

    def matched() -> bool:
        items = client.get(f"/api/v1/vacancies/{vacancy['id']}/matches?limit=10", headers=staff).json["items"]
        return seeker["id"] in [m["seeker_id"] for m in items]

    assert matched()
    client.patch(f"/api/v1/seekers/{seeker['id']}", headers=staff, json={"objects_to_matching": True})
    assert not matched()
    client.patch(f"/api/v1/seekers/{seeker['id']}", headers=staff, json={"objects_to_matching": False, "consent": False})
    assert not matched()
    client.patch(f"/api/v1/seekers/{seeker['id']}", headers=staff, json={"consent": True})
    assert matched()


def _ledger(client, staff) -> dict:
    report = client.get("/api/v1/reports/local-hiring?year=2023", headers=staff).json
    return {key: report[key] for key in ("local_hires", "total_hires", "claimed_hires")} | {
        "breakdowns": report["breakdowns"]}


def test_erasure_leaves_the_ledger_totals_unchanged_and_the_name_gone_from_the_file(app, client, staff):
    company = create_company(client, staff)
    vacancy = create_vacancy(client, staff, company["id"], openings=5)
    gone = create_seeker(client, staff, full_name="Kartika Wulansari", phone="089977665544", district="Setu")
    kept = create_seeker(client, staff, full_name="Yusuf Maulana")
    for seeker in (gone, kept):
        placement = create_placement(client, staff, vacancy["id"], seeker["id"])
        decide_placement(client, staff, placement["id"], "verify")
    before = _ledger(client, staff)
    assert client.delete(f"/api/v1/seekers/{gone['id']}", headers=staff).status_code == 204
    assert _ledger(client, staff) == before
    assert client.get(f"/api/v1/seekers/{gone['id']}", headers=staff).status_code == 404
    assert client.get(f"/api/v1/seekers/{gone['id']}", headers=bearer(gone["access_token"])).status_code == 401
    assert client.delete(f"/api/v1/seekers/{gone['id']}", headers=staff).status_code == 404
    dump = database_bytes(app)
    for secret in ("Kartika", "Wulansari", "089977665544", gone["nik"]):
        assert secret.encode() not in dump, secret
    assert b"Yusuf Maulana" in dump  # the check can see names: the other seeker's is still there
    with app.app_context():
        kept_facts = db.session.execute(text(
            "SELECT seeker_id, note, is_local, district, education_level, gender FROM placements ORDER BY id")).all()
        db.session.rollback()
    assert kept_facts[0][:2] == (None, None) and kept_facts[0][2:] == (True, "Setu", "SMK", "M")
    assert [e["action"] for e in _log(client, gone["id"], staff)][0] == "erase"
    listed = client.get("/api/v1/placements?limit=10", headers=staff)
    assert listed.status_code == 200 and sorted(p["seeker_id"] or 0 for p in listed.json["items"]) == [0, kept["id"]]


def test_the_retention_rule_erases_only_seekers_inactive_for_the_set_years(app, client, staff):
    old = create_seeker(client, staff, full_name="Lama Sekali")
    recent = create_seeker(client, staff)
    with app.app_context():
        long_ago = utcnow() - timedelta(days=6 * 366)
        db.session.execute(update(Seeker).where(Seeker.id == old["id"]).values(last_active_at=long_ago))
        db.session.commit()
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["erase-inactive", "--dry-run"])
    assert dry.exit_code == 0 and f"would erase 1 seeker(s): {old['id']}" in dry.output
    done = runner.invoke(args=["erase-inactive"])
    assert done.exit_code == 0 and "erased 1 seeker(s)" in done.output
    assert client.get(f"/api/v1/seekers/{old['id']}", headers=staff).status_code == 404
    assert client.get(f"/api/v1/seekers/{recent['id']}", headers=staff).status_code == 200


def test_a_revoked_or_expired_token_is_refused(app, client):
    runner = app.test_cli_runner()
    token = runner.invoke(args=["create-token", "--role", "staff", "--name", "laptop hilang"]).output.split()[-1]
    other = runner.invoke(args=["create-token", "--role", "staff", "--name", "meja depan", "--days", "30"]).output.split()[-1]
    assert client.get("/api/v1/seekers", headers=bearer(token)).status_code == 200
    listed = runner.invoke(args=["list-tokens"]).output
    assert "laptop hilang\tstaff" in listed and "live" in listed and token not in listed
    revoked = runner.invoke(args=["revoke-token", "--name", "laptop hilang"])
    assert revoked.exit_code == 0 and "1 token(s)" in revoked.output
    assert client.get("/api/v1/seekers", headers=bearer(token)).status_code == 401
    assert client.get("/api/v1/seekers", headers=bearer(other)).status_code == 200
    with app.app_context():
        db.session.execute(update(ApiToken).where(ApiToken.name == "meja depan")
                           .values(expires_at=utcnow() - timedelta(days=1)))
        db.session.commit()
    assert client.get("/api/v1/seekers", headers=bearer(other)).status_code == 401
    assert any(line.startswith("meja depan\tstaff") and line.endswith("expired")
               for line in runner.invoke(args=["list-tokens"]).output.splitlines())


def test_a_new_access_code_ends_the_old_token_and_code(client, staff):
    seeker = create_seeker(client, staff)
    renewed = client.post(f"/api/v1/seekers/{seeker['id']}/access-code", headers=staff).json
    assert client.get(f"/api/v1/seekers/{seeker['id']}", headers=bearer(seeker["access_token"])).status_code == 401
    assert client.get(f"/api/v1/seekers/{seeker['id']}", headers=bearer(renewed["access_token"])).status_code == 200
    assert "access-code" in [e["action"] for e in _log(client, seeker["id"], staff)]


def test_tkp3d_sees_no_contact_persons(client, staff, tkp3d):
    company = create_company(client, staff, contact_name="Pak Harjono", contact_phone="0812000111",
                             contact_email="harjono@example.co.id")
    for path in (f"/api/v1/companies/{company['id']}", "/api/v1/companies"):
        as_tkp3d, as_staff = (client.get(path, headers=h).get_data(as_text=True) for h in (tkp3d, staff))
        assert "Harjono" not in as_tkp3d and "0812000111" not in as_tkp3d and "harjono@" not in as_tkp3d
        assert "Pak Harjono" in as_staff


def test_a_refused_erasure_changes_nothing(app, client, staff, tkp3d):
    seeker = create_seeker(client, staff)
    before = row_counts(app)
    assert client.delete(f"/api/v1/seekers/{seeker['id']}", headers=tkp3d).status_code == 403
    assert client.delete(f"/api/v1/seekers/{seeker['id']}", headers=bearer(seeker["access_token"])).status_code == 403
    assert row_counts(app) == before
