"""Waserda POS benchmark: the sale API as tills use it, the sale service alone, and closing a session.

    .venv/bin/python bench/pos.py [--requests 2000] [--clients 4] [--service-sales 2000]
                                  [--session-sales 10000] [--keep] [--no-write]

With ``DATABASE_URL`` unset it runs on the embedded PostgreSQL server (started when it is down), else
on the server of ``DATABASE_URL`` / ``DATABASE_OWNER_URL``. In a scratch database it creates and
migrates as the owner role and drops afterwards, as the application role (row-level security and
every ledger and waserda guard apply):

1. The sale service, one process, one sale per transaction: 3 lines, cash, stock decremented with
   its stock card, one 4-line ``pos.sale`` entry. ``--service-sales`` timed after 100 warm-up sales
   and an ANALYZE (as autovacuum would have by then).
2. The sale API (``POST /api/v1/k/<slug>/waserda/sales/``, token auth, JSON) served by gunicorn with
   2 worker processes on 127.0.0.1 (started and stopped here): ``--requests`` sales from 1 till,
   then from ``--clients`` tills at once, each on its own keep-alive connection and cash session,
   all selling the same three products (the worst case: they wait on each other's row locks).
3. Closing a cash session of ``--session-sales`` sales (the Z-report figures and the over/short
   posting).

The figures go to the "## Waserda POS" section of BENCHMARKS.md (other sections are kept).
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koperasi.settings")
os.environ.pop("REDIS_URL", None)
from bench._common import analyze, database_url, describe, machine, owner_and_app_urls, scratch_database, write_section  # noqa: E402

SCRATCH = "koperasi_bench_pos"
COMMAND = ".venv/bin/python bench/pos.py"
SECTION = "## Waserda POS"
TARGET_P95_MS, TARGET_RATE = 30.0, 150.0  # issue 16: 4 tills on gunicorn with 2 workers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000, help="sale API requests per HTTP run")
    parser.add_argument("--clients", type=int, default=4, help="concurrent tills in the HTTP throughput run")
    parser.add_argument("--service-sales", type=int, default=2000, help="timed sales through the service")
    parser.add_argument("--session-sales", type=int, default=10_000, help="sales in the session that is closed")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    args = parser.parse_args()

    owner, app = owner_and_app_urls()
    results: dict = {"machine": machine(), "args": vars(args)}
    with scratch_database(SCRATCH, owner, keep=args.keep):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            results["postgres"] = cursor.fetchone()[0]
        run(args, owner, app, results)
    report(results, args)


def setup_shop(cooperative, tills: int):
    """Three products with plenty of stock and ``tills`` cashiers, each with a token."""
    from koperasi.accounts.models import User
    from koperasi.accounts.services import create_api_token
    from koperasi.tenancy.context import cooperative_context
    from koperasi.tenancy.models import RoleAssignment
    from waserda.services import catalog, purchasing

    cashiers = []
    with cooperative_context(cooperative.pk):
        for number in range(tills):
            cashier = User.objects.create_user(f"bench-kasir-{number}", password="bench-kasir-2026", full_name="Kasir")
            RoleAssignment.objects.create(user=cashier, role="staff")
            _token, cashier.token = create_api_token(cashier, "bench")
            cashiers.append(cashier)
        supplier = catalog.save_supplier(actor=None, name="Grosir Bench")
        products = []
        for sku, name, price, cost in (
            ("BRS-5", "Beras medium 5 kg", "68000", "61000"),
            ("MGR-1", "Minyak goreng 1 L", "18000", "15500"),
            ("ES-B", "Es balok", "6000", "4000"),
        ):
            product = catalog.create_product(actor=None, sku=sku, name=name, sell_price=Decimal(price))
            purchasing.receive_goods(
                actor=None,
                supplier=supplier,
                lines=[purchasing.ReceiptLineInput(product.pk, Decimal("10000000"), Decimal(cost))],
            )
            products.append(product)
    return cashiers, products


def run(args, owner: dict, app: dict, results: dict) -> None:
    from koperasi.tenancy.context import cooperative_context
    from koperasi.tenancy.models import Cooperative
    from koperasi.tenancy.services import seed_cooperative
    from waserda.services import sales, sessions
    from waserda.services.sales import LineInput, SaleInput

    cooperative = Cooperative.objects.create(name="KUD Bench", slug="bench-pos", kind="kud")
    seed_cooperative(cooperative)
    cashiers, products = setup_shop(cooperative, max(args.clients, 1))
    cashier = cashiers[0]
    with cooperative_context(cooperative.pk):
        session = sessions.open_session(cashier=cashier, opening_float=Decimal("500000"))
    lines = [LineInput(product.pk, Decimal(quantity)) for product, quantity in zip(products, "123", strict=True)]

    def sell() -> None:
        with cooperative_context(cooperative.pk):
            sales.record_sale(
                cashier=cashier, data=SaleInput(lines=lines, payment_method="cash", session_id=session.pk)
            )

    for _n in range(100):
        sell()
    analyze(SCRATCH, owner)
    started = time.perf_counter()
    for _n in range(args.service_sales):
        sell()
    elapsed = time.perf_counter() - started
    results["service"] = {"sales": args.service_sales, "seconds": elapsed, "rate": args.service_sales / elapsed}
    print(f"sale service: {results['service']['rate']:.0f} sales/s", flush=True)

    for _n in range(max(args.session_sales - args.service_sales - 100, 0)):
        sell()
    with cooperative_context(cooperative.pk):
        expected = Decimal(sessions.session_figures(session)["expected_cash"])
        started = time.perf_counter()
        closed = sessions.close_session(actor=cashier, session=session, counted_cash=expected - Decimal("1500"))
    results["close"] = {"sales": closed.summary["sale_count"], "seconds": time.perf_counter() - started}
    print(f"closing a session of {closed.summary['sale_count']} sales: {results['close']['seconds']:.3f} s", flush=True)

    with cooperative_context(cooperative.pk):
        tills = [(c.token, sessions.open_session(cashier=c).pk) for c in cashiers]
    results["http"] = run_http(args, app, cooperative.slug, tills, products)


# --- the sale API over HTTP -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_http(args, app: dict, slug: str, tills: list[tuple[str, int]], products) -> dict:
    port = free_port()
    # Production settings (the server refuses to start otherwise), as behind a TLS proxy on loopback.
    env = {**os.environ, "DATABASE_URL": database_url(SCRATCH, app), "DEBUG": "0", "HTTPS": "1"}
    env |= {"ALLOWED_HOSTS": "127.0.0.1", "CONN_MAX_AGE": "600", "SECRET_KEY": secrets.token_urlsafe(50)}
    gunicorn = [str(ROOT / ".venv/bin/gunicorn"), "koperasi.wsgi:application", "--workers", "2"]
    gunicorn += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    server = subprocess.Popen(gunicorn, cwd=ROOT, env=env)  # noqa: S603
    path = f"/api/v1/k/{slug}/waserda/sales/"
    quantities = zip(products, ("1", "2", "3"), strict=True)
    lines = [{"product": product.pk, "quantity": quantity} for product, quantity in quantities]

    def request_for(till: tuple[str, int]) -> tuple[Callable[[], str], dict]:
        token, session_id = till

        def body() -> str:  # every sale its own client UUID, as a till makes one per sale
            key = str(uuid.uuid4())
            return json.dumps({"client_uuid": key, "payment_method": "cash", "session": session_id, "lines": lines})

        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json", "Host": "127.0.0.1"}
        return body, headers | {"X-Forwarded-Proto": "https"}  # what the TLS proxy tells the app

    try:
        wait_for(port)
        drive(port, path, [request_for(till) for till in tills], 100)  # warm-up: workers, connections
        single = drive(port, path, [request_for(tills[0])], args.requests)
        print(f"sale API, 1 till: {single['rate']:.0f} sales/s, p95 {single['p95']:.1f} ms", flush=True)
        many = drive(port, path, [request_for(till) for till in tills[: args.clients]], args.requests)
        print(f"sale API, {args.clients} tills: {many['rate']:.0f} sales/s, p95 {many['p95']:.1f} ms", flush=True)
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


def drive(port: int, path: str, tills: list[tuple[Callable[[], str], dict]], requests: int) -> dict:
    """``requests`` sale POSTs shared by the tills, each on its own keep-alive connection; every answer
    must be 201."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    counts = [requests // len(tills) + (1 if i < requests % len(tills) else 0) for i in range(len(tills))]

    def till(count: int, body: Callable[[], str], headers: dict) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for _n in range(count):
            payload = body()
            started = time.perf_counter()
            conn.request("POST", path, body=payload, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            mine.append((time.perf_counter() - started) * 1000)
            if response.status != 201:
                with lock:
                    failures.append(f"{response.status} {payload[:200]!r}")
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=till, args=(n, *t)) for n, t in zip(counts, tills, strict=True)]
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
        "p99": latencies[int(len(latencies) * 0.99) - 1],
    }


