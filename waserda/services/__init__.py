"""Writes of the waserda: each function is one business action in one transaction.

One module per concept: ``catalog`` (products, categories, suppliers, member cards, shop settings),
``purchasing`` (orders, goods receipts, supplier bills and payments) and ``counts`` (stock opname).
POS sales and returns live in ``waserda.sales``, cash sessions in ``waserda.sessions``,
replenishment in ``waserda.replenishment``. The app's write API is re-exported here, so
``from waserda import services`` / ``from waserda.services import X`` keep working.
"""

from waserda.sales import (
    LineInput,
    ReturnLineInput,
    SaleInput,
    mark_reconciled,
    receive_credit_payment,
    record_return,
    record_sale,
    sync_sales,
)
from waserda.services.catalog import (
    PRODUCT_FIELDS,
    create_category,
    create_product,
    save_member_card,
    save_supplier,
    seed_shop_settings,
    update_product,
    update_settings,
)
from waserda.services.counts import (
    post_count,
    set_counted,
    start_count,
)
from waserda.services.purchasing import (
    OrderLineInput,
    ReceiptLineInput,
    create_bill,
    create_order,
    pay_bill,
    receive_goods,
    set_order_status,
)

__all__ = [
    "PRODUCT_FIELDS",
    "LineInput",
    "OrderLineInput",
    "ReceiptLineInput",
    "ReturnLineInput",
    "SaleInput",
    "create_bill",
    "create_category",
    "create_order",
    "create_product",
    "mark_reconciled",
    "pay_bill",
    "post_count",
    "receive_credit_payment",
    "receive_goods",
    "record_return",
    "record_sale",
    "save_member_card",
    "save_supplier",
    "seed_shop_settings",
    "set_counted",
    "set_order_status",
    "start_count",
    "sync_sales",
    "update_product",
    "update_settings",
]
