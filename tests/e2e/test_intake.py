"""A collection point on a phone (issue 18): five deliveries in a row, keyboard only, with the running total."""

from decimal import Decimal

import pytest

from koperasi.tenancy.context import cooperative_context
from procurement.models import Delivery
from tests.e2e.conftest import log_in
from tests.factories.accounts import PASSWORD
from tests.factories.procurement import MemberSupplierFactory, milk

pytestmark = pytest.mark.django_db(transaction=True)


def test_five_milk_deliveries_in_a_row_with_the_keyboard_on_a_phone(live_server, phone_page, coop, staff):
    with cooperative_context(coop.pk):
        material = milk()
        farmers = [MemberSupplierFactory() for _ in range(5)]
    page = phone_page
    log_in(page, live_server.url, staff.username, PASSWORD)
    page.goto(
        f"{live_server.url}/k/{coop.slug}/supply/deliveries/intake/?material={material.pk}&collection_point=TPK+Cipanas"
    )
    for number, farmer in enumerate(farmers, start=1):
        page.locator("input[name=supplier]:focus").wait_for()  # the form opens on the supplier box
        page.keyboard.type(farmer.code)
        page.keyboard.press("Tab")
        page.keyboard.type(f"{10 + number},5")  # litres, typed the Indonesian way
        page.keyboard.press("Tab")  # rejected: none
        page.keyboard.press("Tab")  # grade: none
        page.keyboard.press("Tab")  # original farmer: none
        page.keyboard.press("Tab")
        page.keyboard.type("3,8")  # fat
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert f"Hari ini: {number} setoran" in page.get_by_test_id("running-total").inner_text()
    total = page.get_by_test_id("running-total").inner_text()
    assert "67,5 liter" in total  # 11,5 + 12,5 + 13,5 + 14,5 + 15,5
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    with cooperative_context(coop.pk):
        assert Delivery.objects.count() == 5
        assert {d.unit_price for d in Delivery.objects.all()} == {Decimal("6150.00")}  # fat 3,8: 3 steps
