"""Processing's kinds of journal source: batches, delivery notes, invoices and their payments."""

from django.utils.translation import gettext_lazy as _

from koperasi.ledger.sources import SourceKind, register_source


def _number(document) -> str:
    return document.number


def register() -> None:
    kinds = [
        ("processing.Batch", _("Production batch"), _number, lambda batch: ("processing:batch", {"pk": batch.pk})),
        ("processing.Shipment", _("Delivery note"), _number,
         lambda note: ("processing:order", {"pk": note.order_id})),
        ("processing.Invoice", _("Sales invoice"), _number,
         lambda invoice: ("processing:invoice-pdf", {"pk": invoice.pk})),
        ("processing.InvoicePayment", _("Invoice payment"), lambda payment: payment.invoice.number,
         lambda payment: ("processing:invoice-pdf", {"pk": payment.invoice_id})),
    ]  # fmt: skip
    for source_type, label, number, link in kinds:
        register_source(SourceKind(source_type, label, number=number, link=link))
