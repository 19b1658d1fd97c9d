"""Dashboards benchmark: the manager's home page and each dashboard with five years of monthly snapshots for
twenty subjects, and the monthly snapshot job of each demo cooperative.

    .venv/bin/python bench/dashboards.py [--requests 100] [--subjects 20] [--years 5] [--keep] [--no-write]

With ``DATABASE_URL`` unset it runs on the embedded PostgreSQL server (started when it is down), else on the
server of ``DATABASE_URL`` / ``DATABASE_OWNER_URL``. In a scratch database it creates and migrates as the
owner role and drops afterwards; the timed work runs as the application role (row-level security applies):

1. The demo (``manage.py load_demo``: four cooperatives with their members, savings, loans, waserda, supply,
   plants, sales and snapshots), then for KPMK Pangandaran ``--subjects`` more processed products, business
   units and marketing channels, each with ``--years`` years of monthly Hayami and income snapshots (a
   margins snapshot a year for each channel, a scorecard a year), loaded in bulk.
2. Pages, through Django's test client in-process (the request, the tenant's checks, the queries and the
   rendered HTML): the home page and each board, for the first subject and for one of the loaded subjects
   with its 60 periods; ``--requests`` each after a warm-up; p95 against the target of 300 ms (issue 22).
3. The monthly job (``performance.compute_month_snapshots``, run in-process) for each demo cooperative and
   each month of its books; the slowest run against the target of 60 s.

The figures go to the "## Dashboards" section of BENCHMARKS.md (other sections are kept).
"""

from __future__ import annotations

import datetime
import io
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koperasi.settings")
os.environ.pop("REDIS_URL", None)
from bench._common import (  # noqa: E402
    analyze,
    arguments,
    bulk_load,
    describe,
    machine,
    run_in_scratch,
    timed,
    write_section,
)

SCRATCH = "koperasi_bench_dashboards"
COMMAND = ".venv/bin/python bench/dashboards.py"
SECTION = "## Dashboards"
TARGET_PAGE_MS = 300.0  # issue 22
TARGET_JOB_S = 60.0  # issue 22
SLUG = "kpmk-pangandaran"

SNAPSHOTS = """
INSERT INTO performance_snapshot (cooperative_id, method, subject_type, subject_id, subject_label, period_kind,
    period_start, period_end, status, payload, result, error, notes, method_version, fingerprint, computed_at,
    computed_via)
SELECT %(coop)s, %(method)s, %(type)s, s.id, s.label, %(kind)s, p::date,
       CASE WHEN %(kind)s = 'month' THEN (p + interval '1 month' - interval '1 day')::date
            ELSE (p + interval '1 year' - interval '1 day')::date END,
       'ok', %(payload)s::jsonb, %(result)s::jsonb, '', '[]'::jsonb, '1.0', repeat('0', 64), now(), 'bench'
FROM unnest(%(ids)s::bigint[], %(labels)s::text[]) AS s(id, label),
     generate_series(%(first)s::date, %(last)s::date, %(step)s::interval) AS p
ON CONFLICT DO NOTHING
"""


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--requests", type=int, default=100, help="requests timed per page")
    parser.add_argument("--subjects", type=int, default=20)
    parser.add_argument("--years", type=int, default=5)
    run_in_scratch(SCRATCH, parser.parse_args(), run, report)


def load_demo() -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("load_demo", stdout=io.StringIO())
    elapsed = time.perf_counter() - started
    print(f"demo loaded in {elapsed:.0f} s", flush=True)
    return elapsed


def add_subjects(count: int) -> dict:
    """``count`` products, business units and marketing channels more in KPMK (their snapshots are loaded)."""
    from decimal import Decimal

    from koperasi.ledger.models import BusinessUnit
    from koperasi.tenancy.context import cooperative_context
    from koperasi.tenancy.models import Cooperative
    from processing.models import Product
    from procurement.models import StageRole
    from procurement.services import markets

    cooperative = Cooperative.objects.get(slug=SLUG)
    stages = [("Petani", StageRole.FARMER), ("Pengepul", StageRole.COLLECTOR), ("Konsumen", StageRole.CONSUMER)]
    with cooperative_context(cooperative.pk):
        products = [Product.objects.create(code=f"B{n:02d}", name=f"Produk olahan {n:02d}", unit="kg",
                                           list_price=Decimal(20000)) for n in range(count)]  # fmt: skip
        units = [BusinessUnit.objects.create(code=f"U{n:02d}", name=f"Unit usaha {n:02d}") for n in range(count)]
        channels = [markets.create_channel(actor=None, name=f"Saluran {n:02d}", commodity="Kelapa", stages=stages)
                    for n in range(count)]  # fmt: skip
    return {"cooperative": cooperative, "product": products, "unit": units, "channel": channels}


