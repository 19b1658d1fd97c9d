"""A mixed day of one cooperative under load: throughput and p50/p95/p99 per endpoint at 10, 50 and
100 concurrent users, then ``verify_books`` on what the day wrote.

    .venv/bin/python bench/load/mixed_day.py [--users 10 50 100] [--requests-per-user 20] [--keep] [--no-write]

A scratch database is created and migrated as the owner role, the demo is loaded into it (the four
seed cooperatives), and the day runs against the coconut cooperative (seed 000, KPMK Pangandaran,
which has members, savings, deliveries and dashboards), with a waserda shop of three products set up
for it. The app is served by gunicorn with 2 worker processes on 127.0.0.1 (production settings,
the application role, so row-level security and every ledger and waserda guard apply; Celery eager).
Each simulated user is a thread with its own connection that sends ``--requests-per-user`` requests
one after the other, without think time (a closed loop: the figures are those of a saturated
server), drawing each request from the day's mix:

=========  ======  ===========================================================================
who        share   requests
=========  ======  ===========================================================================
cashier    40 %    ``POST …/waserda/sales/`` (token; 3 lines, cash, own open cash session)
staff      25 %    ``POST …/savings-accounts/<id>/deposit/`` and ``POST …/supply/deliveries/``
member     25 %    the portal's home page and a savings account page (session cookie)
manager    10 %    the manager's home page, a dashboard board, ``GET …/dashboards/home/``
=========  ======  ===========================================================================

Every answer must be the expected status (201 or 200); any other fails the run. Afterwards
``verify_books`` must find the ledger balanced and savings and stock equal to their movements. The
figures go to the "## Load: a mixed day" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koperasi.settings")
os.environ.pop("REDIS_URL", None)
from bench._common import analyze, database_url, describe, machine, owner_and_app_urls, scratch_database, write_section  # noqa: E402
from bench.pos import free_port, setup_shop, wait_for  # noqa: E402

SCRATCH = "koperasi_bench_load"
SLUG = "kpmk-pangandaran"
COMMAND = ".venv/bin/python bench/load/mixed_day.py"
MIX = (("cashier", 40), ("staff", 25), ("member", 25), ("manager", 10))


@dataclass(frozen=True)
class Request:
    """One request of the day: its label in the report, and what to send."""

    label: str
    method: str
    path: str
    headers: dict
    body: str | None = None
    expect: int = 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, nargs="+", default=[10, 50, 100], help="concurrent users per level")
    parser.add_argument("--requests-per-user", type=int, default=20, help="requests each user sends per level")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    args = parser.parse_args()

    owner, app = owner_and_app_urls()
    results: dict = {"machine": machine(), "levels": []}
    with scratch_database(SCRATCH, owner, keep=args.keep):
        from django.core.management import call_command
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            results["postgres"] = cursor.fetchone()[0]
        print("loading the demo …", flush=True)
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        day = build_day(max(args.users))
        analyze(SCRATCH, owner)
        results["levels"] = serve_and_drive(app, day, args)
        results["books"] = verify_books()
    report(results, args)


# --- the day's actors ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Till:
    headers: dict  # its cashier's token
    session: int  # its open cash session


@dataclass
class Day:
    tills: list[Till]
    products: list[int]
    deposits: list[tuple[dict, int]]  # (staff headers, savings account id)
    deliveries: list[tuple[dict, dict]]  # (staff headers, delivery body without key)
    members: list[tuple[dict, int]]  # (cookie headers, own savings account id)
    managers: list[dict]  # cookie headers
    api_managers: list[dict]  # token headers


def build_day(users: int) -> Day:
    """Tokens, sessions and cash sessions for as many actors of each kind as the largest level needs."""
    from django.utils import timezone

    from koperasi.accounts.services import create_api_token
    from koperasi.tenancy.context import cooperative_context
    from koperasi.tenancy.models import Cooperative, RoleAssignment
    from members.models import Member
    from members.savings.models import SavingsKind
    from members.savings.products import account_for
    from procurement.models import Delivery
    from waserda.services import sessions

    cooperative = Cooperative.objects.get(slug=SLUG)
    tills = max(users * 40 // 100, 1)
    cashiers, products = setup_shop(cooperative, tills)
    with cooperative_context(cooperative.pk):
        cash_sessions = [sessions.open_session(cashier=cashier).pk for cashier in cashiers]
        staff = [_user(f"bench-staf-{n}", "staff") for n in range(max(users // 4, 1))]
        manager = RoleAssignment.objects.filter(role="manager").select_related("user").first().user
        active = list(Member.objects.filter(status="anggota").order_by("pk")[:20])
        accounts = [account_for(member, SavingsKind.VOLUNTARY, opened_on=timezone.localdate()).pk for member in active]
        latest = Delivery.objects.filter(status="posted").order_by("-date", "-pk").first()
        delivery = {
            "supplier": latest.supplier_id, "farmer": latest.farmer_id, "material": latest.material_id,
            "date": latest.date.isoformat(), "collection_point": latest.collection_point, "grade": latest.grade,
            "quantity": "25.000",
        }  # fmt: skip
        members = []
        for number, (member, account) in enumerate(zip(active, accounts, strict=True)):
            if member.user_id is None:
                member.user = _user(f"bench-anggota-{number}", "member")
                Member.objects.filter(pk=member.pk).update(user=member.user)
            members.append((_cookie(member.user), account))
    tokens = {user.pk: create_api_token(user, "bench")[1] for user in [*staff, manager]}
    return Day(
        tills=[Till(_token(c.token), session) for c, session in zip(cashiers, cash_sessions, strict=True)],
        products=[product.pk for product in products],
        deposits=[(_token(tokens[user.pk]), accounts[n % len(accounts)]) for n, user in enumerate(staff)],
        deliveries=[(_token(tokens[user.pk]), delivery) for user in staff],
        members=members,
        managers=[_cookie(manager)],
        api_managers=[_token(tokens[manager.pk])],
    )


def _user(username: str, role: str):
    from koperasi.accounts.models import User
    from koperasi.tenancy.models import RoleAssignment

    user = User.objects.create_user(username, password=secrets.token_urlsafe(12), full_name=username)
    RoleAssignment.objects.create(user=user, role=role)
    return user


def _token(key: str) -> dict:
    return {"Authorization": f"Token {key}", "Content-Type": "application/json"}


def _cookie(user) -> dict:
    """A logged-in browser session of ``user`` that passed its second factor, made as Django's login
    and our code page leave it (and as the test client's login does)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from koperasi.accounts import login_state

    session = SessionStore()
    login_state.mark_verified(session)
    login_state.touch(session)
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"}


def next_request(day: Day, rng: random.Random, user: int) -> Request:
    """The user's next request, drawn from the day's mix (the user's own actor of each kind)."""
    who = rng.choices([kind for kind, _share in MIX], weights=[share for _kind, share in MIX])[0]
    if who == "cashier":
        till = day.tills[user % len(day.tills)]
        quantities = rng.sample(["1", "2", "3"], 3)
        lines = [{"product": pk, "quantity": q} for pk, q in zip(day.products, quantities, strict=True)]
        body = {"client_uuid": str(uuid.uuid4()), "payment_method": "cash", "session": till.session, "lines": lines}
        path = f"/api/v1/k/{SLUG}/waserda/sales/"
        return Request("POST waserda/sales/", "POST", path, till.headers, json.dumps(body), 201)
    if who == "staff":
        if rng.random() < 0.5:
            headers, account = day.deposits[user % len(day.deposits)]
            body = {"amount": f"{rng.randrange(10, 200) * 5000}", "idempotency_key": str(uuid.uuid4())}
            path = f"/api/v1/k/{SLUG}/savings-accounts/{account}/deposit/"
            return Request("POST savings-accounts/<id>/deposit/", "POST", path, headers, json.dumps(body), 201)
        headers, delivery = day.deliveries[user % len(day.deliveries)]
        body = json.dumps({**delivery, "key": str(uuid.uuid4())})
        return Request("POST supply/deliveries/", "POST", f"/api/v1/k/{SLUG}/supply/deliveries/", headers, body, 201)
    if who == "member":
        headers, account = day.members[user % len(day.members)]
        if rng.random() < 0.5:
            return Request("GET members/portal/ (page)", "GET", f"/k/{SLUG}/members/portal/", headers)
        path = f"/k/{SLUG}/members/portal/savings/{account}/"
        return Request("GET members/portal/savings/<id>/ (page)", "GET", path, headers)
    pick = rng.random()
    if pick < 0.4:
        return Request("GET / manager home (page)", "GET", f"/k/{SLUG}/", day.managers[0])
    if pick < 0.7:
        return Request("GET dashboards/hayami/ (page)", "GET", f"/k/{SLUG}/dashboards/hayami/", day.managers[0])
    path = f"/api/v1/k/{SLUG}/dashboards/home/"
    return Request("GET dashboards/home/ (API)", "GET", path, day.api_managers[0])


# --- serving and driving ---------------------------------------------------------------------------------------


def serve_and_drive(app: dict, day: Day, args) -> list[dict]:
    port = free_port()
    # Production settings (the server refuses to start otherwise), as behind a TLS proxy on loopback.
    env = {**os.environ, "DATABASE_URL": database_url(SCRATCH, app), "DEBUG": "0", "HTTPS": "1"}
    # The key that signed the members' and manager's sessions (bench/_common.py sets one per run).
    env |= {"ALLOWED_HOSTS": "127.0.0.1", "CONN_MAX_AGE": "600", "SECRET_KEY": os.environ["SECRET_KEY"]}
    collectstatic = [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"]
    subprocess.run(collectstatic, cwd=ROOT, env=env, check=True)  # noqa: S603  # pages as scripts/demo.sh serves them
    gunicorn = [str(ROOT / ".venv/bin/gunicorn"), "koperasi.wsgi:application", "--workers", "2"]
    gunicorn += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--backlog", "512", "--timeout", "120"]
    server = subprocess.Popen(gunicorn, cwd=ROOT, env=env)  # noqa: S603
    try:
        wait_for(port)
        drive(port, day, users=4, per_user=10, seed=0)  # warm-up: workers, connections, caches
        levels = []
        for users in args.users:
            level = drive(port, day, users=users, per_user=args.requests_per_user, seed=users)
            print(f"{users} users: {level['rate']:.1f} requests/s, p95 {level['all']['p95']:.0f} ms", flush=True)
            levels.append(level)
        return levels
    finally:
        server.terminate()
        server.wait(timeout=30)


def drive(port: int, day: Day, *, users: int, per_user: int, seed: int) -> dict:
    """``users`` threads, each sending ``per_user`` requests of the mix on its own connection; every
    answer must have the expected status."""
    latencies: dict[str, list[float]] = defaultdict(list)
    failures: list[str] = []
    lock = threading.Lock()
    start_together = threading.Barrier(users)

    def user(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine: list[tuple[str, float]] = []
        start_together.wait()
        for _n in range(per_user):
            request = next_request(day, rng, number)
            headers = {**request.headers, "Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
            started = time.perf_counter()
            conn.request(request.method, request.path, body=request.body, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            mine.append((request.label, (time.perf_counter() - started) * 1000))
            if response.status != request.expect:
                with lock:
                    failures.append(f"{request.method} {request.path}: {response.status} {payload[:300]!r}")
        conn.close()
        with lock:
            for label, ms in mine:
                latencies[label].append(ms)

    threads = [threading.Thread(target=user, args=(number,)) for number in range(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        sys.exit(f"{len(failures)} of {users * per_user} requests failed, e.g. {failures[0]}")
    every = sorted(ms for values in latencies.values() for ms in values)
    return {
        "users": users,
        "requests": len(every),
        "seconds": elapsed,
        "rate": len(every) / elapsed,
        "all": percentiles(every),
        "endpoints": {label: percentiles(sorted(values)) for label, values in sorted(latencies.items())},
    }


def percentiles(values: list[float]) -> dict:
    """Count, p50, p95 and p99 (nearest rank) of sorted ``values`` in milliseconds."""

    def rank(share: float) -> float:
        return values[max(int(len(values) * share + 0.999999) - 1, 0)]

    return {"count": len(values), "p50": statistics.median(values), "p95": rank(0.95), "p99": rank(0.99)}


def verify_books() -> dict:
    """``verify_books`` on the scratch database after the day: findings and the day's ledger totals."""
    from koperasi.core.consistency import count_discrepancies, verify_cooperatives

    report = verify_cooperatives(figures=True)
    return {"discrepancies": count_discrepancies(report), "cooperative": report[SLUG]}


# --- the report ------------------------------------------------------------------------------------------------


def report(results: dict, args) -> None:
    books = results["books"]
    if books["discrepancies"]:
        print(json.dumps(books, indent=2))
        sys.exit(f"verify_books found {books['discrepancies']} discrepancy(ies) after the day")
    rows = books["cooperative"]["figures"]["rows"]
    ledger = books["cooperative"]["figures"]["ledger"]
    levels = results["levels"]
    lines = [
        "## Load: a mixed day",
        "",
        f"Run on {datetime.date.today():%Y-%m-%d}: {describe(results['machine'])}; PostgreSQL {results['postgres']} on "
        "the same machine (the embedded server unless DATABASE_URL is set); gunicorn with 2 sync workers on "
        "127.0.0.1, production settings, the application role (row-level security on). Command:",
        "",
        "```sh",
        f"{COMMAND} --users {' '.join(map(str, args.users))} --requests-per-user {args.requests_per_user}",
        "```",
        "",
        f"The demo's coconut cooperative ({SLUG}) with a waserda shop; each user is a closed loop without think "
        "time (40 % cashier sales, 25 % staff deposits and deliveries, 25 % members' portal pages, 10 % a "
        "manager's home and dashboards), so these are the figures of a saturated server; the client runs on "
        "the same 2 cores. Every answer had its expected status.",
        "",
        "| users | requests | requests/s | p50 ms | p95 ms | p99 ms |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for level in levels:
        every = level["all"]
        lines.append(
            f"| {level['users']} | {level['requests']} | {level['rate']:.1f} | {every['p50']:.0f} | "
            f"{every['p95']:.0f} | {every['p99']:.0f} |"
        )
    lines += [
        "",
        "Reading: two sync workers serve a fixed number of requests per second of this mix; more users only "
        "wait longer in the queue (p50 ≈ users ÷ throughput), for every endpoint alike. A cooperative's busy "
        "hour is a few tills and a handful of staff and members (the 10-user row); beyond that, add workers "
        "and cores (docs/scaling.md).",
    ]
    lines += ["", "Per endpoint (p50 / p95 / p99 ms, and the number of requests):", ""]
    header = "| endpoint | " + " | ".join(f"{level['users']} users" for level in levels) + " |"
    lines += [header, "| --- |" + " ---: |" * len(levels)]
    labels = sorted({label for level in levels for label in level["endpoints"]})
    for label in labels:
        cells = []
        for level in levels:
            figures = level["endpoints"].get(label)
            cells.append(
                "—" if figures is None else
                f"{figures['p50']:.0f} / {figures['p95']:.0f} / {figures['p99']:.0f} ({figures['count']})"
            )  # fmt: skip
        lines.append(f"| `{label}` | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"Afterwards `verify_books` found no discrepancy: the ledger balanced (debit = credit = Rp "
        f"{Decimal(ledger['debit']):,.2f}), every savings balance and product stock equal to its movements; "
        f"the cooperative then held {rows.get('waserda.Sale', 0):,} sales, "
        f"{rows.get('members.SavingsTransaction', 0):,} savings transactions and "
        f"{rows.get('procurement.Delivery', 0):,} deliveries.",
        "",
    ]
    section = "\n".join(lines)
    print(section)
    if not args.no_write:
        write_section("## Load: a mixed day", section)


if __name__ == "__main__":
    main()
