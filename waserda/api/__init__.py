"""REST API of the waserda (thin: serializers, then a service), under ``/api/v1/k/<slug>/waserda/``.

Errors that clients act on answer ``{"detail", "code", "errors"}`` with ``code`` from
``waserda.error_codes`` (409 for stock and state conflicts, 400 otherwise).

One module per concept: ``catalog``, ``purchasing``, ``stock`` (counts), ``pos`` (sales, sync,
returns, sessions, credit payments), ``reports`` (reports and replenishment); shared pieces in
``common``. ``koperasi/urls.py`` mounts ``TENANT_ROUTES`` from here.
"""

from waserda.api.catalog import (
    CategoryViewSet,
    MemberCardViewSet,
    ProductViewSet,
    StockMovementViewSet,
    SupplierViewSet,
)
from waserda.api.pos import (
    CashSessionViewSet,
    CreditPaymentViewSet,
    PosViewSet,
    SaleViewSet,
)
from waserda.api.purchasing import (
    GoodsReceiptViewSet,
    PurchaseOrderViewSet,
    SupplierBillViewSet,
)
from waserda.api.reports import (
    ReplenishmentViewSet,
    ReportViewSet,
)
from waserda.api.stock import (
    StockCountViewSet,
)

TENANT_ROUTES = [
    ("waserda/categories", CategoryViewSet, "waserda-category"),
    ("waserda/products", ProductViewSet, "waserda-product"),
    ("waserda/stock-movements", StockMovementViewSet, "waserda-stock-movement"),
    ("waserda/suppliers", SupplierViewSet, "waserda-supplier"),
    ("waserda/member-cards", MemberCardViewSet, "waserda-member-card"),
    ("waserda/purchase-orders", PurchaseOrderViewSet, "waserda-purchase-order"),
    ("waserda/receipts", GoodsReceiptViewSet, "waserda-receipt"),
    ("waserda/bills", SupplierBillViewSet, "waserda-bill"),
    ("waserda/stock-counts", StockCountViewSet, "waserda-stock-count"),
    ("waserda/sales", SaleViewSet, "waserda-sale"),
    ("waserda/sessions", CashSessionViewSet, "waserda-session"),
    ("waserda/credit-payments", CreditPaymentViewSet, "waserda-credit-payment"),
    ("waserda/pos", PosViewSet, "waserda-pos"),
    ("waserda/reports", ReportViewSet, "waserda-report"),
    ("waserda/replenishment", ReplenishmentViewSet, "waserda-replenishment"),
]
