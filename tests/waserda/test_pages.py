"""Waserda pages: every page renders for staff, forms drive the services, hot pages use few queries."""

from __future__ import annotations

import datetime
import io
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from koperasi.tenancy.context import cooperative_context
from tests.factories.members import ActiveMemberFactory
from tests.factories.tenancy import user_with_role
from tests.factories.waserda import (
    CashSessionFactory,
    PurchaseOrderLineFactory,
    SupplierBillFactory,
    SupplierFactory,
    make_sale,
    stocked_product,
)
from waserda.models import CashSession, GoodsReceipt, Product, PurchaseOrder, Sale, StockCount
from waserda.services import sessions

pytestmark = pytest.mark.django_db
D = Decimal


def url(route, coop, **kwargs):
    return reverse(f"waserda:{route}", kwargs={"slug": coop.slug, **kwargs})


@pytest.fixture
def shop(coop, manager):
    with cooperative_context(coop.pk):
        supplier = SupplierFactory(name="Toko Grosir Sumber Rejeki")
        beras = stocked_product(
            "50",
            "11000",
            supplier=supplier,
            name="Beras IR64 5 kg",
            sku="BRS-5",
            barcode="8992222333337",
            sell_price=D("13000"),
            member_price=D("12500"),
        )
        session = CashSessionFactory(cashier=manager)
        sale = make_sale(beras, "2", session=session, member=ActiveMemberFactory())
        order_line = PurchaseOrderLineFactory(product=beras, order__supplier=supplier)
        bill = SupplierBillFactory()
    return {
        "product": beras,
        "session": session,
        "sale": sale,
        "order": order_line.order,
        "bill": bill,
        "supplier": supplier,
    }


def test_every_page_renders_for_a_manager(client, coop, manager, shop):
    client.force_login(manager)
    pages = [
        url("pos", coop),
        url("sessions", coop),
        url("session", coop, pk=shop["session"].pk),
        url("session-close", coop, pk=shop["session"].pk),
        url("sales", coop),
        url("sale", coop, pk=shop["sale"].pk),
        url("receipt", coop, pk=shop["sale"].pk),
        url("reconciliation", coop),
        url("reports", coop),
        url("replenishment", coop),
        url("settings", coop),
        url("products", coop),
        url("product-create", coop),
        url("product", coop, pk=shop["product"].pk),
        url("stock-card", coop, pk=shop["product"].pk),
        url("suppliers", coop),
        url("supplier", coop, pk=shop["supplier"].pk),
        url("member-cards", coop),
        url("stock", coop),
        url("orders", coop),
        url("order-create", coop),
        url("order", coop, pk=shop["order"].pk),
        url("bills", coop),
        url("bill", coop, pk=shop["bill"].pk),
    ]
    from waserda.reports import REPORTS

    pages += [url("report", coop, name=name) for name in REPORTS]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page


