"""The ledger's documents in a cooperative's data export (koperasi.core.data_export): this fiscal year's
trial balance, balance sheet and income statement as the statement pages print them."""

from __future__ import annotations

from django.utils import timezone

from koperasi.core.data_export import register_documents
from koperasi.core.pdf import render_pdf
from koperasi.ledger import exports, statements
from koperasi.ledger.fiscal import Month, fiscal_year_months, fiscal_year_of
from koperasi.ledger.statements import Range

STATEMENTS = (
    ("ledger/reports/trial_balance.html", lambda period: statements.trial_balance(period)),
    ("ledger/reports/balance_sheet.html", lambda period: statements.balance_sheet(period.end)),
    ("ledger/reports/income_statement.html", lambda period: statements.income_statement(period)),
)


@register_documents("ledger.statements")
def statement_pdfs(cooperative) -> dict[str, bytes]:
    """This fiscal year to date, each statement as its PDF."""
    today = Month.of(timezone.localdate())
    start_month = cooperative.fiscal_year_start_month
    first = fiscal_year_months(fiscal_year_of(today.first_day, start_month), start_month)[0]
    period = Range(first, today)
    files = {}
    for template, build in STATEMENTS:
        report = build(period)
        context = {"report": report, "period": period, "compare": None, "cooperative": cooperative,
                   "generated": timezone.localtime(), "base_template": "ledger/reports/pdf_base.html",
                   "landscape": len(report.columns) > exports.PORTRAIT_COLUMNS}  # fmt: skip
        files[exports.filename(report, cooperative, "pdf")] = render_pdf(template, context)
    return files
