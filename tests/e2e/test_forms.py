"""Forms in Chromium, in Bahasa Indonesia (issue 17)."""

import re

import pytest

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
