"""A member opens the portal on a phone in Chromium: their savings balances and their loan's schedule."""

import datetime

import pytest

from koperasi.tenancy.context import cooperative_context
from members import services
from tests.e2e.conftest import log_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.members import ActiveMemberFactory, disbursed_loan, funded_account
from tests.factories.tenancy import CooperativeFactory, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_sees_balances_and_the_loan_schedule_on_a_phone(live_server, phone_page):
    coop = CooperativeFactory(name="KUD Mina Bahari", slug="kud-mina")
    manager = user_with_role(coop, "manager", username="ketua")
    with cooperative_context(coop.pk):
        member = ActiveMemberFactory(name="Slamet Riyadi")
        user = UserFactory(username="slamet", full_name="Slamet Riyadi")
        services.link_user(actor=manager, member=member, user=user)
        funded_account("100000", member=member, kind="pokok")
        funded_account("60000", member=member, kind="wajib")
        funded_account("275000", member=member)
        loan = disbursed_loan("1200000", 12, member=member, on=datetime.date(2026, 1, 10))
        other = ActiveMemberFactory(name="Sutrisno")
        funded_account("999000", member=other)

    log_in(phone_page, live_server.url, "slamet", PASSWORD)
    phone_page.goto(f"{live_server.url}/k/kud-mina/members/portal/")
    assert "Slamet Riyadi" in phone_page.locator("h1").inner_text()
    assert "Rp 100.000" in phone_page.get_by_test_id("balance-pokok").inner_text()
    assert "Rp 60.000" in phone_page.get_by_test_id("balance-wajib").inner_text()
    assert "Rp 275.000" in phone_page.get_by_test_id("balance-sukarela").inner_text()
    assert "Rp 435.000" in phone_page.get_by_test_id("savings-total").inner_text()
    body = phone_page.locator("main").inner_text()
    assert "Sutrisno" not in body and "999.000" not in body
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    # item 10: the next instalment, with its date and amount, on the start page
    assert phone_page.get_by_test_id("next-due").inner_text() == "Angsuran berikutnya Rp 112.000 pada 10 Feb 2026"

    phone_page.get_by_test_id(f"portal-loan-{loan.pk}").get_by_role("link").click()
    phone_page.wait_for_load_state("networkidle")
    schedule = phone_page.get_by_test_id("schedule")
    assert schedule.is_visible()
    rows = schedule.locator("tbody tr")
    assert rows.count() == 12
    assert "10 Feb 2026" in rows.nth(0).inner_text() and "112.000" in rows.nth(0).inner_text()  # 100,000 + 1 %
    assert phone_page.get_by_test_id("arrears").is_visible()
    assert "1.200.000" in phone_page.get_by_test_id("outstanding").inner_text()
    # item 10: the schedule is one card per instalment on a phone, never wider than the screen
    widest = phone_page.evaluate("Math.max(...[...document.querySelectorAll('table')].map(t => t.scrollWidth))")
    assert widest <= 360
    header = "getComputedStyle(document.querySelector('[data-testid=schedule] thead')).position"
    assert phone_page.evaluate(header) == "absolute"  # the column names move into each card
