"""Supply pages: suppliers, intake with a running total, deliveries, payment runs with maker-checker and slips."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from koperasi.tenancy.context import cooperative_context
from procurement.models import ChannelStage, Delivery, PaymentRun, RunStatus, Supplier
from tests.factories.market_prices import coffee_channel
from tests.factories.procurement import MemberSupplierFactory, SupplierFactory, coconut, delivery, milk
from tests.factories.tenancy import user_with_role

pytestmark = pytest.mark.django_db
D = Decimal


def url(name, coop, **kwargs):
    return reverse(f"procurement:{name}", kwargs={"slug": coop.slug, **kwargs})


def test_a_supplier_is_registered_and_found_by_name(client, coop, staff):
    client.force_login(staff)
    response = client.post(url("suppliers", coop), {"kind": "group", "name": "KT Mekar Sari", "village": "Cintaratu",
                                                   "is_active": "on"})  # fmt: skip
    with cooperative_context(coop.pk):
        group = Supplier.objects.get(name="KT Mekar Sari")
    assert response.status_code == 302
    client.post(url("suppliers", coop), {"kind": "farmer", "name": "Darsono", "via": "Mekar", "is_active": "on"})
    with cooperative_context(coop.pk):
        assert Supplier.objects.get(name="Darsono").via == group
    found = client.get(url("supplier-lookup", coop), {"q": "darso"}).json()["results"]
    assert [result["value"] for result in found] == [f"P-{group.pk + 1:05d} · Darsono"]
    refused = client.post(url("suppliers", coop), {"kind": "member", "name": "Tanpa anggota", "is_active": "on"})
    assert refused.status_code == 400 and "A member supplier names the member." in refused.content.decode()


def test_intake_records_deliveries_one_after_another_with_the_days_total(client, coop, staff):
    with cooperative_context(coop.pk):
        material, supplier = milk(valid_from=datetime.date(2026, 1, 1)), MemberSupplierFactory()
    client.force_login(staff)
    client.get(url("intake", coop), {"material": material.pk, "collection_point": "TPS Cibodas"})
    for litres, fat in (("20,5", "3,8"), ("15", "3,5")):
        page = client.get(url("intake", coop))
        key = page.context["form"]["key"].value()
        response = client.post(url("intake", coop), {"key": key, "supplier": supplier.code, "quantity": litres,
                                                    "reading_fat": fat})  # fmt: skip
        assert response.status_code == 302
    page = client.get(url("intake", coop)).content.decode()
    assert "2 setoran" in page or "2 deliveries" in page
    with cooperative_context(coop.pk):
        assert list(Delivery.objects.values_list("collection_point", flat=True)) == ["TPS Cibodas"] * 2
        assert sum(d.value for d in Delivery.objects.all()) == D("126075.00") + D("90000.00")  # 20,5 × 6.150
    bad = client.post(url("intake", coop), {"key": key, "supplier": "nobody", "quantity": "1,500"})
    assert bad.status_code == 400
    assert set(bad.context["form"].errors) == {"supplier", "quantity"}


def test_a_run_is_drafted_approved_by_a_manager_paid_and_slipped(client, coop, staff, manager):
    with cooperative_context(coop.pk):
        supplier = SupplierFactory(bank_name="BRI", bank_account="0123")
        delivery(supplier, coconut(), "100", on=datetime.date(2026, 3, 2))
    client.force_login(staff)
    drafted = client.post(url("runs", coop), {"period_start": "2026-03-01", "period_end": "2026-03-15",
                                              "pay_date": "2026-03-16", "method": "bank"})  # fmt: skip
    with cooperative_context(coop.pk):
        run = PaymentRun.objects.get()
    assert drafted.status_code == 302
    assert client.post(url("run-approve", coop, pk=run.pk)).status_code == 403  # staff make, managers approve
    client.force_login(manager)
    page = client.get(url("run", coop, pk=run.pk)).content.decode()
    assert 'data-confirm="' in page and "Rp 150.000" in page
    client.post(url("run-approve", coop, pk=run.pk))
    client.post(url("run-pay", coop, pk=run.pk))
    with cooperative_context(coop.pk):
        run.refresh_from_db()
        line = run.lines.get()
    assert run.status == RunStatus.PAID
    transfers = client.get(url("run-transfers", coop, pk=run.pk))
    assert "BRI,0123" in transfers.content.decode() and transfers["Content-Disposition"].isascii()
    slip = client.get(url("slip", coop, pk=line.pk), {"format": "pdf"})
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(slip.content)).pages)
    assert "Koperasi A" in text and "150.000" in text


def test_the_assessor_reads_but_writes_nothing(client, coop):
    assessor = user_with_role(coop, "assessor", username="penilai")
    client.force_login(assessor)
    for name in ("deliveries", "suppliers", "runs"):
        page = client.get(url(name, coop))
        main = page.content.decode().split("<main", 1)[1]
        assert page.status_code == 200 and 'method="post"' not in main
    with cooperative_context(coop.pk):
        milk()
    assert client.get(url("intake", coop))["Location"] == url("deliveries", coop)  # no intake form for them


def formset(prefix, rows):
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0}
    for index, row in enumerate(rows):
        data |= {f"{prefix}-{index}-{name}": value for name, value in row.items()}
    return data


def test_staff_define_a_channel_record_its_prices_and_see_its_margins(client, coop, staff):
    client.force_login(staff)
    stages = [{"name": "Petani", "role": "farmer"}, {"name": "Pedagang besar", "role": "wholesaler"},
              {"name": "Konsumen", "role": "consumer"}]  # fmt: skip
    one_stage = client.post(url("channels", coop), {"name": "Kopi", "commodity": "Kopi ose", "unit": "kg"}
                            | formset("stages", stages[:1]))  # fmt: skip
    assert one_stage.status_code == 400
    created = client.post(url("channels", coop), {"name": "Kopi 1 tingkat", "commodity": "Kopi ose", "unit": "kg"}
                          | formset("stages", stages))  # fmt: skip
    assert created.status_code == 302
    channel_url = created["Location"]
    with cooperative_context(coop.pk):
        farmer, wholesaler, consumer = ChannelStage.objects.order_by("position").values_list("pk", flat=True)
    year = {"period_start": "2014-01-01", "period_end": "2014-12-31", "source": "survey"}
    bad = client.post(channel_url, year | {"stage": wholesaler, "buy_price": "21.538,46", "sell_price": "22.038,46",
                                           "costs": "Biaya transport 125"})  # fmt: skip
    assert bad.status_code == 400 and "Line 1" in bad.content.decode()
    for body in (
        {"stage": farmer, "sell_price": "21.538,46"},
        {"stage": wholesaler, "buy_price": "21.538,46", "sell_price": "22.038,46", "trader": "Pak Fauzi",
         "costs": "Biaya tenaga kerja = 8,34\nBiaya kemasan = 28\nBiaya transport = 125"},
        {"stage": consumer, "buy_price": "22.038,46"},
    ):  # fmt: skip
        assert client.post(channel_url, year | body).status_code == 302
    assert "Pak Fauzi" in client.get(channel_url).content.decode()
    analysis = reverse("performance:channel-margins", kwargs={"slug": coop.slug, "pk": channel_url.split("/")[-2]})
    page = client.get(analysis, {"end": "2014-12-31"}).content.decode()
    assert 'data-testid="chart"' in page
    assert "338,66" in page and "97,7312" in page  # appendix F: wholesaler's profit, producer share
    assert "No prices were observed" in client.get(analysis, {"start": "2015-01-01"}).content.decode()


def test_the_assessor_reads_channels_without_forms(client, coop):
    with cooperative_context(coop.pk):
        channel = coffee_channel()
    client.force_login(user_with_role(coop, "assessor"))
    page = client.get(url("channel", coop, pk=channel.pk)).content.decode()
    assert "No prices were observed" in page
    assert "Record observed prices" not in page and "/delete/" not in page
    assert client.post(url("channels", coop), {"name": "X"}).status_code in (302, 403)


def test_the_network_page_shows_volumes_per_link(client, coop, staff):
    with cooperative_context(coop.pk):
        material = coconut()
        group = SupplierFactory(kind="group", name="KT Mekar Sari")
        farmer = SupplierFactory(name="Darsono", via=group)
        independent = SupplierFactory(name="Wawan")
        delivery(group, material, "300", farmer=farmer)  # the group brings Darsono's nuts
        delivery(group, material, "200")
        delivery(farmer, material, "50")  # Darsono brings some himself
        delivery(independent, material, "70")
        from procurement.selectors import network_volumes

        hubs, alone = network_volumes(material)
    assert [(hub.link.supplier, hub.link.direct_quantity) for hub in hubs] == [(group, D(500))]
    darsono = hubs[0].members[0]
    assert (darsono.supplier, darsono.through_quantity, darsono.direct_quantity) == (farmer, D(300), D(50))
    assert darsono.through_value == D(450000) and [link.supplier for link in alone] == [independent]
    client.force_login(staff)
    page = client.get(url("network", coop), {"material": material.pk}).content.decode()
    assert "KT Mekar Sari" in page and "Darsono" in page and "Wawan" in page and "300" in page
