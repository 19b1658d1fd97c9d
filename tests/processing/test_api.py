"""The processing API: a recipe version, a batch planned, worked, finished and traced; the Hayami payload."""

import pytest

from koperasi.tenancy.context import cooperative_context
from tests.factories.processing import coconut_plant
from tests.factories.procurement import SupplierFactory, delivery
from tests.factories.tenancy import user_with_role

pytestmark = pytest.mark.django_db


def api(coop, path):
    return f"/api/v1/k/{coop.slug}/processing/{path}"


def send(client, method, url, body=None):
    return getattr(client, method)(url, body if body is not None else {}, content_type="application/json")


def test_a_batch_goes_from_plan_to_trace_through_the_api(client, coop, staff):
    with cooperative_context(coop.pk):
        plant = coconut_plant()
        farmer = SupplierFactory(name="Darsono")
        received = delivery(farmer, plant["material"], "1200")
    client.force_login(staff)
    recipe = send(client, "post", api(coop, "recipes/"), {
        "product": plant["flour"].pk, "standard_labour_hok": "4",
        "inputs": [{"material": plant["material"].pk, "quantity": "1000", "is_principal": True}],
        "outputs": [{"product": plant["flour"].pk, "quantity": "155", "is_main": True}],
    })  # fmt: skip
    assert recipe.status_code == 201 and recipe.json()["version"] == 2
    batch = send(client, "post", api(coop, "batches/"), {"line": plant["line"].pk, "planned_on": "2026-02-10"})
    assert batch.status_code == 201 and batch.json()["recipe"] == recipe.json()["id"]
    url = api(coop, f"batches/{batch.json()['id']}/")
    early = send(client, "post", url + "finish/", {"date": "2026-02-10"})
    assert early.status_code == 400 and early.json()["code"] == "batch_status"
    assert send(client, "post", url + "start/", {"date": "2026-02-10"}).status_code == 200
    work = send(client, "post", url + "labour/", {"worker": plant["worker"].pk, "people": 4, "hours": "8"})
    assert work.json()["labour"][0]["hok"] == "4.000"
    wrong = send(client, "put", url + "outputs/", [{"product": plant["fiber"].pk, "quantity": "120", "is_main": True}])
    assert wrong.status_code == 400 and wrong.json()["code"] == "batch_outputs"
    outputs = [{"product": plant["flour"].pk, "quantity": "150", "is_main": True},
               {"product": plant["fiber"].pk, "quantity": "120"}]  # fmt: skip
    assert send(client, "put", url + "outputs/", outputs).status_code == 200
    finished = send(client, "post", url + "finish/", {"date": "2026-02-10"})
    body = finished.json()
    assert finished.status_code == 200 and body["status"] == "finished"
    assert body["total_cost"] == "1911000.00"  # (1.500.000 coconuts + 320.000 labour) + 5 % overhead; v2 has no fuel
    lot = next(row["lot"] for row in body["outputs"] if row["is_main"])
    trace = client.get(api(coop, f"lots/{lot}/trace/")).json()
    assert [(row["delivery"], row["supplier"], row["quantity"]) for row in trace] == [
        (received.number, "Darsono", "1000.000")
    ]
    forward = client.get(api(coop, "lots/"), {"delivery": received.pk}).json()
    assert {row["id"] for row in forward["results"]} >= {lot}
    payload = client.get(api(coop, f"products/{plant['flour'].pk}/hayami-payload/"),
                         {"from": "2026-02-01", "to": "2026-02-28"}).json()  # fmt: skip
    assert payload["payload"]["output_qty"] == "150.000" and payload["output_price_source"] == "list_price"


def test_the_assessor_reads_but_cannot_plan(client, coop):
    with cooperative_context(coop.pk):
        plant = coconut_plant()
    client.force_login(user_with_role(coop, "assessor"))
    assert client.get(api(coop, "batches/")).status_code == 200
    refused = send(client, "post", api(coop, "batches/"), {"line": plant["line"].pk, "planned_on": "2026-02-10"})
    assert refused.status_code == 403
