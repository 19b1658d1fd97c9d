"""Calculators in Chromium (issue 17 item 12): rows added and removed, a chart, inside the cooperative."""

import pytest

from tests.artifacts import artifacts_dir
from tests.e2e.conftest import log_in
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_item_12_a_measure_is_added_as_a_row_and_the_scores_are_drawn(live_server, page, coop, staff):
    log_in(page, live_server.url, staff.username, PASSWORD)
    page.goto(f"{live_server.url}/k/{coop.slug}/calculators/bsc/")
    assert page.locator("nav").get_by_text("Anggota").count() > 0  # the cooperative's menus are kept
    rows = page.locator("[data-formset] [data-formset-row]:visible")
    assert rows.count() == 4
    page.get_by_role("button", name="Tambah ukuran").click()
    assert rows.count() == 5
    new = rows.nth(4)
    new.locator("input[name$='-name']").fill("Retur penjualan (%)")
    new.locator("select[name$='-perspective']").select_option("customer")
    new.locator("input[name$='-first']").fill("0,5")
    new.locator("input[name$='-target']").fill("1")
    new.locator("select[name$='-direction']").select_option("lower_is_better")
    new.locator("input[name$='-middle_from']").fill("1")
    new.locator("input[name$='-middle_to']").fill("2")
    rows.nth(1).locator("input[name$='-DELETE']").check()  # sales growth: removed
    assert rows.count() == 4
    page.get_by_role("button", name="Hitung", exact=True).click()
    result = page.get_by_test_id("result")
    result.wait_for()
    assert "Retur penjualan (%)" in result.inner_text() and "Tingkat Penjualan" not in result.inner_text()
    chart = page.get_by_test_id("chart")
    assert chart.is_visible() and chart.locator(".bar").count() == 4  # three perspectives and the overall score
    assert rows.count() == 4  # the removed row stays removed on the page shown again
    page.screenshot(path=str(artifacts_dir() / "calculator-bsc.png"), full_page=True)
