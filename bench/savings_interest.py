"""Jasa simpanan benchmark: a month's interest for a large cooperative's simpanan sukarela, posted.

    .venv/bin/python bench/savings_interest.py [--accounts 100000] [--keep] [--no-write]

With ``DATABASE_URL`` unset it runs on the embedded PostgreSQL server (started when it is down), else on the
server of ``DATABASE_URL`` / ``DATABASE_OWNER_URL``. In a scratch database it creates and migrates as the
owner role and drops afterwards; the timed work runs as the application role (row-level security applies).

Loaded in bulk: ``--accounts`` members, each with a simpanan sukarela account holding a balance before the
month (one in ten above Rp 100.000.000, so the withholding tax has members to tax) and a movement on every
day of the month (deposits, and a withdrawal every third day). The product pays on each day's closing
balance × days / 365 with two sliced tiers and charges a monthly admin fee — the heaviest conventions.
Timed, as the monthly Celery task runs it: ``credit_savings_interest`` for the month — every account's
balances read, the pure calculation per account, the tax per member, one entry per product for the
interest (a line per member) and one for the fees, the movements and balances written.

The figures go to the "## Jasa simpanan" section of BENCHMARKS.md (other sections are kept).
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

SCRATCH = "koperasi_bench_interest"
COMMAND = ".venv/bin/python bench/savings_interest.py"
SECTION = "## Jasa simpanan"
TARGET = 30.0  # seconds, issue 21
YEAR, MONTH = 2026, 3
D = Decimal


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--accounts", type=int, default=100_000)
    run_in_scratch(SCRATCH, parser.parse_args(), run, report)


def setup():
    from koperasi.accounts.models import User
    from koperasi.ledger.services import open_fiscal_year
    from koperasi.tenancy.context import cooperative_context
    from koperasi.tenancy.models import Cooperative
    from koperasi.tenancy.services import seed_cooperative
    from members.savings.models import SavingsProduct

    cooperative = Cooperative.objects.create(name="Koperasi Benchmark", slug="bench-jasa", kind="ksp")
    seed_cooperative(cooperative)
    manager = User.objects.create_user("bench-manager", password=None)
    with cooperative_context(cooperative.pk):
        open_fiscal_year(actor=None, fiscal_year=YEAR)
        product = SavingsProduct.objects.get(kind="sukarela")
    return {"cooperative": cooperative, "manager": manager, "product": product.pk}


# The product's conventions for each timed run: the seeded default, then the heaviest to compute (each
# day's balance with sliced tiers), then that with a monthly admin fee (a second entry and a movement more
# per account).
SCENARIOS = [
    ("the seeded product: the lowest balance of the month × 3 % / 12", {}),
    ("each day's closing balance × 3 % × days / 365, two sliced tiers (2 % up to Rp 10.000.000, 4 % above)",
     {"balance_method": "daily", "day_basis": "365", "tier_mode": "sliced",
      "rate_tiers": [{"floor": "0", "rate": "0.02"}, {"floor": "10000000", "rate": "0.04"}]}),
    ("as above, and an admin fee of Rp 1.000 a month charged to every account",
     {"balance_method": "daily", "day_basis": "365", "tier_mode": "sliced", "admin_fee": D("1000"),
      "rate_tiers": [{"floor": "0", "rate": "0.02"}, {"floor": "10000000", "rate": "0.04"}]}),
]  # fmt: skip


LOAD = [
    """INSERT INTO members_member (id, cooperative_id, member_no, nik, name, sex, birth_date, address, phone,
           occupation, farmer_group, join_date, admitted_on, status, exit_reason, created_at, updated_at)
       SELECT g, %(coop)s, g, '3201' || lpad(g::text, 12, '0'), 'Anggota ' || g, 'P', DATE '1970-01-01' + g %% 9000,
              'Desa', '', 'pedagang', '', DATE '2020-01-02', DATE '2020-01-02', 'anggota', '', now(), now()
         FROM generate_series(1, %(accounts)s) g""",
    """INSERT INTO members_savingsaccount (id, cooperative_id, member_id, product_id, kind, status, balance,
           opened_on, created_at, interest_payout, rollover)
       SELECT g, %(coop)s, g, %(product)s, 'sukarela', 'open', 0, DATE '2020-01-02', now(), 'maturity', 'none'
         FROM generate_series(1, %(accounts)s) g""",
    # The balance before the month, then a movement every day: a deposit, or a withdrawal every third day.
    """CREATE TEMPORARY TABLE bench_moves AS
       SELECT a AS account_id, DATE '2026-02-20' AS day, 'deposit' AS kind,
              CASE WHEN a %% 10 = 0 THEN 150000000 ELSE 2000000 + 1000 * (a %% 5000) END::numeric AS amount, 0 AS seq
         FROM generate_series(1, %(accounts)s) a
       UNION ALL
       SELECT a, DATE '2026-03-01' + (d - 1), CASE WHEN d %% 3 = 0 THEN 'withdrawal' ELSE 'deposit' END,
              (10000 + 1000 * ((a + d) %% 20))::numeric, d
         FROM generate_series(1, %(accounts)s) a, generate_series(1, 31) d""",
    """INSERT INTO members_savingstransaction (cooperative_id, account_id, kind, amount, balance_after, date, memo,
           source_type, source_id, purpose, created_at)
       SELECT %(coop)s, account_id, kind, amount,
              sum(CASE WHEN kind = 'deposit' THEN amount ELSE -amount END) OVER (PARTITION BY account_id ORDER BY seq),
              day, '', 'bench', account_id || '-' || seq, 'savings.' || kind, now()
         FROM bench_moves""",
    """UPDATE members_savingsaccount a SET balance = t.balance
         FROM (SELECT account_id, sum(CASE WHEN kind = 'deposit' THEN amount ELSE -amount END) AS balance
                 FROM bench_moves GROUP BY account_id) t
        WHERE a.id = t.account_id""",
]
SEQUENCES = ["members_member", "members_savingsaccount"]


def load(args, owner, world) -> float:
    """The accounts and the month's movements in bulk as the owner with the cooperative set. The ledger's
    side of the deposits is one entry, so the books hold what the accounts hold."""
    from django.db.models import Sum

    from koperasi.ledger.services import Line, post_entry
    from koperasi.tenancy.context import cooperative_context
    from members.savings.models import SavingsAccount

    started = time.perf_counter()
    values = {"coop": world["cooperative"].pk, "accounts": args.accounts, "product": world["product"]}
    bulk_load(SCRATCH, owner, world["cooperative"].pk, LOAD, values, SEQUENCES)
    analyze(SCRATCH, owner, vacuum=("members_savingstransaction", "members_savingsaccount"))
    with cooperative_context(world["cooperative"].pk, user_id=world["manager"].pk):
        total = SavingsAccount.objects.aggregate(total=Sum("balance"))["total"]
        post_entry(date=datetime.date(YEAR, MONTH, 31), source=("bench.deposits", 1), purpose="bench.deposits",
                   lines=[Line("cash", debit=total), Line("voluntary_savings", credit=total)])  # fmt: skip
    elapsed = time.perf_counter() - started
    print(f"loaded {args.accounts:,} accounts and their month in {elapsed:.0f} s", flush=True)
    return elapsed


def time_interest(world) -> list[dict]:
    """Each scenario's run, timed; all but the last rolled back, so each runs on the same month."""
    from django.db import transaction
    from django.db.models import Sum

    from koperasi.ledger.fiscal import Month
    from koperasi.tenancy.context import cooperative_context
    from members.savings.interest_run import credit_savings_interest
    from members.savings.models import SavingsProduct, SavingsTransaction
    from members.savings.movements import INTEREST_SOURCE

    results = []
    for index, (title, conventions) in enumerate(SCENARIOS):
        last = index == len(SCENARIOS) - 1
        with cooperative_context(world["cooperative"].pk, user_id=world["manager"].pk), transaction.atomic():
            SavingsProduct.objects.filter(pk=world["product"]).update(**conventions)
            started = time.perf_counter()
            credited = credit_savings_interest(Month(YEAR, MONTH), actor=world["manager"])
            elapsed = time.perf_counter() - started
            written = dict(
                SavingsTransaction.objects.filter(date=datetime.date(YEAR, MONTH, 31), source_type=INTEREST_SOURCE)
                .values("kind").annotate(total=Sum("amount")).values_list("kind", "total")
            )  # fmt: skip
            again = credit_savings_interest(Month(YEAR, MONTH), actor=world["manager"]) if last else 0
            transaction.set_rollback(not last)
        assert credited > 0 and again == 0
        print(f"{title}: {credited:,} accounts credited in {elapsed:.1f} s", flush=True)
        results.append({"title": title, "seconds": elapsed, "credited": credited, "written": written})
    return results


