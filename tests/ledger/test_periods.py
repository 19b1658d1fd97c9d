"""Monthly periods close and reopen (audited); year-end closing moves income and expenses into SHU."""

import datetime
from decimal import Decimal

import pytest

from koperasi.accounts.models import AuditEvent
from koperasi.ledger.error_codes import LedgerError, LedgerErrorCode
from koperasi.ledger.fiscal import Month
from koperasi.ledger.models import FiscalPeriod, PeriodStatus
from koperasi.ledger.selectors import account_for
from koperasi.ledger.services import close_period, close_year, reopen_period, reverse_entry
from koperasi.ledger.statements import Range, balance_sheet, income_statement, trial_balance
from tests.factories.ledger import post_simple

pytestmark = pytest.mark.django_db
D = Decimal


def test_posting_into_a_closed_period_fails(in_coop, manager):
    close_period(actor=manager, year=2026, month=1)
    with pytest.raises(LedgerError) as error:
        post_simple(date=datetime.date(2026, 1, 31))
    assert error.value.code == LedgerErrorCode.PERIOD_CLOSED
    assert post_simple(date=datetime.date(2026, 2, 1)).number == 1


def test_reopening_a_period_is_audited_with_the_reason(in_coop, manager):
    close_period(actor=manager, year=2026, month=1)
    period = reopen_period(actor=manager, year=2026, month=1, reason="koreksi kas")
    assert period.status == PeriodStatus.OPEN
    event = AuditEvent.objects.get(action="ledger.period_reopened")
    assert (event.actor, event.after["reason"]) == (manager, "koreksi kas")
    assert post_simple(date=datetime.date(2026, 1, 31)).is_posted


def test_reversal_into_a_closed_period_is_refused_but_into_an_open_one_works(in_coop, manager):
    entry = post_simple(date=datetime.date(2026, 1, 10))
    close_period(actor=manager, year=2026, month=1)
    with pytest.raises(LedgerError):
        reverse_entry(entry, date=datetime.date(2026, 1, 31), reason="x")
    reversal = reverse_entry(entry, date=datetime.date(2026, 2, 1), reason="x")
    assert reversal.date == datetime.date(2026, 2, 1)


def test_year_end_closing_moves_income_and_expenses_into_current_shu(in_coop, manager):
    post_simple("1000000.00", debit="cash", credit="sales_waserda", date=datetime.date(2025, 3, 5))
    post_simple("600000.00", debit="cogs", credit="cash", date=datetime.date(2025, 3, 5))
    post_simple("150000.00", debit="salaries", credit="cash", date=datetime.date(2025, 11, 30))
    entry = close_year(actor=manager, fiscal_year=2025)
    assert entry.date == datetime.date(2025, 12, 31) and entry.is_closing
    lines = {line.account.system_key: (line.debit, line.credit) for line in entry.lines.select_related("account")}
    assert lines == {
        "sales_waserda": (D("1000000.00"), D("0")),
        "cogs": (D("0"), D("600000.00")),
        "salaries": (D("0"), D("150000.00")),
        "current_shu": (D("0"), D("250000.00")),
    }
    assert FiscalPeriod.objects.filter(year=2025, status=PeriodStatus.CLOSED).count() == 12
    # the income statement still shows the year; the balance sheet now carries the SHU as equity
    year = Range(Month(2025, 1), Month(2025, 12))
    assert income_statement(year).totals["shu"] == D("250000.00")
    sheet = balance_sheet(Month(2025, 12))
    assert sheet.totals["current_shu"] == 0
    assert sheet.totals["equity"] == D("250000.00") and sheet.checks["balanced"]
    assert trial_balance(year).checks["balanced"]
    with pytest.raises(LedgerError) as error:
        close_year(actor=manager, fiscal_year=2025)
    assert error.value.code == LedgerErrorCode.YEAR_CLOSED
    with pytest.raises(LedgerError):
        reopen_period(actor=manager, year=2025, month=12, reason="x")
    assert AuditEvent.objects.filter(action="ledger.year_closed").count() == 1


def test_a_fiscal_year_starting_in_july(coop, manager):
    from koperasi.tenancy.context import cooperative_context

    coop.fiscal_year_start_month = 7
    coop.save()
    with cooperative_context(coop.pk):
        assert post_simple(date=datetime.date(2024, 6, 30)).fiscal_year == 2023
        first_of_2024 = post_simple(date=datetime.date(2024, 7, 1))
        assert (first_of_2024.fiscal_year, first_of_2024.number) == (2024, 1)
        post_simple("70000.00", debit="cash", credit="penalty_income", date=datetime.date(2025, 2, 1))
        entry = close_year(actor=manager, fiscal_year=2024)
        assert entry.date == datetime.date(2025, 6, 30)
        assert account_for("current_shu").balances.get().credit == D("170000.00")
