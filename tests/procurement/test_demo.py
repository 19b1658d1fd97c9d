"""The supply demo step: KPMK's twelve farmer groups and KPBS's dairy farmers, paid twice, books tied."""

import datetime

import pytest
from django.db.models import F, Sum

from demo.ledger import opening_balances
from demo.members import members, savings_and_loans
from demo.procurement import GROUPS, supply
from demo.tenancy import cooperatives, demo_cooperative
from koperasi.tenancy.context import cooperative_context
from procurement.models import Deduction, Delivery, PaymentRun, RawMaterialLot, RunStatus, Supplier, SupplierKind
from procurement.selectors import supply_outlook
from tests.helpers import assert_ledger_balances, ledger_balance

pytestmark = pytest.mark.django_db


def lots_value():
    return RawMaterialLot.objects.aggregate(v=Sum(F("remaining") * F("unit_cost")))["v"]


def test_the_supply_demo_is_loaded_once_and_its_raw_material_ties_to_the_ledger():
    cooperatives()
    opening_balances()  # the books open before the members pay
    members()
    savings_and_loans()
    supply()
    with cooperative_context(demo_cooperative("kpmk-pangandaran").pk):
        assert Supplier.objects.filter(kind=SupplierKind.GROUP).count() == len(GROUPS) == 12
        assert Delivery.objects.filter(farmer__isnull=False, supplier__kind=SupplierKind.GROUP).exists()
        assert Supplier.objects.filter(assets__mortgage_amount__gt=0).exists()  # gardens held by middlemen
        assert list(PaymentRun.objects.values_list("status", flat=True)) == [RunStatus.PAID] * 2
        assert Deduction.objects.filter(kind="loan", applied__gt=0).exists()  # garden-redemption loans repaid
        assert Delivery.objects.filter(payment_line__isnull=True).exists()  # the last month waits for a run
        assert ledger_balance("raw_material_inventory") == lots_value()
        assert_ledger_balances()
        counts = (Supplier.objects.count(), Delivery.objects.count())
    with cooperative_context(demo_cooperative("kpbs-pangalengan").pk):
        milk = Delivery.objects.filter(material__code="SUSU")
        assert milk.values("date").distinct().count() == 30 and {"fat", "ts", "tpc"} <= set(milk.first().readings)
        assert len(set(milk.values_list("unit_price", flat=True))) > 5  # graded: not one price for all
        this_year = supply_outlook(milk.first().material, datetime.date.today().year)
        assert all(month.expected > 0 for month in this_year)  # the supply plan, every month
    supply()
    with cooperative_context(demo_cooperative("kpmk-pangandaran").pk):
        assert (Supplier.objects.count(), Delivery.objects.count()) == counts
