"""The POS till in Chromium: keyboard-only selling with a member price and a printed receipt, and
selling on while the sync API is cut off, then syncing the queued sales once it is back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from koperasi.tenancy.context import cooperative_context
from tests.e2e.conftest import log_in
from tests.factories.accounts import PASSWORD
from tests.factories.waserda import MemberCardFactory, stocked_product
from waserda.models import Sale
from waserda.services import sessions

pytestmark = pytest.mark.django_db(transaction=True)
D = Decimal
STUB_PRINT = "window.__prints = 0; window.print = function () { window.__prints += 1; };"


@pytest.fixture
def till(coop, staff):
    with cooperative_context(coop.pk):
        products = {
            "beras": stocked_product(
                "40",
                "11000",
                name="Beras Medium 5 kg",
                sku="BRS-5",
                barcode="8991234567891",
                sell_price=D("68000"),
                member_price=D("65000"),
            ),
            "minyak": stocked_product(
                "30",
                "15000",
                name="Minyak Goreng 1 L",
                sku="MGR-1",
                barcode="89912348",
                sell_price=D("18000"),
                member_price=D("17000"),
            ),
            "es": stocked_product(
                "100", "4000", name="Es Balok", sku="ES-BALOK", sell_price=D("6000"), member_price=None
            ),
        }
        card = MemberCardFactory(card_code="KUD-0007")
        session = sessions.open_session(cashier=staff, opening_float=D("200000"))
    return {"products": products, "member": card.member, "session": session}


def open_till(page, live_server, coop):
    page.add_init_script(STUB_PRINT)
    log_in(page, live_server.url, "kasir", PASSWORD)
    page.goto(f"{live_server.url}/k/{coop.slug}/waserda/pos/")
    page.wait_for_selector("#pos-code:focus")


def scan(page, text):
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def test_cashier_sells_three_items_by_keyboard_at_member_price_and_prints(live_server, page, coop, till):
    open_till(page, live_server, coop)
    page.keyboard.press("F2")
    scan(page, "KUD-0007")
    assert till["member"].name in page.inner_text("[data-testid=pos-member-name]")
    scan(page, "8991234567891")  # EAN-13
    scan(page, "2*mgr-1")  # SKU, quantity 2
    scan(page, "ES-BALOK")
    assert page.locator("[data-testid=pos-line]").count() == 3
    assert page.inner_text("[data-testid=pos-total]") == "Rp 105.000"  # 65.000 + 2 × 17.000 + 6.000
    page.keyboard.press("Enter")  # empty code: to the cash field
    page.keyboard.type("150000")
    assert page.inner_text("[data-testid=pos-change]") == "Rp 45.000"
    page.keyboard.press("Enter")  # pay
    receipt = page.locator("[data-testid=pos-receipt]")
    receipt.wait_for(state="visible")
    text = receipt.inner_text()
    assert "WS-" in text and "Rp 105.000" in text and "Rp 45.000" in text and "Beras Medium 5 kg *" in text
    page.keyboard.press("p")
    assert page.evaluate("window.__prints") == 1

    # The print stylesheet prints the receipt alone, 58 mm wide (80 mm on request).
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.topbar')).visibility") == "hidden"
    assert page.evaluate("getComputedStyle(document.getElementById('pos-receipt')).visibility") == "visible"
    width = page.evaluate("document.getElementById('pos-receipt').getBoundingClientRect().width")
    assert abs(width - 58 / 25.4 * 96) < 2
    assert "size: 58mm auto" in page.evaluate("document.getElementById('pos-page-size').textContent")
    page.emulate_media(media="screen")
    page.select_option("#pos-paper", "80")
    assert "size: 80mm auto" in page.evaluate("document.getElementById('pos-page-size').textContent")

    with cooperative_context(coop.pk):
        sale = Sale.objects.get()
        assert (sale.member_id, sale.total, sale.change, sale.offline) == (
            till["member"].pk,
            D("105000"),
            D("45000"),
            False,
        )
        assert sorted(line.member_price_applied for line in sale.lines.all()) == [False, True, True]

    page.keyboard.press("Enter")  # next customer
    page.wait_for_selector("#pos-code:focus")
    assert page.locator("[data-testid=pos-line]").count() == 0


def test_sales_made_while_the_server_is_cut_off_are_queued_then_synced_once(live_server, page, coop, till):
    open_till(page, live_server, coop)
    synced = []
    page.on(
        "response",
        lambda response: synced.append(response.status) if response.url.endswith("/waserda/sales/sync/") else None,
    )
    sync_api = "**/waserda/sales/sync/"
    page.route(sync_api, lambda route: route.abort("internetdisconnected"))

    for code, cash in (("8991234567891", "70000"), ("3*ES-BALOK", "20000")):
        scan(page, code)
        page.keyboard.press("Enter")
        page.keyboard.type(cash)
        page.keyboard.press("Enter")
        receipt = page.locator("[data-testid=pos-receipt]")
        receipt.wait_for(state="visible")
        assert receipt.locator(".receipt-offline").count() == 1  # "will sync when the server is back"
        page.keyboard.press("Escape")
        page.wait_for_selector("#pos-code:focus")

    expect(page.locator("[data-testid=pos-queued]")).to_have_text("2")
    assert page.get_attribute("[data-testid=pos-online]", "class") == "badge bad"  # shown as offline
    queued = page.evaluate("window.posApp.queue.all().then(sales => sales.map(s => [s.client_uuid, s.offline]))")
    assert len(queued) == 2 and all(offline for _uuid, offline in queued)
    with cooperative_context(coop.pk):
        assert Sale.objects.count() == 0

    page.unroute(sync_api)
    page.click("#pos-sync")
    expect(page.locator("[data-testid=pos-queued]")).to_have_text("0")
    assert synced == [200]
    with cooperative_context(coop.pk):
        sales = list(Sale.objects.order_by("id"))
        assert [str(sale.client_uuid) for sale in sales] == [uuid for uuid, _offline in queued]
        assert all(sale.offline for sale in sales)
        assert [sale.total for sale in sales] == [D("68000"), D("18000")]


def test_item_7_hidden_fields_really_hide_until_the_payment_method_needs_them(live_server, page, coop, till):
    """Issue 17 item 7: `.field` and `.toolbar` display rules overrode [hidden], so the transfer reference
    field and the after-sale toolbar showed on a cash sale."""
    open_till(page, live_server, coop)
    reference, after = page.locator("#pos-reference-field"), page.locator("#pos-after")
    assert reference.is_hidden() and after.is_hidden()
    page.select_option("#pos-method", "transfer")
    assert reference.is_visible()
    page.select_option("#pos-method", "cash")
    assert reference.is_hidden()


def test_item_7_products_and_members_are_found_by_name_with_a_pick_list(live_server, page, coop, till):
    """The till knew codes only; a cashier without a barcode types part of the name and picks."""
    open_till(page, live_server, coop)
    page.keyboard.type("2*minyak")
    offered = page.locator("#pos-product-list option")
    assert offered.evaluate_all("list => list.map(option => [option.value, option.label])") == [
        ["2*MGR-1", "Minyak Goreng 1 L · Rp 18.000"]
    ]
    page.keyboard.press("Enter")  # the one product this name fits
    page.keyboard.type("balok es")  # words in any order
    page.keyboard.press("Enter")
    assert page.locator("[data-testid=pos-line]").count() == 2
    assert page.inner_text("[data-testid=pos-total]") == "Rp 42.000"  # 2 × 18.000 + 6.000

    member = till["member"]
    page.keyboard.press("F2")
    first_name = member.name.split()[0]
    page.keyboard.type(first_name)
    offered = page.locator("#pos-member-list option").evaluate_all("list => list.map(option => option.value)")
    assert str(member.member_no) in offered
    page.locator("#pos-member").fill(member.name)
    page.keyboard.press("Enter")
    assert member.name in page.inner_text("[data-testid=pos-member-name]")


def test_item_7_an_offline_receipt_gets_its_ws_number_after_sync_and_times_match(live_server, browser, coop, till):
    """Offline receipts carried a UUID fragment forever; the till and the server receipt wrote the time
    differently ("5/12/2026, 08.30.15" against "5 Des 2026 08:30"), and the till in its own clock's zone."""
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Makassar")  # a till an hour ahead of WIB
    page = context.new_page()
    open_till(page, live_server, coop)
    page.route("**/waserda/sales/sync/", lambda route: route.abort("internetdisconnected"))
    scan(page, "ES-BALOK")
    page.keyboard.press("Enter")
    page.keyboard.type("6000")
    page.keyboard.press("Enter")
    receipt = page.locator("[data-testid=pos-receipt]")
    receipt.wait_for(state="visible")
    assert receipt.locator(".receipt-offline").count() == 1
    page.unroute("**/waserda/sales/sync/")
    page.click("#pos-sync")
    synced = page.locator("[data-testid=pos-synced]")
    synced.wait_for(state="visible")
    with cooperative_context(coop.pk):
        sale = Sale.objects.get()
    assert sale.number in synced.inner_text()
    expect(receipt.locator(".receipt-meta").first).to_contain_text(sale.number)  # the receipt on screen too
    assert receipt.locator(".receipt-offline").count() == 0
    till_time = receipt.locator(".receipt-meta").first.inner_text().split(" · ")[1]

    synced.get_by_role("link", name=sale.number).click()
    server_time = page.locator("[data-testid=receipt] .receipt-meta").first.inner_text().split(" · ")[1]
    context.close()
    assert till_time == server_time
