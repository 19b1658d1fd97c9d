"""Waserda POS benchmark (PostgreSQL): sales per second through the sale service and the HTTP API,
latency of the sale API, closing a cash session of 10,000 sales, and ``pgbench -c 1`` as the baseline.

    bash scripts/pg-roles.sh
    export DATABASE_URL=postgres://koperasi_app:koperasi_app@127.0.0.1:5432/koperasi \\
           DATABASE_OWNER_URL=postgres://koperasi_owner:koperasi_owner@127.0.0.1:5432/koperasi
    .venv/bin/python bench/pos.py [--session-sales 10000] [--rounds 3] [--pgbench-seconds 10]
                                  [--requests 1000] [--clients 4] [--keep]

What runs, in one process against scratch databases it creates and drops as the owner role:

1. ``pgbench -i`` on a scratch database, for ``pgbench -c 1 -T --pgbench-seconds`` (the machine's
   single-client baseline, TPC-B-like: 5 statements per transaction).
2. The sale service, single process, one sale per transaction inside the cooperative's context, as the
   application role (row-level security and the ledger's and waserda's guards all apply): every sale
   has 3 lines, is paid in cash, decrements stock conditionally, writes the stock card and posts one
   ``pos.sale`` entry (the sale and its cost, 4 lines). After 100 warm-up sales the scratch database
   is ANALYZEd (this machine runs without autovacuum); then ``--rounds`` times the baseline and a
   share of the sales, alternating, so each service run has its baseline next to it (the machine
   drifts). All ``--session-sales`` sales go into one cash session, which is then closed (timed: the
   Z-report figures and the over/short posting).
3. The same work without the application: replayed by ``pgbench -c 1 -f bench/pos_floor.sql`` and
   sent by psycopg2 alone (the service's captured statement), for what the database and the driver
   cost.
4. The sale API (``POST /api/v1/k/<slug>/waserda/sales/``, token auth) served by gunicorn with 2 worker
   processes on 127.0.0.1 (started and stopped by this script), ``--requests`` requests from 1 client
   (latency) and from ``--clients`` concurrent keep-alive clients (throughput).

The figures are written to the "## Waserda POS" section of BENCHMARKS.md (other sections are kept).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koperasi.settings")
os.environ.pop("REDIS_URL", None)
from bench._common import analyze, connect, machine, owner_and_app_urls, scratch_database  # noqa: E402

SCRATCH = "koperasi_bench_pos"
PGBENCH_DB = "koperasi_bench_pgbench"
COMMAND = ".venv/bin/python bench/pos.py"
SECTION = "## Waserda POS"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--session-sales", type=int, default=10_000, help="sales through the service (one session)")
    parser.add_argument("--requests", type=int, default=1000, help="sale API requests per HTTP run")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients in the HTTP throughput run")
    parser.add_argument("--pgbench-seconds", type=int, default=10, help="length of each baseline run")
    parser.add_argument("--rounds", type=int, default=3, help="baseline and service runs, alternating")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    args = parser.parse_args()

    owner, app = owner_and_app_urls()
    results: dict = {"machine": machine(), "args": vars(args)}
    with pgbench_database(owner) as baseline, scratch_database(SCRATCH, owner, keep=args.keep):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            results["postgres"] = cursor.fetchone()[0]
        run(args, owner, app, results, baseline)
    report(results, args)


# --- 1. baseline ------------------------------------------------------------------------------------


@contextlib.contextmanager
def pgbench_database(owner: dict):
    """A ``pgbench -i`` scratch database, made and dropped as the owner role over 127.0.0.1; yields a
    function that runs ``pgbench -c 1 -T seconds`` on it (the machine's single-client baseline)."""
    for tool in ("pgbench", "createdb", "dropdb"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing (PostgreSQL client tools)")
    env = {**os.environ, "PGPASSWORD": owner["PASSWORD"] or ""}
    conn = ["-h", owner["HOST"] or "127.0.0.1", "-p", str(owner["PORT"] or 5432), "-U", owner["USER"]]

    def baseline(seconds: int) -> dict:
        command = ["pgbench", "-c", "1", "-T", str(seconds), *conn, PGBENCH_DB]
        out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout  # noqa: S603
        latency = re.search(r"latency average = ([\d.]+) ms", out)
        tps = float(re.search(r"tps = ([\d.]+)", out)[1])
        return {"tps": tps, "latency_ms": float(latency[1]) if latency else None, "command": " ".join(command)}

    subprocess.run(["dropdb", "--if-exists", *conn, PGBENCH_DB], env=env, check=True)  # noqa: S603, S607
    subprocess.run(["createdb", *conn, PGBENCH_DB], env=env, check=True)  # noqa: S603, S607
    try:
        subprocess.run(["pgbench", "-i", "-q", *conn, PGBENCH_DB], env=env, check=True, capture_output=True)  # noqa: S603, S607
        yield baseline
    finally:
        subprocess.run(["dropdb", "--if-exists", *conn, PGBENCH_DB], env=env, check=True)  # noqa: S603, S607


# --- 2. the sale service --------------------------------------------------------------------------------


def setup_shop(cooperative):
    from koperasi.accounts.models import User
    from koperasi.tenancy.context import cooperative_context
    from koperasi.tenancy.models import RoleAssignment
    from waserda import services
    from waserda.models import Product

    cashier = User.objects.create_user("bench-kasir", password="bench-kasir-2026", full_name="Kasir Bench")
    with cooperative_context(cooperative.pk):
        RoleAssignment.objects.create(user=cashier, role="staff")
        supplier = services.save_supplier(actor=None, name="Grosir Bench")
        products = []
        for sku, name, price, cost in (
            ("BRS-5", "Beras medium 5 kg", "68000", "61000"),
            ("MGR-1", "Minyak goreng 1 L", "18000", "15500"),
            ("ES-B", "Es balok", "6000", "4000"),
        ):
            product = services.create_product(actor=None, sku=sku, name=name, sell_price=Decimal(price))
            products.append(product)
            services.receive_goods(
                actor=None,
                supplier=supplier,
                lines=[services.ReceiptLineInput(product.pk, Decimal("10000000"), Decimal(cost))],
            )
        products = list(Product.objects.filter(pk__in=[p.pk for p in products]).order_by("pk"))
    return cashier, products


def run(args, owner: dict, app: dict, results: dict, baseline) -> None:
    from koperasi.tenancy.context import cooperative_context
    from koperasi.tenancy.models import Cooperative
    from koperasi.tenancy.services import seed_cooperative
    from waserda import services, sessions
    from waserda.sales import LineInput, SaleInput

    cooperative = Cooperative.objects.create(name="KUD Bench", slug="bench-pos", kind="kud")
    seed_cooperative(cooperative)
    cashier, products = setup_shop(cooperative)
    with cooperative_context(cooperative.pk):
        session = sessions.open_session(cashier=cashier, opening_float=Decimal("500000"))
    lines = [
        LineInput(products[0].pk, Decimal("1")),
        LineInput(products[1].pk, Decimal("2")),
        LineInput(products[2].pk, Decimal("3")),
    ]

    def sell():
        with cooperative_context(cooperative.pk):
            services.record_sale(
                cashier=cashier, data=SaleInput(lines=lines, payment_method="cash", session_id=session.pk)
            )

    for _n in range(100):  # warm-up (part of the session too)
        sell()
    analyze(SCRATCH, owner)  # as autovacuum would have by now (it is off on this machine)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one_sale:  # counted once, part of the session too
        sell()
    captured = [query["sql"] for query in one_sale.captured_queries]
    # Django logs a transaction's start as "BEGIN"; the backend sends it with the first statement.
    results["statements"] = len([sql for sql in captured if sql != "BEGIN"])
    print(f"round trips per sale (BEGIN … COMMIT): {results['statements']}", flush=True)
    # Rounds: the baseline, then a share of the session's sales, and again; the machine drifts (other
    # tenants of the host, its disk), so each service run is compared with the baseline next to it.
    results["rounds"] = []
    baseline(5)  # warm-up, not counted: the fresh pgbench tables settle (the service had its 100 sales)
    remaining = args.session_sales - 101
    for number in range(args.rounds):
        pgbench = baseline(args.pgbench_seconds)
        count = remaining // (args.rounds - number)
        remaining -= count
        started = time.perf_counter()
        for _n in range(count):
            sell()
        elapsed = time.perf_counter() - started
        rate = count / elapsed
        results["rounds"].append({"pgbench": pgbench, "sales": count, "seconds": elapsed, "rate": rate})
        print(
            f"round {number + 1}: pgbench -c 1 {pgbench['tps']:.0f} TPS; sale service {count} sales in "
            f"{elapsed:.1f} s = {rate:.0f} sales/s ({rate / pgbench['tps']:.1%})",
            flush=True,
        )

    with cooperative_context(cooperative.pk):
        expected = Decimal(sessions.session_figures(session)["expected_cash"])
    started = time.perf_counter()
    with cooperative_context(cooperative.pk):
        closed = sessions.close_session(actor=cashier, session=session, counted_cash=expected - Decimal("1500"))
    results["close"] = {"sales": closed.summary["sale_count"], "seconds": time.perf_counter() - started}
    print(f"closing a session of {closed.summary['sale_count']} sales: {results['close']['seconds']:.3f} s", flush=True)

    with cooperative_context(cooperative.pk):  # the replays and the API sell in a second session
        second_session = sessions.open_session(cashier=cashier)
    variables = {"coop": cooperative.pk, "p1": products[0].pk, "p2": products[1].pk, "p3": products[2].pk}
    variables |= {"session": second_session.pk, "cashier": cashier.pk}
    results["floor"] = database_floor(app, variables, args.pgbench_seconds)
    print(f"the same statements by pgbench: {results['floor']['tps']:.0f} sales/s", flush=True)
    results["driver"] = driver_floor(app, captured, second_session.pk, count=3000)
    print(f"the service's statements by psycopg2 alone: {results['driver']['rate']:.0f} sales/s", flush=True)

    with cooperative_context(cooperative.pk):
        from rest_framework.authtoken.models import Token

        token = Token.objects.create(user=cashier).key
    results["http"] = run_http(args, app, cooperative.slug, token, products, second_session.pk)


def database_floor(app: dict, variables: dict, seconds: int) -> dict:
    """The sale's statements (``bench/pos_floor.sql``) replayed by ``pgbench -c 1`` as the application
    role on the scratch database: what a sale costs PostgreSQL alone, with no Python in between."""
    env = {**os.environ, "PGPASSWORD": app["PASSWORD"] or ""}
    command = ["pgbench", "-n", "-c", "1", "-T", str(seconds), "-f", str(ROOT / "bench/pos_floor.sql")]
    command += [arg for name, value in variables.items() for arg in ("-D", f"{name}={value}")]
    command += ["-h", app["HOST"] or "127.0.0.1", "-p", str(app["PORT"] or 5432), "-U", app["USER"], SCRATCH]
    done = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        sys.exit(f"pgbench -f bench/pos_floor.sql failed:\n{done.stderr[-2000:]}")
    return {"tps": float(re.search(r"tps = ([\d.]+)", done.stdout)[1])}


def driver_floor(app: dict, captured: list[str], session_id: int, count: int) -> dict:
    """One sale's statement exactly as the service sent it (captured after the warm-up: BEGIN and the
    tenant settings in front of ``EXECUTE`` of the prepared check-write-and-post with every value),
    replayed by psycopg2 alone, then COMMIT: the database's and the driver's part of a sale, without
    Django or the business logic. Each replay has a new client UUID, the open ``session_id`` and, as
    the check requires, the products' quantity and value as the previous sale left them."""
    import uuid

    from koperasi.ledger.services import Posting
    from waserda import sale_store

    text = next(sql for sql in captured if "EXECUTE waserda_check_write_and_post(" in sql)
    prefix, arguments = text.split("EXECUTE waserda_check_write_and_post(")
    values = _split_arguments(arguments.removesuffix(")"))
    # After the posting's arguments: session, cashier, then the basis (ids, prices, member prices,
    # quantities, values, costs), the client UUID, and the sale's own; its stock deltas are its 17th-18th.
    basis = len(Posting.ARGUMENTS) + 2
    quantities, stock_values, key = basis + 3, basis + 4, basis + 6
    deltas = [_numbers(values[key + index]) for index in (17, 18)]
    if len(values) != sale_store._CHECK_WRITE_AND_POST.execute_sql.count("%s") or "::uuid" not in values[key]:
        sys.exit("the captured sale statement has an unexpected shape")
    values[basis - 2] = values[key + 1] = str(session_id)  # the check's session and the sale's
    conn = connect(SCRATCH, app)
    conn.autocommit = True  # BEGIN and COMMIT are sent as the service's connection sends them
    try:
        cursor = conn.cursor()
        cursor.execute(sale_store._CHECK_WRITE_AND_POST.prepare_sql)
        ids = _numbers(values[basis])
        cursor.execute(
            f"{prefix}SELECT array_agg(qty_on_hand ORDER BY id)::text, array_agg(stock_value ORDER BY id)::text"
            " FROM waserda_product WHERE id = ANY (%s)",
            [[int(pk) for pk in ids]],
        )
        state = [_numbers(column) for column in cursor.fetchone()]
        cursor.execute("COMMIT")
        keys = [str(uuid.uuid4()) for _n in range(count)]
        started = time.perf_counter()
        for number, new_key in enumerate(keys):
            values[quantities], values[stock_values] = (_array(column) for column in state)
            values[key] = f"'{new_key}'::uuid"
            cursor.execute(f"{prefix}EXECUTE waserda_check_write_and_post({', '.join(values)})")
            if number == 0 and cursor.fetchone()[0] is None:
                sys.exit("the replayed sale's basis check failed")
            cursor.execute("COMMIT")
            state = [[a + b for a, b in zip(now, delta, strict=True)] for now, delta in zip(state, deltas, strict=True)]
        elapsed = time.perf_counter() - started
    finally:
        conn.close()
    return {"rate": count / elapsed}


def _split_arguments(text: str) -> list[str]:
    """``EXECUTE`` arguments as psycopg2 wrote them: quoted literals (with a cast), numbers, NULL, booleans."""
    return re.findall(r"'(?:[^']|'')*'(?:::[a-z\[\]]+)?|[^,\s][^,]*", text)


def _numbers(literal: str) -> list[Decimal]:
    return [Decimal(item) for item in literal.strip("'").strip("{}").split(",")]


def _array(numbers: list[Decimal]) -> str:
    return "'{" + ",".join(str(number) for number in numbers) + "}'"


# --- 3. the sale API over HTTP -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_http(args, app: dict, slug: str, token: str, products, session_id: int) -> dict:
    port = free_port()
    url = f"postgres://{app['USER']}:{app['PASSWORD']}@{app['HOST'] or '127.0.0.1'}:{app['PORT'] or 5432}/{SCRATCH}"
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1", "CONN_MAX_AGE": "600"}
    env.pop("TEST_DATABASE_NAME", None)
    gunicorn = [
        str(ROOT / ".venv/bin/gunicorn"),
        "koperasi.wsgi:application",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(gunicorn, cwd=ROOT, env=env)  # noqa: S603
    try:
        wait_for(port)
        body = json.dumps(
            {
                "payment_method": "cash",
                "session": session_id,
                "lines": [
                    {"product": products[0].pk, "quantity": "1"},
                    {"product": products[1].pk, "quantity": "2"},
                    {"product": products[2].pk, "quantity": "3"},
                ],
            }
        )
        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json", "Host": "127.0.0.1"}
        path = f"/api/v1/k/{slug}/waserda/sales/"
        drive(port, path, body, headers, 50, 1)  # warm-up: both workers, connections, caches
        single = drive(port, path, body, headers, args.requests, 1)
        print(
            f"sale API, 1 client: {single['rate']:.0f} sales/s, p50 {single['p50']:.1f} ms, p95 {single['p95']:.1f} ms",
            flush=True,
        )
        many = drive(port, path, body, headers, args.requests, args.clients)
        print(
            f"sale API, {args.clients} clients: {many['rate']:.0f} sales/s, p50 {many['p50']:.1f} ms, "
            f"p95 {many['p95']:.1f} ms",
            flush=True,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"single": single, "many": many, "clients": args.clients}


def wait_for(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not start")


def drive(port: int, path: str, body: str, headers: dict, requests: int, clients: int) -> dict:
    """``requests`` POSTs split over ``clients`` keep-alive connections; every answer must be 201."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    per_client = [requests // clients + (1 if i < requests % clients else 0) for i in range(clients)]

    def client(count: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for _n in range(count):
            started = time.perf_counter()
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            mine.append((time.perf_counter() - started) * 1000)
            if response.status != 201:
                with lock:
                    failures.append(f"{response.status} {payload[:200]!r}")
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(count,)) for count in per_client]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        sys.exit(f"{len(failures)} sale requests failed, e.g. {failures[0]}")
    latencies.sort()
    return {
        "requests": requests,
        "seconds": elapsed,
        "rate": requests / elapsed,
        "p50": statistics.median(latencies),
        "p95": latencies[int(len(latencies) * 0.95) - 1],
    }


# --- the report ------------------------------------------------------------------------------------------------


def report(results: dict, args) -> None:
    m, rounds, close, web = results["machine"], results["rounds"], results["close"], results["http"]
    sales = sum(r["sales"] for r in rounds)
    seconds = sum(r["seconds"] for r in rounds)
    ratios = sorted(r["rate"] / r["pgbench"]["tps"] for r in rounds)
    ratio = statistics.median(ratios)
    tps = statistics.median(r["pgbench"]["tps"] for r in rounds)  # for the floors' shares
    met = "met" if ratio >= 0.4 else "not met; see below"
    lines = [
        SECTION,
        "",
        f"Run on {datetime.date.today():%Y-%m-%d}: {m['nproc']} CPUs ({m['cpu']}), {m['ram']} RAM, {m['os']}, "
        f"PostgreSQL {results['postgres']} on the same machine (127.0.0.1).",
        "",
        "```sh",
        "bash scripts/pg-roles.sh",
        "export DATABASE_URL=postgres://koperasi_app:koperasi_app@127.0.0.1:5432/koperasi \\",
        "       DATABASE_OWNER_URL=postgres://koperasi_owner:koperasi_owner@127.0.0.1:5432/koperasi",
        f"{COMMAND} --session-sales {args.session_sales} --rounds {args.rounds} --pgbench-seconds "
        f"{args.pgbench_seconds} --requests {args.requests} --clients {args.clients}",
        "```",
        "",
        f"The baseline (`pgbench -c 1 -T {args.pgbench_seconds}`, TPC-B-like, on a scratch database) and the sale",
        "service (single process; 3 lines, cash, stock + stock card + one 4-line `pos.sale` entry, row-level",
        "security on) run in alternating rounds, each service run compared with the baseline just before it:",
        "",
        "| round | pgbench -c 1 | sale service | ratio |",
        "|---|---|---|---|",
        *(
            f"| {number} | {r['pgbench']['tps']:.0f} TPS (latency {r['pgbench']['latency_ms']:.2f} ms) | "
            f"{r['rate']:.0f} sales/s ({r['sales']} sales in {r['seconds']:.1f} s) | "
            f"{r['rate'] / r['pgbench']['tps']:.1%} |"
            for number, r in enumerate(rounds, 1)
        ),
        "",
        "| what | figure |",
        "|---|---|",
        f"| sale service, all rounds | **{sales / seconds:.0f} sales/s** ({sales} sales in {seconds:.1f} s) |",
        f"| sale service ÷ pgbench single-client TPS, median of the rounds (target ≥ 40 %) | **{ratio:.1%}** "
        f"({met}; rounds {', '.join(f'{r:.1%}' for r in ratios)}) |",
        f"| the same work as SQL text, replayed by `pgbench -c 1 -f bench/pos_floor.sql` (no Python) | "
        f"{results['floor']['tps']:.0f} sales/s ({results['floor']['tps'] / tps:.1%} of the median pgbench) |",
        "| the service's own statement (prepared; captured from a sale) and COMMIT sent by psycopg2 alone | "
        f"{results['driver']['rate']:.0f} sales/s ({results['driver']['rate'] / tps:.1%} of the median pgbench) |",
        f"| sale API, gunicorn 2 workers, 1 client | {web['single']['rate']:.0f} sales/s; "
        f"p50 {web['single']['p50']:.1f} ms, p95 {web['single']['p95']:.1f} ms |",
        f"| sale API, gunicorn 2 workers, {web['clients']} concurrent clients | **{web['many']['rate']:.0f} sales/s**; "
        f"p50 {web['many']['p50']:.1f} ms, p95 {web['many']['p95']:.1f} ms |",
        f"| closing a cash session of {close['sales']:,} sales (Z-report + over/short posting; target < 2 s) | "
        f"**{close['seconds']:.3f} s** |",
        "",
        "Notes: the service runs as the application role with row-level security and every ledger and",
        f"waserda guard. A sale is one transaction of {results['statements']} round trips (pgbench's has 7): one",
        "statement, with BEGIN and the tenant settings in front of it, checks the products and the session",
        "the sale was priced on (`waserda_check_sale_basis`: as this process last saw them; it locks them and",
        "takes the sale's id), writes the sale (`waserda_insert_sale`: the sale, its products' stock, stock",
        "card and lines) and posts its 4-line `pos.sale` entry (`ledger_post_entry`: number, entry, lines; a",
        "statement trigger checks the balance and adds the lines to the account balances); then COMMIT. Had",
        "the basis changed (another process sold the product, a price changed), nothing would be written and",
        "the sale would lock and read the rows first: one short statement more (docs/waserda.md). The",
        "functions keep their plans per connection and the statement is a server-side prepared statement.",
        "Sales post to the ledger as they happen, so closing a session only aggregates (4 GROUP BY",
        "queries), whatever its size. This machine's PostgreSQL runs with autovacuum off; the benchmark",
        "runs ANALYZE once after its 100 warm-up sales, as autovacuum would have. The HTTP figures include",
        "authentication, the tenant and role checks and JSON (de)serialisation; every request was answered",
        "201. The journal sequence row (one per cooperative and fiscal year) serialises postings within a",
        "cooperative, which bounds the concurrent API throughput. The floors sell into a second session",
        "(the first is closed by then); the pgbench one reads the basis inside its statement. On this",
        "VM the baseline moves far more from run to run than the service does (its commit waits on the",
        "disk); the rounds show how much within a run.",
        "",
        "History: 55 sales/s (4.3 % of pgbench) when issue 8 landed; 90 (7.9 %) once the sale was one",
        "entry; 349 (29.9 %) once the posting and the sale's reads and writes were PL/pgSQL functions, the",
        "entry was inserted already posted and checked once per statement, and the foreign keys of the hot",
        "tables were checked per statement instead of at COMMIT; 460 (34.7 %) once the sale's rows and entry",
        "went in one statement, the tenant settings with the first statement, the statements were prepared",
        "and array arguments travelled as literals (four round trips); now a sale priced on a known basis",
        "is checked inside its writing statement (no lock statement), BEGIN travels with the first",
        "statement of every transaction (two round trips), and journal rows are written by the posting",
        "function only (the app role has no INSERT on them), so two per-entry triggers that checked every",
        "writer gave way. Every guarantee is still enforced by PostgreSQL (docs/accounting.md,",
        "docs/waserda.md).",
        "",
        *(
            []
            if ratio >= 0.4
            else [
                f"**The ≥ 40 % target is not met.** A sale takes about {1000 * seconds / sales:.2f} ms; the service's",
                f"own statement and COMMIT, sent by psycopg2 alone, take {1000 / results['driver']['rate']:.2f} ms",
                f"({results['driver']['rate'] / tps:.0%} of pgbench's rate: the database's part is within the target).",
                "The rest is the Python side (measured separately): about 0.18 ms of the service's own code per",
                "sale (pricing, moving-average costing, the entry's lines, model instances, Django's transaction",
                "handling; database calls stubbed out), and about 0.15 ms more in the database calls themselves",
                "than when the same calls are replayed back to back (most likely the backend idling and waking",
                "while the Python side works, on this 2-vCPU VM). See the issue's notes for the options.",
            ]
        ),
        "",
        "HTTP server: `gunicorn koperasi.wsgi:application --workers 2 --bind 127.0.0.1:<free port>`.",
        "",
    ]
    text = "\n".join(lines)
    print("\n" + text)
    if args.no_write:
        return
    path = ROOT / "BENCHMARKS.md"
    current = path.read_text() if path.exists() else "# Benchmarks\n\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        current = pattern.sub(lambda _m: text + "\n", current)
    else:
        current = current.rstrip() + "\n\n" + text
    path.write_text(current.rstrip() + "\n")
    print(f"written to {path}")


if __name__ == "__main__":
    main()
