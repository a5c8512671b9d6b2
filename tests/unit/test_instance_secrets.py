"""With neither SECRET_KEY nor PADAN_ENV set (a plain `gunicorn wsgi:app` on the embedded SQLite
default, as the shared evaluation runs it), the installation makes its own keys once, keeps them
owner-readable in its instance folder, and never falls back to the public development keys."""
import os
import stat

from service.config import DEV_SECRET_KEY, Config
from service.keys import DEV_HASH_KEY, DEV_NIK_KEY


def test_an_unconfigured_installation_makes_and_keeps_its_own_keys(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("PADAN_ENV", raising=False)
    monkeypatch.delenv("NIK_ENCRYPTION_KEYS", raising=False)
    monkeypatch.delenv("HASH_KEY", raising=False)
    first, again = Config(str(tmp_path)), Config(str(tmp_path))
    assert first.SECRET_KEY not in (DEV_SECRET_KEY, "") and first.SECRET_KEY == again.SECRET_KEY
    assert first.NIK_ENCRYPTION_KEYS != DEV_NIK_KEY and first.HASH_KEY != DEV_HASH_KEY
    assert first.HASH_KEY == again.HASH_KEY
    mode = stat.S_IMODE(os.stat(tmp_path / "secrets.json").st_mode)
    assert mode == 0o600


def test_a_stated_environment_keeps_its_rules(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("PADAN_ENV", "production")       # ./dev serve: refused later without a real key
    assert Config(str(tmp_path)).SECRET_KEY == DEV_SECRET_KEY
    assert not (tmp_path / "secrets.json").exists()
