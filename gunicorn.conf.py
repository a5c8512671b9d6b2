"""gunicorn settings read from the project root (`gunicorn wsgi:app`)."""

# A worker builds its matching index from stored mentions in seconds (BENCHMARKS.md, bench/scale.py)
# and no request waits for a rebuild, so gunicorn's usual timeout holds.
timeout = 30

# When an access log is asked for (--access-logfile): the path without its query string (%(U)s, not
# %(r)s) and no referrer, so no name or other search typed into a URL is kept; the request id ties
# a line to the app's own JSON log lines (service/logs.py).
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}o)s'


def post_worker_init(worker):
    """Build this worker's matching index before it takes requests, not on the first match request."""
    try:
        from service.matches import worker_index
        app = worker.wsgi
        with app.app_context():
            index = worker_index()
            index.current()
            worker.log.info("matching index ready: %d seekers in %.1f s (%.1f s CPU)", index.engine.seeker_count,
                            index.build_seconds, index.build_cpu_seconds)
    except Exception:  # noqa: BLE001 - a fresh, unmigrated database must not stop the worker
        worker.log.exception("matching index not built at start; it will be built on first use")
