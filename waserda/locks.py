"""Locking querysets of the waserda, in the one lock order written down here:

    document row (purchase order, sale, stock count, cash session, bill)
      → member rows (by id ascending; only credit sales)
      → product rows (by id ascending)
      → [savings rows, by the members module] → the ledger's sequence row (post_entry, last)

A business action locks every product row it will touch **before** it posts anything: posting takes
the cooperative's journal sequence row until commit, so taking a product lock after a posting could
deadlock with a sale that holds that product and waits for the sequence. A sync batch therefore locks
the products of all its sales at once, first.
"""

from __future__ import annotations

from collections.abc import Iterable

from members.locks import lock_members as lock_member_rows
from waserda.models import CashSession, Product, PurchaseOrder, Sale, StockCount, SupplierBill


def lock_products(pks: Iterable[int]) -> dict[int, Product]:
    """The product rows, locked FOR UPDATE in id order; returns ``{pk: product}``."""
    ids = sorted(set(pks))
    if not ids:
        return {}
    return {product.pk: product for product in Product.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def lock_members(pks: Iterable[int]) -> None:
    ids = sorted(set(pks))
    if ids:
        lock_member_rows(ids)


def lock_order(pk: int) -> PurchaseOrder:
    return PurchaseOrder.objects.select_for_update().get(pk=pk)


def lock_sale(pk: int) -> Sale:
    return Sale.objects.select_for_update().get(pk=pk)


def lock_count(pk: int) -> StockCount:
    return StockCount.objects.select_for_update().get(pk=pk)


def lock_session(pk: int) -> CashSession:
    return CashSession.objects.select_for_update().get(pk=pk)


def lock_bill(pk: int) -> SupplierBill:
    return SupplierBill.objects.select_for_update().get(pk=pk)
