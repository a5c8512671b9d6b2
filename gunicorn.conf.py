"""gunicorn settings read from the project root (`gunicorn wsgi:app`)."""

# A worker builds its matching index from stored mentions in seconds (BENCHMARKS.md, bench/scale.py)
# and no request waits for a rebuild, so gunicorn's usual timeout holds.
timeout = 30


def post_worker_init(worker):
    """Build this worker's matching index before it takes requests, not on the first match request."""
    try:
        from service.matches import worker_index
        app = worker.wsgi
        with app.app_context():
            worker_index().current()
    except Exception:  # noqa: BLE001 - a fresh, unmigrated database must not stop the worker
        worker.log.exception("matching index not built at start; it will be built on first use")
