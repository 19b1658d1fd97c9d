"""What every benchmark needs: the machine's description and a scratch PostgreSQL database.

The scratch database is created and migrated as the owner role (``DATABASE_OWNER_URL``); the
benchmark then runs as the application role (``DATABASE_URL``), so row-level security and every
trigger apply exactly as in production. It is dropped afterwards unless ``keep``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import secrets
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A benchmark runs the app as production does (DEBUG off: no query log), which needs a key of its own.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))


def machine() -> dict:
    """nproc, CPU model, RAM and OS of this machine, for the BENCHMARKS.md heading."""
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        match = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = match[1].strip() if match else cpu
    ram = "?"
    with contextlib.suppress(OSError, TypeError):
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
        ram = f"{kib / 1024 / 1024:.0f} GiB"
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram": ram, "os": f"{platform.system()} {platform.release()}"}


def describe(info: dict) -> str:
    return f"{info['nproc']} CPUs ({info['cpu']}), {info['ram']} RAM, {info['os']}"


def owner_and_app_urls() -> tuple[dict, dict]:
    """The parsed owner and app connection settings: those of ``DATABASE_OWNER_URL`` and
    ``DATABASE_URL``, or, with both unset, the embedded server's (started when it is down)."""
    import dj_database_url

    from koperasi.config import database_config, database_owner_url

    owner_url = database_owner_url(os.environ)
    if not owner_url:
        sys.exit("Set DATABASE_OWNER_URL (owner role) next to DATABASE_URL, or unset both (embedded server).")
    return dj_database_url.parse(owner_url), database_config(os.environ)


def database_url(name: str, role: dict) -> str:
    """``postgres://`` URL of database ``name`` as ``role`` (a socket directory as host is %-encoded)."""
    from urllib.parse import quote

    host = quote(str(role["HOST"] or "127.0.0.1"), safe="")
    return f"postgres://{role['USER']}:{role['PASSWORD']}@{host}:{role['PORT'] or 5432}/{name}"


@contextlib.contextmanager
def scratch_database(name: str, owner: dict, *, keep: bool = False) -> Iterator[None]:
    """Create and migrate database ``name`` as the owner, then yield connected as the app role."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from koperasi.core.db.roles import grant_app_role

    settings_dict = connection.settings_dict
    app_credentials = settings_dict["USER"], settings_dict["PASSWORD"]
    settings_dict["TEST"] = {**settings_dict.get("TEST", {}), "NAME": name}
    settings_dict["USER"], settings_dict["PASSWORD"] = owner["USER"], owner["PASSWORD"]
    connection.close()
    print(f"creating and migrating scratch database {name} …", flush=True)
    config = setup_databases(verbosity=0, interactive=False, keepdb=False)
    grant_app_role("default")
    connection.close()
    settings_dict["USER"], settings_dict["PASSWORD"] = app_credentials
    try:
        yield
    finally:
        connection.close()
        if not keep:
            settings_dict["USER"], settings_dict["PASSWORD"] = owner["USER"], owner["PASSWORD"]
            teardown_databases(config, verbosity=0)


def analyze(name: str, owner: dict, *, vacuum: tuple[str, ...] = ()) -> None:
    """``ANALYZE`` database ``name`` as its owner. This machine's PostgreSQL runs with autovacuum off,
    so nothing else would: a benchmark calls it after its warm-up, where autovacuum would have run,
    so the planner knows the tables' sizes (row-level security adds a ``cooperative_id`` condition to
    every query, and with no statistics at all the planner may scan that index as if it were selective).
    ``vacuum`` names freshly bulk-loaded tables to VACUUM first, as autovacuum would have long before:
    otherwise the timed job's first read of millions of new rows also writes them all back (hint bits)."""
    conn = connect(name, owner)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            if vacuum:
                cursor.execute(f"VACUUM {', '.join(vacuum)}")
            cursor.execute("ANALYZE")
    finally:
        conn.close()


def bulk_load(name: str, owner: dict, cooperative_id: int, statements, values: dict, sequences=()) -> None:
    """Run ``statements`` (SQL with ``%(name)s`` parameters from ``values``) in one transaction as the owner
    with the cooperative set (row-level security checks every row), then move each table's id sequence in
    ``sequences`` past the ids the statements chose."""
    conn = connect(name, owner)
    try:
        with conn, conn.cursor() as cursor:
            cursor.execute("SELECT set_config('app.cooperative_id', %s, false)", [str(cooperative_id)])
            cursor.execute("SELECT set_config('app.readable_ids', %s, false)", [str(cooperative_id)])
            for statement in statements:
                cursor.execute(statement, values)
            for table in sequences:
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    finally:
        conn.close()


def connect(name: str, role: dict):
    """A plain psycopg2 connection to database ``name`` with ``role``'s parsed credentials."""
    import psycopg2

    return psycopg2.connect(
        dbname=name, user=role["USER"], password=role["PASSWORD"], host=role["HOST"] or None, port=role["PORT"] or None
    )


def write_section(heading: str, section: str) -> None:
    """Put ``section`` (starting with ``heading``, e.g. "## Ledger") in BENCHMARKS.md in place of that
    section, or at the end; the other sections are kept."""
    path = ROOT / "BENCHMARKS.md"
    current = path.read_text() if path.exists() else "# Benchmarks\n\n"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        current = pattern.sub(lambda _match: section.rstrip() + "\n\n", current)
    else:
        current = current.rstrip() + "\n\n" + section
    path.write_text(current.rstrip() + "\n")
    print(f"updated {path}")


def summary(times_ms: list[float]) -> dict:
    """Median, p95 and max of some timings in milliseconds."""
    ordered = sorted(times_ms)
    return {"median": statistics.median(ordered), "p95": ordered[max(0, int(len(ordered) * 0.95) - 1)],
            "max": ordered[-1]}  # fmt: skip


def timed(get, count: int, warmups: int = 5) -> dict:
    """``get()`` called ``warmups`` times, then timed ``count`` times: :func:`summary` of the timings."""
    for _ in range(warmups):
        get()
    times = []
    for _ in range(count):
        started = time.perf_counter()
        get()
        times.append((time.perf_counter() - started) * 1000)
    return summary(times)


def arguments(doc: str) -> argparse.ArgumentParser:
    """A benchmark's command line: its docstring as help, ``--keep`` and ``--no-write``; the script adds its own."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    return parser


def run_in_scratch(name: str, args: argparse.Namespace, run, report) -> None:
    """``run(args, owner)`` in scratch database ``name`` (created, migrated, dropped unless ``--keep``), then
    ``report(results, args)``."""
    owner, _app = owner_and_app_urls()
    with scratch_database(name, owner, keep=args.keep):
        results = run(args, owner)
    report(results, args)
