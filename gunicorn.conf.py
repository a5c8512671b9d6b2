"""gunicorn settings read from the project root (`gunicorn wsgi:app`)."""

# The master imports the app and builds what every worker reads (taxonomy, normaliser, word
# frequencies: service/preload.py) once; workers fork with it and share those pages instead of
# each importing and building its own (BENCHMARKS.md: start and memory per worker).
preload_app = True

# A worker builds its matching index from stored mentions in seconds (BENCHMARKS.md, bench/scale.py)
# and no request waits for a rebuild, so gunicorn's usual timeout holds.
timeout = 30

# When an access log is asked for (--access-logfile): the path without its query string (%(U)s, not
# %(r)s) and no referrer, so no name or other search typed into a URL is kept; the request id ties
# a line to the app's own JSON log lines (service/logs.py).
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}o)s'


def when_ready(server):
    """In the master, before the first fork: the shared read-only state (service/preload.py)."""
    if not server.cfg.preload_app:
        return
    try:
        from service.preload import warm
        took = warm(server.app.wsgi())
        server.log.info("preloaded for the workers in %.1f s (%.1f s CPU)", took["seconds"], took["cpu_seconds"])
    except Exception:  # noqa: BLE001 - workers then build it themselves
        server.log.exception("preload failed; each worker builds its own normaliser")


def post_fork(server, worker):
    if server.cfg.preload_app:
        from service.preload import after_fork
        after_fork(worker.app.wsgi())


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
