"""Procurement factories: create inside a cooperative's context. Deliveries and runs are made through the
services, as the application makes them, so every row agrees with the ledger."""

import datetime
from decimal import Decimal

import factory

from procurement.models import (
    AssetKind,
    Deduction,
    Delivery,
    InputCharge,
    PaymentLine,
    PaymentRun,
    PriceRule,
    PriceStep,
    ProcurementSettings,
    ProducingAsset,
    QualityParameter,
    RawMaterial,
    RawMaterialLot,
    Supplier,
    SupplierKind,
    SupplyPlan,
    Unit,
)
from procurement.services import deliveries, materials, payments
from tests.factories.members import ActiveMemberFactory

D = Decimal


class SupplierFactory(factory.django.DjangoModelFactory):
    """A non-member farmer in Pangandaran."""

    class Meta:
        model = Supplier

    kind = SupplierKind.FARMER
    name = factory.Faker("name", locale="id_ID")
    village = "Cintaratu"
    district = "Parigi"
    regency = "Pangandaran"
    province = "Jawa Barat"


class MemberSupplierFactory(SupplierFactory):
    kind = SupplierKind.MEMBER
    member = factory.SubFactory(ActiveMemberFactory)
    name = factory.LazyAttribute(lambda supplier: supplier.member.name)


def milk(base="6000", valid_from=datetime.date(2026, 1, 1)) -> RawMaterial:
    """Fresh milk priced by fat (+ Rp 50 per 0,1 % above 3,5 %) and bacteria (− Rp 100 per 500.000 above
    1 juta per ml), as dairy cooperatives pay (seed 004)."""
    material = materials.create_material(
        code="SUSU", name="Susu segar", unit=Unit.LITRE,
        parameters=[("fat", "Lemak", "%"), ("ts", "Total solid", "%"), ("tpc", "Jumlah bakteri", "per ml")],
    )  # fmt: skip
    materials.add_price_rule(
        actor=None, material=material, valid_from=valid_from, base_price=D(base),
        steps=[
            {"parameter": "fat", "direction": "above", "threshold": D("3.5"), "step": D("0.1"), "amount": D("50")},
            {"parameter": "tpc", "direction": "above", "threshold": D("1000000"), "step": D("500000"),
             "amount": D("-100")},
        ],
    )  # fmt: skip
    return material


def coconut(price="1500", valid_from=datetime.date(2026, 1, 1)) -> RawMaterial:
    """Coconuts by the piece (butir), one price for every grade."""
    material = materials.create_material(code="KELAPA", name="Kelapa", unit=Unit.PIECE)
    materials.add_price_rule(actor=None, material=material, valid_from=valid_from, base_price=D(price))
    return material


def delivery(supplier, material, quantity="100", *, on=datetime.date(2026, 2, 5), **kwargs):
    return deliveries.record_delivery(
        actor=None, supplier=supplier, material=material, date=on, quantity=D(quantity), **kwargs
    )


# --- one row of every procurement model (the isolation suites ask for them) -------------------------------


class RawMaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RawMaterial

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return RawMaterial.objects.filter(code="KELAPA").first() or coconut()


class QualityParameterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualityParameter

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return (RawMaterial.objects.filter(code="SUSU").first() or milk()).parameters.first()


class PriceRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceRule

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return PriceRule.objects.filter(material=RawMaterialFactory()).first()


class PriceStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceStep

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        QualityParameterFactory()
        return PriceStep.objects.first()


class ProducingAssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProducingAsset

    supplier = factory.SubFactory(SupplierFactory)
    kind = AssetKind.GARDEN
    area_ha = D("1.250")
    count = 180
    mortgaged_to = "Tengkulak desa"
    mortgage_amount = D("15000000")


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return delivery(SupplierFactory(), RawMaterialFactory(), "100")


class RawMaterialLotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RawMaterialLot

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return DeliveryFactory().lot


class ProcurementSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcurementSettings
        django_get_or_create = ("cooperative",)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return ProcurementSettings.objects.first() or ProcurementSettings.objects.create()


class InputChargeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InputCharge

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return payments.record_input_charge(
            actor=None,
            supplier=SupplierFactory(),
            date=datetime.date(2026, 2, 1),
            description="Pupuk",
            amount=D("50000"),
        )


class PaymentRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaymentRun

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        DeliveryFactory()
        day = datetime.date(2026, 2, 28)
        return payments.create_run(actor=None, period_start=datetime.date(2026, 2, 1), period_end=day, pay_date=day)


class PaymentLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaymentLine

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return PaymentRunFactory().lines.first()


class DeductionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deduction

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        supplier = SupplierFactory()
        payments.record_input_charge(
            actor=None, supplier=supplier, date=datetime.date(2026, 2, 1), description="Pupuk", amount=D("50000")
        )
        delivery(supplier, RawMaterialFactory(), "100")
        day = datetime.date(2026, 2, 28)
        run = payments.create_run(actor=None, period_start=datetime.date(2026, 2, 1), period_end=day, pay_date=day)
        return Deduction.objects.filter(line__run=run).first()


class SupplyPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupplyPlan

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from procurement.services import plans

        return plans.save_plan(actor=None, material=RawMaterialFactory(), month=datetime.date(2026, 5, 1),
                               quantity=D("1000"))  # fmt: skip
