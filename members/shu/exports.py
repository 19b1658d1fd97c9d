"""A distribution as a spreadsheet: one row per member with the bases and the amounts, then the totals."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from koperasi.core.spreadsheets import Sheet
from members.shu import sources

MONEY = "#,##0.00"


def distribution_workbook(distribution, shares) -> bytes:
    keys = [row["key"] for row in distribution.rule.sources]
    labels = {key: source.label for key, source in sources.registered().items()}
    sheet = Sheet(f"SHU {distribution.fiscal_year}")
    sheet.append([_("Member no."), _("Name"), _("Capital (savings)"), *(str(labels.get(k, k)) for k in keys),
                  _("Jasa modal"), _("Jasa usaha"), _("SHU"), _("Paid")], bold=True)  # fmt: skip
    formats = [None, None] + [MONEY] * (len(keys) + 5)
    totals = [Decimal(0)] * (len(keys) + 5)
    for share in shares:
        values = [share.capital_base, *(Decimal(share.patronage_bases.get(k, "0")) for k in keys),
                  share.capital_amount, share.patronage_amount, share.total, share.paid]  # fmt: skip
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        sheet.append([share.member.member_no, share.member.name, *values], formats=formats)
    sheet.append(["", _("Total"), *totals], formats=formats, bold=True)
    sheet.widths({"B": 30})
    return sheet.to_bytes()
