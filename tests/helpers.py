"""Test helpers shared across apps: the ledger's balances and the stock that must tie to them."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from django.db import connection
from django.db.models import F, Sum

from koperasi.ledger.models import AccountBalance, JournalLine
from koperasi.money import quantize_quantity, quantize_rupiah
from waserda.models import Product, StockMovement
from waserda.selectors import inventory_ledger_balance

D = Decimal


def ledger_balance(key: str) -> Decimal:
    """Debit − credit of the account with this system key (from the monthly balances)."""
    sums = AccountBalance.objects.filter(account__system_key=key).aggregate(b=Sum(F("debit") - F("credit")))
    return quantize_rupiah(sums["b"] or D("0"))


def lines_balance(key: str, **filters) -> Decimal:
    sums = JournalLine.objects.filter(account__system_key=key, **filters).aggregate(b=Sum(F("debit") - F("credit")))
    return quantize_rupiah(sums["b"] or D("0"))


def assert_stock_ties_to_ledger() -> None:
    """Σ stock_value == Persediaan barang dagangan, and each stock card ends at the product's figures."""
    total = quantize_rupiah(Product.objects.aggregate(v=Sum("stock_value"))["v"] or D("0"))
    assert total == inventory_ledger_balance() == ledger_balance("merchandise_inventory")
    for product in Product.objects.all():
        last = StockMovement.objects.filter(product=product).order_by("-id").first()
        if last is None:
            assert product.qty_on_hand == 0 and product.stock_value == 0
        else:
            assert (last.quantity_after, last.value_after) == (product.qty_on_hand, product.stock_value)
        sums = StockMovement.objects.filter(product=product).aggregate(q=Sum("quantity"), v=Sum("value"))
        assert quantize_quantity(sums["q"] or 0) == product.qty_on_hand
        assert quantize_rupiah(sums["v"] or 0) == product.stock_value


def assert_ledger_balances() -> None:
    sums = JournalLine.objects.aggregate(d=Sum("debit"), c=Sum("credit"))
    assert quantize_rupiah(sums["d"] or 0) == quantize_rupiah(sums["c"] or 0)


def run_at_once(count: int, work) -> list:
    """``work(i)`` in ``count`` threads released together, each on its own connection (closed after)."""
    barrier = threading.Barrier(count)

    def run(index):
        try:
            barrier.wait(timeout=30)
            return work(index)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))
