"""The supply API: suppliers, deliveries (idempotent by key, reversed with a reason), payment runs."""

import uuid

import pytest

from koperasi.tenancy.context import cooperative_context
from tests.factories.procurement import SupplierFactory, coconut, milk
from tests.factories.tenancy import user_with_role

pytestmark = pytest.mark.django_db


def api(coop, path):
    return f"/api/v1/k/{coop.slug}/supply/{path}"


def test_a_delivery_is_recorded_once_per_key_and_reversed_with_a_reason(client, coop, staff):
    with cooperative_context(coop.pk):
        material = milk()
    client.force_login(staff)
    supplier = client.post(
        api(coop, "suppliers/"), {"kind": "farmer", "name": "Ujang"}, content_type="application/json"
    )
    assert supplier.status_code == 201 and supplier.json()["code"].startswith("P-")
    payload = {"key": str(uuid.uuid4()), "supplier": supplier.json()["id"], "material": material.pk,
               "date": "2026-02-03", "quantity": "20.500", "readings": {"fat": "3.8"}}  # fmt: skip
    first = client.post(api(coop, "deliveries/"), payload, content_type="application/json")
    again = client.post(api(coop, "deliveries/"), payload, content_type="application/json")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] and first.json()["value"] == "126075.00"
    refused = client.post(api(coop, "deliveries/"), payload | {"key": str(uuid.uuid4()), "date": "2025-01-01"},
                          content_type="application/json")  # fmt: skip
    assert refused.status_code == 400 and refused.json()["code"] == "no_price_rule"
    reversed_ = client.post(api(coop, f"deliveries/{first.json()['id']}/reverse/"), {"reason": "Salah timbang"},
                            content_type="application/json")  # fmt: skip
    assert reversed_.status_code == 200 and reversed_.json()["status"] == "reversed"


def test_a_run_is_drafted_by_staff_and_approved_and_paid_by_a_manager(client, coop, staff, manager):
    with cooperative_context(coop.pk):
        material, supplier = coconut(), SupplierFactory()
    client.force_login(staff)
    client.post(api(coop, "deliveries/"), {"supplier": supplier.pk, "material": material.pk, "date": "2026-03-02",
                                           "quantity": "100"}, content_type="application/json")  # fmt: skip
    period = {"period_start": "2026-03-01", "period_end": "2026-03-15", "pay_date": "2026-03-16"}
    run = client.post(api(coop, "payment-runs/"), period, content_type="application/json")
    assert run.status_code == 201 and run.json()["lines"][0]["net"] == "150000.00"
    run_id = run.json()["id"]
    assert client.post(api(coop, f"payment-runs/{run_id}/approve/")).status_code == 403
    client.force_login(manager)
    assert client.post(api(coop, f"payment-runs/{run_id}/approve/")).json()["status"] == "approved"
    paid = client.post(api(coop, f"payment-runs/{run_id}/pay/"))
    assert paid.json()["status"] == "paid"
    assert client.post(api(coop, f"payment-runs/{run_id}/pay/")).json()["paid_at"] == paid.json()["paid_at"]


def test_the_assessor_reads_and_cannot_write(client, coop):
    with cooperative_context(coop.pk):
        SupplierFactory(name="Darsono")
    client.force_login(user_with_role(coop, "assessor", username="penilai"))
    listed = client.get(api(coop, "suppliers/"), {"q": "darso"})
    assert listed.status_code == 200 and listed.json()["results"][0]["name"] == "Darsono"
    written = client.post(api(coop, "suppliers/"), {"kind": "farmer", "name": "X"}, content_type="application/json")
    assert written.status_code == 403
    assert client.get(api(coop, "raw-materials/")).status_code == 200


def test_a_channel_is_observed_and_analysed_through_the_api(client, coop, staff):
    client.force_login(staff)
    stages = [{"name": "Petani", "role": "farmer"}, {"name": "Pedagang besar", "role": "wholesaler"},
              {"name": "Konsumen", "role": "consumer"}]  # fmt: skip
    channel = client.post(api(coop, "channels/"), {"name": "Kopi ose 1 tingkat", "commodity": "Kopi",
                                                   "stages": stages}, content_type="application/json")  # fmt: skip
    assert channel.status_code == 201, channel.json()
    farmer, wholesaler, consumer = (stage["id"] for stage in channel.json()["stages"])
    year = {"period_start": "2014-01-01", "period_end": "2014-12-31", "source": "survey"}
    for body in (
        {"stage": farmer, "sell_price": "21538.46"},
        {"stage": wholesaler, "buy_price": "21538.46", "sell_price": "22038.46",
         "costs": [{"name": "Biaya tenaga kerja", "amount": "8.34"}, {"name": "Biaya kemasan", "amount": "28"},
                   {"name": "Biaya transport", "amount": "125"}]},
        {"stage": consumer, "buy_price": "22038.46"},
    ):  # fmt: skip
        saved = client.post(api(coop, "price-observations/"), year | body, content_type="application/json")
        assert saved.status_code == 201, saved.json()
    again = client.post(api(coop, "price-observations/"), year | {"stage": farmer, "sell_price": "21000"},
                        content_type="application/json")  # fmt: skip
    assert again.status_code == 400 and again.json()["code"] == "observation_taken"
    payload = client.get(api(coop, f"channels/{channel.json()['id']}/margins-payload/"), {"end": "2014-12-31"})
    assert payload.status_code == 200
    analysed = client.post("/api/v1/calculators/margins/", payload.json(), content_type="application/json")
    result = analysed.json()
    assert (result["total_margin"], result["stages"][0]["profit"]) == ("500", "338.66")  # appendix F
    empty = client.get(api(coop, f"channels/{channel.json()['id']}/margins-payload/"), {"start": "2015-01-01"})
    assert empty.status_code == 400 and empty.json()["code"] == "observations_incomplete"
    observation = client.get(api(coop, "price-observations/"), {"channel": channel.json()["id"]}).json()["results"][0]
    patched = client.patch(api(coop, f"price-observations/{observation['id']}/"), {"trader": "Pak Fauzi"},
                           content_type="application/json")  # fmt: skip
    assert patched.status_code == 200 and patched.json()["trader"] == "Pak Fauzi"
    assert patched.json()["buy_price"] == observation["buy_price"]
