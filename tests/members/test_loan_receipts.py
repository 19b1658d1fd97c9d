"""Loan receipts (issue 17 item 8): the bukti pencairan shows the fees withheld and the cash handed
over; the repayment receipt shows the principal still owed."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from koperasi.tenancy.context import cooperative_context
from members.loans import repayments
from tests.factories.members import disbursed_loan

pytestmark = [pytest.mark.django_db, pytest.mark.indonesian]
DAY = datetime.date(2026, 1, 10)


@pytest.fixture
def loan(coop):
    with cooperative_context(coop.pk):
        return disbursed_loan("1200000.00", 12, on=DAY)  # the product withholds a 1 % administration fee


def test_item_8_the_disbursement_receipt_shows_fees_withheld_and_cash_handed_over(client, coop, staff, loan):
    client.force_login(staff)
    url = reverse("members:loan-disbursement-receipt", kwargs={"slug": coop.slug, "pk": loan.pk})
    html = client.get(url).content.decode()
    assert "Bukti pencairan" in html and loan.number in html
    assert "Rp 1.200.000,00" in html and "Rp 12.000,00" in html and "dipotong" in html
    assert 'data-testid="receipt-amount">Rp 1.188.000,00' in html
    detail = client.get(reverse("members:loan-detail", kwargs={"slug": coop.slug, "pk": loan.pk})).content.decode()
    assert url in detail
    pdf = client.get(url, {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and f'filename="{loan.number}.pdf"' in pdf["Content-Disposition"]


def test_item_8_the_repayment_receipt_shows_what_is_still_owed(client, coop, staff, loan):
    with cooperative_context(coop.pk):
        first = repayments.repay_loan(actor=staff, loan=loan, amount=Decimal("112000"), date=DAY.replace(month=2))
        second = repayments.repay_loan(actor=staff, loan=loan, amount=Decimal("112000"), date=DAY.replace(month=3))
    client.force_login(staff)
    receipts = [
        client.get(reverse("members:loan-receipt", kwargs={"slug": coop.slug, "pk": r.pk})).content.decode()
        for r in (first, second)
    ]
    assert 'data-testid="principal-left">Rp 1.100.000,00' in receipts[0]  # 1.200.000 − 100.000
    assert 'data-testid="principal-left">Rp 1.000.000,00' in receipts[1]
    assert "js/page" in receipts[0]  # the Print button works: the page loads page.js


def test_a_loan_not_yet_disbursed_has_no_disbursement_receipt(client, coop, staff):
    from tests.factories.members import LoanFactory, maker_and_checker

    with cooperative_context(coop.pk):
        maker, _checker = maker_and_checker()
        applied = LoanFactory(maker=maker)
    client.force_login(staff)
    url = reverse("members:loan-disbursement-receipt", kwargs={"slug": coop.slug, "pk": applied.pk})
    assert client.get(url).status_code == 404


def test_item_8_the_approval_page_shows_schedule_savings_and_other_loans(client, coop, manager, loan):
    from tests.factories.members import LoanFactory, funded_account, maker_and_checker

    with cooperative_context(coop.pk):
        member = loan.member
        funded_account("350000", member=member)
        maker, _checker = maker_and_checker()
        application = LoanFactory(member=member, amount=Decimal("600000"), term_periods=6, maker=maker)
    client.force_login(manager)
    html = client.get(reverse("members:loan-detail", kwargs={"slug": coop.slug, "pk": application.pk})).content.decode()
    assert 'data-testid="application-review"' in html
    assert 'data-testid="review-savings">Rp 350.000,00' in html
    assert loan.number in html and "Rp 1.200.000,00" in html  # the running loan, nothing repaid yet
    schedule = html[html.index('data-testid="quote-schedule"') :]
    assert schedule[: schedule.index("</table>")].count("<tr><td") == 6


def test_item_10_the_next_instalment_moves_on_when_one_is_paid(coop, staff, loan):
    from members.loans.selectors import next_instalments

    with cooperative_context(coop.pk):
        assert next_instalments([loan])[loan.pk].number == 1
        repayments.repay_loan(actor=staff, loan=loan, amount=Decimal("112000"), date=DAY.replace(month=2))
        upcoming = next_instalments([loan])[loan.pk]
    assert upcoming.number == 2 and upcoming.amount_due == Decimal("112000.00")  # flat: 100.000 + 1 % of 1.200.000
