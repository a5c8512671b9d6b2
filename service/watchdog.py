"""A frozen PostgreSQL (a stopped process, a stalled network) never answers and never enforces
its own statement_timeout: a worker would wait until gunicorn kills it, and /healthz with it.

Every round trip to PostgreSQL (execute, commit, rollback, the pool's pre-ping) runs under a
deadline kept by one thread per process: past it, that connection's socket is shut down, the
call fails as a lost connection (503 by service/faults.py), and the server, when it wakes, rolls
back the transaction of a client that was told 503. A healthy server cancels a slow statement
itself at statement_timeout, before the deadline (statement_timeout + GRACE_SECONDS) comes.
"""
from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time

log = logging.getLogger(__name__)
GRACE_SECONDS = 3
ROUND_TRIPS = ("do_execute", "do_executemany", "do_execute_no_params", "do_commit", "do_rollback", "do_ping")


class Watchdog:
    """The calls in flight in this process and their deadlines; cuts the ones past due."""

    def __init__(self, interval: float = 0.25):
        self.interval, self.calls, self.lock, self.pid = interval, {}, threading.Lock(), None

    @contextlib.contextmanager
    def guard(self, dbapi_connection, seconds: float):
        self._ensure_thread()
        key = object()
        with self.lock:
            self.calls[key] = (time.monotonic() + seconds, dbapi_connection)
        try:
            yield
        finally:
            with self.lock:
                self.calls.pop(key, None)

    def _ensure_thread(self) -> None:
        if self.pid != os.getpid():  # first use in this (forked) worker
            self.pid = os.getpid()
            threading.Thread(target=self._watch, name="db-watchdog", daemon=True).start()

    def _watch(self) -> None:
        while True:
            time.sleep(self.interval)
            now = time.monotonic()
            with self.lock:
                due = [(key, conn) for key, (deadline, conn) in self.calls.items() if deadline <= now]
                for key, _ in due:
                    self.calls.pop(key)
            for _, conn in due:
                _cut(conn)


def _cut(dbapi_connection) -> None:
    """Shut the connection's socket down: the call blocked on it returns at once with an error."""
    try:
        duplicate = os.dup(dbapi_connection.pgconn.socket)
    except Exception:  # noqa: BLE001 - closed meanwhile: nothing to cut
        return
    sock = socket.socket(fileno=duplicate)
    try:
        sock.shutdown(socket.SHUT_RDWR)
        log.warning("a PostgreSQL call passed its deadline; its connection was cut")
    except OSError:
        pass  # already gone
    finally:
        sock.close()


WATCHDOG = Watchdog()


def _connection_of(first_argument):
    return getattr(first_argument, "connection", first_argument) if not hasattr(first_argument, "pgconn") \
        else first_argument


def watch_round_trips(dialect, seconds: float) -> None:
    """Run every DBAPI round trip of this PostgreSQL dialect under the watchdog."""
    for name in ROUND_TRIPS:
        original = getattr(dialect, name)

        def guarded(first, *args, _original=original, **kwargs):
            with WATCHDOG.guard(_connection_of(first), seconds):
                return _original(first, *args, **kwargs)
        setattr(dialect, name, guarded)
