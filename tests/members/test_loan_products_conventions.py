"""Loan products with every convention, through the product: the simulation, the application, the
contract and the portal show one schedule from one code path; a loan keeps the terms it was applied
with; a product whose conventions make no schedule is refused with the field named."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from koperasi.money import format_rupiah
from koperasi.tenancy.context import cooperative_context
from members import services as member_services
from members.loans import selectors
from members.loans import services as loans
from members.loans.models import LoanInstallment
from members.loans.terms import loan_schedule
from tests.factories.accounts import UserFactory
from tests.factories.members import ActiveMemberFactory, LoanProductFactory, funded_account
from tests.factories.tenancy import user_with_role
from tests.members.page_errors import page_errors

pytestmark = pytest.mark.django_db
D = Decimal

# A KSP's effective-rate product: 18 % a year compounded to the month, actual/365 interest days, the
# instalment rounded up to Rp 1.000, a one-period interest-free grace, fees withheld.
EFFECTIVE_PRODUCT = {
    "code": "efektif",
    "interest_method": "annuity",
    "rate": D("0.18"),
    "rate_period": "year",
    "rate_conversion": "effective",
    "day_count": "act/365",
    "rounding": "cents",
    "instalment_multiple": D("1000"),
    "instalment_rounding": "up",
    "grace_periods": 1,
    "grace_kind": "interest_free",
    "admin_fee_rate": D("0.01"),
    "provision_rate": D("0.005"),
    "max_term_periods": 24,
}


def url(name, coop, **kwargs):
    return reverse(f"members:{name}", kwargs={"slug": coop.slug, **kwargs})


def quote_table(html: str) -> str:
    """The schedule table of the shared ``_quote.html`` partial, as rendered."""
    start = html.index('data-testid="quote-schedule"')
    return html[start : html.index("</table>", start)]


def rows(schedule) -> list[tuple]:
    return [(line.number, line.due_date, line.principal, line.interest) for line in schedule.stored_instalments()]


@pytest.fixture
def member_user(coop, manager):
    with cooperative_context(coop.pk):
        member = ActiveMemberFactory(name="Sri Wahyuni")
        user = UserFactory(username="sri")
        member_services.link_user(actor=manager, member=member, user=user)
        funded_account("500000", member=member)
        product = LoanProductFactory(**EFFECTIVE_PRODUCT)
    return member, user, product


def test_simulation_application_contract_and_portal_show_the_same_schedule(client, coop, manager, member_user):
    member, user, product = member_user
    today = timezone.localdate()
    client.force_login(user)
    asked = {"product": product.pk, "amount": "6.000.000", "term_periods": "12"}
    simulated = client.get(url("portal-simulation", coop), asked)
    assert simulated.status_code == 200
    simulated_table = quote_table(simulated.content.decode())

    maker, checker = user_with_role(coop, "staff", username="kasir"), manager
    with cooperative_context(coop.pk):
        loan = loans.apply_for_loan(
            actor=maker, member=member, product=product, amount=D("6000000"), term_periods=12, applied_on=today
        )
        quoted = loans.quote_loan(member=member, product=product, amount=D("6000000"), term_periods=12, on=today)
    client.force_login(checker)
    review = client.get(url("loan-detail", coop, pk=loan.pk)).content.decode()
    contract = client.get(url("loan-contract", coop, pk=loan.pk)).content.decode()
    assert quote_table(review) == quote_table(contract) == simulated_table
    effective = re.search(r'data-testid="effective-rate">([^<]+)<', contract).group(1)
    assert effective in simulated.content.decode() and effective in review

    with cooperative_context(coop.pk):
        loans.approve_loan(actor=checker, loan=loan, on=today)
        loans.disburse_loan(actor=maker, loan=loan, on=today)
        stored = [
            (row.number, row.due_date, row.principal, row.interest)
            for row in LoanInstallment.objects.filter(loan=loan).order_by("number")
        ]
        terms = selectors.contract_terms(loan, today)
    assert stored == rows(quoted.schedule) == rows(terms.schedule)
    assert sum(row[2] for row in stored) == D("6000000.00")
    assert stored[0][2] == stored[0][3] == 0  # the interest-free grace period
    client.force_login(checker)
    assert quote_table(client.get(url("loan-contract", coop, pk=loan.pk)).content.decode()) == simulated_table
    client.force_login(user)
    portal = client.get(url("portal-loan", coop, pk=loan.pk)).content.decode()
    assert f'data-testid="effective-rate">{effective}<' in portal
    schedule = portal[portal.index('data-testid="schedule"') :]
    for _number, _due, principal, interest in stored:  # the member's page lists the stored rows
        assert format_rupiah(principal + interest, 0) in schedule


def test_the_contract_prints_as_pdf(client, coop, manager, member_user):
    member, _user, product = member_user
    with cooperative_context(coop.pk):
        loan = loans.apply_for_loan(
            actor=manager, member=member, product=product, amount=D("2000000"), term_periods=6,
            applied_on=timezone.localdate(),
        )  # fmt: skip
    client.force_login(manager)
    pdf = client.get(url("loan-contract", coop, pk=loan.pk), {"format": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_loan_keeps_its_terms_when_the_product_changes(coop, manager, member_user):
    member, _user, product = member_user
    today = timezone.localdate()
    with cooperative_context(coop.pk):
        loan = loans.apply_for_loan(
            actor=manager, member=member, product=product, amount=D("3000000"), term_periods=6, applied_on=today
        )
        before = rows(loan_schedule(loan, disbursed_on=today))
        loans.save_loan_product(
            actor=manager, product=product, rate=D("0.30"), day_count="30/360", frequency="weekly", grace_periods=0
        )
        loan.refresh_from_db()
        assert (loan.rate, loan.day_count, loan.frequency, loan.grace_periods) == (D("0.18"), "act/365", "monthly", 1)
        assert rows(loan_schedule(loan, disbursed_on=today)) == before


def test_a_loan_asked_for_by_its_instalment_gets_its_term_from_it(coop, manager, member_user):
    member, _user, product = member_user
    with cooperative_context(coop.pk):
        product = LoanProductFactory(interest_method="declining", rate=D("0.02"), max_term_periods=24)
        loan = loans.apply_for_loan(
            actor=manager, member=member, product=product, amount=D("1000000"), term_periods=None,
            fixed_instalment=D("150000"), applied_on=datetime.date(2026, 3, 2),
        )  # fmt: skip
    # 2 % a month on the balance: 1.000.000 is repaid by 7 instalments of 150.000 and a smaller eighth.
    schedule = loan_schedule(loan, disbursed_on=loan.applied_on)
    assert loan.term_periods == len(schedule.instalments) == 8
    assert {line.total for line in schedule.instalments[:-1]} == {D("150000")}
    assert schedule.instalments[-1].total < D("150000")
    with cooperative_context(coop.pk), pytest.raises(Exception) as refused:
        loans.apply_for_loan(
            actor=manager, member=member, product=product, amount=D("1000000"), term_periods=None,
            fixed_instalment=D("20000"), applied_on=datetime.date(2026, 3, 2),
        )  # fmt: skip
    assert "fixed_instalment" in refused.value.message_dict


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"frequency": "weekly", "principal_months": "4-10"}, "principal_months"),
        ({"balloon_share": D("1.5")}, "balloon_share"),
        ({"instalment_multiple": D("-100")}, "instalment_multiple"),
    ],
)
def test_a_product_whose_conventions_make_no_schedule_is_refused(coop, manager, change, field):
    from django.core.exceptions import ValidationError

    with cooperative_context(coop.pk):
        product = LoanProductFactory()
        with pytest.raises(ValidationError) as refused:
            loans.save_loan_product(actor=manager, product=product, **change)
    assert field in refused.value.message_dict


def test_the_product_page_explains_the_rate_conversion_with_a_worked_example(client, coop, staff, member_user):
    _member, _user, product = member_user
    client.force_login(staff)
    html = client.get(url("loan-product-detail", coop, pk=product.pk)).content.decode()
    # (1 + 18 %)^(1/12) − 1 = 1,3888 % a month
    assert 'data-testid="period-rate">1,3888' in html
    assert 'data-testid="quote-schedule"' in html and 'data-testid="quote-steps"' in html
    assert 'data-testid="effective-rate"' in html


def test_the_application_form_takes_the_term_or_the_instalment(client, coop, staff, member_user):
    member, _user, product = member_user
    client.force_login(staff)
    form = {"member": member.member_no, "product": product.pk, "amount": "1.000.000", "applied_on": "2026-03-02"}
    neither = client.post(url("loan-apply", coop), form)
    assert neither.status_code == 400
    assert page_errors(neither) == {"term_periods": ["Give either the number of instalments or the instalment."]}
    by_instalment = client.post(url("loan-apply", coop), {**form, "fixed_instalment": "200.000"})
    assert by_instalment.status_code == 302


def test_the_simulation_api_discloses_the_effective_rate_and_its_steps(client, coop, staff):
    client.force_login(staff)
    body = {"amount": "10000000", "term_periods": 12, "rate": "0.01", "rate_period": "month", "method": "flat"}
    response = client.post(f"/api/v1/k/{coop.slug}/loan-simulations/schedule/", body, content_type="application/json")
    assert response.status_code == 200
    result = response.json()
    # flat 1 % a month is 12 % a year flat, about 21,46 % a year as the IRR × 12
    assert result["disclosure"]["flat_annual"] == "0.120000"
    assert D("0.23") < D(result["disclosure"]["effective_annual"]) < D("0.24")
    assert result["steps"] and {"label", "formula", "value"} <= set(result["steps"][0])
    assert sum(D(line["principal"]) for line in result["instalments"]) == D("10000000")


def test_a_member_cannot_open_the_staff_contract_page(client, coop, staff, member_user):
    member, _user, product = member_user
    with cooperative_context(coop.pk):
        maker = staff
        loan = loans.apply_for_loan(
            actor=maker, member=member, product=product, amount=D("1000000"), term_periods=6,
            applied_on=timezone.localdate(),
        )  # fmt: skip
    client.force_login(member_user[1])
    assert client.get(url("loan-contract", coop, pk=loan.pk)).status_code == 403
