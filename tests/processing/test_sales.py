"""Product sales: an order shipped from finished-goods lots (oldest first or chosen) at their cost, invoiced
with PPN (0 % for exports), paid; every step posted so stock and receivables tie to the ledger."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from koperasi.ledger.models import JournalLine
from koperasi.tenancy.models import Cooperative
from processing import selectors
from processing.models import CustomerKind, FinishedGoodsLot, OrderStatus
from processing.services import sales
from tests.factories.members import ActiveMemberFactory
from tests.factories.processing import CustomerFactory, coconut_plant, finished_stock_value, run_batch
from tests.factories.procurement import SupplierFactory, delivery
from tests.helpers import ledger_balance

pytestmark = pytest.mark.django_db
D = Decimal
FEB = datetime.date(2026, 2, 10)


@pytest.fixture
def stock(in_coop):
    """Two flour batches: 148 kg on 10 Feb and 150 kg on 12 Feb (and their husk by-products)."""
    world = coconut_plant()
    delivery(SupplierFactory(), world["material"], "2000", on=datetime.date(2026, 2, 1))
    first = run_batch(world, on=FEB)
    second = run_batch(world, on=FEB + datetime.timedelta(days=2), outputs=("150", "120", "200"))
    return world | {"first": first.outputs.get(is_main=True).lot, "second": second.outputs.get(is_main=True).lot}


def order_of(world, kg="200", price="30000", customer=None, **kwargs):
    customer = customer or CustomerFactory()
    lines = [sales.OrderLine(world["flour"], D(kg), D(price))]
    return sales.create_order(actor=None, customer=customer, ordered_on=FEB, lines=lines, **kwargs)


def entry_lines(entry) -> dict[str, tuple[Decimal, Decimal]]:
    rows = JournalLine.objects.filter(entry=entry).values_list("account__system_key", "debit", "credit")
    return {key: (debit, credit) for key, debit, credit in rows}


def test_shipping_takes_the_oldest_lots_first_and_posts_their_cost(stock):
    order = order_of(stock, kg="200")
    shipment = sales.ship(actor=None, order=order, shipped_on=datetime.date(2026, 2, 14))
    taken = {line.lot_id: line.quantity for line in shipment.lines.all()}
    assert taken == {stock["first"].pk: D("148"), stock["second"].pk: D("52")}
    first = FinishedGoodsLot.objects.get(pk=stock["first"].pk)
    assert first.remaining == 0 and first.remaining_value == 0  # an emptied lot gave up all its cost
    assert shipment.cost == stock["first"].cost + sum(line.cost for line in shipment.lines.all()[1:])
    assert entry_lines(shipment.journal_entry) == {"cogs": (shipment.cost, D(0)),
                                                   "finished_goods_inventory": (D(0), shipment.cost)}  # fmt: skip
    assert finished_stock_value() == ledger_balance("finished_goods_inventory")
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED


def test_a_chosen_lot_ships_and_a_partial_shipment_leaves_the_order_open(stock):
    order = order_of(stock, kg="200")
    line = order.lines.get()
    shipment = sales.ship(actor=None, order=order, shipped_on=datetime.date(2026, 2, 14),
                          lines=[sales.ShipLine(line, D("50"), stock["second"])])  # fmt: skip
    assert [(row.lot_id, row.quantity) for row in shipment.lines.all()] == [(stock["second"].pk, D("50"))]
    order.refresh_from_db()
    line.refresh_from_db()
    assert order.status == OrderStatus.OPEN and line.shipped == D("50") and line.to_ship == D("150")


def test_shipping_more_than_ordered_or_in_stock_is_refused_and_takes_nothing(stock):
    order = order_of(stock, kg="500")
    line = order.lines.get()
    with pytest.raises(ValidationError) as over:
        sales.ship(actor=None, order=order, shipped_on=FEB, lines=[sales.ShipLine(line, D("501"))])
    assert over.value.code == "over_shipped"
    with pytest.raises(ValidationError) as short:
        sales.ship(actor=None, order=order, shipped_on=datetime.date(2026, 2, 14))  # 298 kg made
    assert short.value.code == "stock_short"
    assert FinishedGoodsLot.objects.get(pk=stock["first"].pk).remaining == D("148")
    assert not order.shipments.exists()


def test_lots_made_after_the_shipping_date_are_not_shipped(stock):
    order = order_of(stock, kg="200")
    with pytest.raises(ValidationError) as short:
        sales.ship(actor=None, order=order, shipped_on=FEB)  # the second batch was made two days later
    assert short.value.code == "stock_short"


def test_an_invoice_charges_ppn_where_the_cooperative_is_taxable_and_posts_the_receivable(stock):
    Cooperative.objects.filter(pk=stock["plant"].cooperative_id).update(ppn_rate=D("11"))
    order = order_of(stock, kg="100", price="30000")
    shipment = sales.ship(actor=None, order=order, shipped_on=datetime.date(2026, 2, 14))
    invoice = sales.issue_invoice(actor=None, shipment=shipment, issued_on=datetime.date(2026, 2, 15))
    assert (invoice.subtotal, invoice.ppn_rate, invoice.ppn, invoice.total) == (
        D("3000000"), D("11"), D("330000"), D("3330000"))  # fmt: skip
    assert invoice.due_on == datetime.date(2026, 3, 17)  # the customer's 30 days
    assert entry_lines(invoice.journal_entry) == {
        "accounts_receivable": (D("3330000"), D(0)),
        "sales_processed": (D(0), D("3000000")),
        "vat_output": (D(0), D("330000")),
    }
    with pytest.raises(ValidationError) as twice:
        sales.issue_invoice(actor=None, shipment=shipment, issued_on=datetime.date(2026, 2, 15))
    assert twice.value.code == "invoiced"


def test_an_exporter_is_invoiced_at_zero_ppn(stock):
    Cooperative.objects.filter(pk=stock["plant"].cooperative_id).update(ppn_rate=D("11"))
    order = order_of(stock, kg="100", customer=CustomerFactory(kind=CustomerKind.EXPORTER))
    shipment = sales.ship(actor=None, order=order, shipped_on=datetime.date(2026, 2, 14))
    invoice = sales.issue_invoice(actor=None, shipment=shipment, issued_on=datetime.date(2026, 2, 15))
    assert (invoice.ppn_rate, invoice.ppn, invoice.total) == (D(0), D(0), D("3000000"))


def test_payments_settle_the_receivable_and_cannot_exceed_what_is_owed(stock):
    order = order_of(stock, kg="100")
    shipment = sales.ship(actor=None, order=order, shipped_on=datetime.date(2026, 2, 14))
    invoice = sales.issue_invoice(actor=None, shipment=shipment, issued_on=datetime.date(2026, 2, 15))
    sales.record_payment(actor=None, invoice=invoice, paid_on=datetime.date(2026, 3, 1), amount=D("1000000"))
    with pytest.raises(ValidationError) as over:
        sales.record_payment(actor=None, invoice=invoice, paid_on=datetime.date(2026, 3, 2), amount=D("2000001"))
    assert over.value.code == "overpaid"
    sales.record_payment(actor=None, invoice=invoice, paid_on=datetime.date(2026, 3, 2), amount=D("2000000"),
                         account="cash")  # fmt: skip
    invoice.refresh_from_db()
    assert invoice.paid == invoice.total and invoice.outstanding == 0
    assert ledger_balance("accounts_receivable") == 0
    assert ledger_balance("bank") == D("1000000") and ledger_balance("cash") == D("2000000")
    assert not selectors.invoices(outstanding_only=True).exists()


def test_only_a_members_order_counts_as_patronage_and_it_is_summed_per_member(stock):
    with pytest.raises(ValidationError) as refused:
        order_of(stock, kg="10", is_patronage=True)
    assert refused.value.code == "customer"
    member = ActiveMemberFactory()
    customer = CustomerFactory(kind=CustomerKind.MEMBER, member=member, name=member.name)
    for kg in ("10", "5"):
        order = order_of(stock, kg=kg, customer=customer, is_patronage=True)
        shipment = sales.ship(actor=None, order=order, shipped_on=datetime.date(2026, 2, 14))
        sales.issue_invoice(actor=None, shipment=shipment, issued_on=datetime.date(2026, 2, 15))
    assert selectors.patronage_sales(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)) == {
        member.pk: D("450000")}  # fmt: skip


def test_an_order_can_be_cancelled_only_before_anything_ships(stock):
    order = order_of(stock, kg="10")
    sales.ship(actor=None, order=order, shipped_on=datetime.date(2026, 2, 14))
    with pytest.raises(ValidationError):
        sales.cancel_order(actor=None, order=order, reason="Pembeli membatalkan")
    other = order_of(stock, kg="10")
    assert sales.cancel_order(actor=None, order=other, reason="Pembeli membatalkan").status == OrderStatus.CANCELLED


def test_the_hayami_output_price_is_the_price_realised_on_invoices(stock):
    before = selectors.hayami_payload(stock["flour"], datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    assert before.output_price_source == "list_price" and D(before.payload["output_price"]) == D("25000")
    for kg, price in (("100", "30000"), ("50", "33000")):
        order = order_of(stock, kg=kg, price=price)
        shipment = sales.ship(actor=None, order=order, shipped_on=datetime.date(2026, 2, 14))
        sales.issue_invoice(actor=None, shipment=shipment, issued_on=datetime.date(2026, 2, 15))
    after = selectors.hayami_payload(stock["flour"], datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    assert after.output_price_source == "sales"
    assert D(after.payload["output_price"]) == D("31000")  # (100 × 30.000 + 50 × 33.000) ÷ 150


def test_a_shipment_traces_back_to_the_farmers_and_a_lot_forward_to_its_buyers(stock):
    customer = CustomerFactory(name="CV Ekspor Kelapa", kind=CustomerKind.EXPORTER)
    order = order_of(stock, kg="200", customer=customer)
    shipment = sales.ship(actor=None, order=order, shipped_on=datetime.date(2026, 2, 14))
    behind = selectors.shipment_trace(shipment)
    assert {row.batch_id for row in behind} == {stock["first"].output.batch_id, stock["second"].output.batch_id}
    buyers = selectors.shipments_of([stock["first"].pk])
    assert [row.shipment.order.customer.name for row in buyers] == ["CV Ekspor Kelapa"]
