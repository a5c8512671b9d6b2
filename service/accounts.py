"""Use cases for signing in to the web pages (masuk): staff and TKP3D accounts with passwords,
and job seekers with their NIK and the access code they were given at registration.

Passwords are hashed with scrypt (werkzeug.security) and never stored or logged in clear.
Wrong tries are throttled in the database (service/throttle.py): a username from one address
after 5, a NIK after 10, an address after 50, each for 15 minutes; a right answer while locked
is refused too, and the answers never tell whether an account or a NIK exists.
"""
from __future__ import annotations

import functools

from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from service import sessions, throttle
from service.auth import ROLES, WEB_CODE_ROLE, Principal, hash_token, is_live, normalise_access_code
from service.errors import Conflict, Invalid, NotFound
from service.extensions import db
from service.models import ApiToken, Seeker, UserAccount, utcnow
from service.persistence import write_transaction

MIN_PASSWORD_LENGTH = 10
SEEKER_ROLES = ("seeker", WEB_CODE_ROLE)


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


def sign_in(username: str, password: str, address: str) -> UserAccount | None:
    """The account if the password is right and the account enabled, else None; throttle.Locked
    while this username (from this address) or this address is locked, known account or not."""
    keys = ((throttle.ACCOUNT, f"{username.strip().lower()}|{address}"), (throttle.ADDRESS, address))
    throttle.check(*keys)
    account = db.session.scalar(select(UserAccount).where(UserAccount.username == username.strip()))
    # A wrong name costs as long as a wrong password, and a disabled account answers like a wrong one.
    right = check_password_hash(account.password_hash if account else _dummy_hash(), password)
    if not (right and account.disabled_at is None):
        throttle.failed(*keys)
        return None
    throttle.succeeded(keys[0])
    return account


@functools.cache
def _dummy_hash() -> str:
    return generate_password_hash("padan-kerja-no-such-user", method="scrypt")


def set_disabled(username: str, disabled: bool) -> UserAccount:
    """Disable a web account (its sessions end at once) or enable it again."""
    with write_transaction():
        account = db.session.scalar(select(UserAccount).where(UserAccount.username == username.strip()))
        if account is None:
            raise NotFound(f"No account {username!r}.")
        account.disabled_at = utcnow() if disabled else None
        if disabled:
            sessions.end_all("account", account.id)
    return account


def account_principal(account_id: int) -> Principal | None:
    """Who a signed-in account is now (None once the account is gone or disabled)."""
    account = db.session.get(UserAccount, account_id)
    return Principal(account.role, account.username) if account and account.disabled_at is None else None


def seeker_sign_in(nik: str, access_code: str, address: str) -> int | None:
    """The id of the seeker's access code if this NIK and a live code of theirs belong together,
    else None; throttle.Locked after repeated wrong codes for this NIK (registered or not).

    The short code from the registration slip is expected; the long API token works too."""
    typed = "".join(nik.split())
    keys = ((throttle.SEEKER_NIK, typed), (throttle.ADDRESS, address))
    throttle.check(*keys)
    hashes = {hash_token(access_code.strip()), hash_token(normalise_access_code(access_code))}
    token = db.session.scalar(
        select(ApiToken).join(Seeker, Seeker.id == ApiToken.seeker_id)
        .where(Seeker.nik == typed, ApiToken.token_hash.in_(hashes), ApiToken.role.in_(SEEKER_ROLES)))
    if not is_live(token):
        throttle.failed(*keys)
        return None
    throttle.succeeded(keys[0])
    with write_transaction():
        db.session.execute(update(Seeker).where(Seeker.id == token.seeker_id).values(last_active_at=utcnow()))
    return token.id


def seeker_principal(token_id: int) -> Principal | None:
    """Who a signed-in seeker is now (None once their access code is revoked or expired)."""
    token = db.session.get(ApiToken, token_id)
    if not is_live(token) or token.role not in SEEKER_ROLES:
        return None
    return Principal("seeker", token.name, token.seeker_id)
