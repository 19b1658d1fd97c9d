"""Ledger benchmark: post_entry throughput and the trial balance over 1,000,000 lines.

    .venv/bin/python bench/ledger.py [--entries 2000] [--lines 1000000] [--keep]

With ``DATABASE_URL`` unset it runs on the embedded PostgreSQL server (started when it is down), else
on the server of ``DATABASE_URL`` / ``DATABASE_OWNER_URL``.

It creates a scratch database (``koperasi_bench_ledger``) as the owner role, migrates it, and runs as
the application role (row-level security and every ledger trigger apply). The 1M lines are loaded
with set-based SQL (INSERT … SELECT generate_series) through the same triggers and checks, in
batches of 50,000 entries. The figures are written to the "## Ledger" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koperasi.settings")
os.environ.pop("REDIS_URL", None)
from bench._common import analyze, connect, describe, machine, owner_and_app_urls, scratch_database, write_section  # noqa: E402

SCRATCH = "koperasi_bench_ledger"
COMMAND = ".venv/bin/python bench/ledger.py"
WARM_UP = 100  # entries posted before the timed ones (then ANALYZE, as autovacuum would)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=2000, help="entries posted through post_entry")
    parser.add_argument("--lines", type=int, default=1_000_000, help="journal lines for the trial balance")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    args = parser.parse_args()

    owner, _app = owner_and_app_urls()
    with scratch_database(SCRATCH, owner, keep=args.keep):
        results = run(args, owner)
    report(results, args)


def run(args, owner) -> dict:
    from django.db import connection

    from koperasi.ledger.fiscal import Month
    from koperasi.ledger.models import Account
    from koperasi.ledger.services import Line, post_entry
    from koperasi.ledger.statements import Range, trial_balance
    from koperasi.tenancy.context import cooperative_context
    from koperasi.tenancy.models import Cooperative
    from koperasi.tenancy.services import seed_cooperative

    cooperative = Cooperative.objects.create(name="Koperasi Benchmark", slug="bench-ledger", kind="ksu")
    seed_cooperative(cooperative)
    from koperasi.ledger.services import open_fiscal_year

    with cooperative_context(cooperative.pk):  # the books the benchmark posts into
        for fiscal_year in (2024, 2025):
            open_fiscal_year(actor=None, fiscal_year=fiscal_year)
    results: dict = {}
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        results["postgres"] = cursor.fetchone()[0]

    # 1. post_entry throughput: one business event per transaction, 4 lines each.
    with cooperative_context(cooperative.pk):
        accounts = {a.system_key: a for a in Account.objects.exclude(system_key="")}
    amount = Decimal("125000.00")

    def post(n: int) -> None:
        with cooperative_context(cooperative.pk):
            post_entry(
                date=datetime.date(2024, 1 + n % 12, 1 + n % 28),
                source=("bench.sale", n),
                purpose="pos.sale",
                lines=[
                    Line(accounts["cash"], debit=amount),
                    Line(accounts["sales_waserda"], credit=amount),
                    Line(accounts["cogs"], debit=Decimal("90000.00")),
                    Line(accounts["merchandise_inventory"], credit=Decimal("90000.00")),
                ],
            )

    for n in range(WARM_UP):
        post(-1 - n)
    analyze(SCRATCH, owner)
    started = time.perf_counter()
    for n in range(args.entries):
        post(n)
    elapsed = time.perf_counter() - started
    results["post_entries"] = args.entries
    results["post_seconds"] = elapsed
    results["post_rate"] = args.entries / elapsed
    print(f"post_entry: {args.entries} entries in {elapsed:.1f} s = {results['post_rate']:.0f} entries/s", flush=True)

    # 2. bulk load: 4 lines per entry, through every trigger, 50,000 entries per transaction.
    entries_needed = max(0, (args.lines - args.entries * 4) // 4)
    ids = [
        accounts[key].pk
        for key in (
            "cash",
            "bank",
            "sales_waserda",
            "cogs",
            "merchandise_inventory",
            "voluntary_savings",
            "loan_receivable",
            "loan_interest_income",
        )
    ]
    conn = connect(SCRATCH, owner)
    started = time.perf_counter()
    batch, done = 50_000, 0
    with conn, conn.cursor() as cursor:
        cursor.execute("SELECT set_config('app.cooperative_id', %s, false)", [str(cooperative.pk)])
        cursor.execute("SELECT coalesce(max(number), 0) FROM ledger_journalentry WHERE fiscal_year = 2025")
        number = cursor.fetchone()[0]
    while done < entries_needed:
        size = min(batch, entries_needed - done)
        with conn, conn.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO ledger_journalentry (cooperative_id, fiscal_year, number, date, memo, source_type,
                    source_id, purpose, status, is_closing, created_at, posted_at)
                SELECT %(coop)s, 2025, %(base)s + g - %(first)s + 1, date '2025-01-01' + (g %% 365), 'bench',
                       'bench.load', g::text, 'load', 'posted', false, now(), now()
                  FROM generate_series(%(first)s, %(last)s) AS g
                """,
                {"coop": cooperative.pk, "first": done + 1, "last": done + size, "base": number},
            )
            # Fresh statistics, so the lines trigger's plans use the index on entry_id.
            cursor.execute("ANALYZE ledger_journalentry, ledger_journalline")
            phase = time.perf_counter()
            cursor.execute(
                """
                INSERT INTO ledger_journalline (cooperative_id, entry_id, account_id, debit, credit, memo, party_type)
                SELECT e.cooperative_id, e.id, (%(ids)s::bigint[])[1 + (e.id + k) %% 8],
                       CASE WHEN k %% 2 = 0 THEN amount ELSE 0 END,
                       CASE WHEN k %% 2 = 1 THEN amount ELSE 0 END, '', ''
                  FROM ledger_journalentry e
                 CROSS JOIN generate_series(0, 3) AS k
                 CROSS JOIN LATERAL (SELECT (1000 + (e.id * 7 + (k / 2) * 13) %% 500000)::numeric(18, 2)
                                       AS amount) a
                 WHERE e.source_type = 'bench.load' AND e.fiscal_year = 2025 AND e.number > %(base)s
                """,
                {"ids": ids, "base": number},
            )
            number += size
            print(f"  lines checked and balanced in {time.perf_counter() - phase:.1f} s", flush=True)
            phase = time.perf_counter()
        print(f"  committed in {time.perf_counter() - phase:.1f} s", flush=True)
        done += size
        print(f"  loaded {done * 4:,} lines ({time.perf_counter() - started:.0f} s)", flush=True)
    with conn, conn.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ledger_journalsequence (cooperative_id, fiscal_year, last_number) VALUES (%s, 2025, %s)"
            " ON CONFLICT (cooperative_id, fiscal_year) DO UPDATE SET last_number = EXCLUDED.last_number",
            [cooperative.pk, number],
        )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE ledger_journalline, ledger_journalentry, ledger_accountbalance")
        cursor.execute("SELECT count(*) FROM ledger_journalline")
        results["lines"] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM ledger_accountbalance")
        results["balance_rows"] = cursor.fetchone()[0]
    conn.close()
    results["load_seconds"] = time.perf_counter() - started
    print(f"loaded {results['lines']:,} lines in {results['load_seconds']:.0f} s", flush=True)

    # 3. trial balance over every line (2024-01 … 2025-12), as the app role under RLS.
    period = Range(Month(2024, 1), Month(2025, 12))
    timings = []
    for _ in range(7):
        with cooperative_context(cooperative.pk):
            started = time.perf_counter()
            report = trial_balance(period)
            timings.append(time.perf_counter() - started)
    assert report.checks["balanced"], report.totals
    results["tb_median"] = statistics.median(timings)
    results["tb_max"] = max(timings)
    results["tb_total_debit"] = report.totals["debit"]

    # 3b. for comparison: the same figures summed from the journal lines directly.
    naive = []
    for _ in range(3):
        with cooperative_context(cooperative.pk), connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(
                "SELECT l.account_id, sum(l.debit), sum(l.credit) FROM ledger_journalline l"
                " JOIN ledger_journalentry e ON e.id = l.entry_id"
                " WHERE e.status = 'posted' AND e.date BETWEEN '2024-01-01' AND '2025-12-31' GROUP BY l.account_id"
            )
            rows = cursor.fetchall()
            naive.append(time.perf_counter() - started)
    assert sum(row[1] for row in rows) == report.totals["debit"]
    results["naive_median"] = statistics.median(naive)
    print(
        f"trial balance: median {results['tb_median'] * 1000:.1f} ms (from lines directly: "
        f"{results['naive_median'] * 1000:.0f} ms)",
        flush=True,
    )
    return results