def load_snapshots(args, owner, subjects: dict) -> int:
    """Five years of monthly Hayami and income snapshots per subject, a margins snapshot a year per channel and
    a scorecard a year, with the payloads and results the methods give for their worked examples."""
    from koperasi.ledger.fiscal import Month
    from performance.calculators import CALCULATORS, calculate

    last = Month.of(datetime.date.today()).plus(-1).first_day
    first = Month.of(last).plus(-12 * args.years + 1).first_day
    coop = subjects["cooperative"].pk
    rows = 0
    for method, kind, subject_type, step in (("hayami", "month", "product", "1 month"),
                                             ("income", "month", "unit", "1 month"),
                                             ("margins", "year", "channel", "1 year")):  # fmt: skip
        payload = CALCULATORS[method].example()
        result = calculate(CALCULATORS[method], payload)
        things = subjects[subject_type]
        start = first if kind == "month" else first.replace(month=1)
        values = {"coop": coop, "method": method, "type": subject_type, "kind": kind, "payload": json.dumps(payload),
                  "result": json.dumps(result), "ids": [t.pk for t in things], "labels": [t.name for t in things],
                  "first": start, "last": last, "step": step}  # fmt: skip
        bulk_load(SCRATCH, owner, coop, [SNAPSHOTS], values)
        periods = 12 * args.years if kind == "month" else args.years
        rows += len(things) * periods
    bsc = CALCULATORS["bsc"]
    values = {"coop": coop, "method": "bsc", "type": "cooperative", "kind": "year",
              "payload": json.dumps(bsc.example()), "result": json.dumps(calculate(bsc, bsc.example())),
              "ids": [coop], "labels": [subjects["cooperative"].name], "first": first.replace(month=1),
              "last": last.replace(month=1) - datetime.timedelta(days=1), "step": "1 year"}  # fmt: skip
    bulk_load(SCRATCH, owner, coop, [SNAPSHOTS], values)
    analyze(SCRATCH, owner, vacuum=("performance_snapshot",))
    print(f"loaded {rows:,} snapshots", flush=True)
    return rows


def time_pages(args, subjects: dict) -> dict:
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from koperasi.tenancy.context import cooperative_context
    from koperasi.tenancy.models import RoleAssignment

    call_command("collectstatic", interactive=False, verbosity=0)  # pages link static files as production does
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    with cooperative_context(subjects["cooperative"].pk):
        manager = RoleAssignment.objects.filter(role="manager").select_related("user").first().user
    client = Client()
    client.force_login(manager)
    base = f"/k/{SLUG}"
    pages = {"home": (f"{base}/", {})}
    for method, subject_type in (("hayami", "product"), ("margins", "channel"), ("income", "unit"), ("bsc", "")):
        pages[method] = (f"{base}/dashboards/{method}/", {})
        if subject_type:
            pages[f"{method} (a subject with {args.years} years)"] = (
                f"{base}/dashboards/{method}/", {"subject": f"{subject_type}:{subjects[subject_type][0].pk}"}
            )
    pages[f"API board (income, a subject with {args.years} years)"] = (
        f"/api/v1/k/{SLUG}/dashboards/board/", {"method": "income", "subject": f"unit:{subjects['unit'][0].pk}"}
    )
    pages["API home"] = (f"/api/v1/k/{SLUG}/dashboards/home/", {})
    results = {}
    for name, (path, params) in pages.items():

        def get(path=path, params=params):
            response = client.get(path, params)
            assert response.status_code == 200, (path, response.status_code)

        results[name] = timed(get, args.requests)
        r = results[name]
        print(f"{name}: median {r['median']:.1f} ms, p95 {r['p95']:.1f} ms, max {r['max']:.1f} ms", flush=True)
    return results


