"""Forms in Chromium, in Bahasa Indonesia (issue 17)."""

import datetime
import re
from decimal import Decimal

import pytest

from koperasi.tenancy.context import cooperative_context
from tests.e2e.conftest import log_in
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_item_3_a_date_input_shows_its_date_instead_of_an_empty_field(live_server, page, coop, manager):
    """The browser accepts only ISO values: Django's Indonesian "04-12-2026" left the field empty."""
    log_in(page, live_server.url, manager.username, PASSWORD)
    page.goto(f"{live_server.url}/k/{coop.slug}/ledger/entries/new/")
    value = page.locator("input[type=date][name=date]").input_value()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), value


def test_closing_a_month_asks_first_and_nothing_closes_when_declined(live_server, page, coop, manager):
    from koperasi.ledger.models import FiscalPeriod
    from koperasi.tenancy.context import cooperative_context

    log_in(page, live_server.url, manager.username, PASSWORD)
    page.goto(f"{live_server.url}/k/{coop.slug}/ledger/periods/")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.locator("form[data-confirm] button[type=submit]").first.click()
    page.wait_for_timeout(300)
    assert questions and "Semua bulan sebelumnya yang masih terbuka ikut ditutup" in questions[0]
    with cooperative_context(coop.pk):
        assert not FiscalPeriod.objects.filter(status="closed").exists()
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.locator("form[data-confirm] button[type=submit]").first.click()
    with cooperative_context(coop.pk):
        assert FiscalPeriod.objects.filter(status="closed").exists()


def test_item_13_journal_numbers_and_dates_do_not_wrap_on_a_phone(live_server, phone_page, coop, manager):
    from koperasi.tenancy.context import cooperative_context
    from tests.factories.ledger import post_simple

    with cooperative_context(coop.pk):
        post_simple(date=datetime.date.today(), memo="Setoran modal awal koperasi dari para anggota pendiri")
    log_in(phone_page, live_server.url, manager.username, PASSWORD)
    phone_page.goto(f"{live_server.url}/k/{coop.slug}/ledger/")
    cells = phone_page.locator("tbody td.ref")
    assert cells.count() == 2
    for cell in cells.all():
        lines = cell.evaluate(
            "c => { const text = document.createRange(); text.selectNodeContents(c);"
            " return text.getBoundingClientRect().height / parseFloat(getComputedStyle(c).lineHeight); }"
        )
        assert lines < 2, cell.inner_text()


def test_item_13_menus_close_on_an_outside_click_and_never_overlap(live_server, page, coop, manager):
    log_in(page, live_server.url, manager.username, PASSWORD)
    page.goto(f"{live_server.url}/k/{coop.slug}/")
    members, ledger = (
        page.locator("nav details").filter(has_text="Anggota"),
        page.locator("nav details").filter(has_text="Pembukuan"),
    )
    members.locator("summary").click()
    assert members.get_attribute("open") is not None
    ledger.locator("summary").click()
    assert ledger.get_attribute("open") is not None and members.get_attribute("open") is None
    page.locator("main").click(position={"x": 5, "y": 5})
    assert page.locator("nav details[open]").count() == 0


def test_item_13_the_current_page_is_highlighted_in_the_menus(live_server, page, coop, manager):
    from koperasi.tenancy.context import cooperative_context
    from tests.factories.ledger import post_simple

    with cooperative_context(coop.pk):
        entry = post_simple(date=datetime.date.today())
    log_in(page, live_server.url, manager.username, PASSWORD)
    page.goto(f"{live_server.url}/k/{coop.slug}/ledger/entries/{entry.pk}/")
    assert page.locator("nav.toolbar a[aria-current=page]").inner_text() == "Jurnal"
    assert page.locator(".mainnav a[aria-current=page]").text_content() == "Pembukuan"
    assert "current" in page.locator(".mainnav details").filter(has_text="Pembukuan").get_attribute("class")
    page.goto(f"{live_server.url}/k/{coop.slug}/ledger/reports/trial-balance/")
    assert page.locator("nav.toolbar a[aria-current=page]").inner_text() == "Neraca saldo"


