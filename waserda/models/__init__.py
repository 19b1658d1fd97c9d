"""The waserda shop: catalog, suppliers and purchasing, stock, POS sales, returns and cash sessions.

Stock per product is two numbers on the product row, changed together in one UPDATE under the row
lock: ``qty_on_hand`` and ``stock_value`` (the Rupiah value of that stock, moving weighted average).
Every change writes a :class:`StockMovement` with the running quantity and value after it (the stock
card) and posts exactly the same value change to *Persediaan barang dagangan*, so the sum of
``stock_value`` equals the ledger balance of that account at all times.

The models live in one module per concept (``settings``, ``catalog``, ``purchasing``, ``stock``,
``pos``); every model and choice class is re-exported here, so ``from waserda.models import X`` works.
"""

from waserda.models.base import (
    COST,
    MONEY,
    QTY,
)
from waserda.models.catalog import (
    Category,
    MemberCard,
    PriceChange,
    Product,
    Supplier,
    Unit,
)
from waserda.models.pos import (
    CashSession,
    CreditPayment,
    PaymentMethod,
    RejectedSale,
    Sale,
    SaleLine,
    SaleReturn,
    SaleReturnLine,
    SessionStatus,
)
from waserda.models.purchasing import (
    GoodsReceipt,
    GoodsReceiptLine,
    OrderStatus,
    PurchaseOrder,
    PurchaseOrderLine,
    SettlementMethod,
    SupplierBill,
    SupplierPayment,
)
from waserda.models.settings import (
    WaserdaSettings,
)
from waserda.models.stock import (
    CountStatus,
    MovementKind,
    StockCount,
    StockCountLine,
    StockMovement,
)

__all__ = [
    "COST",
    "MONEY",
    "QTY",
    "CashSession",
    "Category",
    "CountStatus",
    "CreditPayment",
    "GoodsReceipt",
    "GoodsReceiptLine",
    "MemberCard",
    "MovementKind",
    "OrderStatus",
    "PaymentMethod",
    "PriceChange",
    "Product",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "RejectedSale",
    "Sale",
    "SaleLine",
    "SaleReturn",
    "SaleReturnLine",
    "SessionStatus",
    "SettlementMethod",
    "StockCount",
    "StockCountLine",
    "StockMovement",
    "Supplier",
    "SupplierBill",
    "SupplierPayment",
    "Unit",
    "WaserdaSettings",
]