def report(results: dict, args) -> None:
    today = datetime.date.today().isoformat()
    r = results
    rows = [
        ("measure", "result"),
        ("---", "---"),
        (
            "`post_entry`, 4-line entry, one transaction per entry, single process",
            f"**{r['post_rate']:.0f} entries/s** ({r['post_entries']} entries in {r['post_seconds']:.1f} s)",
        ),
        (
            f"bulk load of {r['lines']:,} journal lines through all triggers and checks",
            f"{r['load_seconds']:.0f} s",
        ),
        (
            f"trial balance over {r['lines']:,} lines (24 months, {r['balance_rows']} balance rows), median of 7",
            f"**{r['tb_median'] * 1000:.1f} ms** (max {r['tb_max'] * 1000:.1f} ms; target < 1 s)",
        ),
        (
            "same totals summed from the journal lines directly (for comparison), median of 3",
            f"{r['naive_median'] * 1000:.0f} ms",
        ),
    ]
    table = "\n".join(f"| {left} | {right} |" for left, right in rows)
    section = f"""## Ledger

Measured {today} on {describe(machine())}; PostgreSQL {results["postgres"]} on the same machine
(the embedded server).

Command (scratch database `{SCRATCH}`, created, migrated and dropped by the script; runs as the non-owner
app role, so row-level security and every ledger trigger apply):

```
{COMMAND} --entries {args.entries} --lines {args.lines}
```

{table}

Why: statements read `ledger_accountbalance` (posted debits and credits per account and month), which the
posting trigger maintains in the same transaction as the entry; a statement is one GROUP BY over
accounts × months, independent of the number of lines. Summing the lines directly (last row) grows
linearly with them: within the target at 1M lines, but not at the tens of millions a busy cooperative
reaches over the years, and it would compete with posting for the same pages.

`post_entry` is one statement, a call of the PL/pgSQL function `ledger_post_entry` (its history:
docs/performance.md): it resolves the accounts, returns the entry of an event posted before, refuses a month
not set up or closed, takes the journal number and inserts the entry, already posted, and its lines; a
statement-level trigger checks that the lines balance and adds them to the balances. The timed entries
follow 100 warm-up entries and an ANALYZE (this machine's PostgreSQL runs with autovacuum off).
"""
    print(section)
    if args.no_write:
        return
    write_section("## Ledger", section)


if __name__ == "__main__":
    main()
