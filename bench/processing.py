"""Processing benchmark: tracing a lot through a year of deliveries and batches, and the batch posting rate.

    .venv/bin/python bench/processing.py [--deliveries 1000000] [--batches 50000] [--traces 200]
                                         [--post 300] [--keep] [--no-write]

With ``DATABASE_URL`` unset it runs on the embedded PostgreSQL server (started when it is down), else on the
server of ``DATABASE_URL`` / ``DATABASE_OWNER_URL``. In a scratch database it creates and migrates as the
owner role and drops afterwards; the timed work runs as the application role (row-level security applies):

1. A year of processing loaded in bulk: ``--deliveries`` coconut deliveries from 10,000 farmers, each with
   its lot, taken by ``--batches`` finished batches (each takes the lots of its share of the deliveries, and
   every twentieth lot is split with the next batch, so lots mix across batches), each batch with its main
   output and a by-product and their finished-goods lots, and one delivery note in ten shipping a lot.
2. Trace back: ``--traces`` random finished-goods lots traced to their deliveries, suppliers and farmers,
   through ``selectors.trace_back`` (the rows read) and through the lot's trace page (what a certifier
   waits for: the request, the tenant's checks, the rows and the rendered page).
3. Trace forward: ``--traces`` random deliveries to the lots and shipments they went into.
4. Posting: ``--post`` batches planned, started, worked, given outputs and finished through the services,
   one transaction each (FIFO lots, cost shared among the outputs, the journal entry, the lots made).

The figures go to the "## Processing" section of BENCHMARKS.md (other sections are kept).
"""

from __future__ import annotations

import datetime
import os
import random
import sys
import time
from decimal import Decimal
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
    summary,
    write_section,
)

SCRATCH = "koperasi_bench_processing"
COMMAND = ".venv/bin/python bench/processing.py"
SECTION = "## Processing"
TARGET_TRACE_MS = 100.0  # issue 19
YEAR = datetime.date(2025, 1, 1)
FARMERS = 10_000
D = Decimal


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--deliveries", type=int, default=1_000_000)
    parser.add_argument("--batches", type=int, default=50_000)
    parser.add_argument("--traces", type=int, default=200, help="lots and deliveries traced")
    parser.add_argument("--post", type=int, default=300, help="batches finished through the services")
    run_in_scratch(SCRATCH, parser.parse_args(), run, report)


def setup():
    from koperasi.accounts.models import User
    from koperasi.ledger.models import BusinessUnit
    from koperasi.ledger.services import open_fiscal_year
    from koperasi.tenancy.context import cooperative_context
    from koperasi.tenancy.models import Cooperative, RoleAssignment
    from koperasi.tenancy.services import seed_cooperative
    from processing.models import Plant, Product, ProductionLine, Worker
    from processing.services import recipes
    from procurement.services import materials

    cooperative = Cooperative.objects.create(name="Koperasi Benchmark", slug="bench-processing", kind="produsen")
    seed_cooperative(cooperative)
    manager = User.objects.create_user("bench-manager", password=None)
    with cooperative_context(cooperative.pk):
        RoleAssignment.objects.create(user=manager, role="manager")
        for year in (YEAR.year, YEAR.year + 1):
            open_fiscal_year(actor=None, fiscal_year=year)
        material = materials.create_material(code="KELAPA", name="Kelapa", unit="butir")
        materials.add_price_rule(actor=None, material=material, valid_from=YEAR, base_price=D("1500"))
        plant = Plant.objects.create(name="Pabrik tepung kelapa", business_unit=BusinessUnit.objects.get(code="OLH"),
                                     overhead_rate=D("0.05"))  # fmt: skip
        flour = Product.objects.create(code="TK", name="Tepung kelapa", unit="kg", list_price=D("25000"))
        shell = Product.objects.create(code="TPR", name="Tempurung", unit="kg", list_price=D("1200"))
        line = ProductionLine.objects.create(plant=plant, name="Lini 1", product=flour, capacity_per_month=D("15000"))
        recipe = recipes.create_recipe(
            actor=None, product=flour, standard_labour_hok=D("4"),
            inputs=[recipes.MaterialLine(material, D("1000"), is_principal=True)],
            outputs=[recipes.OutputLine(flour, D("150"), is_main=True), recipes.OutputLine(shell, D("180"))],
        )  # fmt: skip
        worker = Worker.objects.create(plant=plant, name="Regu pengupas", wage=D("85000"))
    return {"cooperative": cooperative, "manager": manager, "material": material, "line": line, "recipe": recipe,
            "flour": flour, "shell": shell, "worker": worker}  # fmt: skip


