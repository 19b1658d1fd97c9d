"""Procurement's kinds of journal source: deliveries, input charges and payment runs."""

from django.utils.translation import gettext_lazy as _

from koperasi.ledger.sources import SourceKind, register_source


def register() -> None:
    register_source(
        SourceKind(
            "procurement.Delivery",
            _("Raw-material delivery"),
            number=lambda delivery: delivery.number,
            link=lambda delivery: ("procurement:delivery", {"pk": delivery.pk}),
        )
    )
    register_source(SourceKind("procurement.InputCharge", _("Inputs on credit")))
    register_source(
        SourceKind(
            "procurement.PaymentRun",
            _("Supplier payment run"),
            purposes={
                "procurement.payment": _("Supplier payment run"),
                "procurement.deduction.shop_credit": _("Shop credit deducted from a payment run"),
                "procurement.deduction.inputs": _("Inputs deducted from a payment run"),
            },
            number=lambda run: run.number,
            link=lambda run: ("procurement:run", {"pk": run.pk}),
        )
    )
    register_source(
        SourceKind(
            "procurement.PaymentLine",
            _("Deduction from a payment run"),
            number=str,
            link=lambda line: ("procurement:run", {"pk": line.run_id}),
        )
    )
