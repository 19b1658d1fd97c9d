"""Payment runs: gross per supplier, deductions in the configured order with carry-over, maker-checker,
and paying that posts once however often it is asked."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from koperasi.ledger.services import Line, post_entry
from koperasi.tenancy.context import cooperative_context
from members.loans.models import LoanRepayment
from members.savings.models import MandatoryBill, SavingsKind
from members.savings.products import account_for
from procurement.models import DeductionKind, Delivery, PaymentRun, ProcurementSettings, RunStatus
from procurement.services import payments
from tests.factories.accounts import UserFactory
from tests.factories.members import disbursed_loan
from tests.factories.procurement import MemberSupplierFactory, SupplierFactory, coconut, delivery
from tests.helpers import ledger_balance, lines_balance

pytestmark = pytest.mark.django_db
D = Decimal
PAY_DAY = datetime.date(2026, 3, 16)


@pytest.fixture
def harvest(in_coop):
    """A member farmer with a loan, wajib due and shop credit; a non-member farmer with inputs on credit."""
    material = coconut("1500")
    member_supplier, farmer = MemberSupplierFactory(), SupplierFactory()
    member = member_supplier.member
    loan = disbursed_loan("1200000", 12, member=member, on=datetime.date(2026, 1, 10))  # 112.000 a month
    wajib = account_for(member, SavingsKind.MANDATORY, opened_on=datetime.date(2026, 1, 1))
    MandatoryBill.objects.create(member=member, account=wajib, month=datetime.date(2026, 3, 1), amount=D("25000"))
    post_entry(  # 40.000 bought at the shop on credit
        date=datetime.date(2026, 3, 2), source=("tests.shop", member.pk), purpose="test",
        lines=[Line("accounts_receivable", debit=D("40000"), party=member), Line("sales_waserda", credit=D("40000"))],
    )  # fmt: skip
    payments.record_input_charge(
        actor=None, supplier=farmer, date=datetime.date(2026, 3, 1), description="Pupuk urea 2 karung",
        amount=D("300000"),
    )  # fmt: skip
    for day in (datetime.date(2026, 3, 3), datetime.date(2026, 3, 10)):
        delivery(member_supplier, material, "100", on=day)  # 150.000 each
        delivery(farmer, material, "80", on=day)  # 120.000 each
    return {"member": member_supplier, "farmer": farmer, "loan": loan, "wajib": wajib, "material": material}


def make_run(maker=None):
    return payments.create_run(
        actor=maker, period_start=datetime.date(2026, 3, 1), period_end=datetime.date(2026, 3, 15), pay_date=PAY_DAY
    )


def test_a_run_takes_what_each_supplier_owes_in_order_and_carries_the_rest(harvest):
    run = make_run()
    lines = {line.supplier_id: line for line in run.lines.all()}
    member_line, farmer_line = lines[harvest["member"].pk], lines[harvest["farmer"].pk]
    # loan: instalments due by 16 March (Feb and Mar, 224.000) take 224.000 of 300.000; wajib 25.000;
    # shop credit 40.000 from what is left; the rest is paid
    taken = {d.kind: (d.requested, d.applied, d.carried) for d in member_line.deductions.all()}
    assert taken[DeductionKind.LOAN][1] == taken[DeductionKind.LOAN][0]
    assert member_line.gross == D("300000.00")
    assert member_line.gross - member_line.deducted == member_line.net >= 0
    assert taken[DeductionKind.WAJIB] == (D("25000"), D("25000"), D("0"))
    # the farmer owes 300.000 of inputs against 240.000 of coconuts: all of it taken, 60.000 carried
    assert (farmer_line.gross, farmer_line.deducted, farmer_line.net, farmer_line.carried) == (
        D("240000.00"), D("240000.00"), D("0.00"), D("60000.00"),
    )  # fmt: skip
    assert Delivery.objects.filter(payment_line__run=run).count() == 4
    with pytest.raises(ValidationError) as empty:
        make_run()  # every delivery is in the first run
    assert empty.value.code == "run_empty"


def test_paying_posts_the_deductions_and_the_nets_once(harvest):
    maker, checker = UserFactory(), UserFactory()
    run = make_run(maker)
    with pytest.raises(ValidationError) as own:
        payments.approve_run(actor=maker, run=run)
    assert own.value.code == "run_maker_checker"
    with pytest.raises(ValidationError):
        payments.pay_run(actor=checker, run=run)  # not approved yet
    payments.approve_run(actor=checker, run=run)
    cash_before = ledger_balance("cash")
    payments.pay_run(actor=maker, run=run)
    payments.pay_run(actor=maker, run=run)  # again: nothing more
    payments.approve_run(actor=checker, run=run)
    run.refresh_from_db()
    assert run.status == RunStatus.PAID
    member = harvest["member"].member
    # everything owed for the deliveries is settled: the payable of both suppliers is back to zero
    assert lines_balance("accounts_payable", party_type="members.Member", party_id=member.pk) == 0
    assert lines_balance("accounts_payable", party_type="procurement.Supplier", party_id=harvest["farmer"].pk) == 0
    assert LoanRepayment.objects.filter(loan=harvest["loan"]).count() == 1
    harvest["wajib"].refresh_from_db()
    assert harvest["wajib"].balance == D("25000.00")
    assert lines_balance("accounts_receivable", party_type="members.Member", party_id=member.pk) == 0  # shop credit
    assert harvest["farmer"].charges.get().settled == D("240000.00")
    nets = sum(line.net for line in run.lines.all())
    assert nets > 0 and ledger_balance("cash") == cash_before - nets


def test_a_share_of_each_harvest_repays_garden_redemption_loans(harvest):
    ProcurementSettings.objects.create(loan_share=D("0.25"))
    line = make_run().lines.get(supplier=harvest["member"])
    loan = line.deductions.get(kind=DeductionKind.LOAN)
    assert (loan.requested, loan.applied) == (D("75000.00"), D("75000.00"))  # 25 % of 300.000


@pytest.mark.django_db(transaction=True)
def test_two_people_approving_at_once_approve_once(coop):
    with cooperative_context(coop.pk):
        supplier, material = SupplierFactory(), coconut()
        delivery(supplier, material, "10", on=datetime.date(2026, 3, 2))
        run = make_run(UserFactory())
    checkers, errors = [UserFactory(), UserFactory()], []

    def approve(user):
        try:
            with cooperative_context(coop.pk):
                payments.approve_run(actor=user, run=run)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(user,)) for user in checkers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with cooperative_context(coop.pk):
        run = PaymentRun.objects.get(pk=run.pk)
        assert run.status == RunStatus.APPROVED and run.approved_by in checkers


def test_a_delivery_recorded_while_a_run_is_drafted_is_never_marked_paid_unpaid(harvest, monkeypatch):
    """Drafting reads what each supplier is owed, then marks the deliveries paid; a delivery committed in
    between (here: one the totals did not see) makes the draft refuse rather than underpay."""
    from procurement import selectors

    seen = selectors.unpaid_by_supplier(datetime.date(2026, 3, 15))
    delivery(harvest["farmer"], harvest["material"], "10", on=datetime.date(2026, 3, 12))  # arrives "meanwhile"
    monkeypatch.setattr(selectors, "unpaid_by_supplier", lambda until: seen)
    with pytest.raises(ValidationError) as error:
        make_run()
    assert error.value.code == "run_changed"
    assert not Delivery.objects.filter(payment_line__isnull=False).exists() and not PaymentRun.objects.exists()
