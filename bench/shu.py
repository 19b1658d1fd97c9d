"""SHU benchmark: a large cooperative's year shared among its members.

    .venv/bin/python bench/shu.py [--members 100000] [--sales 2000000] [--loans 100000] [--deliveries 500000]
                                  [--keep] [--no-write]

With ``DATABASE_URL`` unset it runs on the embedded PostgreSQL server (started when it is down), else on the
server of ``DATABASE_URL`` / ``DATABASE_OWNER_URL``. In a scratch database it creates and migrates as the
owner role and drops afterwards; the timed work runs as the application role (row-level security applies).

A year (2025) is loaded in bulk: ``--members`` members, each with simpanan pokok and wajib (an opening
balance and a deposit during the year, so the time-weighted average has work to do), ``--sales`` shop
sales to members (a return on one in fifty), ``--loans`` loans with a year of interest repayments, and
``--deliveries`` deliveries of raw material by member suppliers; then the year's surplus is booked and the
year closed. Timed, through the services as the page's task and the manager run them: computing the draft
(every member's capital, both time-weighted and at the year's end, patronage from the three sources,
the allocation, the rows written), approving it, and posting it.

The figures go to the "## SHU" section of BENCHMARKS.md (other sections are kept).
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
    bulk_load,
    describe,
    machine,
    run_in_scratch,
    write_section,
)

SCRATCH = "koperasi_bench_shu"
COMMAND = ".venv/bin/python bench/shu.py"
SECTION = "## SHU"
TARGET_DRAFT, TARGET_POST = 10.0, 30.0  # seconds, issue 20
YEAR = 2025
D = Decimal


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--sales", type=int, default=2_000_000)
    parser.add_argument("--loans", type=int, default=100_000)
    parser.add_argument("--deliveries", type=int, default=500_000)
    run_in_scratch(SCRATCH, parser.parse_args(), run, report)


def setup():
    from koperasi.accounts.models import User
    from koperasi.ledger.services import open_fiscal_year
    from koperasi.tenancy.context import cooperative_context
    from koperasi.tenancy.models import Cooperative
    from koperasi.tenancy.services import seed_cooperative
    from members.loans.models import LoanProduct
    from members.savings.models import SavingsProduct
    from procurement.services import materials

    cooperative = Cooperative.objects.create(name="Koperasi Benchmark", slug="bench-shu", kind="kpm")
    seed_cooperative(cooperative)
    manager = User.objects.create_user("bench-manager", password=None)
    with cooperative_context(cooperative.pk):
        for year in (YEAR, YEAR + 1):
            open_fiscal_year(actor=None, fiscal_year=year)
        material = materials.create_material(code="SUSU", name="Susu segar", unit="liter")
        materials.add_price_rule(actor=None, material=material, valid_from=datetime.date(YEAR, 1, 1),
                                 base_price=D("6000"))  # fmt: skip
        products = {p.kind: p.pk for p in SavingsProduct.objects.filter(kind__in=["pokok", "wajib"])}
        loan_product = LoanProduct.objects.order_by("pk").first().pk
        rule = material.rules.get().pk
    return {"cooperative": cooperative, "manager": manager, "material": material.pk, "rule": rule,
            "pokok": products["pokok"], "wajib": products["wajib"], "loan_product": loan_product}  # fmt: skip


LOAD = [
    """INSERT INTO members_member (id, cooperative_id, member_no, nik, name, sex, birth_date, address, phone,
           occupation, farmer_group, join_date, admitted_on, status, exit_reason, created_at, updated_at)
       SELECT g, %(coop)s, g, '3201' || lpad(g::text, 12, '0'), 'Anggota ' || g, 'L', DATE '1970-01-01' + g %% 9000,
              'Desa', '', 'peternak', '', DATE '2020-01-02', DATE '2020-01-02', 'anggota', '', now(), now()
         FROM generate_series(1, %(members)s) g""",
    # Pokok (id = member) and wajib (id = members + member), each opened before the year.
    """INSERT INTO members_savingsaccount (id, cooperative_id, member_id, product_id, kind, status, balance,
           opened_on, created_at, interest_payout, rollover)
       SELECT g, %(coop)s, g, %(pokok)s, 'pokok', 'open', 100000, DATE '2020-01-02', now(), 'maturity', 'none'
         FROM generate_series(1, %(members)s) g
       UNION ALL
       SELECT %(members)s + g, %(coop)s, g, %(wajib)s, 'wajib', 'open', 240000 + 10000 * (g %% 12), DATE '2020-01-02',
              now(), 'maturity', 'none'
         FROM generate_series(1, %(members)s) g""",
    # Each account: its balance before the year, then one deposit on a day of the year (wajib).
    """INSERT INTO members_savingstransaction (cooperative_id, account_id, kind, amount, balance_after, date, memo,
           source_type, source_id, purpose, created_at)
       SELECT %(coop)s, a.id, 'deposit', a.balance - CASE WHEN a.kind = 'wajib' THEN 120000 ELSE 0 END,
              a.balance - CASE WHEN a.kind = 'wajib' THEN 120000 ELSE 0 END, DATE '2024-06-01', '', 'bench', a.id::text,
              'savings.deposit', now()
         FROM members_savingsaccount a
       UNION ALL
       SELECT %(coop)s, a.id, 'deposit', 120000, a.balance, DATE '2025-01-01' + (a.id %% 365)::int, '', 'bench',
              'y' || a.id, 'savings.deposit', now()
         FROM members_savingsaccount a WHERE a.kind = 'wajib'""",
    """INSERT INTO waserda_sale (cooperative_id, client_uuid, cashier_id, member_id, sold_at, recorded_at, offline,
           payment_method, payment_reference, total, cost_total, change, returned_total, price_shortfall,
           needs_reconciliation, reconciliation_note)
       SELECT %(coop)s, gen_random_uuid(), %(cashier)s, 1 + (g::bigint * 7919) %% %(members)s,
              TIMESTAMPTZ '2025-01-01 08:00+07' + ((g - 1)::bigint * 31536000 / %(sales)s) * INTERVAL '1 second',
              now(), false, 'cash', '', 25000 + 500 * (g %% 40), 20000, 0,
              CASE WHEN g %% 50 = 0 THEN 5000 ELSE 0 END, 0, false, ''
         FROM generate_series(1, %(sales)s) g""",
    """INSERT INTO members_loan (id, cooperative_id, member_id, product_id, amount, term_periods, interest_method,
           rate, rate_period, grace_periods, principal_months, rounding, admin_fee, provision, fees_deducted,
           penalty_rate_per_day, purpose, status, applied_on, disbursed_on, decision_note, written_off_amount,
           created_at, applied_by_id, frequency, rate_conversion, day_count, grace_kind, rounding_mode,
           instalment_rounding, balloon_share)
       SELECT g, %(coop)s, 1 + (g - 1) %% %(members)s, %(loan_product)s, 2400000, 12, 'flat', 0.015, 'month', 0, '',
              'whole', 0, 0, false, 0, 'Modal', 'paid_off', DATE '2024-12-20', DATE '2024-12-20', '', 0,
              now(), %(cashier)s, 'monthly', 'nominal', '30/360', 'interest_only', 'half_up', 'up', 0
         FROM generate_series(1, %(loans)s) g""",
    """INSERT INTO members_loanrepayment (cooperative_id, loan_id, kind, date, amount, penalty, interest, principal,
           source_type, source_id, purpose, created_at)
       SELECT %(coop)s, g, 'cash', DATE '2025-01-20' + 30 * m, 236000, 0, 36000, 200000, 'bench', g || '-' || m,
              'loan.repayment', now()
         FROM generate_series(1, %(loans)s) g, generate_series(0, 11) m""",
    """INSERT INTO procurement_supplier (id, cooperative_id, kind, name, phone, village, district, regency, province,
           bank_name, bank_account, bank_account_holder, is_active, created_at, member_id)
       SELECT g, %(coop)s, 'member', 'Anggota ' || g, '', '', '', '', '', '', '', '', true, now(), g
         FROM generate_series(1, %(members)s) g""",
    """INSERT INTO procurement_delivery (cooperative_id, key, supplier_id, material_id, date, collection_point,
           quantity, rejected_quantity, grade, readings, price_rule_id, price_rule_version, unit_price, value,
           status, reversal_reason, created_at)
       SELECT %(coop)s, gen_random_uuid(), 1 + (g::bigint * 104729) %% %(members)s, %(material)s,
              DATE '2025-01-01' + ((g - 1)::bigint * 365 / %(deliveries)s)::int, 'TPK', 12.5, 0, '', '{}', %(rule)s, 1,
              6000, 75000, 'posted', '', now()
         FROM generate_series(1, %(deliveries)s) g""",
]
SEQUENCES = ["members_member", "members_savingsaccount", "members_loan", "procurement_supplier"]


def load_year(args, owner, world) -> float:
    """The year in bulk as the owner with the cooperative set; then its surplus booked and the year closed."""
    from koperasi.ledger.services import Line, close_year, post_entry
    from koperasi.tenancy.context import cooperative_context
    from members.shu import services

    started = time.perf_counter()
    values = {"coop": world["cooperative"].pk, "members": args.members, "sales": args.sales, "loans": args.loans,
              "deliveries": args.deliveries, "pokok": world["pokok"], "wajib": world["wajib"],
              "loan_product": world["loan_product"], "material": world["material"], "rule": world["rule"],
              "cashier": world["manager"].pk}  # fmt: skip
    bulk_load(SCRATCH, owner, world["cooperative"].pk, LOAD, values, SEQUENCES)
    analyze(SCRATCH, owner)
    with cooperative_context(world["cooperative"].pk, user_id=world["manager"].pk):
        surplus = D("1875000000")
        post_entry(date=datetime.date(YEAR, 12, 31), source=("bench.year", YEAR), purpose="bench.results",
                   memo="Hasil usaha 2025 (muat massal)",
                   lines=[Line("cash", debit=surplus), Line("other_income", credit=surplus)])  # fmt: skip
        close_year(actor=None, fiscal_year=YEAR)
        sources = [{"key": "waserda", "percent": "50"}, {"key": "loan_interest", "percent": "30"},
                   {"key": "deliveries", "percent": "20"}]  # fmt: skip
        services.save_rule(actor=None, fiscal_year=YEAR, capital_basis="average", patronage_mode="split",
                           sources=sources)  # fmt: skip
    elapsed = time.perf_counter() - started
    print(f"loaded the year in {elapsed:.0f} s", flush=True)
    return elapsed


def time_shu(world) -> dict:
    from koperasi.tenancy.context import cooperative_context
    from members.shu import services

    coop, manager = world["cooperative"].pk, world["manager"]
    timings = {}
    with cooperative_context(coop, user_id=manager.pk):
        started = time.perf_counter()
        draft = services.compute_draft(actor=manager, fiscal_year=YEAR)
        timings["draft"] = time.perf_counter() - started
    with cooperative_context(coop, user_id=manager.pk):
        started = time.perf_counter()
        draft = services.compute_draft(actor=manager, fiscal_year=YEAR)  # a draft is recomputed freely
        timings["again"] = time.perf_counter() - started
    with cooperative_context(coop, user_id=manager.pk):
        started = time.perf_counter()
        services.approve(actor=manager, distribution=draft, rat_date=datetime.date(YEAR + 1, 3, 20),
                         minutes_reference="BA-RAT/2026/01")  # fmt: skip
        services.post_distribution(actor=manager, distribution=draft, on=datetime.date(YEAR + 1, 3, 21))
        timings["post"] = time.perf_counter() - started
        shares = draft.shares.count()
        total = sum(draft.shares.values_list("total", flat=True), D(0))
    assert total == draft.members_total == D(draft.pools["capital"]) + D(draft.pools["patronage"])
    print(f"draft {timings['draft']:.1f} s for {shares:,} members, again {timings['again']:.1f} s; approve and post "
          f"{timings['post']:.2f} s",
          flush=True)  # fmt: skip
    return {"timings": timings, "shares": shares, "surplus": draft.surplus}


def run(args, owner) -> dict:
    from django.db import connection

    world = setup()
    results = {"load_seconds": load_year(args, owner, world)}
    results |= time_shu(world)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        results["postgres"] = cursor.fetchone()[0]
    return results


def report(results: dict, args) -> None:
    t = results["timings"]
    draft_verdict = "meets" if t["draft"] < TARGET_DRAFT else "misses"
    post_verdict = "meets" if t["post"] < TARGET_POST else "misses"
    rows = [
        ("measure", "result"),
        ("---", "---"),
        (f"compute the draft: {results['shares']:,} members' time-weighted capital, patronage from three sources "
         "(split 50/30/20), the allocation, the rows written",
         f"**{t['draft']:.1f} s** (target < {TARGET_DRAFT:.0f} s: {draft_verdict})"),
        ("compute it again (the rows of the first draft dropped and written anew)", f"**{t['again']:.1f} s**"),
        ("approve at the RAT and post the distribution",
         f"**{t['post']:.2f} s** (target < {TARGET_POST:.0f} s: {post_verdict})"),
    ]  # fmt: skip
    table = "\n".join(f"| {left} | {right} |" for left, right in rows)
    command = (f"{COMMAND} --members {args.members} --sales {args.sales} --loans {args.loans} "
               f"--deliveries {args.deliveries}")  # fmt: skip
    section = f"""{SECTION}

Measured {datetime.date.today().isoformat()} on {describe(machine())}; PostgreSQL {results["postgres"]} on the same
machine (the embedded server).

Command (scratch database `{SCRATCH}`, created, migrated and dropped by the script; runs as the non-owner app
role, so row-level security applies):

    {command}

Fiscal year {YEAR}: {args.members:,} members with simpanan pokok and wajib (a balance before the year and a
deposit during it), {args.sales:,} shop sales to members, {args.loans:,} loans with twelve interest repayments
each, {args.deliveries:,} deliveries by member suppliers; loaded in bulk and the year closed in
{results["load_seconds"]:.0f} s. SHU Rp {results["surplus"]:,.0f}.

{table}
"""
    print(section)
    if not args.no_write:
        write_section(SECTION, section)


if __name__ == "__main__":
    main()
