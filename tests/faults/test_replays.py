"""Replayed, reordered and duplicated requests through the API, each on its own database connection: a till
syncing the same offline batch twice, out of order, or on two connections at once, and two managers approving
or paying the same payment run at the same moment. Every business event exists once: one sale per client
UUID with one journal entry, one approval, one payment entry, one loan repayment, one savings deposit."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.test import Client

from koperasi.ledger.models import JournalEntry
from koperasi.tenancy.context import cooperative_context
from members.loans.models import LoanRepayment
from members.savings.models import MandatoryBill, SavingsKind, SavingsTransaction
from members.savings.products import account_for
from procurement.models import PaymentRun, RunStatus
from procurement.services import payments
from tests.factories.members import disbursed_loan
from tests.factories.procurement import MemberSupplierFactory, SupplierFactory, coconut, delivery
from tests.factories.tenancy import user_with_role
from tests.factories.waserda import CashSessionFactory, stocked_product
from tests.helpers import assert_ledger_balances, assert_stock_ties_to_ledger, run_at_once
from waserda.models import Product, Sale, SaleLine

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]
D = Decimal


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- the offline till ---------------------------------------------------------------------------------------------


@pytest.fixture
def till(coop, staff):
    with cooperative_context(coop.pk):
        session = CashSessionFactory(cashier=staff)
        products = [stocked_product("10", "8000", sell_price=D("10000")) for _n in range(2)]
    url = f"/api/v1/k/{coop.slug}/waserda/sales/sync/"
    return {"session": session, "products": products, "user": staff, "url": url}


def offline_sale(till, product, quantity: str, minutes_ago: int) -> dict:
    sold_at = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=minutes_ago)
    return {
        "client_uuid": str(uuid.uuid4()),
        "session": till["session"].pk,
        "payment_method": "cash",
        "sold_at": sold_at.isoformat(),
        "offline": True,
        "lines": [{"product": product.pk, "quantity": quantity, "unit_price": "10000"}],
    }


def sync(client, till, sales: list[dict]):
    response = client.post(till["url"], {"sales": sales}, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def assert_each_sale_once(coop, sent: list[dict]) -> None:
    """Every sale the till sent exists once, with its sold time, its lines and one journal entry."""
    with cooperative_context(coop.pk):
        uuids = {uuid.UUID(sale["client_uuid"]) for sale in sent}
        assert set(Sale.objects.values_list("client_uuid", flat=True)) == uuids
        assert Sale.objects.count() == len(uuids)
        assert SaleLine.objects.count() == len(uuids)
        assert JournalEntry.objects.filter(purpose="pos.sale").count() == len(uuids)
        for sale in sent:
            recorded = Sale.objects.get(client_uuid=sale["client_uuid"])
            assert recorded.sold_at == datetime.datetime.fromisoformat(sale["sold_at"])
        assert_ledger_balances()
        assert_stock_ties_to_ledger()


def test_a_batch_whose_answer_was_lost_is_sent_again_and_records_nothing_more(coop, till):
    beras, gula = till["products"]
    batch = [offline_sale(till, beras, "2", 30), offline_sale(till, gula, "1", 20), offline_sale(till, beras, "1", 10)]
    client = logged_in(till["user"])
    first, again = sync(client, till, batch), sync(client, till, batch)
    assert (first["created"], again["created"]) == (3, 0)
    assert first["results"] == again["results"]
    assert_each_sale_once(coop, batch)
    with cooperative_context(coop.pk):
        assert Product.objects.get(pk=beras.pk).qty_on_hand == D("7")


def test_batches_arriving_out_of_order_and_overlapping_record_each_sale_once(coop, till):
    beras, gula = till["products"]
    morning = [offline_sale(till, beras, "3", 240), offline_sale(till, gula, "2", 230)]
    noon = [offline_sale(till, beras, "4", 120), offline_sale(till, gula, "9", 110)]  # gula goes below zero
    evening = [offline_sale(till, beras, "5", 30)]  # beras goes below zero too
    client = logged_in(till["user"])
    assert sync(client, till, evening)["created"] == 1
    assert sync(client, till, noon)["created"] == 2
    assert sync(client, till, morning + noon)["created"] == 2  # a retry carrying what was already synced
    assert sync(client, till, noon + evening + morning)["created"] == 0
    assert_each_sale_once(coop, morning + noon + evening)
    with cooperative_context(coop.pk):
        assert Product.objects.get(pk=beras.pk).qty_on_hand == D("-2")
        assert Product.objects.get(pk=gula.pk).qty_on_hand == D("-1")
        assert Sale.objects.filter(needs_reconciliation=True).count() >= 2  # stock below zero, flagged


def test_one_batch_sent_by_two_connections_at_once_records_each_sale_once(coop, till):
    beras, gula = till["products"]
    batch = [offline_sale(till, beras, "1", 50 - n) for n in range(4)] + [offline_sale(till, gula, "2", 5)]
    clients = [logged_in(till["user"]) for _n in range(3)]
    answers = run_at_once(3, lambda index: sync(clients[index], till, batch))
    assert sorted(answer["created"] for answer in answers) == [0, 0, 5]
    assert answers[0]["results"] == answers[1]["results"] == answers[2]["results"]
    assert_each_sale_once(coop, batch)


def test_a_sale_sent_online_and_then_queued_offline_too_is_recorded_once(coop, till):
    beras, _gula = till["products"]
    sale = offline_sale(till, beras, "2", 1) | {"offline": False}
    client = logged_in(till["user"])
    online = client.post(f"/api/v1/k/{coop.slug}/waserda/sales/", sale, content_type="application/json")
    assert online.status_code == 201
    queued = sync(client, till, [sale | {"offline": True}])
    assert queued["created"] == 0 and queued["results"][0]["sale_id"] == online.json()["id"]
    with cooperative_context(coop.pk):
        assert Sale.objects.count() == 1 and JournalEntry.objects.filter(purpose="pos.sale").count() == 1
        assert Product.objects.get(pk=beras.pk).qty_on_hand == D("8")


# --- payment runs (maker-checker) -----------------------------------------------------------------------------


@pytest.fixture
def drafted_run(coop):
    """A member farmer with a loan and wajib due, and a run of his two deliveries drafted by staff."""
    with cooperative_context(coop.pk):
        maker = user_with_role(coop, "staff", username="pembuat")
        supplier = MemberSupplierFactory()
        member = supplier.member
        loan = disbursed_loan("1200000", 12, member=member, on=datetime.date(2026, 1, 10))
        wajib = account_for(member, SavingsKind.MANDATORY, opened_on=datetime.date(2026, 1, 1))
        MandatoryBill.objects.create(member=member, account=wajib, month=datetime.date(2026, 3, 1), amount=D("25000"))
        material = coconut("1500")
        for day in (datetime.date(2026, 3, 3), datetime.date(2026, 3, 10)):
            delivery(supplier, material, "100", on=day)
        run = payments.create_run(
            actor=maker,
            period_start=datetime.date(2026, 3, 1),
            period_end=datetime.date(2026, 3, 15),
            pay_date=datetime.date(2026, 3, 16),
        )
    managers = [user_with_role(coop, "manager", username=f"manajer{n}") for n in range(2)]
    return {"run": run, "loan": loan, "wajib": wajib, "managers": managers, "member": member}


def run_url(coop, run, step: str) -> str:
    return f"/api/v1/k/{coop.slug}/supply/payment-runs/{run.pk}/{step}/"


def test_two_managers_approving_and_then_paying_at_once_approve_once_and_pay_once(coop, drafted_run):
    run, managers = drafted_run["run"], drafted_run["managers"]
    clients = [logged_in(manager) for manager in managers]
    approvals = run_at_once(2, lambda index: clients[index].post(run_url(coop, run, "approve")))
    assert [answer.status_code for answer in approvals] == [200, 200]
    approved_by = {answer.json()["approved_by"] for answer in approvals}
    assert len(approved_by) == 1  # the second approval found it approved and changed nothing
    with cooperative_context(coop.pk):
        assert PaymentRun.objects.get(pk=run.pk).approved_by_id in approved_by
    payments_ = run_at_once(2, lambda index: clients[index].post(run_url(coop, run, "pay")))
    assert [answer.status_code for answer in payments_] == [200, 200]
    assert payments_[0].json()["paid_at"] == payments_[1].json()["paid_at"]
    again = clients[0].post(run_url(coop, run, "pay"))
    assert again.status_code == 200 and again.json()["paid_at"] == payments_[0].json()["paid_at"]
    with cooperative_context(coop.pk):
        assert PaymentRun.objects.get(pk=run.pk).status == RunStatus.PAID
        assert JournalEntry.objects.filter(purpose=payments.PURPOSE_PAYMENT).count() == 1
        assert LoanRepayment.objects.filter(loan=drafted_run["loan"]).count() == 1
        assert SavingsTransaction.objects.filter(account=drafted_run["wajib"]).count() == 1
        drafted_run["wajib"].refresh_from_db()
        assert drafted_run["wajib"].balance == D("25000.00")
        assert_ledger_balances()


def test_paying_a_run_while_it_is_being_approved_pays_only_once_it_is_approved(coop, drafted_run):
    run, (first, second) = drafted_run["run"], drafted_run["managers"]
    clients = [logged_in(first), logged_in(second)]
    answers = run_at_once(2, lambda index: clients[index].post(run_url(coop, run, ("approve", "pay")[index])))
    approve, pay = answers
    assert approve.status_code == 200
    if pay.status_code == 200:  # the approval committed first: paid once
        assert pay.json()["status"] == "paid"
    else:  # the payment came first: refused, nothing posted, and it can be paid now
        assert pay.status_code == 400 and pay.json()["code"] == "run_status"
        assert clients[1].post(run_url(coop, run, "pay")).json()["status"] == "paid"
    with cooperative_context(coop.pk):
        assert JournalEntry.objects.filter(purpose=payments.PURPOSE_PAYMENT).count() == 1
        assert LoanRepayment.objects.filter(loan=drafted_run["loan"]).count() == 1
        assert_ledger_balances()


def test_two_runs_drafted_at_once_take_each_delivery_once(coop, staff):
    with cooperative_context(coop.pk):
        material = coconut("1500")
        for _n in range(3):
            delivery(SupplierFactory(), material, "100", on=datetime.date(2026, 3, 3))
    period = {"period_start": "2026-03-01", "period_end": "2026-03-15", "pay_date": "2026-03-16"}
    clients = [logged_in(staff) for _n in range(2)]
    url = f"/api/v1/k/{coop.slug}/supply/payment-runs/"
    answers = run_at_once(2, lambda index: clients[index].post(url, period, content_type="application/json"))
    assert sorted(answer.status_code for answer in answers) == [201, 400]
    refused = next(answer for answer in answers if answer.status_code == 400)
    assert refused.json()["code"] in ("run_changed", "run_empty")
    with cooperative_context(coop.pk):
        assert PaymentRun.objects.count() == 1
        run = PaymentRun.objects.get()
        assert sum(line.gross for line in run.lines.all()) == D("450000.00")
