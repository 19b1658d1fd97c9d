"""Statements as HTML pages, PDF (WeasyPrint, same template) and XLSX (openpyxl); period parameters."""

from __future__ import annotations

import re

from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.core.downloads import PDF_TYPE, XLSX_TYPE, file_response
from koperasi.core.pdf import render_pdf
from koperasi.core.spreadsheets import Sheet
from koperasi.ledger.fiscal import Month, fiscal_year_months, fiscal_year_of
from koperasi.ledger.statements import Range, Report


def _month(params, name: str, default: Month | None) -> Month | None:
    value = params.get(name)
    return Month.parse(value) if value else default


def periods_from(params, fiscal_year_start_month: int = 1) -> tuple[Range, Range | None]:
    """``from``/``to`` (YYYY-MM; default: this fiscal year to date) and ``compare_from``/``compare_to``.

    Raises ValueError on malformed or reversed months.
    """
    today = timezone.localdate()
    end = _month(params, "to", Month.of(today))
    start = _month(
        params,
        "from",
        fiscal_year_months(fiscal_year_of(end.first_day, fiscal_year_start_month), fiscal_year_start_month)[0],
    )
    period = Range(start, end)
    compare_end = _month(params, "compare_to", None)
    compare_start = _month(params, "compare_from", None)
    compare = None
    if compare_end or compare_start:
        compare_end = compare_end or compare_start
        compare = Range(compare_start or compare_end, compare_end)
    return period, compare


def filename(report: Report, cooperative, extension: str) -> str:
    """``kud-mina-trial_balance-2026-01_2026-03.pdf``: the months as numbers, whatever language the page is in."""
    period = re.sub(r"[^0-9A-Za-z-]+", "_", report.period).strip("_")
    return f"{cooperative.slug}-{report.key}-{period}.{extension}"


# A statement with more value columns than this is printed on A4 landscape, so nothing is clipped.
PORTRAIT_COLUMNS = 4


def pdf_response(template: str, context: dict, report: Report, cooperative):
    context = {**context, "landscape": len(report.columns) > PORTRAIT_COLUMNS}
    return file_response(
        render_pdf(template, {**context, "base_template": "ledger/reports/pdf_base.html"}),
        filename=filename(report, cooperative, "pdf"), content_type=PDF_TYPE
    )


def xlsx_bytes(report: Report, cooperative) -> bytes:
    sheet = Sheet(report.title)
    sheet.append([cooperative.name])
    sheet.append([report.title, report.period])
    sheet.append([])
    sheet.append([_("Code"), _("Account"), *report.columns], bold=True)
    formats = [None, None, *(["#,##0.00"] * len(report.columns))]
    for row in report.rows:
        sheet.append([row.code, row.label, *row.values], bold=row.kind != "account", formats=formats)
    sheet.widths({"B": 45} | dict.fromkeys("CDEFG", 18))
    return sheet.to_bytes()


def xlsx_response(report: Report, cooperative):
    return file_response(
        xlsx_bytes(report, cooperative), filename=filename(report, cooperative, "xlsx"), content_type=XLSX_TYPE
    )
