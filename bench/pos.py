"""Waserda POS benchmark (PostgreSQL): sales per second through the sale service and the HTTP API,
latency of the sale API, closing a cash session of 10,000 sales, and ``pgbench -c 1`` as the baseline.

    bash scripts/pg-roles.sh
    export DATABASE_URL=postgres://koperasi_app:koperasi_app@127.0.0.1:5432/koperasi \\
           DATABASE_OWNER_URL=postgres://koperasi_owner:koperasi_owner@127.0.0.1:5432/koperasi
    .venv/bin/python bench/pos.py [--session-sales 10000] [--requests 1000] [--clients 4] [--keep]

What runs, in one process against scratch databases it creates and drops as the owner role:

1. ``pgbench -i`` then ``pgbench -c 1 -T 20`` on a scratch database (the machine's single-client
   baseline, TPC-B-like: 5 statements per transaction).
2. The sale service, single process, one sale per transaction inside the cooperative's context, as the
   application role (row-level security and the ledger's and waserda's guards all apply): every sale
   has 3 lines, is paid in cash, locks and decrements stock conditionally, writes the stock card and
   posts one ``pos.sale`` entry (the sale and its cost, 4 lines). All ``--session-sales`` sales go into
   one cash session, which is then closed (timed: the Z-report figures and the over/short posting).
   After 100 warm-up sales the scratch database is ANALYZEd (this machine runs without autovacuum).
3. The same statements without the application: replayed by ``pgbench -c 1 -f bench/pos_floor.sql``
   and sent by psycopg2 alone (texts filled in beforehand), for what the database and the driver cost.
4. The sale API (``POST /api/v1/k/<slug>/waserda/sales/``, token auth) served by gunicorn with 2 worker
   processes on 127.0.0.1 (started and stopped by this script), ``--requests`` requests from 1 client
   (latency) and from ``--clients`` concurrent keep-alive clients (throughput).

The figures are written to the "## Waserda POS" section of BENCHMARKS.md (other sections are kept).
"""

from __future__ import annotations

