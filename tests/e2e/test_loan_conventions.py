"""The conventions pages in Chromium: a manager reads a loan product's terms, a contract, the credit lines
and the savings tax rules; a member on a 360 px phone simulates a loan, reads how last month's jasa was worked
out and sees their credit line — nothing wider than the screen."""

from decimal import Decimal

import pytest
from django.utils import timezone

from koperasi.ledger.fiscal import Month
from koperasi.tenancy.context import cooperative_context
from members import services
from members.credit_lines import services as credit_lines
from members.loans import services as loans
from members.savings import services as savings
from members.savings.models import SavingsAccount, SavingsProduct
from tests.artifacts import artifacts_dir
from tests.e2e.conftest import log_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.members import ActiveMemberFactory, LoanProductFactory
from tests.factories.tenancy import CooperativeFactory, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)
D = Decimal


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.fixture
def ksp(live_server):
    coop = CooperativeFactory(name="KSU Argopuro", slug="ksu-argopuro")
    manager = user_with_role(coop, "manager", username="manajer")
    staff = user_with_role(coop, "staff", username="kasir")
    today = timezone.localdate()
    with cooperative_context(coop.pk):
        member = ActiveMemberFactory(name="Sri Wahyuni")
        user = UserFactory(username="sri", full_name="Sri Wahyuni")
        services.link_user(actor=manager, member=member, user=user)
        first = Month.of(today).plus(-1).first_day
        account = SavingsAccount.objects.create(
            member=member, product=SavingsProduct.objects.get(kind="sukarela"), kind="sukarela", opened_on=first
        )
        savings.deposit(account=account, amount=D("1200000"), date=first)
        product = LoanProductFactory(
            name="Pinjaman anuitas (bunga efektif)", interest_method="annuity", rate=D("0.18"), rate_period="year",
            rate_conversion="effective", day_count="act/365", rounding="cents", instalment_multiple=D("1000"),
            max_term_periods=24,
        )  # fmt: skip
        loan = loans.apply_for_loan(
            actor=staff, member=member, product=product, amount=D("6000000"), term_periods=12, applied_on=today
        )
        line = credit_lines.open_credit_line(actor=manager, member=member, limit=D("5000000"), rate=D("0.18"), on=first)
        credit_lines.draw(actor=staff, line=line, amount=D("1500000"), date=first)
    return {"coop": coop, "product": product, "loan": loan, "line": line, "account": account}


def test_a_manager_reads_the_terms_the_contract_the_credit_lines_and_the_tax_rules(live_server, page, ksp):
    base = f"{live_server.url}/k/ksu-argopuro/members"
    log_in(page, live_server.url, "manajer", PASSWORD)
    shots = artifacts_dir()
    page.goto(f"{base}/loans/products/{ksp['product'].pk}/terms/")
    assert page.get_by_test_id("period-rate").inner_text().startswith("1,3888")
    page.get_by_test_id("quote-steps").locator("summary").click()
    assert page.get_by_test_id("quote-steps").locator("li").count() > 3
    page.screenshot(path=str(shots / "loan-product-terms.png"), full_page=True)
    page.goto(f"{base}/loans/{ksp['loan'].pk}/contract/")
    assert "%" in page.get_by_test_id("effective-rate").inner_text()
    assert page.get_by_test_id("quote-schedule").locator("tbody tr").count() == 12
    page.screenshot(path=str(shots / "loan-contract.png"), full_page=True)
    page.goto(f"{base}/credit-lines/{ksp['line'].pk}/")
    assert "1.500.000" in page.get_by_test_id("drawn").inner_text()
    assert page.get_by_test_id("line-interest").is_visible()
    page.screenshot(path=str(shots / "credit-line.png"), full_page=True)
    page.goto(f"{base}/savings/products/")
    assert "PP 15/2009" in page.get_by_test_id("tax-rules").inner_text()
    page.screenshot(path=str(shots / "savings-products-tax-rules.png"), full_page=True)


def test_a_member_on_a_phone_simulates_reads_the_jasa_and_sees_the_credit_line(live_server, phone_page, ksp):
    base = f"{live_server.url}/k/ksu-argopuro/members/portal"
    log_in(phone_page, live_server.url, "sri", PASSWORD)
    shots = artifacts_dir()
    phone_page.goto(f"{base}/")
    assert "1.500.000" in phone_page.get_by_test_id("portal-credit-lines").inner_text()
    assert overflow(phone_page) <= 0
    phone_page.goto(f"{base}/simulation/?product={ksp['product'].pk}&amount=6.000.000&term_periods=12")
    assert "%" in phone_page.get_by_test_id("effective-rate").inner_text()
    assert overflow(phone_page) <= 0
    phone_page.screenshot(path=str(shots / "portal-simulation-phone.png"), full_page=True)
    phone_page.goto(f"{base}/savings/{ksp['account'].pk}/")
    explained = phone_page.get_by_test_id("interest-explained")
    explained.locator("summary").click()
    assert "1200000 × 0.03 / 12" in explained.inner_text()
    assert overflow(phone_page) <= 0
    phone_page.screenshot(path=str(shots / "portal-savings-jasa-phone.png"), full_page=True)