# One statement per table, ids given (the scratch database's sequences are set after), so each batch's
# lots, outputs and finished-goods lots are found by arithmetic on the generated series.
LOAD = [
    """INSERT INTO procurement_supplier (id, cooperative_id, kind, name, phone, village, district, regency,
           province, bank_name, bank_account, bank_account_holder, is_active, created_at)
       SELECT g, %(coop)s, 'farmer', 'Petani ' || g, '', 'Desa ' || (g %% 40), '', '', '', '', '', '', true, now()
         FROM generate_series(1, %(farmers)s) AS g""",
    """INSERT INTO procurement_delivery (id, cooperative_id, key, supplier_id, material_id, date, collection_point,
           quantity, rejected_quantity, grade, readings, price_rule_id, price_rule_version, unit_price, value,
           status, reversal_reason, created_at)
       SELECT g, %(coop)s, gen_random_uuid(), 1 + (g::bigint * 7919) %% %(farmers)s, %(material)s,
              %(start)s::date + ((g - 1) * 365 / %(deliveries)s)::int, 'Gudang', 100, 0, '', '{}', %(rule)s, 1,
              1500, 150000, 'posted', '', now()
         FROM generate_series(1, %(deliveries)s) AS g""",
    """INSERT INTO procurement_rawmateriallot (id, cooperative_id, delivery_id, material_id, delivered_on, quantity,
           remaining, unit_cost)
       SELECT d.id, %(coop)s, d.id, %(material)s, d.date, 100, 0, 1500 FROM procurement_delivery d""",
    """INSERT INTO processing_batch (id, cooperative_id, line_id, recipe_id, status, planned_on, started_on,
           finished_on, allocation, overhead_rate, materials_cost, labour_cost, other_inputs_cost, overhead_cost,
           total_cost, note, created_at)
       SELECT b, %(coop)s, %(line)s, %(recipe)s, 'finished', d, d, d, 'sales_value', 0.05, 3000000, 340000, 0,
              167000, 3507000, '', now()
         FROM generate_series(1, %(batches)s) AS b,
              LATERAL (SELECT %(start)s::date + ((b - 1) * 365 / %(batches)s)::int AS d) day""",
    # Each batch takes its share of the lots; every twentieth lot is split with the next batch.
    """INSERT INTO processing_consumption (cooperative_id, batch_id, lot_id, quantity, cost)
       SELECT %(coop)s, 1 + (g - 1) / %(per_batch)s, g, CASE WHEN g %% 20 = 0 THEN 50 ELSE 100 END,
              CASE WHEN g %% 20 = 0 THEN 75000 ELSE 150000 END
         FROM generate_series(1, %(deliveries)s) AS g
       UNION ALL
       SELECT %(coop)s, LEAST(2 + (g - 1) / %(per_batch)s, %(batches)s), g, 50, 75000
         FROM generate_series(20, %(deliveries)s, 20) AS g""",
    """INSERT INTO processing_batchoutput (id, cooperative_id, batch_id, product_id, quantity, grade, is_main, price,
           cost)
       SELECT 2 * b - 1, %(coop)s, b, %(flour)s, 150, 'A', true, 25000, 3300000 FROM generate_series(1, %(batches)s) b
       UNION ALL
       SELECT 2 * b, %(coop)s, b, %(shell)s, 180, '', false, 1200, 207000 FROM generate_series(1, %(batches)s) b""",
    """INSERT INTO processing_finishedgoodslot (id, cooperative_id, output_id, product_id, produced_on, quantity,
           remaining, unit_cost, cost, remaining_value)
       SELECT o.id, %(coop)s, o.id, o.product_id, b.finished_on, o.quantity, 0, o.cost / o.quantity, o.cost, 0
         FROM processing_batchoutput o JOIN processing_batch b ON b.id = o.batch_id""",
    """INSERT INTO processing_customer (id, cooperative_id, name, kind, tax_number, address, phone, payment_days,
           is_active)
       VALUES (1, %(coop)s, 'PT Pangan Kelapa Nusantara', 'domestic', '', '', '', 30, true)""",
    """INSERT INTO processing_salesorder (id, cooperative_id, customer_id, ordered_on, status, is_patronage,
           reference, note, created_at)
       SELECT s, %(coop)s, 1, %(start)s, 'shipped', false, '', '', now() FROM generate_series(1, %(shipments)s) s""",
    """INSERT INTO processing_salesorderline (id, cooperative_id, order_id, product_id, quantity, unit_price, shipped)
       SELECT s, %(coop)s, s, %(flour)s, 150, 26500, 150 FROM generate_series(1, %(shipments)s) s""",
    """INSERT INTO processing_shipment (id, cooperative_id, order_id, shipped_on, vehicle, cost)
       SELECT s, %(coop)s, s, %(start)s::date + 1, '', 3300000 FROM generate_series(1, %(shipments)s) s""",
    """INSERT INTO processing_shipmentline (cooperative_id, shipment_id, order_line_id, lot_id, quantity, cost)
       SELECT %(coop)s, s, s, 2 * (10 * s) - 1, 150, 3300000 FROM generate_series(1, %(shipments)s) s""",
]
SEQUENCES = ["procurement_supplier", "procurement_delivery", "procurement_rawmateriallot", "processing_batch",
             "processing_batchoutput", "processing_finishedgoodslot", "processing_customer", "processing_salesorder",
             "processing_salesorderline", "processing_shipment"]  # fmt: skip


