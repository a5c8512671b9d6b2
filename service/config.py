"""Settings from the environment, with defaults that run with no server."""
import base64
import json
import os
import secrets
import time

DEV_SECRET_KEY = "dev-only-change-me"
INSTANCE_SECRETS = "secrets.json"


def instance_secrets(instance_path: str) -> dict:
    """Keys of this installation, made once and kept (owner-readable only) in its instance
    folder: a plain `gunicorn wsgi:app` on the embedded SQLite default then signs sessions and
    encrypts NIKs with keys nobody else has, instead of the public development ones. Every
    worker and command of the installation reads the same file; the first to start writes it."""
    path = os.path.join(instance_path, INSTANCE_SECRETS)
    os.makedirs(instance_path, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):                      # another worker is writing it this very moment
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if text.strip():
                return json.loads(text)
            time.sleep(0.05)
        raise RuntimeError(f"{path} is empty: delete it to make new keys (only on an empty database)") from None
    made = {"SECRET_KEY": secrets.token_urlsafe(48),
            "NIK_ENCRYPTION_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
            "HASH_KEY": secrets.token_urlsafe(48)}
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(made, f)
    return made


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


class Config:
    """Read once per app; tests pass overrides to create_app()."""

    def __init__(self, instance_path: str):
        self.SQLALCHEMY_DATABASE_URI = os.environ.get(
            "DATABASE_URL", f"sqlite:///{os.path.join(instance_path, 'padan.db')}")
        self.SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
        # Personal data at rest (service/keys.py); development keys when unset, refused in production.
        self.NIK_ENCRYPTION_KEYS = os.environ.get("NIK_ENCRYPTION_KEYS", "")
        self.HASH_KEY = os.environ.get("HASH_KEY", "")
        # production (the default) refuses to serve with the development SECRET_KEY; demo and test may.
        self.PADAN_ENV = os.environ.get("PADAN_ENV", "production")
        if "SECRET_KEY" not in os.environ and "PADAN_ENV" not in os.environ:
            # nothing said: the installation's own keys (instance folder), never the public ones
            own = instance_secrets(instance_path)
            self.SECRET_KEY = own["SECRET_KEY"]
            self.NIK_ENCRYPTION_KEYS = self.NIK_ENCRYPTION_KEYS or own["NIK_ENCRYPTION_KEYS"]
            self.HASH_KEY = self.HASH_KEY or own["HASH_KEY"]
        # API tokens and access codes end after this many days unless created with another lifetime.
        self.TOKEN_DAYS = _int("TOKEN_DAYS", 365)
        # A page session ends this long after sign-in, or after this long without a request.
        self.SESSION_HOURS = _int("SESSION_HOURS", 10)
        self.SESSION_IDLE_MINUTES = _int("SESSION_IDLE_MINUTES", 30)
        # The retention rule: `flask --app wsgi erase-inactive` erases seekers inactive this long.
        self.RETENTION_YEARS = _int("RETENTION_YEARS", 5)
        self.LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
        self.HOME_REGENCY_CODE = os.environ.get("HOME_REGENCY_CODE", "3216")
        self.MAX_CONTENT_LENGTH = _int("MAX_BODY_BYTES", 16 * 1024 * 1024)
        # File imports: a first load of 100,000 seekers is a 15 MB CSV, so uploads get more room.
        self.IMPORT_MAX_BYTES = _int("IMPORT_MAX_BYTES", 64 * 1024 * 1024)
        self.IMPORT_MAX_ROWS = _int("IMPORT_MAX_ROWS", 500_000)
        # Larger uploads (or any sent with 'Prefer: respond-async') run as a job: 202 + /imports/{id}.
        self.IMPORT_SYNC_MAX_BYTES = _int("IMPORT_SYNC_MAX_BYTES", 2 * 1024 * 1024)
        # A running import that has not reported for this long died with its worker (nothing was stored).
        self.IMPORT_STALE_SECONDS = _int("IMPORT_STALE_SECONDS", 300)
        # TKP3D output hides groups smaller than this, so no person can be singled out.
        self.REPORT_MIN_GROUP_SIZE = _int("REPORT_MIN_GROUP_SIZE", 5)
        # TKM Pemula groups ready for TKM Lanjutan (service/tkm.py: is_ready): at least this many monthly
        # reports in the year, the last omzet this share above the first, and this share of the first
        # report's active members still active in the last.
        self.TKM_READY_MIN_REPORTS = _int("TKM_READY_MIN_REPORTS", 3)
        self.TKM_READY_MIN_GROWTH = float(os.environ.get("TKM_READY_MIN_GROWTH", "0.2"))
        self.TKM_READY_MIN_ACTIVE_SHARE = float(os.environ.get("TKM_READY_MIN_ACTIVE_SHARE", "0.75"))
        # Added to a local seeker's match score (then capped at 1): a visible preference, not a filter.
        self.MATCH_LOCAL_BOOST = float(os.environ.get("MATCH_LOCAL_BOOST", "0.05"))
        # Re-read stored skills after a new alias or taxonomy in a background thread of the worker
        # (tests turn it off and run `rereads.run_pending()` themselves, to know when it is done).
        self.SKILL_REREAD_THREAD = os.environ.get("SKILL_REREAD_THREAD", "1") == "1"
        # Behind HTTPS on a reverse proxy (nginx): how many proxies' X-Forwarded-* headers to trust.
        self.PROXY_HOPS = _int("PROXY_HOPS", 0)
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
        # A database that is gone or frozen must cost a request seconds, not gunicorn's timeout:
        # connect and statement timeouts (PostgreSQL), then 503 (service/faults.py).
        self.DB_CONNECT_TIMEOUT = _int("DB_CONNECT_TIMEOUT", 5)
        self.DB_STATEMENT_TIMEOUT = _int("DB_STATEMENT_TIMEOUT", 20)
        # Statement parameters (NIK, name, birth date) never reach a log or an error message.
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}
        self.API_TITLE = "Padan Kerja"
        self.API_VERSION = "v1"
        self.OPENAPI_VERSION = "3.0.3"
        self.OPENAPI_URL_PREFIX = "/api"
        self.OPENAPI_JSON_PATH = "v1/openapi.json"
        self.OPENAPI_SWAGGER_UI_PATH = "docs"
        # Vendored in service/static (no CDN: the office network may be offline).
        self.OPENAPI_SWAGGER_UI_URL = "/static/swagger-ui/"
