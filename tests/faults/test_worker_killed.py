"""A Celery worker is SIGKILLed in the middle of a monthly job; another worker starts; the job completes
exactly once: no double interest, no missing month, no report stored twice.

The worker is a real ``celery worker`` process on a private Redis, working on the test database. To catch
it mid-job without any hook in the product, the test holds a row lock the job needs (a savings account, a
month's account balance): the job runs up to that row and waits; the test sees it waiting on the lock in
``pg_stat_activity``, kills the worker (and ends its now client-less session, as PostgreSQL does once it
notices the client is gone), then releases the lock. The task was acknowledged late (``acks_late``), so it
is still the broker's: after the visibility timeout (2 s here, ``CELERY_VISIBILITY_TIMEOUT``) the next
worker gets it again."""

from __future__ import annotations

import datetime
import threading
import time
from decimal import Decimal

import pytest
from celery import Celery
from django.db import connection, transaction

from koperasi.ledger.fiscal import Month
from koperasi.ledger.models import AccountBalance, JournalEntry
from koperasi.tenancy.context import cooperative_context
from members.credit_lines.models import CreditLine, CreditLineMovement
from members.credit_lines.services import draw, open_credit_line
from members.savings.models import SavingsAccount, SavingsProduct, SavingsTransaction
from members.savings.term_deposits import open_term_deposit
from performance.models import Snapshot
from performance.snapshots import compute_month
from tests.factories.ledger import FixedAssetFactory
from tests.factories.members import ActiveMemberFactory, funded_account
from tests.factories.processing import coconut_plant, run_batch
from tests.factories.procurement import SupplierFactory, delivery
from tests.faults.processes import RedisServer, Worker, app_environment, database_url, wait_until
from tests.helpers import assert_ledger_balances

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]
D = Decimal
VISIBILITY_TIMEOUT = 2  # seconds


class Broker:
    """The private Redis and a way to send it tasks by name (not through the test run's own Celery app)."""

    def __init__(self, redis: RedisServer):
        self.redis = redis
        self.app = Celery("fault-tests", broker=redis.url)
        self.sent_at = 0.0

    def send(self, task: str, **kwargs) -> str:
        """Queues the task; its id."""
        task_id = self.app.send_task(task, kwargs=kwargs).id
        self.sent_at = time.monotonic()
        return task_id


@pytest.fixture
def broker(processes, tmp_path):
    redis = RedisServer(tmp_path)
    processes.append(redis)
    redis.start()
    broker = Broker(redis)
    yield broker
    broker.app.close()


def start_worker(processes, tmp_path, broker: Broker, name: str) -> Worker:
    env = app_environment(
        database=database_url(), redis=broker.redis.url, CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT)
    )
    worker = Worker(env, tmp_path, name=name)
    processes.append(worker)
    worker.start()
    return worker


class RowLock:
    """Holds ``FOR UPDATE`` on the rows of ``queryset()`` (in the cooperative) on its own connection until released."""

    def __init__(self, cooperative_id: int, queryset):
        self.taken, self.release = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._hold, args=(cooperative_id, queryset), daemon=True)

    def _hold(self, cooperative_id, queryset):
        try:
            with cooperative_context(cooperative_id), transaction.atomic():
                assert list(queryset().select_for_update())
                self.taken.set()
                self.release.wait(timeout=120)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        assert self.taken.wait(timeout=10)
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.thread.join(timeout=10)


def session_waiting_for_a_lock() -> int | None:
    """The backend pid of a session (the worker's) waiting for a row lock in this database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            " AND pid <> pg_backend_pid()"
        )
        row = cursor.fetchone()
    return row[0] if row else None


def kill_mid_job(worker: Worker) -> None:
    """SIGKILL the worker while its job waits on the lock, and end its orphaned database session."""
    pid = wait_until(session_waiting_for_a_lock, "the job to reach the locked row", timeout=45)
    worker.kill()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


def wait_for_success(worker: Worker, task_id: str, what: str, timeout: float = 45) -> None:
    """Until the worker's log says the task ran to its end. (The broker's queues are no such sign: between
    a worker's pop and its note of the message as unacknowledged, both are empty.)"""
    wait_until(lambda: f"[{task_id}] succeeded" in worker.log.read_text(errors="replace"), what, timeout, 0.25)


def run_again_after_the_visibility_timeout(processes, tmp_path, broker: Broker, task_id: str) -> Worker:
    time.sleep(max(0.0, broker.sent_at + VISIBILITY_TIMEOUT + 0.5 - time.monotonic()))
    worker = start_worker(processes, tmp_path, broker, "worker2")
    wait_for_success(worker, task_id, "the redelivered job to finish")
    return worker


