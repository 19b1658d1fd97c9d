"""Dates have bounds: nothing is posted into a month the fiscal-year set-up did not make, after
today, or on or before a closed month (issue 26, item 4: each case was accepted before)."""

import datetime
from decimal import Decimal

import pytest

from koperasi.ledger.error_codes import LedgerError, LedgerErrorCode
from koperasi.ledger.models import FiscalPeriod, PeriodStatus
from koperasi.ledger.services import close_period, close_year, open_fiscal_year, reopen_period
from tests.factories.ledger import post_simple
from tests.factories.tenancy import BOOKS_OPEN_FROM

pytestmark = pytest.mark.django_db
D = Decimal


def _refused(day) -> LedgerErrorCode:
    with pytest.raises(LedgerError) as error:
        post_simple(date=day)
    return error.value.code


@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(1899, 12, 31), datetime.date(1900, 1, 1)])
def test_a_month_before_the_books_began_is_refused_and_no_period_is_made(in_coop, day):
    periods = FiscalPeriod.objects.count()
    assert _refused(day) == LedgerErrorCode.NO_PERIOD
    assert FiscalPeriod.objects.count() == periods


@pytest.mark.parametrize("day", [datetime.date(2099, 1, 1), datetime.date(9999, 12, 31)])
def test_a_date_after_today_is_refused(in_coop, day):
    periods = FiscalPeriod.objects.count()
    assert _refused(day) == LedgerErrorCode.FUTURE_DATE
    assert FiscalPeriod.objects.count() == periods


def test_a_configured_margin_admits_scheduled_documents(in_coop, settings):
    settings.LEDGER_FUTURE_DAYS = 40
    soon = datetime.date.today() + datetime.timedelta(days=30)
    open_fiscal_year(actor=None, fiscal_year=soon.year)
    assert post_simple(date=soon).is_posted


def test_closing_a_month_locks_every_month_before_it(in_coop, manager):
    close_period(actor=manager, year=2025, month=6)
    assert _refused(datetime.date(2025, 5, 20)) == LedgerErrorCode.PERIOD_CLOSED
    assert _refused(datetime.date(2020, 3, 1)) == LedgerErrorCode.PERIOD_CLOSED
    assert not FiscalPeriod.objects.filter(status=PeriodStatus.OPEN, year__lt=2025).exists()
    assert FiscalPeriod.objects.get(year=2025, month=5).status == PeriodStatus.CLOSED
    assert post_simple(date=datetime.date(2025, 7, 1)).is_posted


def test_an_earlier_month_reopens_only_after_the_later_ones(in_coop, manager):
    close_period(actor=manager, year=2025, month=6)
    with pytest.raises(LedgerError) as error:
        reopen_period(actor=manager, year=2025, month=5, reason="koreksi")
    assert error.value.code == LedgerErrorCode.PERIOD_ORDER
    reopen_period(actor=manager, year=2025, month=6, reason="koreksi")
    reopen_period(actor=manager, year=2025, month=5, reason="koreksi")
    assert post_simple(date=datetime.date(2025, 5, 20)).is_posted


def test_a_year_before_the_books_or_not_yet_ended_cannot_be_closed(in_coop, manager):
    with pytest.raises(LedgerError) as before:
        close_year(actor=manager, fiscal_year=BOOKS_OPEN_FROM - 1)
    assert before.value.code == LedgerErrorCode.NO_PERIOD
    with pytest.raises(LedgerError) as unfinished:
        close_year(actor=manager, fiscal_year=datetime.date.today().year)
    assert unfinished.value.code == LedgerErrorCode.PERIOD_ORDER


def test_a_fiscal_year_is_opened_once_and_only_within_bounds(in_coop):
    assert len(open_fiscal_year(actor=None, fiscal_year=2019)) == 12
    assert len(open_fiscal_year(actor=None, fiscal_year=2019)) == 12  # idempotent
    for far in (1989, datetime.date.today().year + 2):
        with pytest.raises(LedgerError):
            open_fiscal_year(actor=None, fiscal_year=far)


def test_the_api_answers_a_bounded_date_with_a_400(client, coop, manager):
    from koperasi.ledger.selectors import account_for
    from koperasi.tenancy.context import cooperative_context

    with cooperative_context(coop.pk):
        cash, income = account_for("cash").pk, account_for("other_income").pk
    client.force_login(manager)
    lines = [{"account": cash, "debit": "1000"}, {"account": income, "credit": "1000"}]
    for day, code in (("1899-12-31", "ledger_no_period"), ("2099-01-01", "ledger_future_date")):
        body = {"date": day, "memo": "x", "lines": lines, "key": f"bounded-{day}"}
        response = client.post(f"/api/v1/k/{coop.slug}/ledger/entries/", body, content_type="application/json")
        assert response.status_code == 400, response.content
        assert code in str(response.json()), response.json()


def test_a_manager_opens_an_earlier_fiscal_year_through_the_api_and_the_page(client, coop, manager):
    client.force_login(manager)
    opened = client.post(f"/api/v1/k/{coop.slug}/ledger/periods/open-year/", {"fiscal_year": 2018})
    assert opened.status_code == 200 and len(opened.json()["periods"]) == 12
    page = client.post(f"/k/{coop.slug}/ledger/periods/open-year/", {"fiscal_year": 2017}, follow=True)
    assert page.status_code == 200
    from koperasi.tenancy.context import cooperative_context

    with cooperative_context(coop.pk):
        assert FiscalPeriod.objects.filter(year__in=(2017, 2018)).count() == 24


def test_the_monthly_job_opens_the_coming_fiscal_year_before_it_starts(coop):
    from koperasi.ledger.tasks import open_fiscal_years_for_all_cooperatives
    from koperasi.tenancy.context import cooperative_context

    coming = datetime.date.today() + datetime.timedelta(days=31)
    assert open_fiscal_years_for_all_cooperatives() >= 1  # runs each cooperative's task (eager in tests)
    with cooperative_context(coop.pk):
        assert FiscalPeriod.objects.filter(year=coming.year, month=coming.month).exists()