def test_pos_page_carries_the_catalog_and_the_offline_scripts(
    client, coop, manager, shop, django_assert_max_num_queries
):
    client.force_login(manager)
    with django_assert_max_num_queries(20) as first:
        response = client.get(url("pos", coop))
    body = response.content.decode()
    assert 'id="pos-catalog"' in body and "8992222333337" in body
    assert "js/pos-queue.js" in body and "js/pos.js" in body and "css/pos.css" in body
    with cooperative_context(coop.pk):
        for n in range(30):
            stocked_product("5", name=f"Barang tambahan {n}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url("pos", coop))


def test_cashier_opens_and_closes_a_session_from_the_pages(client, coop):
    cashier = user_with_role(coop, "staff", username="kasir-baru")
    client.force_login(cashier)
    assert 'name="opening_float"' in client.get(url("pos", coop)).content.decode()
    client.post(url("pos", coop), {"opening_float": "150000"})
    with cooperative_context(coop.pk):
        session = CashSession.objects.get(cashier=cashier)
    assert session.is_open and session.opening_float == D("150000.00")
    response = client.post(url("session-close", coop, pk=session.pk), {"counted_cash": "150000"})
    assert response.status_code == 302
    z_report = client.get(response["Location"]).content.decode()
    assert "150.000" in z_report


def test_receipt_prints_on_58_or_80_mm(client, coop, manager, shop):
    client.force_login(manager)
    narrow = client.get(url("receipt", coop, pk=shop["sale"].pk)).content.decode()
    wide = client.get(url("receipt", coop, pk=shop["sale"].pk) + "?paper=80").content.decode()
    assert "size: 58mm auto" in narrow and 'class="receipt paper-58"' in narrow
    assert "size: 80mm auto" in wide and 'class="receipt paper-80"' in wide
    assert "Beras IR64 5 kg" in narrow and "Rp 25.000" in narrow


def test_return_from_the_sale_page(client, coop, manager, shop):
    client.force_login(manager)
    sale = shop["sale"]
    with cooperative_context(coop.pk):
        line = sale.lines.get()
    client.post(url("sale-return", coop, pk=sale.pk), {f"line-{line.pk}": "1", "reason": "kemasan sobek"})
    with cooperative_context(coop.pk):
        assert Sale.objects.get(pk=sale.pk).returned_total == D("12500.00")
        assert Product.objects.get(pk=shop["product"].pk).qty_on_hand == D("49")


def test_receive_part_of_an_order_then_the_rest(client, coop, manager, shop):
    client.force_login(manager)
    order = shop["order"]
    with cooperative_context(coop.pk):
        line = order.lines.get()
    page = url("order", coop, pk=order.pk)
    client.post(
        page,
        {
            "action": "receive",
            "date": "2026-02-01",
            "settlement": "credit",
            "reference": "SJ-1",
            "key": str(uuid.uuid4()),
            f"receive-{line.pk}": "4",
        },
    )
    with cooperative_context(coop.pk):
        assert PurchaseOrder.objects.get(pk=order.pk).status == "partial"
    client.post(
        page,
        {
            "action": "receive",
            "date": "2026-02-03",
            "settlement": "cash",
            "reference": "SJ-2",
            "key": str(uuid.uuid4()),
            f"receive-{line.pk}": "6",
            f"cost-{line.pk}": "8100",
        },
    )
    with cooperative_context(coop.pk):
        assert PurchaseOrder.objects.get(pk=order.pk).status == "received"
        assert GoodsReceipt.objects.filter(order=order).count() == 2


def test_stock_count_page_posts_for_a_manager(client, coop, manager, shop):
    client.force_login(manager)
    client.post(url("count-create", coop), {"date": "2026-01-31"})
    with cooperative_context(coop.pk):
        count = StockCount.objects.get()
    product = shop["product"]
    client.post(url("count", coop, pk=count.pk), {f"count-{product.pk}": "45", "post": "1"})
    with cooperative_context(coop.pk):
        assert StockCount.objects.get(pk=count.pk).status == "posted"
        assert Product.objects.get(pk=product.pk).qty_on_hand == D("45")
    assert '<span class="badge good">' in client.get(url("stock", coop)).content.decode()  # valuation ties


def test_report_downloads_as_xlsx(client, coop, manager, shop):
    client.force_login(manager)
    today = datetime.date.today()
    response = client.get(url("report", coop, name="sales-by-product"), {"start": str(today), "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert any(row[0] == "BRS-5 Beras IR64 5 kg" and row[1] == 2 and row[2] == 25000 for row in values)


def test_replenishment_turns_a_selection_into_draft_orders(client, coop, manager, shop):
    client.force_login(manager)
    product = shop["product"]
    with cooperative_context(coop.pk):
        Product.objects.filter(pk=product.pk).update(safety_stock=D("100"))
    page = client.get(url("replenishment", coop)).content.decode()
    assert f'data-testid="reorder-{product.pk}"' in page
    client.post(url("replenishment", coop), {"product": [str(product.pk)], f"qty-{product.pk}": "60"})
    with cooperative_context(coop.pk):
        draft = PurchaseOrder.objects.filter(status="draft").get()
        assert draft.supplier == shop["supplier"] and draft.lines.get().quantity == D("60")


def test_staff_cannot_open_the_reconciliation_list(client, coop, staff):
    client.force_login(staff)
    assert client.get(url("reconciliation", coop)).status_code == 403


def test_reconcile_a_flagged_sale(client, coop, manager, shop):
    client.force_login(manager)
    with cooperative_context(coop.pk):
        session = shop["session"]
        sessions.close_session(actor=manager, session=session, counted_cash=D("0"))
        from waserda.services.sales import LineInput, SaleInput, sync_sales

        (result,) = sync_sales(
            cashier=manager,
            sales=[
                SaleInput(
                    lines=[LineInput(shop["product"].pk, D("1"))],
                    payment_method="cash",
                    session_id=session.pk,
                    offline=True,
                )
            ],
        )
    assert f'data-testid="flagged-{result.sale_id}"' in client.get(url("reconciliation", coop)).content.decode()
    client.post(url("sale-reconcile", coop, pk=result.sale_id), {"note": "ok"})
    with cooperative_context(coop.pk):
        assert not Sale.objects.get(pk=result.sale_id).needs_reconciliation


@pytest.mark.indonesian
def test_the_till_and_receipt_say_kembalian_and_the_language_switch_ganti(client, coop, manager, shop):
    """Issue 17 item 7: "Change" (money given back) and "Change" (the language) are two messages."""
    client.force_login(manager)
    assert shop["sale"].payment_method == "cash"
    receipt = client.get(url("receipt", coop, pk=shop["sale"].pk)).content.decode()
    till = client.get(url("pos", coop)).content.decode()
    assert "<td>Kembalian</td>" in receipt
    assert "Kembalian: <strong" in till
    assert '<button type="submit">Ganti</button>' in till


@pytest.mark.indonesian
def test_report_xlsx_speaks_the_users_language_and_has_an_ascii_name(client, coop, manager, shop):
    """Issue 17 item 2: sheet names and headers in the user's language; the file name saved as it is."""
    client.force_login(manager)
    today = datetime.date.today()
    response = client.get(url("report", coop, name="sales-by-product"), {"start": str(today), "format": "xlsx"})
    disposition = response["Content-Disposition"]
    assert disposition.isascii() and disposition.startswith(f'attachment; filename="{coop.slug}-waserda-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Penjualan per barang" and sheet["A1"].value == coop.name
    assert [cell.value for cell in sheet[4]][:2] == ["Produk", "Jumlah"]
    assert list(sheet.iter_rows(values_only=True))[-1][0] == "Jumlah"  # the totals row