def test_item_4_an_amount_is_typed_as_people_write_it(live_server, page, coop, manager):
    """Typing 1500000 shows 1.500.000; saving it deposits one and a half million, not 1.5 or 1,500."""
    from members.savings.models import SavingsAccount
    from tests.factories.members import funded_account

    with cooperative_context(coop.pk):
        account = funded_account("100000")
    log_in(page, live_server.url, manager.username, PASSWORD)
    page.goto(f"{live_server.url}/k/{coop.slug}/members/savings/{account.pk}/")
    amount = page.locator("input[name=deposit-amount]")
    amount.click()
    page.keyboard.type("1500000")
    assert amount.input_value() == "1.500.000"
    with page.expect_navigation():
        page.get_by_role("button", name="Catat setoran").click()
    with cooperative_context(coop.pk):
        assert SavingsAccount.objects.get(pk=account.pk).balance == Decimal("1600000.00")

    page.goto(f"{live_server.url}/k/{coop.slug}/members/savings/{account.pk}/")
    amount = page.locator("input[name=deposit-amount]")
    amount.fill("1,500")
    page.get_by_role("button", name="Catat setoran").click()
    assert "bisa dibaca dua cara" in page.locator(".field-error").first.inner_text()
    with cooperative_context(coop.pk):
        assert SavingsAccount.objects.get(pk=account.pk).balance == Decimal("1600000.00")


def test_item_5_a_write_off_asks_first_and_nothing_happens_when_declined(live_server, page, coop, manager):
    from members.loans.models import Loan
    from tests.factories.members import disbursed_loan

    with cooperative_context(coop.pk):
        loan = disbursed_loan("1200000", on=datetime.date.today() - datetime.timedelta(days=40))
    log_in(page, live_server.url, manager.username, PASSWORD)
    page.goto(f"{live_server.url}/k/{coop.slug}/members/loans/{loan.pk}/")
    write_off = page.locator("form[action$='/write-off/']")
    write_off.locator("textarea, input[name$=reason]").first.fill("Anggota meninggal dunia")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    write_off.locator("button[type=submit]").click()
    page.wait_for_timeout(300)
    assert questions and loan.number in questions[0] and "Rp 1.200.000" in questions[0]
    with cooperative_context(coop.pk):
        assert Loan.objects.get(pk=loan.pk).status == "disbursed"


def test_item_9_a_member_is_picked_by_name_and_named_before_saving(live_server, page, coop, staff):
    """The savings form took only a member number; now a name offers a pick list and the chosen member
    is named under the box before the account is opened."""
    from members.savings.models import SavingsAccount, SavingsProduct
    from tests.factories.members import ActiveMemberFactory

    with cooperative_context(coop.pk):
        slamet = ActiveMemberFactory(name="Slamet Riyadi")
        rahardjo = ActiveMemberFactory(name="Slamet Rahardjo")
        sukarela = SavingsProduct.objects.get(kind="sukarela")
    log_in(page, live_server.url, staff.username, PASSWORD)
    page.goto(f"{live_server.url}/k/{coop.slug}/members/savings/open/")
    member = page.locator("input[name=member]")
    member.click()
    page.keyboard.type("slamet")
    options = page.locator("datalist option")
    options.nth(1).wait_for(state="attached")
    offered = options.evaluate_all("list => list.map(option => option.value)")
    assert sorted(offered) == sorted([str(slamet), str(rahardjo)])
    assert page.locator("[data-picked]").inner_text() == ""  # two match: nobody is named yet
    page.keyboard.type(" riy")
    picked = page.locator("[data-picked]")
    picked.filter(has_text="Slamet Riyadi").wait_for()
    assert picked.inner_text().startswith(str(slamet))
    page.locator("select[name=product]").select_option(str(sukarela.pk))
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()
    with cooperative_context(coop.pk):
        assert SavingsAccount.objects.filter(member=slamet, product=sukarela).exists()
