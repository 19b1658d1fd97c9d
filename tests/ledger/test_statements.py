"""Statements agree with the postings: trial balance balances, the balance sheet equation holds."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koperasi.ledger.fiscal import Month
from koperasi.ledger.models import Account
from koperasi.ledger.selectors import account_for
from koperasi.ledger.services import Line, post_entry, reverse_entry
from koperasi.ledger.statements import Range, balance_sheet, general_ledger, income_statement, trial_balance
from koperasi.tenancy.context import cooperative_context
from tests.factories.ledger import post_simple

pytestmark = pytest.mark.django_db
D = Decimal
Q1 = Range(Month(2026, 1), Month(2026, 3))


def _small_year():
    post_simple("10000000.00", debit="cash", credit="mandatory_savings", date=datetime.date(2026, 1, 2))
    post_simple("2000000.00", debit="cash", credit="voluntary_savings", date=datetime.date(2026, 1, 3))
    post_simple("3000000.00", debit="merchandise_inventory", credit="cash", date=datetime.date(2026, 1, 5))
    post_simple("1500000.00", debit="cash", credit="sales_waserda", date=datetime.date(2026, 2, 10))
    post_simple("1000000.00", debit="cogs", credit="merchandise_inventory", date=datetime.date(2026, 2, 10))
    post_simple("200000.00", debit="utilities", credit="cash", date=datetime.date(2026, 3, 31))


def test_trial_balance_lists_movements_and_balances(in_coop):
    _small_year()
    report = trial_balance(Range(Month(2026, 2), Month(2026, 3)))
    cash = next(row for row in report.rows if row.code == "1101")
    # opening (January) 10 + 2 − 3 = 9 million; Feb/Mar +1.5 − 0.2
    assert cash.values == [D("9000000.00"), D("1500000.00"), D("200000.00"), D("10300000.00"), D("0.00")]
    assert report.totals["closing_debit"] == report.totals["closing_credit"] == D("13500000.00")
    assert report.checks["balanced"]


def test_trial_balance_compares_closing_balances_with_another_period(in_coop):
    _small_year()
    report = trial_balance(Range(Month(2026, 2), Month(2026, 3)), compare=Range(Month(2026, 1), Month(2026, 1)))
    assert report.columns[-1] == "Closing 2026-01 (Dr − Cr)"
    cash = next(row for row in report.rows if row.code == "1101")
    assert cash.values[-1] == D("9000000.00")  # 10 + 2 − 3 million at the end of January
    inventory = next(row for row in report.rows if row.code == "1106")
    assert inventory.values[-1] == D("3000000.00")
    assert report.checks == {"balanced": True, "compared_balanced": True}


def test_balance_sheet_and_income_statement(in_coop):
    _small_year()
    income = income_statement(Q1)
    assert (income.totals["income"], income.totals["expenses"], income.totals["shu"]) == (
        D("1500000.00"),
        D("1200000.00"),
        D("300000.00"),
    )
    sheet = balance_sheet(Month(2026, 3), compare_at=Month(2026, 1))
    assert sheet.totals == {
        "assets": D("12300000.00"),
        "liabilities": D("2000000.00"),
        "equity": D("10300000.00"),
        "current_shu": D("300000.00"),
    }
    assert sheet.checks["balanced"]
    total_assets = next(row for row in sheet.rows if row.label == "Total assets")
    assert total_assets.values == [D("12300000.00"), D("12000000.00")]


def test_income_statement_compares_two_periods(in_coop):
    _small_year()
    report = income_statement(Range(Month(2026, 2), Month(2026, 2)), compare=Range(Month(2026, 3), Month(2026, 3)))
    assert report.columns == ["2026-02", "2026-03"]
    assert report.rows[-1].values == [D("500000.00"), D("-200000.00")]


def test_general_ledger_has_a_running_balance(in_coop):
    _small_year()
    report = general_ledger(account_for("cash"), Range(Month(2026, 1), Month(2026, 2)))
    balances = [row.values[3] for row in report.rows if row.kind == "account"]
    assert balances == [D("10000000.00"), D("12000000.00"), D("9000000.00"), D("10500000.00")]
    assert report.totals["closing"] == D("10500000.00")


def test_statements_run_a_constant_number_of_queries(in_coop, django_assert_max_num_queries):
    _small_year()
    for n in range(20):
        post_simple("1000.00", date=datetime.date(2026, 3, 1 + n % 28))
    with django_assert_max_num_queries(3):
        trial_balance(Q1)
    with django_assert_max_num_queries(3):
        balance_sheet(Month(2026, 3), Month(2026, 2))
    with django_assert_max_num_queries(3):
        income_statement(Q1, Q1)


ACCOUNT_KEYS = [
    "cash",
    "bank",
    "loan_receivable",
    "merchandise_inventory",
    "accounts_payable",
    "voluntary_savings",
    "mandatory_savings",
    "reserve",
    "sales_waserda",
    "loan_interest_income",
    "cogs",
    "salaries",
]
amounts = st.decimals(min_value=D("0.01"), max_value=D("99999999.99"), places=2)
entry_strategy = st.tuples(
    st.lists(st.tuples(st.sampled_from(ACCOUNT_KEYS), amounts), min_size=1, max_size=4),
    st.lists(st.sampled_from(ACCOUNT_KEYS), min_size=1, max_size=3),
    st.integers(min_value=1, max_value=12),
    st.booleans(),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(entry_strategy, min_size=1, max_size=6))
def test_random_balanced_entries_keep_the_statements_consistent(coop, entries):
    """Property: for any set of balanced entries, the trial balance balances and
    assets = liabilities + equity + current SHU, for every month end."""
    from django.db import transaction

    with transaction.atomic():  # each example starts from an empty ledger
        _check_property(coop, entries)
        transaction.set_rollback(True)


def _check_property(coop, entries):
    with cooperative_context(coop.pk):
        accounts = {a.system_key: a for a in Account.objects.filter(system_key__in=ACCOUNT_KEYS)}
        for n, (debits, credit_keys, month, reverse) in enumerate(entries):
            total = sum((amount for _key, amount in debits), D("0"))
            # split the total over the credit accounts; the last takes the remainder
            share = (total / len(credit_keys)).quantize(D("0.01"))
            credits = [share] * (len(credit_keys) - 1)
            credits.append(total - sum(credits, D("0")))
            lines = [Line(accounts[key], debit=amount) for key, amount in debits]
            lines += [
                Line(accounts[key], credit=amount)
                for key, amount in zip(credit_keys, credits, strict=True)
                if amount > 0
            ]
            if len(lines) < 2 or all(line.credit == 0 for line in lines):
                continue
            entry = post_entry(date=datetime.date(2025, month, 15), source=("tests.prop", n), purpose="p", lines=lines)
            if reverse:
                reverse_entry(entry, date=datetime.date(2025, month, 20), reason="prop")
        year = Range(Month(2025, 1), Month(2025, 12))
        tb = trial_balance(year)
        assert tb.totals["debit"] == tb.totals["credit"]
        assert tb.checks["balanced"]
        for month in (3, 12):
            sheet = balance_sheet(Month(2025, month))
            totals = sheet.totals
            assert totals["assets"] == totals["liabilities"] + totals["equity"], totals
            assert sheet.checks["balanced"]
        assert income_statement(year).totals["shu"] == balance_sheet(Month(2025, 12)).totals["current_shu"]
