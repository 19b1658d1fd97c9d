"""The sales pages: staff add a customer, take an order, ship it from the lots, invoice it with PPN and
record the payment; the invoice prints, the delivery note traces back to the farmers."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.models import Cooperative
from processing.models import Customer, Invoice, SalesOrder, Shipment
from tests.factories.processing import coconut_plant, run_batch
from tests.factories.procurement import SupplierFactory, delivery
from tests.factories.tenancy import user_with_role

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def flour(coop):
    Cooperative.objects.filter(pk=coop.pk).update(ppn_rate=D("11"))
    with cooperative_context(coop.pk):
        world = coconut_plant()
        delivery(SupplierFactory(name="Darsono"), world["material"], "1200", on=datetime.date(2026, 2, 1))
        run_batch(world)  # 148 kg of flour on 10 Feb
        return world["flour"]


def test_an_order_is_taken_shipped_invoiced_and_paid_on_the_pages(client, coop, staff, flour):
    client.force_login(staff)
    customers = reverse("processing:customers", kwargs={"slug": coop.slug})
    refused = client.post(customers, {"name": "Ibu Ani", "kind": "member", "payment_days": "30"})
    assert refused.status_code == 400 and "member" in refused.content.decode().lower()
    domestic = {"name": "PT Pangan Nusantara", "kind": "domestic", "payment_days": "14"}
    assert client.post(customers, domestic).status_code == 302
    with cooperative_context(coop.pk):
        customer = Customer.objects.get()
    orders = reverse("processing:orders", kwargs={"slug": coop.slug})
    made = client.post(orders, {"customer": customer.pk, "ordered_on": "2026-02-11", "product": flour.pk,
                                "quantity": "100", "unit_price": "30.000"})  # fmt: skip
    assert made.status_code == 302
    page = made["Location"]
    shipped = client.post(page, {"action": "ship", "shipped_on": "2026-02-12", "order_line": "", "quantity": ""})
    assert shipped.status_code == 302  # everything left: 100 of the 148 kg
    with cooperative_context(coop.pk):
        shipment = Shipment.objects.get()
        assert SalesOrder.objects.get().status == "shipped"
    invoiced = client.post(page, {"action": f"invoice:{shipment.pk}", "issued_on": "2026-02-12"})
    assert invoiced.status_code == 302
    with cooperative_context(coop.pk):
        invoice = Invoice.objects.get()
    assert (invoice.subtotal, invoice.ppn, invoice.total) == (D("3000000"), D("330000"), D("3330000"))
    over = client.post(page, {"action": f"pay:{invoice.pk}", "paid_on": "2026-02-20", "amount": "4.000.000",
                              "account": "bank"})  # fmt: skip
    assert over.status_code == 400 and "3.330.000" in over.content.decode()
    paid = client.post(page, {"action": f"pay:{invoice.pk}", "paid_on": "2026-02-20", "amount": "3.330.000",
                              "account": "bank"})  # fmt: skip
    assert paid.status_code == 302
    shown = client.get(page).content.decode()
    assert shipment.number in shown and invoice.number in shown
    pdf = client.get(reverse("processing:invoice-pdf", kwargs={"slug": coop.slug, "pk": invoice.pk}))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    trace = client.get(reverse("processing:shipment-trace", kwargs={"slug": coop.slug, "pk": shipment.pk}))
    assert "Darsono" in trace.content.decode() and "PT Pangan Nusantara" in trace.content.decode()
    trace_pdf = client.get(reverse("processing:shipment-trace-pdf", kwargs={"slug": coop.slug, "pk": shipment.pk}))
    assert trace_pdf.content.startswith(b"%PDF")
    listing = client.get(orders).content.decode()
    assert "PT Pangan Nusantara" in listing
    export = client.get(reverse("processing:invoice-export", kwargs={"slug": coop.slug}))
    assert export.status_code == 200 and export.content.startswith(b"PK")


def test_an_assessor_reads_the_sales_but_cannot_order(client, coop, flour):
    client.force_login(user_with_role(coop, "assessor"))
    orders = reverse("processing:orders", kwargs={"slug": coop.slug})
    assert client.get(orders).status_code == 200
    client.post(orders, {"customer": "1", "ordered_on": "2026-02-11", "product": flour.pk, "quantity": "1",
                         "unit_price": "1"})  # fmt: skip
    with cooperative_context(coop.pk):
        assert not SalesOrder.objects.exists()
