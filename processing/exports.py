"""The batches as a spreadsheet: one row per batch with its yield, costs and outputs (numbers as numbers,
text written safely by ``koperasi.core.spreadsheets``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from koperasi.core.spreadsheets import Sheet
from processing.models import Batch

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
