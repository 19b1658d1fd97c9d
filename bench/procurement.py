"""Supply benchmark: delivery intake through the service, and a payment run of a whole season.

    .venv/bin/python bench/procurement.py [--suppliers 10000] [--deliveries 300000] [--intake 2000]
                                          [--import-rows 2000] [--loans 500] [--charges 2000] [--keep]
                                          [--no-write]

With ``DATABASE_URL`` unset it runs on the embedded PostgreSQL server (started when it is down), else on the
server of ``DATABASE_URL`` / ``DATABASE_OWNER_URL``. In a scratch database it creates and migrates as the
owner role and drops afterwards; the timed work runs as the application role (row-level security and every
ledger guard apply):

1. Intake: ``record_delivery`` one delivery per transaction (the tenant context's, with the service's
   savepoint inside it), single process, as the intake form and the API call it (price by the rule in
   force with two quality steps, the lot, a 2-line journal entry).
   ``--intake`` deliveries timed after 100 warm-up ones and an ANALYZE.
2. Import: a CSV file of ``--import-rows`` deliveries through ``import_deliveries`` (one upload).
3. A payment run: ``--suppliers`` suppliers, ``--loans`` of them members with a disbursed loan (repaid from
   a quarter of each harvest, as seed 000's garden-redemption loans), ``--charges`` with inputs bought on
   credit; ``--deliveries`` unpaid deliveries loaded in bulk (with the payable they create booked per
   supplier, so the books tie). Timed: drafting the run (gross per supplier, what each owes, the
   deductions in order), approving it and paying it (loan repayments, input settlements, one payment
   entry), each as the staff and managers do it.

The figures go to the "## Supply" section of BENCHMARKS.md (other sections are kept).
"""

from __future__ import annotations

import datetime
import os
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
    connect,
    describe,
    machine,
    run_in_scratch,
    write_section,
)

