"""The processing pages: a supervisor plans, works and finishes a batch, then traces its lot to the
farmers (HTML and PDF); an assessor reads but changes nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from koperasi.tenancy.context import cooperative_context
from processing.models import Batch, BatchStatus, FinishedGoodsLot
from tests.factories.processing import coconut_plant
from tests.factories.procurement import SupplierFactory, delivery
from tests.factories.tenancy import user_with_role

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def plant(coop):
    with cooperative_context(coop.pk):
        world = coconut_plant()
        world["delivery"] = delivery(SupplierFactory(name="Darsono"), world["material"], "1200")
        return world


def test_a_batch_is_planned_worked_finished_and_traced_on_the_pages(client, coop, staff, plant):
    client.force_login(staff)
    batches = reverse("processing:batches", kwargs={"slug": coop.slug})
    planned = client.post(batches, {"line": plant["line"].pk, "planned_on": "2026-02-10", "scale": "1",
                                    "allocation": "sales_value"})  # fmt: skip
    assert planned.status_code == 302
    page = planned["Location"]
    assert client.post(page, {"action": "add_labour", "labour-worker": plant["worker"].pk, "labour-people": "4",
                              "labour-hours": "8", "labour-wage_basis": "hok"}).status_code == 302  # fmt: skip
    ambiguous = {"action": "add_output", "output-product": plant["flour"].pk, "output-quantity": "1,500,000"}
    bad = client.post(page, ambiguous | {"output-is_main": "on"})
    assert bad.status_code == 400 and "1.500.000" in bad.content.decode()  # the Indonesian way, explained
    for product, quantity, main in ((plant["flour"], "148,5", "on"), (plant["fiber"], "118", "")):
        added = client.post(page, {"action": "add_output", "output-product": product.pk, "output-quantity": quantity,
                                   "output-is_main": main})  # fmt: skip
        assert added.status_code == 302
    assert client.post(page, {"action": "start", "on": "2026-02-10"}).status_code == 302
    assert client.post(page, {"action": "finish", "on": "2026-02-10"}).status_code == 302
    with cooperative_context(coop.pk):
        batch = Batch.objects.get()
        assert batch.status == BatchStatus.FINISHED and batch.outputs.get(is_main=True).quantity == D("148.5")
        lot = FinishedGoodsLot.objects.get(output__is_main=True)
    shown = client.get(page).content.decode()
    assert (lot.code in shown and "0,1485" in shown) or "0.1485" in shown  # the yield against 1.000 coconuts
    trace = client.get(reverse("processing:lot", kwargs={"slug": coop.slug, "pk": lot.pk})).content.decode()
    assert "Darsono" in trace and plant["delivery"].number in trace
    pdf = client.get(reverse("processing:lot-pdf", kwargs={"slug": coop.slug, "pk": lot.pk}))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    found = client.get(reverse("processing:trace", kwargs={"slug": coop.slug}), {"q": plant["delivery"].number})
    assert lot.code in found.content.decode()
    plants = client.get(reverse("processing:plants", kwargs={"slug": coop.slug}, query={"month": "2026-02"}))
    assert plants.status_code == 200 and "148,5" in plants.content.decode()
    export = client.get(reverse("processing:batch-export", kwargs={"slug": coop.slug}))
    assert export.status_code == 200 and export.content.startswith(b"PK")


def test_the_assessor_reads_the_pages_and_changes_nothing(client, coop, plant):
    client.force_login(user_with_role(coop, "assessor"))
    batches = reverse("processing:batches", kwargs={"slug": coop.slug})
    assert client.get(batches).status_code == 200
    refused = client.post(batches, {"line": plant["line"].pk, "planned_on": "2026-02-10", "scale": "1",
                                    "allocation": "weight"})  # fmt: skip
    assert refused.status_code == 403
    with cooperative_context(coop.pk):
        assert not Batch.objects.exists()