def load_year(args, owner, world) -> float:
    """The year's rows in bulk, as the owner with the cooperative set (row-level security checks each row)."""
    from koperasi.tenancy.context import cooperative_context

    started = time.perf_counter()
    with cooperative_context(world["cooperative"].pk):
        rule = world["material"].rules.get().pk
    values = {"coop": world["cooperative"].pk, "farmers": FARMERS, "deliveries": args.deliveries,
              "batches": args.batches, "per_batch": args.deliveries // args.batches, "material": world["material"].pk,
              "rule": rule, "line": world["line"].pk, "recipe": world["recipe"].pk, "flour": world["flour"].pk,
              "shell": world["shell"].pk, "start": YEAR, "shipments": args.batches // 10}  # fmt: skip
    # no supplier yet: the generated ids start at 1
    statements = ["DELETE FROM procurement_supplier", *LOAD]
    bulk_load(SCRATCH, owner, world["cooperative"].pk, statements, values, SEQUENCES)
    analyze(SCRATCH, owner)
    elapsed = time.perf_counter() - started
    print(f"loaded {args.deliveries:,} deliveries and {args.batches:,} batches in {elapsed:.0f} s", flush=True)
    return elapsed


def _timed(work, samples) -> list[float]:
    times = []
    for sample in samples:
        started = time.perf_counter()
        work(sample)
        times.append((time.perf_counter() - started) * 1000)
    return times


def time_traces(args, world) -> dict:
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from koperasi.tenancy.context import cooperative_context
    from processing import selectors
    from processing.models import FinishedGoodsLot
    from procurement.models import Delivery

    rng = random.Random(19)
    lots = [rng.randint(1, 2 * args.batches) for _ in range(args.traces)]
    deliveries = [rng.randint(1, args.deliveries) for _ in range(args.traces)]
    found = {}

    def back(pk: int) -> None:
        with cooperative_context(world["cooperative"].pk):
            lot = FinishedGoodsLot.objects.select_related("output").get(pk=pk)
            rows = list(selectors.trace_back(lot))
            found["back"] = found.get("back", 0) + len(rows)
            assert rows and all(row.lot.delivery.supplier.name for row in rows)

    def forward(pk: int) -> None:
        with cooperative_context(world["cooperative"].pk):
            delivery = Delivery.objects.get(pk=pk)
            lots = list(selectors.trace_forward(delivery))
            shipped = list(selectors.shipments_of(lots))
            found["forward"] = found.get("forward", 0) + len(lots)
            found["shipped"] = found.get("shipped", 0) + len(shipped)
            assert lots

    call_command("collectstatic", interactive=False, verbosity=0)  # pages link static files as production does
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(world["manager"])
    slug = world["cooperative"].slug

    def page(pk: int) -> None:
        response = client.get(f"/k/{slug}/processing/lots/{pk}/")
        assert response.status_code == 200 and b"Petani" in response.content

    for work, samples in ((back, lots[:10]), (forward, deliveries[:10]), (page, lots[:10])):  # warm-up
        _timed(work, samples)
    found.clear()
    results = {"back": summary(_timed(back, lots)), "forward": summary(_timed(forward, deliveries)),
               "page": summary(_timed(page, lots))}  # fmt: skip
    results["rows_per_lot"] = found["back"] / args.traces
    results["lots_per_delivery"] = found["forward"] / args.traces
    for name in ("back", "forward", "page"):
        r = results[name]
        print(f"trace {name}: median {r['median']:.1f} ms, p95 {r['p95']:.1f} ms, max {r['max']:.1f} ms", flush=True)
    return results


def time_posting(args, owner, world) -> dict:
    """Batches through the services, one transaction each, from deliveries entered for them."""
    from koperasi.tenancy.context import cooperative_context
    from processing.services import batches
    from procurement.models import Supplier
    from procurement.services import deliveries

    day = YEAR + datetime.timedelta(days=400)  # in the second year, after the loaded one
    coop = world["cooperative"].pk
    with cooperative_context(coop):
        farmers = list(Supplier.objects.order_by("pk")[:50])
        for n in range(args.post * 2):
            deliveries.record_delivery(actor=None, supplier=farmers[n % 50], material=world["material"], date=day,
                                       quantity=D("600"), collection_point="Gudang")  # fmt: skip
    analyze(SCRATCH, owner)

    def finish(n: int) -> None:
        with cooperative_context(coop):
            batch = batches.plan_batch(actor=None, line=world["line"], planned_on=day)
            batches.start_batch(actor=None, batch=batch, on=day)
            batches.add_labour(batch=batch, worker=world["worker"], people=4, hours=D(8))
            batches.set_outputs(batch=batch, lines=[
                batches.OutputLine(world["flour"], D("148") + n % 5, is_main=True, grade="A"),
                batches.OutputLine(world["shell"], D("180")),
            ])  # fmt: skip
            batches.finish_batch(actor=None, batch=batch, on=day)

    started = time.perf_counter()
    for n in range(args.post):
        finish(n)
    elapsed = time.perf_counter() - started
    rate = args.post / elapsed
    print(f"posting: {args.post} batches in {elapsed:.1f} s = {rate:.1f} per second", flush=True)
    return {"post_seconds": elapsed, "post_rate": rate}


def run(args, owner) -> dict:
    from django.db import connection

    world = setup()
    results = {"load_seconds": load_year(args, owner, world)}
    results |= time_traces(args, world)
    results |= time_posting(args, owner, world)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        results["postgres"] = cursor.fetchone()[0]
    return results


def report(results: dict, args) -> None:
    r = results
    verdict = "meets" if r["page"]["p95"] < TARGET_TRACE_MS else "misses"

    def times(name: str) -> str:
        return f"median {r[name]['median']:.1f} ms, p95 {r[name]['p95']:.1f} ms, max {r[name]['max']:.1f} ms"

    rows = [
        ("measure", "result"),
        ("---", "---"),
        (f"trace back of a finished-goods lot (`selectors.trace_back`, {r['rows_per_lot']:.0f} deliveries and "
         f"farmers a lot), {args.traces} random lots", times("back")),
        (f"the lot's trace page (request, tenant checks, rows, rendered HTML), {args.traces} random lots",
         f"**{times('page')}** (target < {TARGET_TRACE_MS:.0f} ms: {verdict})"),
        (f"trace forward of a delivery to its lots and shipments, {args.traces} random deliveries",
         times("forward")),
        (f"batches finished through the services (FIFO lots, cost shared, entry posted, lots made), {args.post} "
         "in a row, one transaction each", f"**{r['post_rate']:.1f} batches/s** ({r['post_seconds']:.1f} s)"),
    ]  # fmt: skip
    table = "\n".join(f"| {left} | {right} |" for left, right in rows)
    command = (
        f"{COMMAND} --deliveries {args.deliveries} --batches {args.batches} --traces {args.traces} --post {args.post}"
    )
    section = f"""{SECTION}

Measured {datetime.date.today().isoformat()} on {describe(machine())}; PostgreSQL {r["postgres"]} on the same
machine (the embedded server).

Command (scratch database `{SCRATCH}`, created, migrated and dropped by the script; runs as the non-owner app
role, so row-level security applies):

    {command}

A year of {args.deliveries:,} deliveries from {FARMERS:,} farmers taken by {args.batches:,} batches (lots mixed
across batches), {2 * args.batches:,} finished-goods lots and {args.batches // 10:,} delivery notes, loaded in bulk
in {r["load_seconds"]:.0f} s. Tracing uses the foreign-key indexes only (why no closure table:
docs/processing.md, "Traceability and its indexes").

{table}
"""
    print(section)
    if not args.no_write:
        write_section(SECTION, section)


if __name__ == "__main__":
    main()
