"""Waserda's kinds of journal source: sales, returns, cash sessions, purchasing and stock counts."""

from django.utils.translation import gettext_lazy as _

from koperasi.ledger.sources import SourceKind, register_source


def register() -> None:
    register_source(
        SourceKind(
            "waserda.Sale",
            _("POS sale"),
            number=lambda sale: sale.number,
            link=lambda sale: ("waserda:sale", {"pk": sale.pk}),
        )
    )
    register_source(
        SourceKind(
            "waserda.SaleReturn",
            _("Sales return"),
            number=str,
            link=lambda sale_return: ("waserda:sale", {"pk": sale_return.sale_id}),
        )
    )
    register_source(
        SourceKind(
            "waserda.CashSession",
            _("Cash session closing"),
            number=str,
            link=lambda session: ("waserda:session", {"pk": session.pk}),
        )
    )
    register_source(SourceKind("waserda.CreditPayment", _("Shop credit payment")))
    register_source(
        SourceKind(
            "waserda.GoodsReceipt",
            _("Goods receipt"),
            purposes={"stock.cost_correction": _("Stock cost correction")},
            number=lambda receipt: receipt.number,
            link=lambda receipt: (
                ("waserda:order", {"pk": receipt.order_id}) if receipt.order_id else ("waserda:orders", {})
            ),
        )
    )
    register_source(
        SourceKind(
            "waserda.SupplierPayment",
            _("Supplier payment"),
            number=lambda payment: str(payment.bill.number),
            link=lambda payment: ("waserda:bill", {"pk": payment.bill_id}),
        )
    )
    register_source(
        SourceKind(
            "waserda.StockCount",
            _("Stock count"),
            number=str,
            link=lambda count: ("waserda:count", {"pk": count.pk}),
        )
    )