def time_jobs() -> dict:
    """The monthly job for each demo cooperative and each month its books have."""
    from koperasi.ledger.fiscal import Month
    from koperasi.ledger.models import JournalEntry
    from koperasi.tenancy.context import cooperative_context
    from koperasi.tenancy.models import Cooperative
    from performance.tasks import compute_month_snapshots

    runs = []
    for cooperative in Cooperative.objects.order_by("slug"):
        with cooperative_context(cooperative.pk):
            dates = JournalEntry.objects.filter(is_closing=False).dates("date", "month")
            months = sorted({Month.of(day) for day in dates})
        for month in months:
            started = time.perf_counter()
            count = compute_month_snapshots.apply(kwargs={"cooperative_id": cooperative.pk, "month": str(month)}).get()
            runs.append({"slug": cooperative.slug, "month": str(month), "seconds": time.perf_counter() - started,
                         "snapshots": count})  # fmt: skip
            print(f"job {cooperative.slug} {month}: {count} snapshots in {runs[-1]['seconds']:.2f} s", flush=True)
    return {"jobs": runs}


def run(args, owner) -> dict:
    from django.db import connection

    results = {"demo_seconds": load_demo()}
    subjects = add_subjects(args.subjects)
    results["snapshots"] = load_snapshots(args, owner, subjects)
    results["pages"] = time_pages(args, subjects)
    results |= time_jobs()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        results["postgres"] = cursor.fetchone()[0]
    return results


def report(results: dict, args) -> None:
    pages = results["pages"]
    slowest = max(pages.values(), key=lambda r: r["p95"])["p95"]
    worst_job = max(results["jobs"], key=lambda r: r["seconds"])
    rows = ["| page | median | p95 | max |", "|---|---|---|---|"]
    rows += [
        f"| {name} | {r['median']:.1f} ms | **{r['p95']:.1f} ms** | {r['max']:.1f} ms |" for name, r in pages.items()
    ]
    jobs = ["| cooperative | months run | snapshots | slowest month | all months |", "|---|---|---|---|---|"]
    for slug in sorted({j["slug"] for j in results["jobs"]}):
        runs = [j for j in results["jobs"] if j["slug"] == slug]
        slow = max(runs, key=lambda j: j["seconds"])
        jobs.append(
            f"| {slug} | {len(runs)} | {sum(j['snapshots'] for j in runs)} | {slow['month']}: {slow['seconds']:.2f} s "
            f"| {sum(j['seconds'] for j in runs):.2f} s |"
        )
    command = f"{COMMAND} --requests {args.requests} --subjects {args.subjects} --years {args.years}"
    section = f"""{SECTION}

Measured {datetime.date.today().isoformat()} on {describe(machine())}; PostgreSQL {results["postgres"]} on the
same machine (the embedded server).

Command (scratch database `{SCRATCH}`, created, migrated and dropped by the script; runs as the non-owner app
role, so row-level security applies):

    {command}

The demo (loaded in {results["demo_seconds"]:.0f} s), and in KPMK Pangandaran {args.subjects} more products,
business units and channels with {args.years} years of monthly snapshots each ({results["snapshots"]:,} snapshots).
Each page {args.requests} times through Django's test client after a warm-up, as the cooperative's manager.
Target: p95 under {TARGET_PAGE_MS:.0f} ms — slowest p95 **{slowest:.1f} ms
({"met" if slowest < TARGET_PAGE_MS else "NOT met"})**.

{chr(10).join(rows)}

The monthly job (`performance.compute_month_snapshots`, every method and subject of the month) for each demo
cooperative and each month of its books. Target: under {TARGET_JOB_S:.0f} s — slowest **{worst_job["seconds"]:.2f} s**
({worst_job["slug"]}, {worst_job["month"]}; {"met" if worst_job["seconds"] < TARGET_JOB_S else "NOT met"}).

{chr(10).join(jobs)}
"""
    print(section)
    if not args.no_write:
        write_section(SECTION, section)


if __name__ == "__main__":
    main()
