"""What gunicorn's master prepares once, before it forks its workers (`preload_app`, gunicorn.conf.py).

Every worker needs the same read-only things before its first match: the libraries, the app, the
taxonomy, the normaliser for the current staff aliases (its alias index, typo pools and n-gram
vectors), the free-text model, the word frequencies. Built in the master, they are shared by the
forked workers page by page (copy-on-write), so a worker neither spends its start on them nor
holds its own copy: it only builds its matching index from the stored mentions (service/matches.py).

After the warm-up the master closes its database connections (a forked worker must never use its
parent's sockets; each worker also drops the inherited pool in `after_fork`), collects, and
freezes the garbage collector's view of these objects (`gc.freeze`), so a worker's collections
never walk, and so never dirty, the shared pages.
"""
from __future__ import annotations

import ctypes
import gc
import logging
import time

from flask import Flask

log = logging.getLogger(__name__)


def warm(app: Flask) -> dict:
    """Build the shared, read-only state in this (the master) process; returns what it took."""
    started, cpu = time.perf_counter(), time.process_time()
    from matching.engine import free_text_model
    from service import skills
    from service.extensions import db
    from service.matches import base_taxonomy
    with app.app_context():
        taxonomy = base_taxonomy()
        skills.shipped()
        try:
            normaliser, _ = skills.reading()     # with the staff aliases stored now
        except Exception:  # noqa: BLE001 - no database yet (or not migrated): the plain taxonomy
            log.warning("preload: staff aliases not read (database unavailable); workers read them")
            db.session.rollback()
            normaliser, _ = skills.reading_for([])
        finally:
            db.session.remove()
        free_text_model(taxonomy, normaliser)
        normaliser.mentions("operator mesin bubut")
        db.engine.dispose()                       # no connection of the master's is ever forked
    gc.collect()
    give_back_freed_memory()
    gc.freeze()
    return {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu}


def after_fork(app: Flask) -> None:
    """In a new worker: forget the master's connection pool without closing its sockets."""
    from service.extensions import db
    with app.app_context():
        db.engine.dispose(close=False)


def give_back_freed_memory() -> None:
    """Return the heap pages freed after a build to the system (glibc keeps them otherwise): a
    worker's index build frees ~25 MB of transient buffers at 100,000 seekers that its RSS would
    keep for its whole life. Nothing on a libc without malloc_trim."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
