"""Waserda factories: create inside a cooperative's context (``with cooperative_context(coop.pk): ...``).

Documents that move stock or money (receipts, sales, returns, payments, counts) are made through the
services, as the application makes them, so every row agrees with the stock card and the ledger.
"""

import datetime
import uuid
from decimal import Decimal

import factory

from tests.factories.accounts import UserFactory
from tests.factories.members import ActiveMemberFactory
from waserda.models import (
    CashSession,
    Category,
    CreditPayment,
    GoodsReceipt,
    GoodsReceiptLine,
    MemberCard,
    PriceChange,
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    RejectedSale,
    Sale,
    SaleLine,
    SaleReturn,
    SaleReturnLine,
    StockCount,
    StockCountLine,
    StockMovement,
    Supplier,
    SupplierBill,
    SupplierPayment,
    Unit,
    WaserdaSettings,
)
from waserda.services import purchasing, sales, sessions
from waserda.services.sales import LineInput, ReturnLineInput, SaleInput

D = Decimal


class WaserdaSettingsFactory(factory.django.DjangoModelFactory):
    """The cooperative's one settings row (seeded with the cooperative)."""

    class Meta:
        model = WaserdaSettings

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from waserda.selectors import shop_settings

        return shop_settings()


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Kategori {n}")


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    name = factory.Sequence(lambda n: f"Toko Grosir {n}")
    phone = "0295-691234"
    lead_time_days = 5


class ProductFactory(factory.django.DjangoModelFactory):
    """A product with no stock; ``stocked_product()`` receives some."""

    class Meta:
        model = Product

    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = factory.Sequence(lambda n: f"Barang {n}")
    unit = Unit.PIECE
    sell_price = D("10000.00")
    member_price = D("9500.00")
    lead_time_days = 5
    safety_stock = D("2")


class PriceChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceChange

    product = factory.SubFactory(ProductFactory)
    sell_price = D("11000.00")
    member_price = D("10500.00")


class MemberCardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberCard

    member = factory.SubFactory(ActiveMemberFactory)
    card_code = factory.Sequence(lambda n: f"KARTU-{n:05d}")
    credit_limit = D("500000.00")


class PurchaseOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PurchaseOrder

    supplier = factory.SubFactory(SupplierFactory)
    order_date = datetime.date(2026, 1, 10)
    status = "ordered"


class PurchaseOrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PurchaseOrderLine

    order = factory.SubFactory(PurchaseOrderFactory)
    product = factory.SubFactory(ProductFactory)
    quantity = D("10")
    unit_cost = D("8000.00")


def stocked_product(quantity="20", unit_cost="8000", supplier=None, **fields) -> Product:
    """A product with ``quantity`` received at ``unit_cost`` (receipt on credit) from ``supplier``,
    who becomes its usual supplier when given."""
    if supplier is not None:
        fields.setdefault("supplier", supplier)
    product = ProductFactory(**fields)
    purchasing.receive_goods(
        actor=None,
        supplier=supplier or SupplierFactory(),
        lines=[purchasing.ReceiptLineInput(product.pk, D(quantity), D(unit_cost))],
    )
    product.refresh_from_db()
    return product


class GoodsReceiptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodsReceipt

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return purchasing.receive_goods(
            actor=None,
            supplier=SupplierFactory(),
            lines=[purchasing.ReceiptLineInput(ProductFactory().pk, D("10"), D("8000"))],
        )


class GoodsReceiptLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodsReceiptLine

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return GoodsReceiptFactory().lines.first()


class SupplierBillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupplierBill

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        receipt = GoodsReceiptFactory()
        return purchasing.create_bill(
            actor=None, supplier=receipt.supplier, number=f"INV-{uuid.uuid4().hex[:8]}", receipts=[receipt]
        )


class SupplierPaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupplierPayment

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        bill = SupplierBillFactory()
        return purchasing.pay_bill(actor=None, bill=bill, amount=D("30000"))


class StockMovementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StockMovement

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        receipt = GoodsReceiptFactory()
        return StockMovement.objects.get(source_type="receipt", source_id=receipt.pk)


class StockCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StockCount

    date = datetime.date(2026, 1, 31)


class StockCountLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StockCountLine

    count = factory.SubFactory(StockCountFactory)
    product = factory.SubFactory(ProductFactory)
    counted_quantity = D("3")


class CashSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CashSession

    @classmethod
    def _create(cls, model_class, *args, cashier=None, **kwargs):
        return sessions.open_session(cashier=cashier or UserFactory(), opening_float=D("100000"))


def make_sale(product=None, quantity="2", method="cash", member=None, session=None, **kwargs) -> Sale:
    """An online sale of ``quantity`` of a stocked product in a fresh cash session."""
    product = product or stocked_product()
    session = session or CashSessionFactory()
    sale, _created = sales.record_sale(
        cashier=session.cashier,
        data=SaleInput(
            lines=[LineInput(product.pk, D(quantity))],
            payment_method=method,
            member_id=member.pk if member else None,
            session_id=session.pk,
            **kwargs,
        ),
    )
    return sale


class SaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sale

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return make_sale()


class SaleLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SaleLine

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return make_sale().lines.first()


class SaleReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SaleReturn

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        sale = make_sale()
        return sales.record_return(
            actor=sale.cashier, sale=sale, lines=[ReturnLineInput(sale.lines.first().pk, D("1"))], reason="rusak"
        )


class SaleReturnLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SaleReturnLine

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return SaleReturnFactory().lines.first()


class RejectedSaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RejectedSale

    client_uuid = factory.LazyFunction(uuid.uuid4)
    code = "waserda_insufficient_stock"
    message = "Stok tidak cukup"


class CreditPaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreditPayment

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return sales.receive_credit_payment(actor=None, member=ActiveMemberFactory(), amount=D("25000"))
