"""Start the real service under gunicorn on a database of the test's choosing."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(database_url: str, log_path: Path, workers: int = 1, **env) -> tuple[subprocess.Popen, str]:
    """gunicorn on a free port; returns the process and its base URL (not yet known to be up)."""
    port = free_port()
    environment = dict(os.environ, DATABASE_URL=database_url, PYTHONPATH=str(ROOT), **env)
    log = open(log_path, "w")
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
                             "wsgi:app"], cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=log)
    log.close()
    return proc, f"http://127.0.0.1:{port}"


def wait_until_up(proc: subprocess.Popen, base: str, seconds: float = 30) -> bool:
    """True once the server answers at all (any status), False if it exited or never answered."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            time.sleep(0.2)
    return False


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
