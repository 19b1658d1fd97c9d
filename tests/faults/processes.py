"""Real server processes owned by one fault test: a Redis, a Celery worker, the app under gunicorn, a
PostgreSQL cluster. The shared servers the rest of the suite uses are never stopped; these are started on
free ports (or private sockets), stopped and killed by the test, and always ended when it ends.

Every wait is bounded: ``wait_until`` fails the test with what it was waiting for."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import requests
from django.db import connection

PROJECT_DIR = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def wait_until(condition, what: str, timeout: float = 30.0, interval: float = 0.1):
    """``condition()``'s first truthy answer, polled until ``timeout`` seconds; else the test fails."""
    deadline = time.monotonic() + timeout
    while True:
        answer = condition()
        if answer:
            return answer
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(settings_dict: dict | None = None) -> str:
    """The URL of the database the test runs on (the test database, as the app role)."""
    db = settings_dict or connection.settings_dict
    host = quote(db["HOST"] or "", safe="")
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def app_environment(*, database: str, redis: str, **extra: str) -> dict[str, str]:
    """The environment of a process of the app: this database and this Redis, nothing of the test run's."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_", "PYTEST", "TEST_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="koperasi.settings",
        DATABASE_URL=database,
        REDIS_URL=redis,
        SECRET_KEY="fault-test-secret-key-not-for-production-0123456789abcdef",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


class Process:
    """A child process with its output in a log file (shown when the test fails)."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log_dir: Path):
        self.name, self.command, self.env = name, command, env
        self.log = log_dir / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        handle = open(self.log, "ab")  # noqa: SIM115 - the child writes to it for its whole life
        self.process = subprocess.Popen(  # noqa: S603 - our own programs
            self.command, cwd=PROJECT_DIR, env=self.env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        handle.close()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL, no warning, no cleanup: the process and its children, like a crash or the OOM killer."""
        if self.running:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self, timeout: float = 10) -> None:
        if not self.running:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-6000:] if self.log.exists() else ""


class RedisServer(Process):
    """A private ``redis-server`` on a free port, nothing kept on disk; stopped and started on the same port."""

    def __init__(self, log_dir: Path):
        self.port = free_port()
        command = [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                   "--save", "", "--appendonly", "no", "--dir", str(log_dir)]  # fmt: skip
        super().__init__("redis", command, dict(os.environ), log_dir)
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        super().start()
        wait_until(self.answers, "the private Redis to answer", timeout=15)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def command_(self, *words: str) -> bytes:
        """One Redis command's raw answer (enough for LLEN and friends)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as conn:
            parts = [f"*{len(words)}\r\n".encode()] + [f"${len(w.encode())}\r\n{w}\r\n".encode() for w in words]
            conn.sendall(b"".join(parts))
            return conn.recv(4096)

    def queue_length(self, queue: str = "celery") -> int:
        return int(self.command_("LLEN", queue).strip().lstrip(b":"))


class AppServer(Process):
    """The app under gunicorn (as in production, threads), on a free port."""

    def __init__(self, env: dict[str, str], log_dir: Path, threads: int = 4):
        self.port = free_port()
        command = [str(VENV_BIN / "gunicorn"), "koperasi.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "1",
                   "--threads", str(threads), "--timeout", "60", "--graceful-timeout", "5"]  # fmt: skip
        # DEBUG: static files from the app folders (no collectstatic in a test run); errors still go through
        # the app's own handling (the 503 middleware).
        super().__init__("app", command, env | {"DEBUG": "1"}, log_dir)
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        super().start()

        def up():
            if not self.running:
                raise AssertionError(f"the app server died:\n{self.output()}")
            try:
                return requests.get(self.url + "/accounts/login/", timeout=2).status_code == 200
            except requests.RequestException:
                return False

        wait_until(up, "the app server to answer", timeout=45, interval=0.25)


class Worker(Process):
    """A Celery worker (one process, one task at a time) on the given broker and database."""

    def __init__(self, env: dict[str, str], log_dir: Path, name: str = "worker"):
        command = [str(VENV_BIN / "celery"), "-A", "koperasi", "worker", "--pool=solo", "-c", "1",
                   "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{name}@%h",
                   "--loglevel", "INFO"]  # fmt: skip
        super().__init__(name, command, env, log_dir)

    def start(self) -> None:
        super().start()

        def ready():
            if not self.running:
                raise AssertionError(f"the worker died:\n{self.output()}")
            return " ready." in self.output()

        wait_until(ready, f"{self.name} to be ready", timeout=45, interval=0.25)
