"""The NIK at rest: encrypted, found by its keyed hash, absent from the database file and dump;
token and access-code hashes keyed; migration 0003 converting rows that were stored in clear."""
from __future__ import annotations

import hashlib
import importlib

import flask_migrate
import pytest
from sqlalchemy import text

from service import create_app
from service.auth import principal_for
from service.extensions import db
from service.keys import KeysInvalid, generate
from service.seekers import find_by_nik
from tests.conftest import database_bytes, new_database
from tests.factories import bearer, create_seeker, nik

MIGRATION = "service.migrations.versions.0003_nik_at_rest"


def test_no_nik_digits_in_the_database_file_or_dump_yet_duplicates_are_409_and_lookup_works(app, client, staff):
    seeker = create_seeker(client, staff, full_name="Sri Rahayu", phone="081234567890")
    dump = database_bytes(app)
    assert seeker["nik"].encode() not in dump
    assert seeker["access_code"].replace("-", "").encode() not in dump
    assert seeker["access_token"].encode() not in dump
    assert hashlib.sha256(seeker["access_token"].encode()).hexdigest().encode() not in dump  # keyed, not plain
    again = client.post("/api/v1/seekers", headers=staff, json={
        "nik": seeker["nik"], "full_name": "Orang Lain", "education_level": "SMA"})
    assert again.status_code == 409 and "nik" in again.json["errors"]["json"]
    with app.app_context():
        found = find_by_nik(f" {seeker['nik']} ")
        assert found.id == seeker["id"] and found.nik == seeker["nik"]
        assert find_by_nik(nik()) is None
    assert client.get(f"/api/v1/seekers/{seeker['id']}", headers=staff).json["nik"] == seeker["nik"]
    assert client.get(f"/api/v1/seekers/{seeker['id']}", headers=bearer(seeker["access_token"])).status_code == 200


def test_migration_0003_encrypts_clear_niks_and_keeps_old_tokens_working(tmp_path_factory):
    clear_nik, token = "3216015506950042", "an-old-token-stored-as-plain-sha256"
    with new_database(tmp_path_factory) as url:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            flask_migrate.upgrade(revision=importlib.import_module(MIGRATION).down_revision)
            db.session.execute(text(
                "INSERT INTO seekers (id, nik, full_name, gender, birth_date, education_level, skills, "
                "ktp_regency_code, consent, status, created_at, updated_at) VALUES (7, :nik, 'Lama', 'F', "
                "'1995-06-15', 'SMK', '[]', '3216', true, 'active', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                {"nik": clear_nik})
            db.session.execute(text(
                "INSERT INTO api_tokens (token_hash, role, name, seeker_id, created_at) "
                "VALUES (:h, 'seeker', 'seeker 7', 7, CURRENT_TIMESTAMP)"),
                {"h": hashlib.sha256(token.encode()).hexdigest()})
            db.session.commit()
            flask_migrate.upgrade()
            assert find_by_nik(clear_nik).id == 7 and find_by_nik(clear_nik).nik == clear_nik
            assert principal_for(token).seeker_id == 7
            assert db.session.execute(text("SELECT count(*) FROM api_tokens")).scalar() == 1  # nothing cascaded away
        assert clear_nik.encode() not in database_bytes(app)
        with app.app_context():
            db.engine.dispose()


def test_production_refuses_to_start_without_the_keys(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/production.db")
    (tmp_path / "production.db").touch()  # production never creates its database (service/startup.py)
    for name in ("NIK_ENCRYPTION_KEYS", "HASH_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "a-real-production-secret-key-0123456789")
    with pytest.raises(KeysInvalid, match="NIK_ENCRYPTION_KEYS"):
        create_app()
    for name, value in generate().items():
        monkeypatch.setenv(name, value)
    production = create_app()
    assert production.extensions["padan_keys"]
    with production.app_context():
        db.engine.dispose()


def test_rotating_the_encryption_key_re_encrypts_every_nik(app, client, staff, database_url):
    from cryptography.fernet import Fernet
    seekers = [create_seeker(client, staff) for _ in range(3)]
    old_key, new_key = app.config["NIK_ENCRYPTION_KEYS"], Fernet.generate_key().decode()
    both = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                       "NIK_ENCRYPTION_KEYS": f"{new_key},{old_key}"})
    result = both.test_cli_runner().invoke(args=["rotate-nik-key"])
    assert result.exit_code == 0 and "3 NIKs re-encrypted" in result.output
    only_new = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "NIK_ENCRYPTION_KEYS": new_key})
    with only_new.app_context():
        assert [find_by_nik(s["nik"]).nik for s in seekers] == [s["nik"] for s in seekers]
        db.session.remove()
        db.engine.dispose()
    with both.app_context():
        db.engine.dispose()