def run(args, owner) -> dict:
    from django.db import connection

    world = setup()
    results = {"load_seconds": load(args, owner, world), "movements": args.accounts * 31}
    results["scenarios"] = time_interest(world)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        results["postgres"] = cursor.fetchone()[0]
    return results


def report(results: dict, args) -> None:
    rows = ["| product's conventions | accounts credited | interest / tax / admin fee | time |", "|---|---|---|---|"]
    for run in results["scenarios"]:
        verdict = "meets" if run["seconds"] < TARGET else "misses"
        written = run["written"]
        amounts = " / ".join(f"Rp {written.get(kind, 0):,.0f}" for kind in ("interest", "tax", "admin_fee"))
        rows.append(f"| {run['title']} | {run['credited']:,} | {amounts} | **{run['seconds']:.1f} s** "
                    f"(target < {TARGET:.0f} s: {verdict}) |")  # fmt: skip
    table = "\n".join(rows)
    section = f"""{SECTION}

Measured {datetime.date.today().isoformat()} on {describe(machine())}; PostgreSQL {results["postgres"]} on the same
machine (the embedded server).

Command (scratch database `{SCRATCH}`, created, migrated and dropped by the script; runs as the non-owner app
role, so row-level security applies):

    {COMMAND} --accounts {args.accounts}

{args.accounts:,} simpanan sukarela accounts and {results["movements"]:,} movements in March {YEAR}, one a day per
account (deposits, a withdrawal every third day); one member in ten holds Rp 150.000.000, so their jasa is
taxed 10 % (PP 15/2009). Loaded in bulk in {results["load_seconds"]:.0f} s. Timed: `credit_savings_interest`
for the month as the monthly Celery task runs it — every account locked and its month read, the interest by
the pure calculation, the tax per member, the entries posted (a line per member), the movements and balances
written. Each run starts from the same month (the runs before the last are rolled back); the last is run
again and credits nothing.

{table}
"""
    print(section)
    if not args.no_write:
        write_section(SECTION, section)


if __name__ == "__main__":
    main()
