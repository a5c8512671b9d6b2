"""Sign-in throttling with counters in the database, so every gunicorn worker and machine counts
the same failures.

A key is what was typed (a NIK, or a username with the caller's address) or the address alone,
stored only as a keyed hash. Keys are counted whether or not an account or seeker exists, so a
lock-out says nothing about who is registered. A staff username is locked together with the
address it was tried from: someone elsewhere cannot lock a colleague out by typing their name.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from service.extensions import db
from service.keys import keyed_hash
from service.models import SignInThrottle, aware, utcnow
from service.persistence import write_transaction


@dataclass(frozen=True)
class Rule:
    kind: str
    failures: int  # this many wrong tries within `minutes` lock the key for `minutes`
    minutes: int = 15


SEEKER_NIK = Rule("nik", 10)
ACCOUNT = Rule("account", 5)
ADDRESS = Rule("address", 50)  # any sign-in form, from one address: slows spraying many names


class Locked(Exception):
    """Too many wrong tries: sign-in opens again at `until`."""

    def __init__(self, until: datetime):
        super().__init__(f"locked until {until.isoformat()}")
        self.until = until

    def minutes_left(self) -> int:
        return max(1, -(-int((self.until - utcnow()).total_seconds()) // 60))


def _key(rule: Rule, value: str) -> str:
    return keyed_hash(f"throttle:{rule.kind}", value)


def check(*keys: tuple[Rule, str]) -> None:
    """Raise Locked if any of the keys is locked now."""
    hashes = [_key(rule, value) for rule, value in keys]
    now = utcnow()
    until = [aware(row.locked_until) for row in db.session.scalars(
        select(SignInThrottle).where(SignInThrottle.key_hash.in_(hashes))) if row.locked_until]
    until = [moment for moment in until if moment > now]
    if until:
        raise Locked(max(until))


def failed(*keys: tuple[Rule, str]) -> None:
    """Count a wrong try against every key; a key reaching its rule's count is locked."""
    now = utcnow()
    with write_transaction():
        for rule, value in keys:
            key_hash = _key(rule, value)
            insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
            # One upsert: concurrent failures through several workers are all counted.
            db.session.execute(insert(SignInThrottle).values(key_hash=key_hash, failures=1, first_failure_at=now)
                               .on_conflict_do_update(index_elements=["key_hash"],
                                                      set_={"failures": SignInThrottle.failures + 1}))
            row = db.session.get(SignInThrottle, key_hash, populate_existing=True)
            window = timedelta(minutes=rule.minutes)
            if row.first_failure_at is None or aware(row.first_failure_at) < now - window:
                row.failures, row.first_failure_at = 1, now
            if row.failures >= rule.failures:
                row.failures, row.first_failure_at, row.locked_until = 0, None, now + window


def succeeded(*keys: tuple[Rule, str]) -> None:
    """A right answer clears these keys' counts."""
    with write_transaction():
        db.session.execute(update(SignInThrottle).where(SignInThrottle.key_hash.in_(
            [_key(rule, value) for rule, value in keys])).values(failures=0, first_failure_at=None))
