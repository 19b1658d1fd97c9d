"""Stock: moving weighted-average cost, the stock card, stock counts, and the valuation that always
equals the ledger balance of Persediaan barang dagangan (a Hypothesis state machine checks it after
every step of random sequences of receipts, online and offline sales, returns and counts)."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from tests.factories.accounts import UserFactory
from tests.factories.waserda import ProductFactory, SupplierFactory, make_sale, stocked_product
from tests.helpers import assert_ledger_balances, assert_stock_ties_to_ledger, ledger_balance
from waserda import selectors
from waserda.error_codes import WaserdaError, WaserdaErrorCode
from waserda.models import MovementKind, Product, StockMovement
from waserda.services import counts, purchasing, sales, sessions
from waserda.services.sales import LineInput, ReturnLineInput, SaleInput
from waserda.services.stock import issue_cost

pytestmark = pytest.mark.django_db
D = Decimal


def test_issue_cost_is_the_moving_average_and_the_last_unit_takes_the_rest():
    assert issue_cost(D("3"), D("10000.00"), D("3333.3333"), D("1")) == D("3333.33")
    assert issue_cost(D("3"), D("10000.00"), D("3333.3333"), D("3")) == D("10000.00")
    assert issue_cost(D("2"), D("6666.67"), D("3333.3333"), D("5")) == D("6666.67") + D("10000.00")
    assert issue_cost(D("-1"), D("-3333.33"), D("3333.3333"), D("2")) == D("6666.67")


def test_receipts_move_the_average_cost_and_sales_leave_at_it(in_coop):
    product = stocked_product("10", "8000")
    purchasing.receive_goods(
        actor=None, supplier=SupplierFactory(), lines=[purchasing.ReceiptLineInput(product.pk, D("5"), D("11000"))]
    )
    product.refresh_from_db()
    assert (product.qty_on_hand, product.stock_value, product.avg_cost) == (D("15"), D("135000.00"), D("9000.0000"))
    sale = make_sale(product, "4")
    assert sale.cost_total == D("36000.00")
    product.refresh_from_db()
    assert (product.qty_on_hand, product.stock_value) == (D("11"), D("99000.00"))
    assert ledger_balance("cogs") == D("36000.00")
    assert ledger_balance("accounts_payable") == D("-135000.00")
    assert_stock_ties_to_ledger()


def test_stock_card_lists_every_movement_with_running_quantity_and_value(in_coop):
    product = stocked_product("3", "10000")
    make_sale(product, "1")
    make_sale(product, "2")
    card = list(selectors.stock_card(product))
    assert [(m.kind, m.quantity, m.value, m.quantity_after, m.value_after) for m in card] == [
        (MovementKind.RECEIPT, D("3"), D("30000.00"), D("3"), D("30000.00")),
        (MovementKind.SALE, D("-1"), D("-10000.00"), D("2"), D("20000.00")),
        (MovementKind.SALE, D("-2"), D("-20000.00"), D("0"), D("0.00")),
    ]


def test_thirds_never_leave_a_cent_behind(in_coop):
    product = stocked_product("3", "3333.33")  # 9999.99
    for _n in range(3):
        make_sale(product, "1")
    product.refresh_from_db()
    assert (product.qty_on_hand, product.stock_value) == (D("0"), D("0.00"))
    assert_stock_ties_to_ledger()


def test_online_sale_never_takes_stock_below_zero(in_coop):
    product = stocked_product("2", "5000")
    with pytest.raises(WaserdaError) as error:
        make_sale(product, "3")
    assert error.value.error_code == WaserdaErrorCode.INSUFFICIENT_STOCK
    product.refresh_from_db()
    assert product.qty_on_hand == 2
    assert not StockMovement.objects.filter(kind=MovementKind.SALE).exists()


def test_stock_count_posts_shortage_and_surplus(in_coop):
    short = stocked_product("10", "2000")
    extra = stocked_product("4", "5000")
    count = counts.start_count(actor=None)
    counts.set_counted(count=count, counts={short.pk: D("7"), extra.pk: D("5")})
    counts.post_count(actor=None, count=count)
    short.refresh_from_db()
    extra.refresh_from_db()
    assert (short.qty_on_hand, short.stock_value) == (D("7"), D("14000.00"))
    assert (extra.qty_on_hand, extra.stock_value) == (D("5"), D("25000.00"))
    lines = {line.product_id: line for line in count.lines.all()}
    assert lines[short.pk].difference_quantity == D("-3") and lines[short.pk].difference_value == D("-6000.00")
    assert lines[extra.pk].difference_value == D("5000.00")
    assert ledger_balance("inventory_difference") == D("1000.00")  # 6000 short − 5000 surplus
    assert_stock_ties_to_ledger()
    with pytest.raises(WaserdaError):
        counts.post_count(actor=None, count=count)


def test_valuation_report_equals_the_ledger(in_coop):
    stocked_product("10", "8000")
    stocked_product("3", "1500")
    products, totals = selectors.stock_valuation()
    assert len(products) == 2
    assert totals["value"] == D("84500.00") == selectors.inventory_ledger_balance()


class ShopMachine(RuleBasedStateMachine):
    """Random sequences of everything that moves stock; the valuation must tie after every step."""

    def __init__(self):
        super().__init__()
        # Each example runs in a savepoint rolled back at teardown, so examples do not share rows.
        self._savepoint = transaction.atomic()
        self._savepoint.__enter__()
        self.supplier = SupplierFactory()
        self.cashier = UserFactory()
        self.session = sessions.open_session(cashier=self.cashier)
        self.products = [ProductFactory(sell_price=D("12000")) for _n in range(3)]
        self.sales = []

    def teardown(self):
        transaction.set_rollback(True)
        self._savepoint.__exit__(None, None, None)

    @rule(index=st.integers(0, 2), quantity=st.integers(1, 12), cost=st.integers(1000, 20000))
    def receive(self, index, quantity, cost):
        purchasing.receive_goods(
            actor=None,
            supplier=self.supplier,
            lines=[purchasing.ReceiptLineInput(self.products[index].pk, D(quantity), D(cost) / 7)],
        )

    @rule(index=st.integers(0, 2), quantity=st.integers(1, 5), offline=st.booleans())
    def sell(self, index, quantity, offline):
        product = Product.objects.get(pk=self.products[index].pk)
        data = SaleInput(
            lines=[LineInput(product.pk, D(quantity))],
            payment_method="cash",
            session_id=self.session.pk,
            client_uuid=uuid.uuid4(),
            offline=offline,
        )
        try:
            sale, _created = sales.record_sale(cashier=self.cashier, data=data)
        except WaserdaError as error:
            assert not offline and product.qty_on_hand < quantity
            assert error.error_code == WaserdaErrorCode.INSUFFICIENT_STOCK
            return
        assert offline or product.qty_on_hand >= quantity
        self.sales.append(sale)

    @precondition(lambda self: self.sales)
    @rule(pick=st.integers(0, 1000), quantity=st.integers(1, 3))
    def give_back(self, pick, quantity):
        sale = self.sales[pick % len(self.sales)]
        line = sale.lines.first()
        line.refresh_from_db()
        left = line.quantity - line.returned_quantity
        if left <= 0:
            return
        sales.record_return(actor=self.cashier, sale=sale, lines=[ReturnLineInput(line.pk, min(D(quantity), left))])

    @rule(index=st.integers(0, 2), counted=st.integers(0, 15))
    def count(self, index, counted):
        count = counts.start_count(actor=None)
        counts.set_counted(count=count, counts={self.products[index].pk: D(counted)})
        counts.post_count(actor=None, count=count)

    @invariant()
    def valuation_ties_to_the_ledger(self):
        assert_stock_ties_to_ledger()
        assert_ledger_balances()


def test_random_sequences_keep_stock_and_ledger_equal(in_coop):
    run_state_machine_as_test(
        ShopMachine,
        settings=settings(
            max_examples=12,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
