"""The waserda stock checks for ``verify_books`` (koperasi.core.consistency)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import OuterRef, Subquery, Sum

from koperasi.core.consistency import Discrepancy, register
from koperasi.ledger.models import JournalLine
from waserda.models import Product, StockMovement

ZERO = Decimal("0")


@register(
    "waserda.stock",
    "Each product's quantity and value on hand equal the sums of its stock card, and the card's last "
    "running quantity and value.",
)
def product_stock():
    card = StockMovement.objects.filter(product=OuterRef("pk"))
    totals = card.order_by().values("product")
    last = card.order_by("-id")
    products = Product.objects.annotate(
        quantity=Subquery(totals.annotate(total=Sum("quantity")).values("total")[:1]),
        value=Subquery(totals.annotate(total=Sum("value")).values("total")[:1]),
        quantity_after=Subquery(last.values("quantity_after")[:1]),
        value_after=Subquery(last.values("value_after")[:1]),
    ).order_by("id")
    fields = ("id", "qty_on_hand", "stock_value", "quantity", "value", "quantity_after", "value_after")
    for product in products.values(*fields):
        card_figures = [product[name] if product[name] is not None else ZERO for name in fields[3:]]
        quantity, value, quantity_after, value_after = card_figures
        on_hand = (product["qty_on_hand"], product["stock_value"])
        if on_hand != (quantity, value) or on_hand != (quantity_after, value_after):
            yield Discrepancy(
                "waserda.stock",
                f"product {product['id']}",
                f"quantity {on_hand[0]}, value {on_hand[1]}",
                f"stock card: sums {quantity} / {value}, last running {quantity_after} / {value_after}",
            )


@register("waserda.inventory_ledger", "The shop's stock value equals the ledger balance of Persediaan barang dagangan.")
def inventory_in_ledger():
    stock = Product.objects.aggregate(total=Sum("stock_value"))["total"] or ZERO
    lines = JournalLine.objects.filter(account__system_key="merchandise_inventory").aggregate(
        debit=Sum("debit"), credit=Sum("credit")
    )
    ledger = (lines["debit"] or ZERO) - (lines["credit"] or ZERO)
    if stock != ledger:
        yield Discrepancy(
            "waserda.inventory_ledger", "Persediaan barang dagangan", f"stock value {stock}", f"ledger {ledger}"
        )
