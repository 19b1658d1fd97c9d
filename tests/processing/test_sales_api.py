"""The sales API: an order taken, shipped from the lots, invoiced, paid, and its delivery note traced."""

import datetime

import pytest

from koperasi.tenancy.context import cooperative_context
from tests.factories.processing import CustomerFactory, coconut_plant, run_batch
from tests.factories.procurement import SupplierFactory, delivery

pytestmark = pytest.mark.django_db


def api(coop, path):
    return f"/api/v1/k/{coop.slug}/processing/{path}"


def send(client, method, url, body=None):
    return getattr(client, method)(url, body if body is not None else {}, content_type="application/json")


def test_an_order_goes_from_order_to_payment_through_the_api(client, coop, staff):
    with cooperative_context(coop.pk):
        world = coconut_plant()
        delivery(SupplierFactory(name="Darsono"), world["material"], "1200", on=datetime.date(2026, 2, 1))
        lot = run_batch(world).outputs.get(is_main=True).lot
        customer = CustomerFactory(name="CV Ekspor Kelapa", kind="exporter")
    client.force_login(staff)
    order = send(client, "post", api(coop, "orders/"), {
        "customer": customer.pk, "ordered_on": "2026-02-11",
        "lines": [{"product": world["flour"].pk, "quantity": "100", "unit_price": "30000"}],
    })  # fmt: skip
    assert order.status_code == 201 and order.json()["number"].startswith("SO-")
    line = order.json()["lines"][0]["id"]
    url = api(coop, f"orders/{order.json()['id']}/")
    over = send(
        client, "post", url + "ship/", {"date": "2026-02-12", "lines": [{"order_line": line, "quantity": "101"}]}
    )
    assert over.status_code == 400 and over.json()["code"] == "over_shipped"
    shipped = send(
        client,
        "post",
        url + "ship/",
        {
            "date": "2026-02-12",
            "vehicle": "Kontainer TCLU 123",
            "lines": [{"order_line": line, "quantity": "100", "lot": lot.pk}],
        },
    )
    assert shipped.status_code == 201 and shipped.json()["lines"][0]["lot_code"] == lot.code
    shipment = api(coop, f"shipments/{shipped.json()['id']}/")
    invoice = send(client, "post", shipment + "invoice/", {"date": "2026-02-12"})
    assert invoice.status_code == 201 and invoice.json()["ppn"] == "0.00" and invoice.json()["total"] == "3000000.00"
    owed = client.get(api(coop, "invoices/"), {"outstanding": "1"}).json()
    assert [row["number"] for row in owed["results"]] == [invoice.json()["number"]]
    paid = send(client, "post", api(coop, f"invoices/{invoice.json()['id']}/payments/"),
                {"paid_on": "2026-03-01", "amount": "3000000", "account": "bank"})  # fmt: skip
    assert paid.status_code == 201 and paid.json()["outstanding"] == "0.00"
    trace = client.get(shipment + "trace/").json()
    assert {row["supplier"] for row in trace} == {"Darsono"}
    buyers = client.get(api(coop, f"lots/{lot.pk}/shipments/")).json()
    assert [row["customer"] for row in buyers] == ["CV Ekspor Kelapa"]