import argparse
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
    parser.add_argument("--pgbench-seconds", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    args = parser.parse_args()

    owner, app = owner_and_app_urls()
    results: dict = {"machine": machine(), "args": vars(args)}
    results["pgbench"] = pgbench_baseline(owner, args.pgbench_seconds)
    print(f"pgbench -c 1: {results['pgbench']['tps']:.0f} TPS", flush=True)

    with scratch_database(SCRATCH, owner, keep=args.keep):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            results["postgres"] = cursor.fetchone()[0]
        run(args, owner, app, results)
    report(results, args)


# --- 1. baseline ------------------------------------------------------------------------------------


def pgbench_baseline(owner: dict, seconds: int) -> dict:
    """``pgbench -c 1`` on a scratch database made and dropped as the owner role over 127.0.0.1."""
    for tool in ("pgbench", "createdb", "dropdb"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing (PostgreSQL client tools)")
    env = {**os.environ, "PGPASSWORD": owner["PASSWORD"] or ""}
    conn = ["-h", owner["HOST"] or "127.0.0.1", "-p", str(owner["PORT"] or 5432), "-U", owner["USER"]]
    subprocess.run(["dropdb", "--if-exists", *conn, PGBENCH_DB], env=env, check=True)  # noqa: S603, S607
    subprocess.run(["createdb", *conn, PGBENCH_DB], env=env, check=True)  # noqa: S603, S607
    try:
        subprocess.run(["pgbench", "-i", "-q", *conn, PGBENCH_DB], env=env, check=True, capture_output=True)  # noqa: S603, S607
        command = ["pgbench", "-c", "1", "-T", str(seconds), *conn, PGBENCH_DB]
        out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout  # noqa: S603
    finally:
        subprocess.run(["dropdb", "--if-exists", *conn, PGBENCH_DB], env=env, check=True)  # noqa: S603, S607
    tps = float(re.search(r"tps = ([\d.]+)", out)[1])
    latency = re.search(r"latency average = ([\d.]+) ms", out)
    return {"tps": tps, "latency_ms": float(latency[1]) if latency else None, "command": " ".join(command)}


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


def run(args, owner: dict, app: dict, results: dict) -> None:
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
    results["statements"] = len(one_sale.captured_queries)
    captured = [query["sql"] for query in one_sale.captured_queries]
    print(f"statements per sale (BEGIN … COMMIT): {results['statements']}", flush=True)
    count = args.session_sales - 101
    started = time.perf_counter()
    for _n in range(count):
        sell()
    elapsed = time.perf_counter() - started
    results["service"] = {"sales": count, "seconds": elapsed, "rate": count / elapsed}
    print(f"sale service: {count} sales in {elapsed:.1f} s = {count / elapsed:.0f} sales/s", flush=True)

    with cooperative_context(cooperative.pk):
        expected = Decimal(sessions.session_figures(session)["expected_cash"])
    started = time.perf_counter()
    with cooperative_context(cooperative.pk):
        closed = sessions.close_session(actor=cashier, session=session, counted_cash=expected - Decimal("1500"))
    results["close"] = {"sales": closed.summary["sale_count"], "seconds": time.perf_counter() - started}
    print(f"closing a session of {closed.summary['sale_count']} sales: {results['close']['seconds']:.3f} s", flush=True)

    variables = {"coop": cooperative.pk, "p1": products[0].pk, "p2": products[1].pk, "p3": products[2].pk}
    variables |= {"session": session.pk, "cashier": cashier.pk}
    results["floor"] = database_floor(app, variables, args.pgbench_seconds)
    print(f"the same statements by pgbench: {results['floor']['tps']:.0f} sales/s", flush=True)
    results["driver"] = driver_floor(app, captured, count=3000)
    print(f"the service's statements by psycopg2 alone: {results['driver']['rate']:.0f} sales/s", flush=True)

    with cooperative_context(cooperative.pk):
        from rest_framework.authtoken.models import Token

        token = Token.objects.create(user=cashier).key
        api_session = sessions.open_session(cashier=cashier)
    results["http"] = run_http(args, app, cooperative.slug, token, products, api_session.pk)


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


def driver_floor(app: dict, captured: list[str], count: int) -> dict:
    """One sale's statements exactly as the service sent them (captured after the warm-up: the tenant
    settings with ``EXECUTE`` of the prepared lock, then ``EXECUTE`` of the prepared write with every
    value), replayed by psycopg2 alone with a new client UUID and the sale id each lock answers: the
    database's and the driver's part of a sale, without Django or the business logic."""
    import uuid

    from waserda import sale_store

    lock, write = (text for text in captured if "EXECUTE " in text)
    old_uuid = re.search(r"'([0-9a-f-]{36})'::uuid", lock)[1]
    old_sale = re.search(r"'waserda\.Sale', '(\d+)'", write)[1]
    # The sale id is the source of its entry, in the entry's memo (its number) and the sale's own id.
    for old, new in (
        (f"'waserda.Sale', '{old_sale}'", "'waserda.Sale', '@sale@'"),
        (f"WS-{int(old_sale):07d}", "WS-@number@"),
        (f", {old_sale}, '{old_uuid}'", ", @sale@, '@uuid@'"),
    ):
        if write.count(old) != 1:
            sys.exit(f"the captured sale statement has an unexpected shape ({old})")
        write = write.replace(old, new)
    conn = connect(SCRATCH, app)
    conn.autocommit = True  # BEGIN and COMMIT are sent as the service's connection sends them
    try:
        cursor = conn.cursor()
        for statement in (sale_store._LOCK, sale_store._WRITE_AND_POST):
            cursor.execute(statement.prepare_sql)
        keys = [str(uuid.uuid4()) for _n in range(count)]
        started = time.perf_counter()
        for key in keys:
            cursor.execute("BEGIN")
            cursor.execute(lock.replace(old_uuid, key))
            sale = cursor.fetchall()[0][-1]
            text = write.replace("@sale@", str(sale)).replace("@number@", f"{sale:07d}")
            cursor.execute(text.replace("@uuid@", key))
            cursor.fetchall()
            cursor.execute("COMMIT")
        elapsed = time.perf_counter() - started
    finally:
        conn.close()
    return {"rate": count / elapsed}


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
    m, pg, service, close, web = (
        results["machine"],
        results["pgbench"],
        results["service"],
        results["close"],
        results["http"],
    )
    ratio = service["rate"] / pg["tps"]
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
        f"{COMMAND} --session-sales {args.session_sales} --requests {args.requests} --clients {args.clients}",
        "```",
        "",
        "| what | figure |",
        "|---|---|",
        f"| baseline: `pgbench -c 1 -T {args.pgbench_seconds}` (TPC-B-like, scratch database) | "
        f"**{pg['tps']:.0f} TPS** (latency {pg['latency_ms']:.2f} ms) |",
        f"| sale service, single process (3 lines, cash, stock + stock card + one 4-line `pos.sale` entry, RLS on) | "
        f"**{service['rate']:.0f} sales/s** ({service['sales']} sales in {service['seconds']:.1f} s) |",
        f"| sale service ÷ pgbench single-client TPS (target ≥ 40 %) | **{ratio:.1%}** "
        f"({'met' if ratio >= 0.4 else 'not met; see below'}) |",
        f"| the same statements as SQL text, replayed by `pgbench -c 1 -f bench/pos_floor.sql` (no Python) | "
        f"{results['floor']['tps']:.0f} sales/s ({results['floor']['tps'] / pg['tps']:.1%} of pgbench) |",
        "| the service's own statements (prepared; captured from a sale) sent by psycopg2 alone, no Django | "
        f"{results['driver']['rate']:.0f} sales/s ({results['driver']['rate'] / pg['tps']:.1%} of pgbench) |",
        f"| sale API, gunicorn 2 workers, 1 client | {web['single']['rate']:.0f} sales/s; "
        f"p50 {web['single']['p50']:.1f} ms, p95 {web['single']['p95']:.1f} ms |",
        f"| sale API, gunicorn 2 workers, {web['clients']} concurrent clients | **{web['many']['rate']:.0f} sales/s**; "
        f"p50 {web['many']['p50']:.1f} ms, p95 {web['many']['p95']:.1f} ms |",
        f"| closing a cash session of {close['sales']:,} sales (Z-report + over/short posting; target < 2 s) | "
        f"**{close['seconds']:.3f} s** |",
        "",
        "Notes: the service runs as the application role with row-level security and every ledger and",
        f"waserda guard. A sale is one transaction of {results['statements']} round trips, BEGIN and COMMIT included",
        "(pgbench's has 7): the lock (`waserda_lock_for_sale`: locks the products, finds a replay of the",
        "client UUID and the session, takes the sale's id; the tenant settings travel in front of it), then",
        "one statement that writes the sale (`waserda_insert_sale`: the sale, its products' stock, stock",
        "card and lines) and posts its 4-line `pos.sale` entry (`ledger_post_entry`: number, entry, lines;",
        "a statement trigger checks the balance and adds the lines to the account balances). Both are",
        "PL/pgSQL functions (plans made once per connection) called through server-side prepared",
        "statements (parsed and planned once per connection). Every refusal comes before the first write.",
        "Sales post to the ledger as they happen, so closing a session only aggregates (4 GROUP BY",
        "queries), whatever its size. This machine's PostgreSQL runs with autovacuum off; the benchmark",
        "runs ANALYZE once after its 100 warm-up sales, as autovacuum would have. The HTTP figures include",
        "authentication, the tenant and role checks and JSON (de)serialisation; every request was answered",
        "201. The journal sequence row (one per cooperative and fiscal year) serialises postings within a",
        "cooperative, which bounds the concurrent API throughput.",
        "",
        "History: 55 sales/s (4.3 % of pgbench) when issue 8 landed; 90 (7.9 %) once the sale was one",
        "entry; 349 (29.9 %) once the posting and the sale's reads and writes were PL/pgSQL functions, the",
        "entry was inserted already posted and checked once per statement, and the foreign keys of the hot",
        "tables were checked per statement instead of at COMMIT; now the sale takes its id when it locks,",
        "so its rows and its entry go in one statement, the tenant settings travel with the first",
        "statement, the two statements are prepared, array arguments travel as literals, and the sale path",
        "builds fewer Python objects (six round trips became four). Every guarantee is still enforced by",
        "PostgreSQL (docs/accounting.md, docs/waserda.md).",
        "",
        *(
            []
            if ratio >= 0.4
            else [
                f"**The ≥ 40 % target is not met.** 40 % of pgbench needs a sale in about "
                f"{1000 / (0.4 * pg['tps']):.2f} ms; a sale takes about {1000 / service['rate']:.2f} ms. The",
                f"service's own statements, sent by psycopg2 with no Django and no business logic, take "
                f"{1000 / results['driver']['rate']:.2f} ms",
                f"({results['driver']['rate'] / pg['tps']:.0%} of pgbench's rate): that is what the database and "
                "the driver need, and the",
                f"rest, {1000 / service['rate'] - 1000 / results['driver']['rate']:.2f} ms, is Django's cursor "
                "and transaction handling and the service's own",
                "Python (pricing, moving-average costing, the entry's lines, model instances). Inside PostgreSQL",
                "(per-function statistics): about 0.53 ms posting (0.12 ms of it the balance trigger), 0.33 ms",
                "writing the sale, 0.08 ms locking, 0.35-0.4 ms COMMIT (the WAL flush and the deferred",
                "entry-has-lines check); the rest is spread over the foreign-key checks, index entries and",
                "relation locks of the ~20 rows a sale writes. The database part is within the target; the",
                "Python part is not. Closing the gap would take the whole online sale, pricing and costing",
                "included, into one database call (one round trip and most of the Python gone): a second",
                "implementation of the sale's money logic beside the Python one that offline sync, credit and",
                "savings payments and SQLite use. Not built; see the issue's notes.",
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
