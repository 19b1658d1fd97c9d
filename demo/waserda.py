"""Demo waserda for KUD Mina Bahari (seed 001): the fishermen's KUD shop in Rembang that sells what
the boats need (ice, kerosene, nets, rope, hooks, headlamps) and daily needs for the families (rice,
cooking oil, sugar, coffee, cigarettes, noodles).

Suppliers include a member who makes gill nets; there are purchase orders (one received in full,
billed and part paid; one received in part), ice bought for cash, member cards with credit limits, a
closed cash session with two weeks of sales (member prices, credit, QRIS; a few offline credit sales over
the limit wait on the reconciliation list) and today's open session.
Running the step again changes nothing (the shop is stocked once).
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.utils import timezone

from demo import DemoLogin, demo_step, ensure_user
from demo.tenancy import PASSWORD, demo_cooperative
from koperasi.tenancy.context import cooperative_context
from members.models import Member
from waserda.models import Product, Unit
from waserda.services import catalog, purchasing, sales, sessions
from waserda.services.sales import LineInput, SaleInput
from waserda.validators import gtin_check_digit, internal_ean13

D = Decimal
SLUG = "kud-mina"


def ean(body: str) -> str:
    return body + str(gtin_check_digit(body))


# (sku, name, category, unit, barcode, sell, member price, unit cost, safety stock, lead days, supplier key)
PRODUCTS = [
    (
        "BRS-5",
        "Beras medium 5 kg",
        "Sembako",
        Unit.SACK,
        ean("899100100001"),
        "68000",
        "66000",
        "62000",
        10,
        3,
        "grosir",
    ),
    (
        "MGR-1",
        "Minyak goreng 1 L",
        "Sembako",
        Unit.BOTTLE,
        ean("899100100002"),
        "18000",
        "17500",
        "15800",
        12,
        3,
        "grosir",
    ),
    ("GLP-1", "Gula pasir 1 kg", "Sembako", Unit.KG, ean("899100100003"), "17500", "17000", "15500", 10, 3, "grosir"),
    (
        "KOP-165",
        "Kopi bubuk 165 g",
        "Sembako",
        Unit.PACK,
        ean("899100100004"),
        "14000",
        "13500",
        "12000",
        8,
        3,
        "grosir",
    ),
    ("MIE-1", "Mi instan goreng", "Sembako", Unit.PIECE, ean("899100100005"), "3500", "3300", "2800", 40, 3, "grosir"),
    (
        "RKK-12",
        "Rokok kretek 12 batang",
        "Rokok",
        Unit.PACK,
        ean("899100100006"),
        "25000",
        None,
        "23000",
        20,
        3,
        "grosir",
    ),
    ("ES-BLK", "Es balok", "Perbekalan melaut", Unit.BLOCK, internal_ean13(1), "25000", "22000", "17000", 20, 1, "es"),
    (
        "MTN-1",
        "Minyak tanah",
        "Perbekalan melaut",
        Unit.LITRE,
        internal_ean13(2),
        "14000",
        "13500",
        "11500",
        40,
        2,
        "minyak",
    ),
    (
        "JRG-INS",
        "Jaring insang 1,5 inci",
        "Alat tangkap",
        Unit.PIECE,
        "",
        "350000",
        "330000",
        "290000",
        2,
        14,
        "jaring",
    ),
    (
        "TMB-10",
        "Tali tambang PE 10 mm",
        "Alat tangkap",
        Unit.METRE,
        internal_ean13(3),
        "4500",
        "4000",
        "3200",
        100,
        10,
        "alat",
    ),
    (
        "PCG-7",
        "Mata pancing no. 7 (isi 50)",
        "Alat tangkap",
        Unit.PACK,
        ean("899100100007"),
        "12000",
        "11000",
        "8500",
        5,
        10,
        "alat",
    ),
    (
        "SNT-K",
        "Senter kepala LED",
        "Alat tangkap",
        Unit.PIECE,
        ean("899100100008"),
        "45000",
        "42000",
        "35000",
        3,
        10,
        "alat",
    ),
]

SUPPLIERS = {
    "grosir": ("CV Sumber Pangan Rembang", "0295-691120", 3, None),
    "es": ("Pabrik Es Tasikagung", "0295-692045", 1, None),
    "minyak": ("Pangkalan Minyak Tanah Pak Darmo", "0812-2560-1188", 2, None),
    "alat": ("Toko Alat Tangkap Bahari Jaya", "0295-693377", 10, None),
    "jaring": ("Ngatini (anggota, perajin jaring)", "0813-2540-7719", 14, "Ngatini"),
}


@demo_step("waserda: KUD Mina Bahari shop")
def waserda() -> list[DemoLogin]:
    cooperative = demo_cooperative(SLUG)
    manager = ensure_user("kud-manajer", PASSWORD)
    cashier = ensure_user("kud-kasir", PASSWORD)
    with cooperative_context(cooperative.pk, user_id=manager.pk):
        if Product.objects.filter(sku="BRS-5").exists():
            return []
        catalog.update_settings(
            default_credit_limit=D("250000"),
            receipt_header="Waserda KUD Mina Bahari · TPI Tasikagung, Rembang",
            receipt_footer="Terima kasih. Belanja di koperasi, SHU kembali ke anggota.",
        )
        members = {member.name: member for member in Member.objects.all()}
        suppliers = {}
        for key, (name, phone, lead, member_name) in SUPPLIERS.items():
            suppliers[key] = catalog.save_supplier(
                actor=manager, name=name, phone=phone, lead_time_days=lead, member=members.get(member_name)
            )
        products = {}
        for sku, name, category, unit, barcode, sell, member_price, _cost, safety, lead, supplier in PRODUCTS:
            products[sku] = catalog.create_product(
                actor=manager,
                sku=sku,
                name=name,
                category=catalog.create_category(name=category),
                unit=unit,
                barcode=barcode,
                sell_price=D(sell),
                member_price=D(member_price) if member_price else None,
                safety_stock=D(safety),
                lead_time_days=lead,
                supplier=suppliers[supplier],
            )
        _purchasing(manager, suppliers, products, PRODUCTS)
        for number, member in enumerate(sorted(members.values(), key=lambda m: m.member_no)[:6], start=1):
            catalog.save_member_card(
                member=member, card_code=f"MINA-{number:04d}", credit_limit=D("500000") if number <= 2 else None
            )
        _sales(cashier, members, products)
    return []


def _purchasing(manager, suppliers, products, price_list) -> None:
    today = timezone.localdate()
    cost = {row[0]: D(row[7]) for row in price_list}
    sembako = purchasing.create_order(
        actor=manager,
        supplier=suppliers["grosir"],
        order_date=today - datetime.timedelta(days=20),
        status="ordered",
        lines=[
            purchasing.OrderLineInput(products[sku].pk, D(qty), cost[sku])
            for sku, qty in (
                ("BRS-5", 40),
                ("MGR-1", 60),
                ("GLP-1", 50),
                ("KOP-165", 40),
                ("MIE-1", 200),
                ("RKK-12", 60),
            )
        ],
    )
    receipt = purchasing.receive_goods(
        actor=manager,
        supplier=suppliers["grosir"],
        order=sembako,
        date=today - datetime.timedelta(days=17),
        reference="SJ-SPR-0412",
        lines=[
            purchasing.ReceiptLineInput(line.product_id, line.quantity, None, line.pk) for line in sembako.lines.all()
        ],
    )
    bill = purchasing.create_bill(
        actor=manager,
        supplier=suppliers["grosir"],
        number="INV/SPR/2026/118",
        receipts=[receipt],
        date=today - datetime.timedelta(days=17),
        due_date=today + datetime.timedelta(days=13),
    )
    purchasing.pay_bill(
        actor=manager,
        bill=bill,
        amount=D("5000000"),
        method="bank",
        reference="BRI-TRF-5521",
        date=today - datetime.timedelta(days=10),
    )
    gear = purchasing.create_order(
        actor=manager,
        supplier=suppliers["alat"],
        order_date=today - datetime.timedelta(days=16),
        status="ordered",
        lines=[
            purchasing.OrderLineInput(products[sku].pk, D(qty), cost[sku])
            for sku, qty in (("TMB-10", 500), ("PCG-7", 30), ("SNT-K", 15))
        ],
    )
    rope, hooks, _lamps = list(gear.lines.order_by("id"))
    purchasing.receive_goods(
        actor=manager,
        supplier=suppliers["alat"],
        order=gear,
        date=today - datetime.timedelta(days=8),
        reference="SJ-BJ-77",
        lines=[
            purchasing.ReceiptLineInput(rope.product_id, D(300), None, rope.pk),
            purchasing.ReceiptLineInput(hooks.product_id, D(30), None, hooks.pk),
        ],
    )
    purchasing.receive_goods(  # ice and kerosene are bought for cash, without an order
        actor=manager,
        supplier=suppliers["es"],
        settlement="cash",
        date=today - datetime.timedelta(days=14),
        lines=[purchasing.ReceiptLineInput(products["ES-BLK"].pk, D(120), cost["ES-BLK"])],
        reference="Nota es 0981",
    )
    purchasing.receive_goods(
        actor=manager,
        supplier=suppliers["minyak"],
        settlement="cash",
        date=today - datetime.timedelta(days=14),
        lines=[purchasing.ReceiptLineInput(products["MTN-1"].pk, D(200), cost["MTN-1"])],
    )
    purchasing.receive_goods(  # nets from a member, on credit
        actor=manager,
        supplier=suppliers["jaring"],
        date=today - datetime.timedelta(days=12),
        lines=[purchasing.ReceiptLineInput(products["JRG-INS"].pk, D(6), cost["JRG-INS"])],
        reference="Nota Ngatini",
    )


def _sales(cashier, members, products) -> None:
    now = timezone.now()
    anggota = [m for m in sorted(members.values(), key=lambda m: m.member_no) if m.is_active_member]
    past = sessions.open_session(cashier=cashier, opening_float=D("300000"))
    baskets = [
        ([("ES-BLK", 4), ("MTN-1", 10), ("RKK-12", 2)], "cash", 0),
        ([("BRS-5", 1), ("MGR-1", 2), ("GLP-1", 1)], "cash", 1),
        ([("ES-BLK", 6), ("MTN-1", 15), ("MIE-1", 10)], "credit", 0),
        ([("TMB-10", 40), ("PCG-7", 2)], "qris", 2),
        ([("KOP-165", 2), ("GLP-1", 2), ("RKK-12", 1)], "cash", None),
        ([("JRG-INS", 1), ("TMB-10", 20)], "credit", 1),
        ([("ES-BLK", 5), ("MTN-1", 12)], "cash", 3),
        ([("MIE-1", 20), ("MGR-1", 1)], "cash", None),
    ]
    day = 13
    for round_no in range(3):
        for lines, method, member_index in baskets:
            member = anggota[(member_index + round_no) % len(anggota)] if member_index is not None else None
            sold_at = now - datetime.timedelta(days=day, hours=3 - round_no)
            sales.record_sale(
                cashier=cashier,
                data=SaleInput(
                    lines=[LineInput(products[sku].pk, D(qty)) for sku, qty in lines],
                    payment_method=method,
                    member_id=member.pk if member else None,
                    payment_reference="QRIS-" + uuid.uuid4().hex[:8].upper() if method == "qris" else "",
                    session_id=past.pk,
                    client_uuid=uuid.uuid4(),
                    sold_at=sold_at,
                    offline=True,  # synced later from the till's queue, with the time each sale was made
                ),
            )
            day = max(day - 1, 1)
    expected = D(sessions.session_figures(past)["expected_cash"])
    sessions.close_session(actor=cashier, session=past, counted_cash=expected - D("2000"), note="Selisih uang kecil")
    today = sessions.open_session(cashier=cashier, opening_float=D("250000"))
    sales.receive_credit_payment(actor=cashier, member=anggota[0], amount=D("300000"), method="cash")
    for lines, method, member_index in baskets[:4]:
        member = anggota[member_index] if member_index is not None else None
        sales.record_sale(
            cashier=cashier,
            data=SaleInput(
                lines=[LineInput(products[sku].pk, D(qty)) for sku, qty in lines],
                payment_method=method,
                member_id=member.pk if member else None,
                payment_reference="QRIS-7781" if method == "qris" else "",
                session_id=today.pk,
                client_uuid=uuid.uuid4(),
            ),
        )
