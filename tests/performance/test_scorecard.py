"""The Balanced Scorecard: each measure the books can give, computed from fixtures with a known answer;
seed 003's KSU scorecard as a template; values entered with their evidence; the year's scorecard stored as a
snapshot with seed 003's verdicts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from koperasi.ledger.fiscal import Month
from members.models import MemberStatus
from performance.methods import bsc
from performance.models import ScorecardMeasure
from performance.scorecard import SEED003_TEMPLATE, adopt_template, check_bands, save_entry
from performance.scorecard_sources import DATA_SOURCES
from performance.snapshots import compute_month, is_stale
from processing.models import BatchOutput
from tests.factories.ledger import post_simple
from tests.factories.members import ActiveMemberFactory
from tests.factories.processing import coconut_plant, run_batch
from tests.factories.procurement import SupplierFactory as FarmerFactory
from tests.factories.procurement import delivery
from tests.factories.waserda import PurchaseOrderFactory, SupplierFactory, make_sale
from tests.performance.methods.seed_tables_003 import SEED003_BSC, SEED003_BSC_VERDICTS
from waserda.models import GoodsReceipt
from waserda.services import sales
from waserda.services.sales import ReturnLineInput

pytestmark = pytest.mark.django_db
D = Decimal
Q1 = (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))


def measured(source: str, first_day=Q1[0], last_day=Q1[1]) -> Decimal | None:
    """The measure's value as the scorecard computes it: its inputs through the bsc formula."""
    data = DATA_SOURCES[source]
    function, names = bsc.FORMULAS[data.formula]
    inputs = data.gather(first_day, last_day)
    return function(*(inputs[name] for name in names), [])


def test_capital_sales_and_roi_come_from_the_ledger(in_coop):
    post_simple("1000000.00", credit="principal_savings", date=datetime.date(2025, 2, 1))
    post_simple("400000.00", credit="sales_waserda", date=datetime.date(2025, 2, 10))
    post_simple("500000.00", credit="sales_waserda", date=datetime.date(2026, 2, 10))
    post_simple("300000.00", debit="cogs", credit="merchandise_inventory", date=datetime.date(2026, 2, 10))
    post_simple("999999.00", credit="sales_waserda", date=datetime.date(2026, 4, 1))  # after the period
    # own capital 1.400.000 at 31 March 2025, 1.600.000 at 31 March 2026
    assert measured("own_capital_growth").quantize(D("0.0001")) == D("14.2857")
    assert measured("sales_growth") == D(25)  # 500.000 against 400.000 in the first quarter of 2025
    assert measured("roi") == D("12.5")  # 200.000 net income on 1.600.000 of assets


def test_member_acquisition_and_members_lost(in_coop):
    ActiveMemberFactory.create_batch(4)
    ActiveMemberFactory.create_batch(2, admitted_on=datetime.date(2026, 2, 1))
    ActiveMemberFactory(status=MemberStatus.EXITED, exit_date=datetime.date(2026, 3, 1))
    assert measured("member_acquisition") == D(40)  # 2 new on 5 members at the start
    assert measured("member_retention").quantize(D("0.01")) == D("18.18")  # 1 left of (5 + 6) / 2


def test_on_time_delivery_and_supplier_lead_time_come_from_the_waserdas_purchase_orders(in_coop):
    supplier = SupplierFactory()
    for ordered, expected, received in (
        ("2026-02-01", "2026-02-05", "2026-02-04"),  # on time, 3 days
        ("2026-02-10", "2026-02-12", "2026-02-16"),  # late, 6 days
        ("2026-02-20", None, "2026-03-01"),  # no expected date: lead time only, 9 days
        ("2026-03-20", "2026-03-25", "2026-04-02"),  # received after the period
    ):
        order = PurchaseOrderFactory(supplier=supplier, status="received", order_date=ordered, expected_date=expected)
        GoodsReceipt.objects.create(supplier=supplier, order=order, date=received)
    PurchaseOrderFactory(supplier=supplier, status="ordered", order_date="2026-02-01")  # not received
    assert measured("on_time_delivery") == D(50)
    assert measured("supplier_lead_time") == D(6)


