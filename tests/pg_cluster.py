"""A throwaway PostgreSQL cluster of its own (initdb on a temporary directory and port) for tests
that stop, freeze and restart the database; the machine's own server is never touched."""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess


def _binaries() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return os.path.dirname(found[-1]) if found else (os.path.dirname(shutil.which("pg_ctl") or "") or None)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """initdb, start, stop (immediate), freeze/thaw (SIGSTOP/SIGCONT of every backend), remove."""

    def __init__(self, directory: str):
        self.bin = _binaries()
        self.directory, self.port = directory, _free_port()
        self.data, self.log = os.path.join(directory, "data"), os.path.join(directory, "postgres.log")
        # initdb refuses to run as root: the cluster then belongs to the postgres account.
        self.user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    @property
    def available(self) -> bool:
        return self.bin is not None

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        subprocess.run([*self.user, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def create(self) -> None:
        if self.user:
            shutil.chown(self.directory, "postgres")
        self._run(f"{self.bin}/initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def start(self) -> None:
        self._run(f"{self.bin}/pg_ctl", "-D", self.data, "-l", self.log, "-w", "-o",
                  f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def stop(self) -> None:
        self._run(f"{self.bin}/pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")

    def _processes(self) -> list[int]:
        with open(os.path.join(self.data, "postmaster.pid")) as pid_file:
            postmaster = int(pid_file.readline())
        children = subprocess.run(["pgrep", "-P", str(postmaster)], capture_output=True, text=True).stdout.split()
        return [postmaster, *map(int, children)]

    def freeze(self) -> None:
        for pid in self._processes():
            os.kill(pid, 19)  # SIGSTOP: the server still holds its sockets but never answers

    def thaw(self) -> None:
        for pid in self._processes():
            os.kill(pid, 18)  # SIGCONT

    def remove(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.directory, ignore_errors=True)
