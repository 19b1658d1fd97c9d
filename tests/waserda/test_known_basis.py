"""A sale priced on what this process last saw of its products and session (``sale_store.known_basis``):
one statement checks that basis, writes and posts; when the basis no longer holds, nothing of it is
written and the sale is priced again on locked rows. Its books are those of a locked sale."""

from __future__ import annotations

import threading
import uuid
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from koperasi.ledger.models import JournalEntry
from koperasi.tenancy.context import cooperative_context
from tests.factories.accounts import UserFactory
from tests.waserda.fixtures import assert_ledger_balances, assert_stock_ties_to_ledger, ledger_balance
from waserda import sale_store, services, sessions
from waserda.error_codes import WaserdaError, WaserdaErrorCode
from waserda.models import Product, Sale, StockMovement
from waserda.sales import LineInput, SaleInput

pytestmark = pytest.mark.django_db(transaction=True)
D = Decimal
CHECKED = "EXECUTE waserda_check_write_and_post"
LOCKED = "EXECUTE waserda_lock"


@pytest.fixture(autouse=True)
def nothing_known():
    sale_store.forget_all()
    yield
    sale_store.forget_all()


@pytest.fixture
def shop(coop):
    """A cashier with an open session and a product of 10 units at 8,000 sold for 10,000."""
    from tests.factories.waserda import stocked_product

    with cooperative_context(coop.pk):
        product = stocked_product("10", "8000", sell_price=D("10000"))
        cashier = UserFactory()
        session = sessions.open_session(cashier=cashier)
    return coop, product, cashier, session


def sell(shop, quantity="1", **fields) -> tuple[Sale, list[str]]:
    """One cash sale in its own transaction; the statements it sent."""
    coop, product, cashier, session = shop
    data = SaleInput(lines=[LineInput(product.pk, D(quantity))], payment_method="cash", session_id=session.pk, **fields)
    with CaptureQueriesContext(connection) as captured, cooperative_context(coop.pk):
        sale, _created = services.record_sale(cashier=cashier, data=data)
    return sale, [query["sql"] for query in captured.captured_queries]


def sent(statements: list[str], name: str) -> bool:
    return any(name in sql for sql in statements)


def test_the_second_sale_is_checked_written_and_posted_in_one_statement(shop):
    coop, product, _cashier, _session = shop
    first, statements = sell(shop)
    assert sent(statements, LOCKED) and not sent(statements, CHECKED)
    second, statements = sell(shop, "2")
    assert sent(statements, CHECKED) and not sent(statements, LOCKED)
    with cooperative_context(coop.pk):
        assert second.pk > first.pk and second.number == f"WS-{second.pk:07d}"
        entry = JournalEntry.objects.get(source_type="waserda.Sale", source_id=str(second.pk), purpose="pos.sale")
        assert second.number in entry.memo
        movement = StockMovement.objects.get(source_type="sale", source_id=second.pk)
        assert (movement.reference, movement.quantity, movement.value) == (second.number, D("-2"), D("-16000.00"))
        assert Product.objects.get(pk=product.pk).qty_on_hand == D("7")
        assert (second.total, second.cost_total) == (D("20000.00"), D("16000.00"))
        assert ledger_balance("cogs") == D("24000.00")
        assert_ledger_balances()
        assert_stock_ties_to_ledger()


def test_a_price_changed_elsewhere_is_charged_not_the_price_this_process_saw(shop):
    coop, product, _cashier, _session = shop
    sell(shop)
    with cooperative_context(coop.pk):
        services.update_product(actor=None, product=Product.objects.get(pk=product.pk), sell_price=D("12500"))
    sale, statements = sell(shop)
    assert sent(statements, CHECKED) and sent(statements, LOCKED)  # the check failed: priced again
    assert sale.total == D("12500.00")
    third, statements = sell(shop)  # what the locked sale left behind is known again
    assert third.total == D("12500.00") and not sent(statements, LOCKED)


def test_goods_received_in_between_change_the_cost_of_the_next_sale(shop):
    coop, product, _cashier, _session = shop
    sell(shop)  # 9 left at 8,000
    with cooperative_context(coop.pk):
        from tests.factories.waserda import SupplierFactory

        services.receive_goods(
            actor=None, supplier=SupplierFactory(), lines=[services.ReceiptLineInput(product.pk, D("9"), D("10000"))]
        )
    sale, _statements = sell(shop, "2")  # 18 at an average of 9,000
    assert sale.cost_total == D("18000.00")
    with cooperative_context(coop.pk):
        assert_stock_ties_to_ledger()
        assert_ledger_balances()