def test_sales_returns_are_the_share_of_the_quantity_sold_that_came_back(in_coop):
    make_sale(quantity="4")
    sale = make_sale(quantity="4")
    sales.record_return(actor=sale.cashier, sale=sale, lines=[ReturnLineInput(sale.lines.first().pk, D(1))],
                        reason="rusak")  # fmt: skip
    today = timezone.localdate()
    assert measured("sales_return", datetime.date(today.year, 1, 1), today) == D("12.5")


def test_defective_output_and_output_per_labour_hour_come_from_the_batches(in_coop):
    world = coconut_plant()
    delivery(FarmerFactory(), world["material"], "2400")
    run_batch(world, on=datetime.date(2026, 2, 10))
    rejected = run_batch(world, on=datetime.date(2026, 2, 17))
    BatchOutput.objects.filter(batch=rejected, is_main=True).update(grade="Cacat")
    assert measured("defect_rate") == D(50)  # 148 kg of 296 kg graded cacat
    assert measured("labour_productivity") == D("4.625")  # 296 kg in 2 × 4 HOK × 8 hours


def test_seed_003s_scorecard_is_the_template_a_cooperative_adopts(in_coop, manager):
    assert adopt_template(actor=manager) == len(SEED003_TEMPLATE) == 12
    assert adopt_template(actor=manager) == 0  # adopting again adds nothing
    adopted = {m.code: m for m in ScorecardMeasure.objects.all()}
    for seed in SEED003_BSC["measures"]:
        measure = adopted[seed["id"]]
        assert (measure.target, measure.direction, measure.bands) == (D(seed["target"]), seed["direction"],
                                                                      seed["bands"])  # fmt: skip
        assert measure.target_inclusive == seed.get("target_inclusive", True)
    assert {m.code for m in adopted.values() if m.is_manual} == {"complaints", "staff_retention"}


def test_bands_that_overlap_or_leave_a_gap_are_refused():
    with pytest.raises(ValidationError, match="overlap"):
        check_bands([{"score": 1, "lower": None, "upper": "10"}, {"score": 2, "lower": "5", "upper": None}])
    with pytest.raises(ValidationError, match="Gap"):
        check_bands([{"score": 1, "lower": None, "upper": "5"}, {"score": 2, "lower": "10", "upper": None}])


def test_a_year_entered_with_its_evidence_gives_seed_003s_verdicts(in_coop, manager):
    from demo.performance import SEED003_2014

    adopt_template(actor=manager)
    for code, (value, evidence) in SEED003_2014.items():
        save_entry(actor=manager, measure=ScorecardMeasure.objects.get(code=code), year=2014, value=D(value),
                   evidence=evidence)  # fmt: skip
    [snapshot] = compute_month(Month(2014, 12), methods=["bsc"])
    assert (snapshot.status, snapshot.period_kind, snapshot.subject_type) == ("ok", "year", "cooperative")
    verdicts = {row["id"]: row["target_met"] for row in snapshot.result["measures"]}
    assert {code: verdicts[code] for code in SEED003_BSC_VERDICTS} == SEED003_BSC_VERDICTS
    assert any("Lampiran" in note for note in snapshot.notes)  # each value says where it was entered from
    assert not is_stale(snapshot)
    save_entry(actor=manager, measure=ScorecardMeasure.objects.get(code="complaints"), year=2014, value=D(5),
               evidence="Buku keluhan 2014")  # fmt: skip
    assert is_stale(snapshot)


def test_a_manual_measure_without_a_value_is_left_out_with_a_note_and_an_empty_scorecard_fails_visibly(
    in_coop, manager
):
    adopt_template(actor=manager)
    ScorecardMeasure.objects.exclude(code="complaints").update(is_active=False)
    [snapshot] = compute_month(Month(2026, 3), methods=["bsc"])
    assert snapshot.status == "failed" and "measures" in snapshot.error
    assert snapshot.notes == ["Jumlah komplain: no value entered for 2026"]


def test_evidence_is_required_for_an_entered_value(in_coop, manager):
    adopt_template(actor=manager)
    with pytest.raises(ValidationError) as problem:
        save_entry(actor=manager, measure=ScorecardMeasure.objects.first(), year=2026, value=D(1), evidence=" ")
    assert "evidence" in problem.value.message_dict