def test_savings_interest_is_credited_exactly_once_when_the_worker_dies_mid_job(coop, broker, processes, tmp_path):
    with cooperative_context(coop.pk):
        accounts = [funded_account("1000000") for _n in range(6)]  # opened 10 Jan 2026
    worker = start_worker(processes, tmp_path, broker, "worker1")
    last = accounts[-1].pk
    with RowLock(coop.pk, lambda: SavingsAccount.objects.filter(pk=last)):
        killed = broker.send("members.credit_savings_interest", cooperative_id=coop.pk, month="2026-02")
        kill_mid_job(worker)
    with cooperative_context(coop.pk):
        assert not SavingsTransaction.objects.filter(kind="interest").exists()  # the killed run left nothing

    worker = run_again_after_the_visibility_timeout(processes, tmp_path, broker, killed)
    repeated = broker.send("members.credit_savings_interest", cooperative_id=coop.pk, month="2026-02")  # once more
    wait_for_success(worker, repeated, "the repeated job to finish", timeout=30)

    with cooperative_context(coop.pk):
        assert JournalEntry.objects.filter(purpose="savings.interest").count() == 1
        for account in accounts:
            credits = SavingsTransaction.objects.filter(account=account, kind="interest")
            assert [credit.amount for credit in credits] == [D("2500.00")]  # 1,000,000 × 3 % / 12, once
            account.refresh_from_db()
            assert account.balance == D("1002500.00")
        assert_ledger_balances()


def test_depreciation_posts_every_month_exactly_once_when_the_worker_dies_between_months(
    coop, broker, processes, tmp_path
):
    """Killed while posting May (the job waits on May's balance row), the job leaves nothing — a task runs in
    one transaction, its cooperative's context — and the next run posts every month from January to August
    once."""
    from koperasi.ledger.services import Line, post_entry

    with cooperative_context(coop.pk):
        asset = FixedAssetFactory(acquisition_date=datetime.date(2026, 1, 10), cost=D("4800000"), useful_life_months=48)
        # Something else already booked on the expense account in May: the job will wait on May's balance row.
        post_entry(
            date=datetime.date(2026, 5, 2), source=("tests.faults", 1), purpose="test", memo="Perbaikan mesin",
            lines=[Line(asset.depreciation_expense_account_id, debit=D("1000")), Line("cash", credit=D("1000"))],
        )  # fmt: skip
    expense = asset.depreciation_expense_account_id
    worker = start_worker(processes, tmp_path, broker, "worker1")
    with RowLock(coop.pk, lambda: AccountBalance.objects.filter(account_id=expense, period=202605)):
        killed = broker.send("ledger.post_depreciation", cooperative_id=coop.pk, month="2026-08")
        kill_mid_job(worker)
    depreciation = {"source_type": "ledger.FixedAsset", "source_id": str(asset.pk)}
    with cooperative_context(coop.pk):
        assert not JournalEntry.objects.filter(**depreciation).exists()  # January to April rolled back with it

    run_again_after_the_visibility_timeout(processes, tmp_path, broker, killed)

    with cooperative_context(coop.pk):
        months = list(JournalEntry.objects.filter(**depreciation).values_list("purpose", flat=True))
        assert sorted(months) == [f"depreciation:2026-{month:02d}" for month in range(1, 9)]  # each month once
        assert AccountBalance.objects.get(account_id=expense, period=202605).debit == D("101000.00")
        assert_ledger_balances()


def test_credit_line_interest_is_billed_once_per_line_when_the_worker_dies_mid_job(
    coop, broker, processes, tmp_path, staff
):
    """Killed while billing the second line (the job waits on its row), the first line's billing is rolled back
    with it; the next worker bills each line once."""
    with cooperative_context(coop.pk):
        lines = []
        for _n in range(2):
            line = open_credit_line(actor=staff, member=ActiveMemberFactory(), limit=D("5000000"), rate=D("0.18"),
                                    on=datetime.date(2026, 1, 20))  # fmt: skip
            draw(actor=staff, line=line, amount=D("1000000"), date=datetime.date(2026, 1, 20))
            lines.append(line)
    worker = start_worker(processes, tmp_path, broker, "worker1")
    with RowLock(coop.pk, lambda: CreditLine.objects.filter(pk=lines[-1].pk)):
        killed = broker.send("members.bill_credit_line_interest", cooperative_id=coop.pk, month="2026-02")
        kill_mid_job(worker)
    with cooperative_context(coop.pk):
        assert not CreditLineMovement.objects.filter(kind="interest").exists()  # the first line's too

    run_again_after_the_visibility_timeout(processes, tmp_path, broker, killed)

    with cooperative_context(coop.pk):
        for line in lines:
            billed = list(
                CreditLineMovement.objects.filter(line=line, kind="interest").values_list("amount", flat=True)
            )
            line.refresh_from_db()
            assert len(billed) == 1 and billed[0] > 0 and line.interest_due == billed[0]
            assert line.interest_billed_until == datetime.date(2026, 2, 28)
        assert_ledger_balances()


