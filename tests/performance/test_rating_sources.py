"""Each indicator the rating and the health assessment compute from the books, on a small cooperative whose
answers are known: 2026 against 2025."""

import datetime
from decimal import Decimal

import pytest

from performance.rating_sources import SOURCES, health_values
from procurement.services import materials
from tests.factories.ledger import post_simple
from tests.factories.members import ActiveMemberFactory, LoanFactory, funded_account
from tests.factories.performance import SnapshotFactory
from tests.factories.processing import coconut_plant
from tests.factories.procurement import MemberSupplierFactory, SupplierFactory, delivery
from tests.factories.waserda import make_sale

pytestmark = pytest.mark.django_db
D = Decimal
YEAR = 2026


@pytest.fixture
def books(in_coop):
    """Five members admitted in 2020 (one delivers, one shops, one saves and borrows), two more admitted in 2026;
    a non-member farmer and a non-member shopper; the ledger of two years."""
    members = ActiveMemberFactory.create_batch(3)
    supplier = MemberSupplierFactory()  # the fourth member, a farmer
    ActiveMemberFactory()  # the fifth, who does nothing
    ActiveMemberFactory.create_batch(2, admitted_on=datetime.date(2026, 6, 1))
    material = coconut_plant()["material"]  # and the plant's worker
    materials.add_price_rule(actor=None, material=material, valid_from=datetime.date(2025, 1, 1), base_price=D(1500))
    delivery(supplier, material, "100", on=datetime.date(2025, 3, 1))
    delivery(supplier, material, "150", on=datetime.date(2026, 3, 1))
    delivery(SupplierFactory(), material, "500", on=datetime.date(2026, 3, 2))  # not a member's
    make_sale(member=members[0], quantity="3")  # at the member price
    walk_in = make_sale(quantity="1")  # a walk-in customer
    funded_account("100000.00", member=members[1], day=datetime.date(2026, 2, 1))
    LoanFactory(member=members[1], applied_on=datetime.date(2026, 4, 1))
    for month, ratio in ((2, "30"), (3, "40")):
        SnapshotFactory(period_start=datetime.date(2026, month, 1), period_end=datetime.date(2026, month, 28),
                        result={"rows": {"11b": ratio}})  # fmt: skip
    return {"members": members, "supplier": supplier, "walk_in": walk_in}


def value(source: str) -> Decimal | None:
    return SOURCES[source](YEAR).value


def test_the_members_indicators(books):
    assert value("member_growth") == D("40.00")  # 5 members at the start of 2026, 7 at its end
    assert value("member_participation") == D("28.57")  # the farmer and the shopper, of 7
    assert value("risk_sharing") == D("14.29")  # the farmer
    assert value("service_use") == D("42.86")  # the farmer, the shopper, the saver (who also borrowed)
    assert value("members_borrowing") == D("14.29")


def test_the_income_members_earn_by_delivering_and_the_shops_reach(books):
    assert value("member_income_gain") == D("50.00")  # 150 coconuts against 100, same price
    assert value("waserda_items") == D(2)  # each sale's product is still in stock
    sales = SOURCES["non_member_share"](YEAR)
    assert sales.figures["to non-members"] == str(books["walk_in"].total)  # Rp 10.000 of Rp 38.500
    assert sales.value == D("25.97")


def test_the_plants_workers_the_value_added_and_what_the_books_cannot_give(books):
    assert value("local_employees") == D(1)
    assert value("value_added") == D("35.00")  # the mean of the year's value-added ratios
    assert value("rat_attendance") is None and SOURCES["rat_attendance"](YEAR).note


def test_the_ledgers_indicators(in_coop):
    post_simple("1000000.00", credit="principal_savings", date=datetime.date(2025, 1, 2))
    post_simple("200000.00", credit="other_income", date=datetime.date(2025, 6, 1))
    post_simple("300000.00", credit="other_income", date=datetime.date(2026, 6, 1))
    post_simple("100000.00", debit="cash", credit="accounts_payable", date=datetime.date(2026, 7, 1))
    assert value("asset_growth") == D("33.33")  # cash 1.200.000 → 1.600.000
    assert value("volume_growth") == D("50.00")  # income 200.000 → 300.000
    assert value("capital_structure") == D("93.75")  # own 1.500.000 of 1.600.000
    ratios = SOURCES["financial_ratios"](YEAR)
    assert ratios.value == D(3)  # rentabilitas 20 %, likuiditas 1.600 %, solvabilitas 1.600 %
    assert value("fund_provision") is None  # no loans outstanding


def test_the_health_ratios_from_the_ledger(in_coop):
    post_simple("1000000.00", credit="principal_savings", date=datetime.date(2026, 1, 2))
    post_simple("400000.00", debit="cash", credit="voluntary_savings", date=datetime.date(2026, 1, 3))
    post_simple("100000.00", credit="loan_interest_income", date=datetime.date(2026, 5, 1))
    ratios = health_values(YEAR)
    assert ratios["P1"].value == D("73.33")  # own capital 1.100.000 of assets 1.500.000
    assert ratios["L1"].value == D("375.00")  # cash 1.500.000 against 400.000 of voluntary savings
    assert ratios["J1"].value == D("100.00")  # all income is members' loan interest
    assert ratios["A2"].value is None  # no loans: no ratio, scored 0 with a note by the method