SCRATCH = "koperasi_bench_procurement"
COMMAND = ".venv/bin/python bench/procurement.py"
SECTION = "## Supply"
WARM_UP = 100
TARGET_RUN_SECONDS, TARGET_INTAKE_RATE = 20.0, 200.0  # issue 18
SEASON = (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
PAY_DAY = datetime.date(2026, 3, 2)
D = Decimal


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--suppliers", type=int, default=10_000)
    parser.add_argument("--deliveries", type=int, default=300_000)
    parser.add_argument("--intake", type=int, default=2000, help="deliveries timed through record_delivery")
    parser.add_argument("--import-rows", type=int, default=2000, help="rows of the CSV file imported")
    parser.add_argument("--loans", type=int, default=500, help="member suppliers with a loan to repay")
    parser.add_argument("--charges", type=int, default=2000, help="suppliers with inputs bought on credit")
    run_in_scratch(SCRATCH, parser.parse_args(), run, report)


def setup():
    from koperasi.accounts.models import User
    from koperasi.ledger.services import open_fiscal_year
    from koperasi.tenancy.context import cooperative_context
    from koperasi.tenancy.models import Cooperative
    from koperasi.tenancy.services import seed_cooperative
    from procurement.models import ProcurementSettings
    from procurement.services import materials

    cooperative = Cooperative.objects.create(name="Koperasi Benchmark", slug="bench-supply", kind="kpm")
    seed_cooperative(cooperative)
    maker = User.objects.create_user("bench-staff", password=None)
    checker = User.objects.create_user("bench-manager", password=None)
    with cooperative_context(cooperative.pk):
        open_fiscal_year(actor=None, fiscal_year=2026)
        ProcurementSettings.objects.get_or_create(defaults={"loan_share": D("0.25")})
        material = materials.create_material(
            code="SUSU", name="Susu segar", unit="liter", parameters=[("fat", "Lemak", "%"), ("tpc", "TPC", "/ml")]
        )
        materials.add_price_rule(
            actor=None, material=material, valid_from=datetime.date(2026, 1, 1), base_price=D("6000"),
            steps=[
                {"parameter": "fat", "direction": "above", "threshold": D("3.5"), "step": D("0.1"), "amount": D("50")},
                {"parameter": "tpc", "direction": "above", "threshold": D("1000000"), "step": D("500000"),
                 "amount": D("-100")},
            ],
        )  # fmt: skip
    return cooperative, maker, checker, material


def time_intake(args, owner, cooperative, maker, material) -> dict:
    """``record_delivery`` one per transaction, as a collection point enters them."""
    from koperasi.tenancy.context import cooperative_context
    from procurement.models import Supplier, SupplierKind
    from procurement.services import deliveries

    with cooperative_context(cooperative.pk, user_id=maker.pk):
        farmers = Supplier.objects.bulk_create(
            Supplier(cooperative=cooperative, kind=SupplierKind.FARMER, name=f"Peternak {n:05d}") for n in range(200)
        )

    def deliver(n: int) -> None:  # a transaction each, the service inside it, as a request runs it
        with cooperative_context(cooperative.pk, user_id=maker.pk):
            deliveries.record_delivery(
                actor=maker, supplier=farmers[n % len(farmers)], material=material, date=SEASON[0],
                quantity=D("12.5") + n % 7, readings={"fat": D("3.8"), "tpc": D("1200000")},
                collection_point="TPK 1",
            )  # fmt: skip

    for n in range(WARM_UP):
        deliver(n)
    analyze(SCRATCH, owner)
    started = time.perf_counter()
    for n in range(args.intake):
        deliver(n)
    elapsed = time.perf_counter() - started
    rate = args.intake / elapsed
    print(f"intake: {args.intake} deliveries in {elapsed:.1f} s = {rate:.0f} per second", flush=True)
    return {"intake": args.intake, "intake_seconds": elapsed, "intake_rate": rate}


def time_import(args, cooperative, maker) -> dict:
    """A collection point's book of ``--import-rows`` deliveries uploaded as one CSV file: every row checked,
    then each recorded through ``record_delivery`` in the upload's one transaction (what the staff member
    waits for on the import page)."""
    from koperasi.tenancy.context import cooperative_context
    from procurement import importing
    from procurement.models import Supplier

    with cooperative_context(cooperative.pk, user_id=maker.pk):
        numbers = [supplier.code for supplier in Supplier.objects.order_by("pk")[:200]]
    day = SEASON[0] + datetime.timedelta(days=1)
    lines = ["tanggal,pemasok,bahan,jumlah,fat,tpc"] + [
        f"{day:%d/%m/%Y},{numbers[n % len(numbers)]},SUSU,\"{12 + n % 9},5\",3.{n % 9},1100000"
        for n in range(args.import_rows)
    ]
    content = "\n".join(lines).encode()
    started = time.perf_counter()
    with cooperative_context(cooperative.pk, user_id=maker.pk):
        result = importing.import_deliveries(actor=maker, content=content, filename="setoran.csv")
    elapsed = time.perf_counter() - started
    assert not result.errors and len(result.created) == args.import_rows, result.errors[:3]
    print(f"import: {args.import_rows} rows in {elapsed:.1f} s", flush=True)
    return {"import_rows": args.import_rows, "import_seconds": elapsed}


def members_with_loans(count: int, cooperative, maker, checker) -> list:
    """``count`` members, each with a disbursed 12-month loan of Rp 2.000.000."""
    from members import services
    from members.loans import services as loans
    from members.loans.models import LoanProduct
    from members.validators import make_nik

    product = LoanProduct.objects.get(code="umum")
    found = []
    for n in range(count):
        born = datetime.date(1970, 1, 1) + datetime.timedelta(days=n * 11)
        member = services.register_member(
            actor=maker, nik=make_nik("320101", born, "L", n % 9000 + 1), name=f"Anggota {n:05d}", sex="L",
            birth_date=born, address="Desa Benchmark", occupation="peternak", join_date=datetime.date(2025, 1, 2),
        )  # fmt: skip
        services.admit_member(actor=checker, member=member, on=datetime.date(2025, 1, 2))
        loan = loans.apply_for_loan(
            actor=maker, member=member, product=product, amount=D("2000000"), term_periods=12,
            applied_on=datetime.date(2026, 1, 5), purpose="Modal ternak",
        )  # fmt: skip
        loans.approve_loan(actor=checker, loan=loan, on=datetime.date(2026, 1, 5))
        loans.disburse_loan(actor=maker, loan=loan, on=datetime.date(2026, 1, 5))
        found.append(member)
    return found


def load_season(args, owner, cooperative, maker, checker, material) -> dict:
    """The suppliers, their debts and ``--deliveries`` unpaid deliveries (bulk), the payable booked."""
    from django.db.models import Sum

    from koperasi.ledger.services import Line, post_entry
    from koperasi.tenancy.context import cooperative_context
    from procurement.models import Delivery, Supplier, SupplierKind
    from procurement.services import payments

    started = time.perf_counter()
    with cooperative_context(cooperative.pk, user_id=maker.pk):
        members = members_with_loans(args.loans, cooperative, maker, checker)
        Supplier.objects.bulk_create(
            Supplier(cooperative=cooperative, kind=SupplierKind.MEMBER, member=m, name=m.name) for m in members
        )
        have = Supplier.objects.count()
        Supplier.objects.bulk_create(
            Supplier(cooperative=cooperative, kind=SupplierKind.FARMER, name=f"Petani {n:05d}")
            for n in range(max(0, args.suppliers - have))
        )
        suppliers = list(Supplier.objects.select_related("member").order_by("pk"))
        for supplier in suppliers[len(suppliers) - args.charges :]:
            payments.record_input_charge(
                actor=maker, supplier=supplier, date=datetime.date(2026, 1, 20), description="Pakan konsentrat",
                amount=D("150000"),
            )  # fmt: skip
        rule_id = material.rules.get().pk
    print(f"{len(suppliers)} suppliers, {args.loans} loans, {args.charges} input charges in "
          f"{time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
    conn = connect(SCRATCH, owner)
    try:
        insert_deliveries(conn, args.deliveries, cooperative.pk, [s.pk for s in suppliers], material.pk, rule_id)
    finally:
        conn.close()
    with cooperative_context(cooperative.pk, user_id=maker.pk):
        owed = Delivery.objects.filter(journal_entry__isnull=True).values("supplier_id").annotate(v=Sum("value"))
        by_supplier = {row["supplier_id"]: row["v"] for row in owed.order_by()}
        parties = {s.pk: s.party for s in suppliers}
        post_entry(
            date=SEASON[1], source=("bench.season", 1), purpose="bench.intake", memo="Setoran musim (muat massal)",
            lines=[Line("raw_material_inventory", debit=sum(by_supplier.values(), D(0))),
                   *(Line("accounts_payable", credit=v, party=parties[pk]) for pk, v in by_supplier.items())],
        )  # fmt: skip
    analyze(SCRATCH, owner)
    total = time.perf_counter() - started
    print(f"season loaded: {args.deliveries:,} deliveries in {total:.0f} s", flush=True)
    return {"load_seconds": total, "suppliers": len(suppliers)}


def insert_deliveries(conn, count: int, cooperative_id: int, supplier_ids: list[int], material_id, rule_id) -> None:
    """``count`` posted, unpaid deliveries of the season spread over the suppliers, in one statement (the
    row-level security policy checks each row against the cooperative set on the connection)."""
    with conn, conn.cursor() as cursor:
        cursor.execute("SELECT set_config('app.cooperative_id', %s, false)", [str(cooperative_id)])
        cursor.execute(
            """
            INSERT INTO procurement_delivery (cooperative_id, key, supplier_id, material_id, date,
                collection_point, quantity, rejected_quantity, grade, readings, price_rule_id,
                price_rule_version, unit_price, value, status, reversal_reason, created_at)
            SELECT %(coop)s, gen_random_uuid(), (%(ids)s::bigint[])[1 + g %% %(n)s], %(material)s,
                   %(start)s::date + (g %% 28), 'TPK 1', q, 0, '', '{"fat": "3.8"}', %(rule)s, 1, 6150,
                   q * 6150, 'posted', '', now()
              FROM generate_series(1, %(count)s) AS g
             CROSS JOIN LATERAL (SELECT (10 + g %% 15)::numeric(18, 3) AS q) quantity
            """,
            {"coop": cooperative_id, "ids": supplier_ids, "n": len(supplier_ids), "material": material_id,
             "start": SEASON[0], "rule": rule_id, "count": count},
        )  # fmt: skip


def time_run(cooperative, maker, checker) -> dict:
    from django.db.models import Count, Sum

    from koperasi.ledger.models import JournalEntry
    from koperasi.tenancy.context import cooperative_context
    from procurement.models import Deduction, Delivery
    from procurement.services import payments

    timings = {}
    with cooperative_context(cooperative.pk, user_id=maker.pk):
        started = time.perf_counter()
        run = payments.create_run(actor=maker, period_start=SEASON[0], period_end=SEASON[1], pay_date=PAY_DAY)
        timings["create"] = time.perf_counter() - started
    with cooperative_context(cooperative.pk, user_id=checker.pk):
        started = time.perf_counter()
        payments.approve_run(actor=checker, run=run)
        timings["approve"] = time.perf_counter() - started
        started = time.perf_counter()
        payments.pay_run(actor=checker, run=run)
        timings["pay"] = time.perf_counter() - started
        totals = run.lines.aggregate(lines=Count("pk"), gross=Sum("gross"), deducted=Sum("deducted"), net=Sum("net"))
        applied = Deduction.objects.filter(line__run=run, applied__gt=0).values("kind").annotate(n=Count("pk"))
        taken = {row["kind"]: row["n"] for row in applied.order_by()}
        delivered = Delivery.objects.filter(payment_line__run=run).aggregate(n=Count("pk"), v=Sum("value"))
        unbalanced = JournalEntry.objects.exclude(status="posted").count()
    assert totals["gross"] == delivered["v"] and totals["gross"] - totals["deducted"] == totals["net"]
    assert unbalanced == 0
    timings["total"] = timings["create"] + timings["approve"] + timings["pay"]
    print(f"payment run: {totals['lines']} suppliers, {delivered['n']:,} deliveries: create {timings['create']:.1f} s, "
          f"approve {timings['approve']:.2f} s, pay {timings['pay']:.1f} s", flush=True)  # fmt: skip
    return {"run": timings, "lines": totals["lines"], "run_deliveries": delivered["n"], "gross": totals["gross"],
            "deducted": totals["deducted"], "taken": taken}  # fmt: skip


def run(args, owner) -> dict:
    from django.db import connection

    cooperative, maker, checker, material = setup()
    results = time_intake(args, owner, cooperative, maker, material)
    results |= time_import(args, cooperative, maker)
    results |= load_season(args, owner, cooperative, maker, checker, material)
    results |= time_run(cooperative, maker, checker)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        results["postgres"] = cursor.fetchone()[0]
    return results


def report(results: dict, args) -> None:
    r, run_ = results, results["run"]
    verdict = "meets" if run_["total"] < TARGET_RUN_SECONDS else "misses"
    intake_verdict = "meets" if r["intake_rate"] >= TARGET_INTAKE_RATE else "misses"
    taken = ", ".join(f"{kind} {count}" for kind, count in sorted(r["taken"].items()))
    rows = [
        ("measure", "result"),
        ("---", "---"),
        ("delivery intake through `record_delivery`, one per transaction, single process",
         f"**{r['intake_rate']:.0f} deliveries/s** ({r['intake']} in {r['intake_seconds']:.1f} s; target ≥ "
         f"{TARGET_INTAKE_RATE:.0f}: {intake_verdict})"),
        (f"a CSV file of {r['import_rows']:,} deliveries imported (rows checked, then recorded in one transaction)",
         f"**{r['import_seconds']:.1f} s**"),
        (f"payment run: {r['lines']:,} suppliers, {r['run_deliveries']:,} deliveries; deductions taken: {taken}",
         f"**{run_['total']:.1f} s** (draft {run_['create']:.1f} s, approve {run_['approve']:.2f} s, pay "
         f"{run_['pay']:.1f} s; target < {TARGET_RUN_SECONDS:.0f} s: {verdict})"),
    ]  # fmt: skip
    table = "\n".join(f"| {left} | {right} |" for left, right in rows)
    command = (
        f"{COMMAND} --suppliers {args.suppliers} --deliveries {args.deliveries} --intake {args.intake}"
        f" --import-rows {args.import_rows}"
        f" --loans {args.loans} --charges {args.charges}"
    )
    section = f"""{SECTION}

Measured {datetime.date.today().isoformat()} on {describe(machine())}; PostgreSQL {r["postgres"]} on the same
machine (the embedded server).

Command (scratch database `{SCRATCH}`, created, migrated and dropped by the script; runs as the non-owner app
role, so row-level security and every ledger trigger apply):

```
{command}
```

{table}

The run's gross is Rp {r["gross"]:,.2f}, of which Rp {r["deducted"]:,.2f} deducted; the script checks that
the lines' gross equals the value of the deliveries they took and gross − deducted = net on every line.
The season's deliveries are loaded in bulk ({r["load_seconds"]:.0f} s with the suppliers, members, loans and
input charges, which go through their services); the intake row measures the service itself, the import
row what a staff member waits for after uploading a collection point's book.
"""
    print(section)
    if args.no_write:
        return
    write_section(SECTION, section)


if __name__ == "__main__":
    main()
