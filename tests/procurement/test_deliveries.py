"""Deliveries (setoran): priced by the rule in force on their day, posted, lotted, reversed with a reason."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F, Sum

from koperasi.ledger.models import JournalEntry
from procurement.models import DeliveryStatus, RawMaterialLot, SupplierKind
from procurement.services import deliveries, materials, network
from tests.factories.procurement import MemberSupplierFactory, SupplierFactory, coconut, delivery, milk
from tests.helpers import ledger_balance, lines_balance

pytestmark = pytest.mark.django_db
D = Decimal


def lots_value() -> Decimal:
    return RawMaterialLot.objects.aggregate(v=Sum(F("remaining") * F("unit_cost")))["v"] or D(0)


def test_milk_is_priced_by_fat_and_bacteria_and_posted_as_raw_material_owed_to_the_member(in_coop):
    supplier = MemberSupplierFactory()
    received = delivery(supplier, milk(), "20.5", readings={"fat": "3.8", "ts": "12.1", "tpc": "1600000"})
    assert received.unit_price == D("6050.00")  # 6000 + 3 × 50 − 1 × 100
    assert received.value == D("124025.00")  # 20,5 L × 6.050
    assert received.price_rule_version == 1
    assert ledger_balance("raw_material_inventory") == D("124025.00")
    payable = lines_balance("accounts_payable", party_type="members.Member", party_id=supplier.member_id)
    assert payable == D("-124025.00")  # owed to the member: a credit
    assert received.lot.remaining == D("20.500") and lots_value() == D("124025.00")


def test_a_price_change_mid_period_prices_each_delivery_by_the_rule_of_its_day(in_coop):
    material = coconut("1500", valid_from=datetime.date(2026, 1, 1))
    materials.add_price_rule(actor=None, material=material, valid_from=datetime.date(2026, 2, 15), base_price=D("1700"))
    materials.add_price_rule(
        actor=None, material=material, valid_from=datetime.date(2026, 2, 1), base_price=D("1800"), grade="A"
    )
    farmer = SupplierFactory()
    before = delivery(farmer, material, "1000", on=datetime.date(2026, 2, 14))
    after = delivery(farmer, material, "1000", on=datetime.date(2026, 2, 15))
    grade_a = delivery(farmer, material, "1000", on=datetime.date(2026, 2, 20), grade="A")
    assert [(d.unit_price, d.price_rule_version) for d in (before, after, grade_a)] == [
        (D("1500.00"), 1),
        (D("1700.00"), 2),
        (D("1800.00"), 3),
    ]


def test_rejected_quantities_are_not_paid_and_a_retried_intake_is_recorded_once(in_coop):
    material, farmer, key = coconut(), SupplierFactory(), uuid.uuid4()
    first = delivery(farmer, material, "500", rejected_quantity=D("20"), key=key)
    again = delivery(farmer, material, "500", rejected_quantity=D("20"), key=key)
    assert again.pk == first.pk and first.value == D("720000.00")  # 480 × 1.500
    assert JournalEntry.objects.filter(source_id=str(first.pk)).count() == 1


def test_bad_intake_is_refused_with_a_field_and_a_code(in_coop):
    material, farmer = milk(), SupplierFactory()
    cases = [
        ({"quantity": D("0")}, "quantity", "invalid_quantity"),
        ({"quantity": D("10"), "rejected_quantity": D("11")}, "rejected_quantity", "invalid_quantity"),
        ({"quantity": D("10"), "readings": {"colour": "1"}}, "readings", "unknown_reading"),
        ({"quantity": D("10"), "date": datetime.date(2025, 12, 31)}, "date", "no_price_rule"),
    ]
    for changes, field, code in cases:
        arguments = {"supplier": farmer, "material": material, "date": datetime.date(2026, 2, 1)} | changes
        with pytest.raises(ValidationError) as refused:
            deliveries.record_delivery(actor=None, **arguments)
        assert field in refused.value.message_dict and refused.value.code == code


def test_a_delivery_through_a_group_keeps_the_original_farmer(in_coop):
    group = network.save_supplier(actor=None, kind=SupplierKind.GROUP, name="Kelompok Tani Mekar Sari")
    farmer = network.save_supplier(actor=None, kind=SupplierKind.FARMER, name="Darsono", via=group)
    received = delivery(group, coconut(), "300", farmer=farmer)
    assert (received.supplier, received.farmer) == (group, farmer)
    collector = network.save_supplier(actor=None, kind=SupplierKind.COLLECTOR, name="Pengepul Ujang", via=group)
    with pytest.raises(ValidationError, match="circle"):
        network.save_supplier(actor=None, supplier=group, via=collector)
    with pytest.raises(ValidationError, match="farmer group or a collector"):
        network.save_supplier(actor=None, supplier=collector, via=farmer)


def test_a_correction_is_a_reversal_with_a_reason_and_empties_the_lot(in_coop):
    received = delivery(SupplierFactory(), coconut(), "100")
    with pytest.raises(ValidationError):
        deliveries.reverse_delivery(actor=None, delivery=received, reason=" ")
    deliveries.reverse_delivery(actor=None, delivery=received, reason="Salah hitung", on=datetime.date(2026, 2, 6))
    received.refresh_from_db()
    assert received.status == DeliveryStatus.REVERSED and received.lot.remaining == 0
    assert ledger_balance("raw_material_inventory") == 0 and lots_value() == 0
    with pytest.raises(ValidationError) as again:
        deliveries.reverse_delivery(actor=None, delivery=received, reason="lagi")
    assert again.value.code == "delivery_reversed"


def test_a_retry_racing_the_first_request_answers_the_delivery_the_first_recorded(in_coop, monkeypatch):
    """The retry read "no delivery under this key" before the first one committed: the unique key
    refuses its insert, its posting goes with it, and it answers the first delivery."""
    from procurement import selectors

    material, farmer, key = coconut(), SupplierFactory(), uuid.uuid4()
    first = delivery(farmer, material, "500", key=key)
    read_before_the_first_committed = selectors.delivery_basis(material.pk, "", datetime.date(2026, 2, 5), uuid.uuid4())
    monkeypatch.setattr(selectors, "delivery_basis", lambda *args: read_before_the_first_committed)
    again = delivery(farmer, material, "500", key=key)
    assert again.pk == first.pk
    assert JournalEntry.objects.filter(purpose=deliveries.PURPOSE_INTAKE).count() == 1
    assert ledger_balance("raw_material_inventory") == first.value == lots_value()


def test_a_delivery_into_a_closed_month_is_refused_having_written_nothing(in_coop):
    from koperasi.ledger.error_codes import LedgerError
    from koperasi.ledger.services import close_period
    from procurement.models import Delivery

    material, farmer = coconut(), SupplierFactory()
    close_period(actor=None, year=2026, month=1)
    with pytest.raises(LedgerError) as refused:
        delivery(farmer, material, "100", on=datetime.date(2026, 1, 20))
    assert refused.value.code == "ledger_period_closed"
    assert not Delivery.objects.exists() and not RawMaterialLot.objects.exists()
    assert delivery(farmer, material, "100").value == D("150000.00")  # the transaction is still usable