def test_a_session_closed_elsewhere_refuses_the_next_sale_and_writes_nothing(shop):
    coop, _product, cashier, session = shop
    sell(shop)
    with cooperative_context(coop.pk):
        sessions.close_session(actor=cashier, session=session, counted_cash=D("10000"))
    with pytest.raises(WaserdaError) as refused:
        sell(shop)
    assert refused.value.error_code == WaserdaErrorCode.NO_OPEN_SESSION
    with cooperative_context(coop.pk):
        assert Sale.objects.count() == 1


def test_a_product_withdrawn_elsewhere_is_refused(shop):
    coop, product, _cashier, _session = shop
    sell(shop)
    with cooperative_context(coop.pk):
        services.update_product(actor=None, product=Product.objects.get(pk=product.pk), is_active=False)
    with pytest.raises(WaserdaError) as refused:
        sell(shop)
    assert refused.value.error_code == WaserdaErrorCode.PRODUCT_INACTIVE


def test_a_replay_answers_the_sale_already_recorded_and_changes_nothing(shop):
    coop, product, _cashier, _session = shop
    key = uuid.uuid4()
    first, _statements = sell(shop, client_uuid=key)
    sell(shop)
    again, statements = sell(shop, client_uuid=key)
    assert sent(statements, CHECKED) and again.pk == first.pk
    with cooperative_context(coop.pk):
        assert Sale.objects.count() == 2
        assert Product.objects.get(pk=product.pk).qty_on_hand == D("8")
        assert JournalEntry.objects.filter(purpose="pos.sale").count() == 2
        assert_stock_ties_to_ledger()


def test_what_a_rolled_back_sale_saw_is_not_remembered(shop):
    coop, product, cashier, session = shop
    sell(shop)
    data = SaleInput(lines=[LineInput(product.pk, D("3"))], payment_method="cash", session_id=session.pk)
    with pytest.raises(RuntimeError), cooperative_context(coop.pk), transaction.atomic():
        services.record_sale(cashier=cashier, data=data)
        raise RuntimeError("the request failed after the sale")
    _sale, statements = sell(shop)  # the basis of before the rolled back sale still holds
    assert sent(statements, CHECKED) and not sent(statements, LOCKED)
    with cooperative_context(coop.pk):
        assert Product.objects.get(pk=product.pk).qty_on_hand == D("8")
        assert_stock_ties_to_ledger()


def test_another_cooperative_is_never_priced_on_what_this_one_saw(shop, other_coop):
    coop, product, _cashier, _session = shop
    sell(shop)
    with cooperative_context(other_coop.pk):
        cashier = UserFactory()
        session = sessions.open_session(cashier=cashier)
        assert sale_store.known_basis([product.pk], session.pk) is None
        with pytest.raises(WaserdaError) as refused:
            services.record_sale(
                cashier=cashier,
                data=SaleInput(lines=[LineInput(product.pk, D("1"))], payment_method="cash", session_id=session.pk),
            )
    assert refused.value.error_code == WaserdaErrorCode.PRODUCT_UNKNOWN
    with cooperative_context(coop.pk):
        assert Product.objects.get(pk=product.pk).qty_on_hand == D("9")


def test_tills_selling_at_once_on_the_same_known_basis_each_sell_once_and_the_books_tie(shop, monkeypatch):
    """Ten tills of one process sell the same product at once, all priced on what the last sale left:
    one check holds; the others wait for its lock, find the product changed, write nothing and sell
    again on the locked rows. Every sale is recorded once and the books tie."""
    from tests.waserda.test_concurrency import run_in_threads

    coop, product, _cashier, _session = shop
    with cooperative_context(coop.pk):
        tills = [UserFactory() for _n in range(10)]
        till_sessions = [sessions.open_session(cashier=till) for till in tills]
    for till, session in zip(tills, till_sessions, strict=True):  # each till's session becomes known
        sell((coop, product, till, session), "0.5")

    all_priced = threading.Barrier(10)
    known_basis, forget = sale_store.known_basis, sale_store.forget
    fell_back = []

    def known_basis_then_wait(*args):  # every till holds the same basis before any writes
        basis = known_basis(*args)
        all_priced.wait(timeout=30)
        return basis

    def forget_and_count(*args):
        fell_back.append(args)
        forget(*args)

    monkeypatch.setattr(sale_store, "known_basis", known_basis_then_wait)
    monkeypatch.setattr(sale_store, "forget", forget_and_count)

    def till_sells(index):
        return sell((coop, product, tills[index], till_sessions[index]), "0.5")[0].total

    assert run_in_threads(10, till_sells) == [D("5000.00")] * 10
    assert len(fell_back) == 9
    with cooperative_context(coop.pk):
        assert Product.objects.get(pk=product.pk).qty_on_hand == D("0")
        assert Sale.objects.count() == 20
        assert ledger_balance("cogs") == D("80000.00")
        assert_ledger_balances()
        assert_stock_ties_to_ledger()
