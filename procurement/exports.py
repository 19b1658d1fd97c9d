"""The supply spreadsheets: deliveries as listed (with the page's filters) and a payment run per supplier
with each kind of deduction in its own column. Amounts are numbers, text is written safely
(``koperasi.core.spreadsheets``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from koperasi.core.spreadsheets import Sheet
from procurement.models import DeductionKind, Delivery, PaymentRun

MONEY = "#,##0.00"
QUANTITY = "#,##0.###"


def deliveries_xlsx(deliveries: Iterable[Delivery], *, cooperative_name: str, parameters: list[str]) -> bytes:
    """One row per delivery; ``parameters`` are the reading codes to give a column each."""
    sheet = Sheet(_("Deliveries"))
    sheet.append([cooperative_name])
    sheet.append([_("Deliveries")])
    sheet.append([])
    header = [
        _("No."), _("Date"), _("Supplier number"), _("Supplier"), _("Original farmer"), _("Raw material"),
        _("Unit"), _("Quantity delivered"), _("Quantity rejected"), _("Grade"), *parameters, _("Price per unit"),
        _("Price rule version"), _("Value"), _("Status"), _("Collection point"), _("Paid in"),
    ]  # fmt: skip
    sheet.append(header, bold=True)
    formats = [None, None, None, None, None, None, None, QUANTITY, QUANTITY, None, *([None] * len(parameters)),
               MONEY, None, MONEY]  # fmt: skip
    for item in deliveries:
        readings = [item.readings.get(code) for code in parameters]
        sheet.append(
            [
                item.number, item.date, item.supplier.code, item.supplier.name,
                item.farmer.name if item.farmer_id else "", item.material.name, item.material.unit, item.quantity,
                item.rejected_quantity, item.grade, *readings, item.unit_price, item.price_rule_version,
                item.value, item.get_status_display(), item.collection_point,
                item.payment_line.run.number if item.payment_line_id else "",
            ],
            formats=formats,
        )  # fmt: skip
    sheet.widths({"B": 12, "D": 28, "E": 24, "F": 18})
    return sheet.to_bytes()


def run_xlsx(run: PaymentRun, lines, *, cooperative_name: str) -> bytes:
    """The run per supplier: gross, each deduction kind applied, carried over, net, and bank details."""
    kinds, labels = DeductionKind.values, dict(DeductionKind.choices)
    sheet = Sheet(run.number)
    sheet.append([cooperative_name])
    sheet.append([_("Payment run"), run.number, run.get_status_display()])
    sheet.append([_("Deliveries from"), run.period_start, _("up to"), run.period_end, _("Pay date"), run.pay_date])
    sheet.append([])
    sheet.append(
        [_("Supplier number"), _("Supplier"), _("Gross"), *(str(labels[k]) for k in kinds), _("Deducted"),
         _("Carried over"), _("Net"), _("Bank"), _("Account number"), _("Account holder")],
        bold=True,
    )  # fmt: skip
    formats = [None, None, MONEY, *([MONEY] * len(kinds)), MONEY, MONEY, MONEY]
    totals = [0] * (len(kinds) + 4)
    for line in lines:
        applied = {deduction.kind: deduction.applied for deduction in line.deductions.all()}
        figures = [line.gross, *(applied.get(k, 0) for k in kinds), line.deducted, line.carried, line.net]
        totals = [total + figure for total, figure in zip(totals, figures, strict=True)]
        supplier = line.supplier
        sheet.append(
            [supplier.code, supplier.name, *figures, supplier.bank_name, supplier.bank_account,
             supplier.bank_account_holder],
            formats=formats,
        )  # fmt: skip
    sheet.append(["", _("Total"), *totals], bold=True, formats=formats)
    sheet.widths({"B": 28})
    return sheet.to_bytes()

