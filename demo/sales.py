"""Demo product sales, from the lots the demo plants made.

* KPMK Pangandaran (seed 000, a PKP at 11 % PPN): desiccated coconut to a domestic food company in two
  delivery notes (one invoice paid, one owed), cocofiber and cocopeat to an exporter (PPN 0 %, owed), and
  coconut shells to a member who burns charcoal, counted as patronage for the SHU.
* KSU Argopuro (seed 003): the ten days' kopi HS to an exporter at the paper's Rp 8.000 a litre, so the
  Hayami payload's output price is the realised one.

Customers and prices are illustrative where the papers name none (the food company, the exporters, the
flour and husk products' prices). Running the step again changes nothing: a customer with orders is done.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from demo import DemoLogin, demo_step
from demo.tenancy import demo_cooperative
from koperasi.tenancy.context import cooperative_context
from members.models import Member
from processing.models import Customer, CustomerKind, Product
from processing.services import plants, sales

D = Decimal
WEEK = datetime.timedelta(days=7)


def _customer(name: str, kind: str, **fields) -> Customer:
    return Customer.objects.filter(name=name).first() or plants.save(
        actor=None, instance=Customer(), name=name, kind=kind, **fields
    )


def _sell(customer, ordered_on, lines, shipments, *, paid=(), is_patronage=False) -> None:
    """An order of ``lines`` (product code, quantity, price) shipped and invoiced on each of ``shipments``
    (day, [quantities per line]); the invoices at the indexes in ``paid`` are paid a week later (or today)."""
    if customer.orders.exists():
        return
    products = {p.code: p for p in Product.objects.all()}
    order = sales.create_order(
        actor=None, customer=customer, ordered_on=ordered_on, is_patronage=is_patronage,
        lines=[sales.OrderLine(products[code], D(quantity), D(price)) for code, quantity, price in lines],
    )  # fmt: skip
    order_lines = list(order.lines.order_by("id"))
    for index, (day, quantities) in enumerate(shipments):
        wanted = [sales.ShipLine(line, D(q)) for line, q in zip(order_lines, quantities, strict=True) if D(q)]
        shipment = sales.ship(actor=None, order=order, shipped_on=day, lines=wanted, vehicle="Truk koperasi")
        invoice = sales.issue_invoice(actor=None, shipment=shipment, issued_on=day)
        if index in paid:
            sales.record_payment(actor=None, invoice=invoice, paid_on=min(day + WEEK, datetime.date.today()),
                                 amount=invoice.total, account="bank", reference="Transfer")  # fmt: skip


def _kpmk(today: datetime.date) -> None:
    days = [today - datetime.timedelta(days=n) for n in (20, 12, 2, 1)]
    food = _customer("PT Pangan Kelapa Nusantara", CustomerKind.DOMESTIC, address="Cikarang, Bekasi",
                     tax_number="01.234.567.8-413.000", payment_days=14)  # fmt: skip
    _sell(food, days[0], [("TK", "12000", "26500")], [(days[1], ["5000"]), (days[2], ["7000"])], paid=(0,))
    exporter = _customer("CV Coco Fiber Ekspor", CustomerKind.EXPORTER, address="Tanjung Priok, Jakarta",
                         payment_days=30)  # fmt: skip
    _sell(exporter, days[0], [("CF", "60000", "4500"), ("CP", "90000", "2200")], [(days[3], ["60000", "90000"])])
    member = Member.objects.order_by("pk").first()
    charcoal = _customer(f"{member.name} (arang tempurung)", CustomerKind.MEMBER, member=member, payment_days=7)
    _sell(charcoal, days[1], [("TPR", "2000", "1200")], [(days[2], ["2000"])], paid=(0,), is_patronage=True)


def _ksu(today: datetime.date) -> None:
    exporter = _customer("CV Eksportir Kopi Jember", CustomerKind.EXPORTER, address="Jember", payment_days=14)
    _sell(exporter, today - datetime.timedelta(days=14), [("HS", "41650", "8000")],
          [(today - datetime.timedelta(days=1), ["41650"])], paid=(0,))  # fmt: skip


@demo_step("product sales: KPMK's flour, cocofiber, cocopeat and shells; KSU's kopi HS")
def product_sales() -> list[DemoLogin]:
    today = datetime.date.today()
    for slug, load in (("kpmk-pangandaran", _kpmk), ("ksu-argopuro", _ksu)):
        with cooperative_context(demo_cooperative(slug).pk):
            load(today)
    return []
