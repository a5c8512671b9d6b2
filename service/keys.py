"""The server's keys for personal data, read from the environment once per app.

- `NIK_ENCRYPTION_KEYS`: Fernet keys, comma-separated, newest first. The first encrypts, every
  one decrypts, so a key is rotated by putting a new one in front and running
  `flask --app wsgi rotate-nik-key` (re-encrypts every row), then dropping the old one.
- `HASH_KEY`: the HMAC key behind the NIK's lookup hash and the stored hashes of API tokens and
  access codes. Without it a database dump gives neither NIKs (no dictionary of the 16-digit
  space can be built) nor codes (a 49-bit code cannot be tried offline).

Development and tests run with fixed development keys; a deployment that sets its own
SECRET_KEY is taken as production and refuses to start without both keys.
"""
from __future__ import annotations

import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import Flask, current_app

# Public on purpose: only for development and tests, which hold no real people.
DEV_NIK_KEY = "ZGV2ZWxvcG1lbnQtb25seS1uaWsta2V5LTMyYnl0ZXM="
DEV_HASH_KEY = "development-only-hash-key-do-not-use-in-production"
MIN_HASH_KEY_LENGTH = 32


class KeysInvalid(RuntimeError):
    """The keys are missing or malformed: the app must not start."""


def init_keys(app: Flask, production: bool) -> None:
    """Check and load the keys into app.extensions, or refuse to start."""
    nik_keys = [k.strip() for k in (app.config.get("NIK_ENCRYPTION_KEYS") or "").split(",") if k.strip()]
    hash_key = app.config.get("HASH_KEY") or ""
    if production and (not nik_keys or not hash_key):
        raise KeysInvalid("Refusing to start: SECRET_KEY is set (production) but NIK_ENCRYPTION_KEYS or HASH_KEY "
                        "is not. Generate them with `flask --app wsgi generate-keys`.")
    nik_keys, hash_key = nik_keys or [DEV_NIK_KEY], hash_key or DEV_HASH_KEY
    if len(hash_key) < MIN_HASH_KEY_LENGTH:
        raise KeysInvalid(f"HASH_KEY must be at least {MIN_HASH_KEY_LENGTH} characters.")
    try:
        fernet = MultiFernet([Fernet(key) for key in nik_keys])
    except ValueError:
        raise KeysInvalid("NIK_ENCRYPTION_KEYS must be Fernet keys (32 url-safe base64 bytes each).") from None
    app.extensions["padan_keys"] = {"fernet": fernet, "hash": hash_key.encode()}


def _keys() -> dict:
    return current_app.extensions["padan_keys"]


def encrypt(text: str) -> str:
    return _keys()["fernet"].encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _keys()["fernet"].decrypt(token.encode()).decode()
    except InvalidToken:
        raise KeysInvalid("A stored NIK cannot be decrypted with NIK_ENCRYPTION_KEYS (a key was dropped "
                        "before `rotate-nik-key` ran?).") from None


def rotate(token: str) -> str:
    """The same plaintext under the newest key."""
    return _keys()["fernet"].rotate(token.encode()).decode()


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 of the value under the server key; the purpose keeps NIK and token hashes apart."""
    return hmac.new(_keys()["hash"], f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def generate() -> dict:
    """Fresh keys for a new deployment."""
    import secrets
    return {"NIK_ENCRYPTION_KEYS": Fernet.generate_key().decode(), "HASH_KEY": secrets.token_urlsafe(48)}
