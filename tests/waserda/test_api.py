"""The waserda API: catalog, POS lookups and sales (with sync), sessions, purchasing, counts, reports."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from koperasi.tenancy.context import cooperative_context
from tests.factories.members import ActiveMemberFactory
from tests.factories.waserda import CashSessionFactory, MemberCardFactory, SupplierFactory, stocked_product
from waserda.models import Product, Sale, StockCount

pytestmark = pytest.mark.django_db
D = Decimal


def api(coop, path=""):
    return f"/api/v1/k/{coop.slug}/waserda/{path}"


@pytest.fixture
def cashier(client, coop, staff):
    client.force_login(staff)
    with cooperative_context(coop.pk):
        session = CashSessionFactory(cashier=staff)
        products = [stocked_product("10", "8000", sell_price=D("10000"), member_price=D("9000")) for _n in range(3)]
    return {"session": session, "products": products, "user": staff}


def test_product_barcodes_are_check_digit_validated(client, coop, manager):
    client.force_login(manager)
    body = {"sku": "GL-1", "name": "Gula Pasir 1 kg", "unit": "kg", "sell_price": "17500", "barcode": "8991234567895"}
    response = client.post(api(coop, "products/"), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "waserda_invalid_barcode"
    for code in ("8991234567891", "89912348", "GULA-INT-01"):
        body = {**body, "sku": code[-6:], "barcode": code}
        assert client.post(api(coop, "products/"), body, content_type="application/json").status_code == 201, code
    duplicate = client.post(api(coop, "products/"), {**body, "barcode": ""}, content_type="application/json")
    assert duplicate.status_code == 400 and duplicate.json()["code"] == "waserda_duplicate_code"


def test_price_change_is_kept_in_the_history(client, coop, manager):
    client.force_login(manager)
    created = client.post(
        api(coop, "products/"),
        {"sku": "KOPI", "name": "Kopi Kapal Api", "sell_price": "1500"},
        content_type="application/json",
    ).json()
    client.patch(
        api(coop, f"products/{created['id']}/"),
        {"sell_price": "1700", "member_price": "1600"},
        content_type="application/json",
    )
    history = client.get(api(coop, f"products/{created['id']}/prices/")).json()
    assert [(row["sell_price"], row["member_price"]) for row in history] == [("1700.00", "1600.00"), ("1500.00", None)]


def test_pos_lookup_uses_a_constant_number_of_queries(client, coop, cashier, django_assert_max_num_queries):
    product = cashier["products"][0]
    with cooperative_context(coop.pk):
        Product.objects.filter(pk=product.pk).update(barcode="8991234567891")
    with django_assert_max_num_queries(16) as captured:
        response = client.get(api(coop, "products/lookup/"), {"code": "8991234567891"})
    assert response.json()["id"] == product.pk
    with cooperative_context(coop.pk):
        for n in range(40):
            stocked_product("1", name=f"Lain {n}")
    with django_assert_max_num_queries(len(captured.captured_queries)):
        assert client.get(api(coop, "products/lookup/"), {"code": product.sku.lower()}).json()["id"] == product.pk
    assert client.get(api(coop, "products/lookup/"), {"code": "nope"}).status_code == 404
    with cooperative_context(coop.pk):
        card = MemberCardFactory(card_code="KARTU-77")
    member = client.get(api(coop, "pos/member/"), {"code": "KARTU-77"}).json()
    assert member["id"] == card.member_id and member["member_price"] is True
    catalog = client.get(api(coop, "pos/")).json()
    assert catalog["session"] == cashier["session"].pk and len(catalog["products"]) == 43


def test_sale_api_is_idempotent_and_refuses_what_is_not_in_stock(client, coop, cashier, django_assert_max_num_queries):
    product = cashier["products"][0]
    key = str(uuid.uuid4())
    body = {
        "client_uuid": key,
        "payment_method": "cash",
        "tendered": "50000",
        "lines": [{"product": product.pk, "quantity": "2"}],
    }
    first = client.post(api(coop, "sales/"), body, content_type="application/json")
    again = client.post(api(coop, "sales/"), body, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and first.json()["change"] == "30000.00"
    short = client.post(
        api(coop, "sales/"),
        {
            **body,
            "client_uuid": str(uuid.uuid4()),
            "tendered": None,
            "lines": [{"product": product.pk, "quantity": "9"}],
        },
        content_type="application/json",
    )
    assert short.status_code == 409 and short.json()["code"] == "waserda_insufficient_stock"
    with cooperative_context(coop.pk):
        assert Sale.objects.count() == 1


def test_a_sale_in_a_closed_month_is_refused_and_leaves_nothing_behind(client, coop, cashier, manager):
    from django.utils import timezone

    from koperasi.ledger.services import close_period

    today = timezone.localdate()
    product = cashier["products"][0]
    with cooperative_context(coop.pk):
        close_period(actor=manager, year=today.year, month=today.month)
    lines = [{"product": product.pk, "quantity": "1"}]
    body = {"client_uuid": str(uuid.uuid4()), "payment_method": "cash", "lines": lines}
    response = client.post(api(coop, "sales/"), body, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "ledger_period_closed"
    with cooperative_context(coop.pk):
        assert not Sale.objects.exists()
        assert Product.objects.get(pk=product.pk).qty_on_hand == D("10")


def test_sale_api_query_count_does_not_grow_with_lines(client, coop, cashier, django_assert_max_num_queries):
    products = cashier["products"]

    def sell(items):
        lines = [{"product": p.pk, "quantity": "1"} for p in items]
        body = {"client_uuid": str(uuid.uuid4()), "payment_method": "cash", "lines": lines}
        return client.post(api(coop, "sales/"), body, content_type="application/json")

    sell(products[:1])
    with django_assert_max_num_queries(60) as one:
        assert sell(products[:1]).status_code == 201
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert sell(products).status_code == 201


def test_sync_endpoint_replays_return_the_same_results(client, coop, cashier):
    product, other = cashier["products"][:2]
    member = None
    with cooperative_context(coop.pk):
        member = ActiveMemberFactory()
    batch = {
        "sales": [
            {
                "client_uuid": str(uuid.uuid4()),
                "session": cashier["session"].pk,
                "payment_method": "cash",
                "sold_at": "2026-01-20T08:15:00+07:00",
                "offline": True,
                "member": member.pk,
                "lines": [{"product": product.pk, "quantity": "12", "unit_price": "9000"}],
            },
            {
                "client_uuid": str(uuid.uuid4()),
                "session": cashier["session"].pk,
                "payment_method": "qris",
                "payment_reference": "QR-5531",
                "offline": False,
                "lines": [{"product": other.pk, "quantity": "1"}],
            },
        ]
    }
    answers = [client.post(api(coop, "sales/sync/"), batch, content_type="application/json") for _n in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a.json()["created"] for a in answers] == [2, 0, 0]
    assert answers[0].json()["results"] == answers[1].json()["results"] == answers[2].json()["results"]
    first, second = answers[0].json()["results"]
    assert first["needs_reconciliation"] and not second["needs_reconciliation"]
    with cooperative_context(coop.pk):
        offline = Sale.objects.get(pk=first["sale_id"])
        assert offline.total == D("108000.00") and offline.sold_at.isoformat().startswith("2026-01-20T01:15")
        assert Product.objects.get(pk=product.pk).qty_on_hand == D("-2")
    flagged = client.get(api(coop, "sales/"), {"needs_reconciliation": "true"}).json()
    assert [row["id"] for row in flagged["results"]] == [first["sale_id"]]


def test_return_and_session_close_through_the_api(client, coop, cashier):
    product = cashier["products"][0]
    sale = client.post(
        api(coop, "sales/"),
        {"client_uuid": str(uuid.uuid4()), "payment_method": "cash", "lines": [{"product": product.pk, "quantity": 3}]},
        content_type="application/json",
    ).json()
    back = client.post(
        api(coop, f"sales/{sale['id']}/return/"),
        {"lines": [{"sale_line": sale["lines"][0]["id"], "quantity": "1"}], "reason": "basi", "key": str(uuid.uuid4())},
        content_type="application/json",
    )
    assert back.status_code == 201 and back.json()["returned_total"] == "10000.00"
    session = cashier["session"]
    z_live = client.get(api(coop, f"sessions/{session.pk}/z-report/")).json()
    assert z_live["expected_cash"] == "120000.00"  # 100,000 float + 30,000 − 10,000 refund
    closed = client.post(
        api(coop, f"sessions/{session.pk}/close/"), {"counted_cash": "120500"}, content_type="application/json"
    ).json()
    assert closed["status"] == "closed" and closed["difference"] == "500.00"
    again = client.post(
        api(coop, f"sessions/{session.pk}/close/"), {"counted_cash": "1"}, content_type="application/json"
    )
    assert again.status_code == 409 and again.json()["code"] == "waserda_session_closed"
    opened = client.post(api(coop, "sessions/"), {"opening_float": "50000"}, content_type="application/json")
    assert opened.status_code == 201 and opened.json()["status"] == "open"


def test_purchase_order_partial_receipts_bill_and_payment(client, coop, manager):
    client.force_login(manager)
    with cooperative_context(coop.pk):
        supplier = SupplierFactory(member=ActiveMemberFactory())
        product = stocked_product("0.5", "10000")
    order = client.post(
        api(coop, "purchase-orders/"),
        {
            "supplier": supplier.pk,
            "order_date": "2026-02-01",
            "lines": [{"product": product.pk, "quantity": "10", "unit_cost": "9000"}],
        },
        content_type="application/json",
    ).json()
    client.post(api(coop, f"purchase-orders/{order['id']}/send/"))
    line_id = order["lines"][0]["id"]
    part = client.post(
        api(coop, f"purchase-orders/{order['id']}/receive/"),
        {
            "lines": [{"product": product.pk, "quantity": "4", "order_line": line_id}],
            "date": "2026-02-03",
            "key": str(uuid.uuid4()),
        },
        content_type="application/json",
    )
    assert part.status_code == 201 and part.json()["total"] == "36000.00"
    too_much = client.post(
        api(coop, f"purchase-orders/{order['id']}/receive/"),
        {
            "lines": [{"product": product.pk, "quantity": "7", "order_line": line_id}],
            "key": str(uuid.uuid4()),
        },
        content_type="application/json",
    )
    assert too_much.status_code == 400 and too_much.json()["code"] == "waserda_receipt_exceeds_order"
    rest = client.post(
        api(coop, f"purchase-orders/{order['id']}/receive/"),
        {"date": "2026-02-05", "key": str(uuid.uuid4())},
        content_type="application/json",
    )
    assert rest.status_code == 201
    assert client.get(api(coop, f"purchase-orders/{order['id']}/")).json()["status"] == "received"
    bill = client.post(
        api(coop, "bills/"),
        {
            "supplier": supplier.pk,
            "number": "INV-88",
            "date": "2026-02-06",
            "receipts": [part.json()["id"], rest.json()["id"]],
        },
        content_type="application/json",
    ).json()
    assert bill["amount"] == "90000.00"
    paid = client.post(
        api(coop, f"bills/{bill['id']}/pay/"),
        {"amount": "50000", "method": "bank", "key": str(uuid.uuid4())},
        content_type="application/json",
    ).json()
    assert paid["outstanding"] == "40000.00"
    with cooperative_context(coop.pk):
        product = Product.objects.get(pk=product.pk)
        assert (product.qty_on_hand, product.stock_value) == (D("10.5"), D("95000.00"))
    card = client.get(api(coop, f"products/{product.pk}/stock-card/")).json()["results"]
    assert [row["quantity_after"] for row in card] == ["0.500", "4.500", "10.500"]


def test_stock_count_api(client, coop, manager):
    client.force_login(manager)
    with cooperative_context(coop.pk):
        product = stocked_product("10", "3000")
    count = client.post(api(coop, "stock-counts/"), {"date": "2026-03-31"}, content_type="application/json").json()
    client.post(
        api(coop, f"stock-counts/{count['id']}/counted/"),
        {"lines": [{"product": product.pk, "counted_quantity": "8"}]},
        content_type="application/json",
    )
    posted = client.post(api(coop, f"stock-counts/{count['id']}/post/")).json()
    assert posted["status"] == "posted" and posted["lines"][0]["difference_value"] == "-6000.00"
    with cooperative_context(coop.pk):
        assert StockCount.objects.get().status == "posted"


def test_staff_cannot_post_counts_or_pay_bills(client, coop, staff):
    client.force_login(staff)
    with cooperative_context(coop.pk):
        count = StockCount.objects.create(date="2026-03-31")
    assert client.post(api(coop, f"stock-counts/{count.pk}/post/")).status_code == 403


def test_reports_and_replenishment_api(client, coop, cashier):
    product = cashier["products"][0]
    with cooperative_context(coop.pk):
        Product.objects.filter(pk=product.pk).update(safety_stock=D("20"), supplier=SupplierFactory())
    client.post(
        api(coop, "sales/"),
        {"client_uuid": str(uuid.uuid4()), "payment_method": "cash", "lines": [{"product": product.pk, "quantity": 4}]},
        content_type="application/json",
    )
    listing = client.get(api(coop, "reports/")).json()
    assert {row["slug"] for row in listing} >= {"sales-by-day", "gross-margin", "stock-valuation", "slow-movers"}
    by_product = client.get(api(coop, "reports/sales-by-product/")).json()
    assert by_product["totals"]["net_sales"] == "40000.00" and by_product["totals"]["margin"] == "8000.00"
    valuation = client.get(api(coop, "reports/stock-valuation/")).json()
    assert valuation["totals"]["value"] == "208000.00"
    xlsx = client.get(api(coop, "reports/sales-by-day/"), {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    suggestions = client.get(api(coop, "replenishment/")).json()
    assert [row["product"] for row in suggestions] == [product.pk]
    orders = client.post(
        api(coop, "replenishment/orders/"), {"products": [product.pk]}, content_type="application/json"
    )
    assert orders.status_code == 201 and orders.json()[0]["status"] == "draft"