def test_term_deposits_mature_once_when_the_worker_dies_mid_job(coop, broker, processes, tmp_path, staff):
    """Killed while maturing the second of two deposits due in February, neither is matured; the next worker
    matures each once: principal and 6 % to the member's simpanan sukarela."""
    with cooperative_context(coop.pk):
        deposits = [
            open_term_deposit(actor=staff, member=ActiveMemberFactory(), amount=D("1000000"), term_months=12,
                              product=SavingsProduct.objects.get(kind="berjangka"), date=datetime.date(2025, 2, 20))
            for _n in range(2)
        ]  # fmt: skip
    worker = start_worker(processes, tmp_path, broker, "worker1")
    with RowLock(coop.pk, lambda: SavingsAccount.objects.filter(pk=deposits[-1].pk)):
        killed = broker.send("members.mature_term_deposits", cooperative_id=coop.pk, month="2026-02")
        kill_mid_job(worker)
    with cooperative_context(coop.pk):
        assert set(SavingsAccount.objects.filter(kind="berjangka").values_list("status", flat=True)) == {"open"}

    run_again_after_the_visibility_timeout(processes, tmp_path, broker, killed)

    with cooperative_context(coop.pk):
        for deposit in deposits:
            deposit.refresh_from_db()
            assert deposit.status == "closed"
            assert SavingsAccount.objects.get(member=deposit.member_id, kind="sukarela").balance == D("1060000")
        assert_ledger_balances()


def test_a_long_report_killed_mid_month_stores_each_snapshot_once_on_the_next_worker(coop, broker, processes, tmp_path):
    """The month's snapshots (Hayami of the flour, income of the plant's unit and of the cooperative), a
    long report: killed while storing the last of them (the job waits on its row), the next worker computes
    the month again, and every snapshot exists once, each stored by the run that finished."""
    with cooperative_context(coop.pk):
        world = coconut_plant()
        delivery(SupplierFactory(), world["material"], "2400")
        run_batch(world, on=datetime.date(2026, 2, 10))
        earlier = compute_month(Month(2026, 2), via="an earlier run")
    assert len(earlier) == 3
    worker = start_worker(processes, tmp_path, broker, "worker1")
    with RowLock(coop.pk, lambda: Snapshot.objects.filter(pk=earlier[-1].pk)):
        killed = broker.send("performance.compute_month_snapshots", cooperative_id=coop.pk, month="2026-02")
        kill_mid_job(worker)

    run_again_after_the_visibility_timeout(processes, tmp_path, broker, killed)

    with cooperative_context(coop.pk):
        snapshots = list(Snapshot.objects.values_list("method", "subject_type", "computed_via"))
    assert sorted(snapshots) == [
        ("hayami", "product", "performance.compute_month_snapshots"),
        ("income", "cooperative", "performance.compute_month_snapshots"),
        ("income", "unit", "performance.compute_month_snapshots"),
    ]


def sessions_waiting_for_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            " AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_a_monthly_job_delivered_again_while_its_first_run_works_waits_and_changes_nothing(
    coop, broker, processes, tmp_path
):
    """The broker gives a job to a second worker once the visibility timeout passes, though the first is
    still at work (a job longer than the timeout). The second run waits for the first (an advisory lock on
    the task and its month), then finds the month credited: interest once, and neither run fails."""
    with cooperative_context(coop.pk):
        accounts = [funded_account("1000000") for _n in range(3)]
    first = start_worker(processes, tmp_path, broker, "worker1")
    last = accounts[-1].pk
    with RowLock(coop.pk, lambda: SavingsAccount.objects.filter(pk=last)):
        task_id = broker.send("members.credit_savings_interest", cooperative_id=coop.pk, month="2026-02")
        wait_until(session_waiting_for_a_lock, "the first run to reach the locked row", timeout=45)
        time.sleep(max(0.0, broker.sent_at + VISIBILITY_TIMEOUT + 0.5 - time.monotonic()))
        second = start_worker(processes, tmp_path, broker, "worker2")  # takes the job back from the broker
        wait_until(lambda: sessions_waiting_for_locks() == 2, "the second run to wait too", timeout=45)
    wait_for_success(first, task_id, "the first run to finish")
    wait_for_success(second, task_id, "the second run to finish")

    with cooperative_context(coop.pk):
        assert JournalEntry.objects.filter(purpose="savings.interest").count() == 1
        for account in accounts:
            assert list(
                SavingsTransaction.objects.filter(account=account, kind="interest").values_list("amount", flat=True)
            ) == [D("2500.00")]
        assert_ledger_balances()
    for worker in (first, second):
        assert "IntegrityError" not in worker.output() and "Traceback" not in worker.output(), worker.output()
