"""Use cases for signing in to the web pages (masuk): staff and TKP3D accounts with passwords,
and job seekers with their NIK and the access code they were given at registration.

Passwords are hashed with scrypt (werkzeug.security) and never stored or logged in clear.
After MAX_FAILED wrong passwords in a row an account is locked for LOCK_MINUTES, so guessing
is slowed to a handful of tries per quarter hour; a right password while locked is refused too.
"""
from __future__ import annotations

import functools
from datetime import timedelta, timezone

from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from service.auth import ROLES, WEB_CODE_ROLE, Principal, hash_token, normalise_access_code
from service.errors import Conflict, Invalid
from service.extensions import db
from service.models import ApiToken, Seeker, UserAccount, utcnow
from service.persistence import write_transaction

MAX_FAILED = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 10


class AccountLocked(Exception):
    """Too many wrong passwords: the account opens again at `until`."""

    def __init__(self, until):
        super().__init__(f"locked until {until.isoformat()}")
        self.until = until

    def minutes_left(self) -> int:
        return max(1, -(-int((self.until - utcnow()).total_seconds()) // 60))


def create_user(username: str, password: str, role: str) -> UserAccount:
    """Create a staff or TKP3D web account with a hashed password."""
    username = username.strip()
    if role not in ROLES:
        raise Invalid(f"role must be one of {', '.join(ROLES)}.", "role")
    if not 3 <= len(username) <= 80 or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        raise Invalid("username must be 3-80 letters, digits, '.', '_' or '-'.", "username")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(f"password must be at least {MIN_PASSWORD_LENGTH} characters.", "password")
    with write_transaction():
        if db.session.scalar(select(UserAccount.id).where(UserAccount.username == username)):
            raise Conflict(f"The username {username!r} is taken.", "username")
        account = UserAccount(username=username, role=role,
                              password_hash=generate_password_hash(password, method="scrypt"))
        db.session.add(account)
    return account


def sign_in(username: str, password: str) -> UserAccount | None:
    """The account if the password is right; None if not; AccountLocked while locked out."""
    account = db.session.scalar(select(UserAccount).where(UserAccount.username == username.strip()))
    if account is None:
        check_password_hash(_dummy_hash(), password)
        return None
    now = utcnow()
    if account.locked_until is not None and _aware(account.locked_until) > now:
        raise AccountLocked(_aware(account.locked_until))
    if check_password_hash(account.password_hash, password):
        with write_transaction():
            db.session.execute(update(UserAccount).where(UserAccount.id == account.id)
                               .values(failed_attempts=0, locked_until=None))
        return db.session.get(UserAccount, account.id)
    _count_failure(account.id, now)
    return None


@functools.cache
def _dummy_hash() -> str:
    """Checked against when the username is unknown, so a wrong name costs as long as a wrong password."""
    return generate_password_hash("padan-kerja-no-such-user", method="scrypt")


def _count_failure(account_id: int, now) -> None:
    # One UPDATE, so failures coming in through several workers at once are all counted.
    with write_transaction():
        db.session.execute(update(UserAccount).where(UserAccount.id == account_id)
                           .values(failed_attempts=UserAccount.failed_attempts + 1))
        account = db.session.get(UserAccount, account_id, populate_existing=True)
        if account.failed_attempts >= MAX_FAILED:
            account.failed_attempts = 0
            account.locked_until = now + timedelta(minutes=LOCK_MINUTES)


def _aware(moment):
    """SQLite hands back naive datetimes for timezone-aware columns; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def account_principal(account_id: int) -> Principal | None:
    """Who a signed-in account is now (None once the account is gone)."""
    account = db.session.get(UserAccount, account_id)
    return account and Principal(account.role, account.username)


def seeker_sign_in(nik: str, access_code: str) -> int | None:
    """The id of the seeker's access code if this NIK and code belong together, else None.

    The short code from the registration slip is expected; the long API token works too."""
    hashes = {hash_token(access_code.strip()), hash_token(normalise_access_code(access_code))}
    token_id = db.session.scalar(
        select(ApiToken.id).join(Seeker, Seeker.id == ApiToken.seeker_id)
        .where(Seeker.nik == nik.strip(), ApiToken.token_hash.in_(hashes),
               ApiToken.role.in_(("seeker", WEB_CODE_ROLE)), ApiToken.revoked_at.is_(None)))
    return token_id


def seeker_principal(token_id: int) -> Principal | None:
    """Who a signed-in seeker is now (None once their access code is revoked)."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.revoked_at is not None or token.role not in ("seeker", WEB_CODE_ROLE):
        return None
    return Principal("seeker", token.name, token.seeker_id)
