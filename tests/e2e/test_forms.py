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
