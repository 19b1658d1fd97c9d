"""A plant supervisor on a phone (issue 19): records a batch (labour, outputs), finishes it after the
confirmation, and opens the trace of its flour lot back to the farmers who delivered the coconuts."""

import datetime

import pytest

from koperasi.tenancy.context import cooperative_context
from processing.models import Batch, BatchStatus
from tests.e2e.conftest import log_in
from tests.factories.accounts import PASSWORD
from tests.factories.processing import coconut_plant
from tests.factories.procurement import SupplierFactory, delivery

pytestmark = pytest.mark.django_db(transaction=True)


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_supervisor_records_a_batch_on_a_phone_and_traces_its_lot_to_the_farmers(live_server, phone_page, coop,
                                                                                     staff):  # fmt: skip
    today = datetime.date.today()
    with cooperative_context(coop.pk):
        plant = coconut_plant()
        delivery(SupplierFactory(name="Kelompok Tani Sari Kelapa"), plant["material"], "600",
                 on=today - datetime.timedelta(days=3))  # fmt: skip
        delivery(SupplierFactory(name="Darsono"), plant["material"], "700", on=today - datetime.timedelta(days=2))
    page = phone_page
    log_in(page, live_server.url, staff.username, PASSWORD)
    page.goto(f"{live_server.url}/k/{coop.slug}/processing/batches/")
    page.select_option("#id_line", str(plant["line"].pk))
    page.fill("#id_scale", "1")
    with page.expect_navigation():
        page.locator("form[method=post] button.primary").click()
    assert fits_the_phone(page)
    page.select_option("#id_labour-worker", str(plant["worker"].pk))
    page.fill("#id_labour-people", "4")
    page.fill("#id_labour-hours", "8")
    with page.expect_navigation():
        page.click("button[value=add_labour]")
    for product, quantity, main in ((plant["flour"], "148,5", True), (plant["fiber"], "118", False)):
        page.select_option("#id_output-product", str(product.pk))
        page.fill("#id_output-quantity", quantity)
        page.set_checked("#id_output-is_main", main)
        with page.expect_navigation():
            page.click("button[value=add_output]")
    with page.expect_navigation():
        page.click("button[value=start]")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    with page.expect_navigation():
        page.click("button[value=finish]")
    assert questions and "PB-" in questions[0]  # asked first: finishing posts and cannot be undone
    assert "148,5" in page.get_by_test_id("outputs").inner_text()
    assert fits_the_phone(page)
    with cooperative_context(coop.pk):
        batch = Batch.objects.get()
        assert batch.status == BatchStatus.FINISHED
        lot = batch.outputs.get(is_main=True).lot
    with page.expect_navigation():
        page.click(f"text={lot.code}")
    trace = page.get_by_test_id("trace").inner_text()
    assert "Kelompok Tani Sari Kelapa" in trace and "Darsono" in trace  # 600 from the first, 400 from Darsono
    assert fits_the_phone(page)
