"""The batches as a spreadsheet: one row per batch with its yield, costs and outputs (numbers as numbers,
text written safely by ``koperasi.core.spreadsheets``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from koperasi.core.spreadsheets import Sheet
from processing.models import Batch, Invoice

MONEY = "#,##0.00"
QUANTITY = "#,##0.###"


def batches_workbook(batches: Iterable[Batch]) -> bytes:
    sheet = Sheet(_("Batches"))
    sheet.append(
        [_("No."), _("Plant"), _("Line"), _("Product"), _("Recipe version"), _("Status"), _("Planned"),
         _("Finished"), _("Main output"), _("By-products"), _("Materials"), _("Labour"), _("Other inputs"),
         _("Overhead"), _("Total cost"), _("Cost per unit")],
        bold=True,
    )  # fmt: skip
    formats = [None] * 8 + [QUANTITY, None] + [MONEY] * 6
    for batch in batches.prefetch_related("outputs__product") if hasattr(batches, "prefetch_related") else batches:
        outputs = list(batch.outputs.all())
        main = next((o for o in outputs if o.is_main), None)
        others = ", ".join(f"{o.product.name} {o.quantity.normalize():f}" for o in outputs if not o.is_main)
        per_unit = main.cost / main.quantity if main and batch.status == "finished" else None
        sheet.append(
            [batch.number, batch.line.plant.name, batch.line.name, batch.recipe.product.name, batch.recipe.version,
             batch.get_status_display(), batch.planned_on, batch.finished_on, main.quantity if main else None, others,
             batch.materials_cost, batch.labour_cost, batch.other_inputs_cost, batch.overhead_cost, batch.total_cost,
             per_unit],
            formats=formats,
        )  # fmt: skip
    sheet.widths({"B": 26, "C": 16, "D": 20, "J": 30})
    return sheet.to_bytes()


def invoices_workbook(invoices: Iterable[Invoice]) -> bytes:
    """One row per invoice: customer, dates, subtotal, PPN, total, paid and still owed."""
    sheet = Sheet(_("Invoices"))
    sheet.append(
        [_("Invoice"), _("Customer"), _("Order"), _("Delivery note"), _("Invoice date"), _("Due"), _("Subtotal"),
         _("PPN"), _("Total"), _("Paid"), _("Still owed")],
        bold=True,
    )  # fmt: skip
    for invoice in invoices:
        order = invoice.shipment.order
        sheet.append(
            [invoice.number, order.customer.name, order.number, invoice.shipment.number, invoice.issued_on,
             invoice.due_on, invoice.subtotal, invoice.ppn, invoice.total, invoice.paid, invoice.outstanding],
            formats=[None] * 6 + [MONEY] * 5,
        )  # fmt: skip
    sheet.widths({"B": 30})
    return sheet.to_bytes()