# --- the report ------------------------------------------------------------------------------------------------


def report(results: dict, args) -> None:
    service, close, web = results["service"], results["close"], results["http"]
    single, many = web["single"], web["many"]
    met = many["p95"] <= TARGET_P95_MS and many["rate"] >= TARGET_RATE
    lines = [
        SECTION,
        "",
        f"Run on {datetime.date.today():%Y-%m-%d}: {describe(results['machine'])}; PostgreSQL {results['postgres']}",
        "on the same machine (the embedded server unless DATABASE_URL is set). Command:",
        "",
        "```sh",
        f"{COMMAND} --requests {args.requests} --clients {args.clients} --service-sales {args.service_sales} "
        f"--session-sales {args.session_sales}",
        "```",
        "",
        "| what | figure |",
        "|---|---|",
        f"| sale API, gunicorn 2 workers, {web['clients']} tills at once (target: p95 ≤ {TARGET_P95_MS:.0f} ms and "
        f"≥ {TARGET_RATE:.0f} sales/s) | **{many['rate']:.0f} sales/s; p50 {many['p50']:.1f} ms, "
        f"p95 {many['p95']:.1f} ms**, p99 {many['p99']:.1f} ms ({'met' if met else 'NOT met'}) |",
        f"| sale API, gunicorn 2 workers, 1 till | {single['rate']:.0f} sales/s; p50 {single['p50']:.1f} ms, "
        f"p95 {single['p95']:.1f} ms, p99 {single['p99']:.1f} ms |",
        f"| sale service alone, one process | {service['rate']:.0f} sales/s ({service['sales']} sales in "
        f"{service['seconds']:.1f} s) |",
        f"| closing a cash session of {close['sales']:,} sales (Z-report + over/short posting; target < 2 s) | "
        f"**{close['seconds']:.3f} s** |",
        "",
        "Each sale has 3 lines, is paid in cash, decrements stock with its stock card and posts one 4-line",
        "`pos.sale` entry through `ledger_post_entry`, as the application role under row-level security.",
        f"The API figures are {args.requests} requests per run, each answered 201, including token",
        "authentication, the tenant and role checks and JSON; all tills sell the same three products, so",
        "they queue on those rows' locks and on the cooperative's journal numbering row.",
        "",
    ]
    text = "\n".join(lines)
    print("\n" + text)
    if args.no_write:
        return
    write_section(SECTION, text)


if __name__ == "__main__":
    main()
