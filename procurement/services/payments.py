"""Payment runs: gather the unpaid deliveries per supplier, take what each owes in the configured
order (procurement/deductions.py), have another person approve, then pay and post."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.db import transaction
from django.db.models import F, OuterRef, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.ledger.services import Line, post_entry
from members.loans.repayments import repay_from_payable
from members.savings.models import AccountStatus, SavingsAccount, SavingsKind
from members.savings.services import deposit
from procurement import debts, deductions, locks, selectors
from procurement.error_codes import ProcurementErrorCode, refuse
from procurement.models import (
    Deduction,
    DeductionKind,
    Delivery,
    InputCharge,
    PaymentLine,
    PaymentMethod,
    PaymentRun,
    RunStatus,
    Supplier,
)

BUSINESS_UNIT = "PGD"
PURPOSE_PAYMENT = "procurement.payment"
PURPOSE_DEDUCTION = "procurement.deduction.{kind}"
PURPOSE_INPUT_CHARGE = "procurement.input_charge"
# Savings deposits are keyed by a UUID; a run line's wajib deduction gets the same one every time.
WAJIB_KEYS = uuid.UUID("6f1c1d2e-6a55-4d7e-9a50-0f2b6c1a9e01")
ZERO = Decimal(0)


@transaction.atomic
def record_input_charge(*, actor, supplier: Supplier, date: datetime.date, description: str, amount: Decimal):
    """Feed, fertiliser or seedlings a supplier takes on credit: Dr Piutang usaha (party: the supplier) /
    Cr Pendapatan lain-lain; the next payment runs deduct it."""
    charge = InputCharge.objects.create(supplier=supplier, date=date, description=description, amount=amount)
    entry = post_entry(
        date=date,
        source=charge,
        purpose=PURPOSE_INPUT_CHARGE,
        actor=actor,
        memo=_("Inputs on credit, %(supplier)s: %(what)s") % {"supplier": supplier.name, "what": description},
        lines=[
            Line("accounts_receivable", debit=amount, party=supplier, business_unit=BUSINESS_UNIT),
            Line("other_income", credit=amount, business_unit=BUSINESS_UNIT),
        ],
    )
    InputCharge.objects.filter(pk=charge.pk).update(journal_entry=entry)
    return charge


@transaction.atomic
def create_run(
    *, actor, period_start: datetime.date, period_end: datetime.date, pay_date: datetime.date, method: str = "cash"
) -> PaymentRun:
    """A draft run of every delivery up to ``period_end`` not yet in a run, one line per supplier."""
    if period_start > period_end:
        raise refuse("period_start", _("The period starts after it ends."), ProcurementErrorCode.RUN_STATUS)
    gross = {pk: total for pk, total in selectors.unpaid_by_supplier(period_end).items() if total > 0}
    if not gross:
        raise refuse("period_end", _("No unpaid deliveries up to that day."), ProcurementErrorCode.RUN_EMPTY)
    run = PaymentRun.objects.create(
        period_start=period_start, period_end=period_end, pay_date=pay_date, method=method, created_by=actor
    )
    suppliers = list(Supplier.objects.filter(pk__in=gross).order_by("pk"))
    owed = debts.debts(suppliers, gross, pay_date)
    lines, planned = [], []
    for supplier in suppliers:
        settlement = deductions.settle(gross[supplier.pk], owed[supplier.pk])
        line = PaymentLine(
            cooperative_id=run.cooperative_id,
            run=run,
            supplier=supplier,
            gross=settlement.gross,
            deducted=settlement.deducted,
            carried=settlement.carried,
            net=settlement.net,
        )
        lines.append(line)
        planned.append(settlement)
    PaymentLine.objects.bulk_create(lines)
    Deduction.objects.bulk_create(
        Deduction(
            cooperative_id=run.cooperative_id,
            line=line,
            kind=item.kind,
            position=position,
            requested=item.requested,
            applied=item.applied,
            carried=item.carried,
        )
        for line, settlement in zip(lines, planned, strict=True)
        for position, item in enumerate(settlement.taken)
    )
    line_of_supplier = PaymentLine.objects.filter(run=run, supplier_id=OuterRef("supplier_id")).values("pk")[:1]
    selectors.unpaid_deliveries(period_end).filter(supplier_id__in=gross).update(
        payment_line=Subquery(line_of_supplier)
    )
    taken = Delivery.objects.filter(payment_line__run=run).aggregate(total=Sum("value"))["total"] or ZERO
    if taken != sum(gross.values(), ZERO):  # a delivery recorded meanwhile would be marked paid unpaid
        raise refuse(
            "period_end",
            _("Deliveries were recorded while the run was drafted; draft it again."),
            ProcurementErrorCode.RUN_CHANGED,
        )
    record_event(
        "procurement.run_created",
        actor=actor,
        cooperative_id=run.cooperative_id,
        obj=run,
        after={"suppliers": len(lines), "gross": str(sum(gross.values(), ZERO))},
    )
    return run


@transaction.atomic
def discard_run(*, actor, run: PaymentRun) -> None:
    """Drop a draft run: its deliveries are free for the next one."""
    run = locks.lock_run(run.pk)
    if run.status != RunStatus.DRAFT:
        raise refuse("status", _("Only a draft run can be discarded."), ProcurementErrorCode.RUN_STATUS)
    Delivery.objects.filter(payment_line__run=run).update(payment_line=None)
    record_event("procurement.run_discarded", actor=actor, cooperative_id=run.cooperative_id, obj=run, after={})
    run.delete()


@transaction.atomic
def approve_run(*, actor, run: PaymentRun) -> PaymentRun:
    """The second person's approval (maker-checker). Approving an approved or paid run changes nothing."""
    run = locks.lock_run(run.pk)
    if run.status != RunStatus.DRAFT:
        return run
    if actor is None or actor.pk == run.created_by_id:
        raise refuse(
            "approved_by",
            _("The person who made the run cannot approve it (maker-checker)."),
            ProcurementErrorCode.RUN_MAKER_CHECKER,
        )
    run.status, run.approved_by, run.approved_at = RunStatus.APPROVED, actor, timezone.now()
    run.save(update_fields=["status", "approved_by", "approved_at"])
    record_event("procurement.run_approved", actor=actor, cooperative_id=run.cooperative_id, obj=run, after={})
    return run


@transaction.atomic
def pay_run(*, actor, run: PaymentRun) -> PaymentRun:
    """Pay an approved run on its pay date: the deductions go to the loans (repaid from the payable), the
    wajib accounts, shop credit and inputs; the nets leave the cash box or the bank in one entry. Paying a
    paid run changes nothing."""
    run = locks.lock_run(run.pk)
    if run.status == RunStatus.PAID:
        return run
    if run.status != RunStatus.APPROVED:
        raise refuse("status", _("The run must be approved before it is paid."), ProcurementErrorCode.RUN_STATUS)
    lines = list(run.lines.select_related("supplier__member").prefetch_related("deductions").order_by("pk"))
    receivable: dict[str, list[Line]] = {DeductionKind.SHOP_CREDIT: [], DeductionKind.INPUTS: []}
    inputs_paid: dict[int, Decimal] = {}
    for line in lines:
        for deduction in line.deductions.all():
            if deduction.applied <= 0:
                continue
            if deduction.kind == DeductionKind.LOAN:
                repay_from_payable(
                    loan_or_member=line.supplier.member,
                    amount=deduction.applied,
                    date=run.pay_date,
                    source=line,
                    purpose=PURPOSE_DEDUCTION.format(kind=deduction.kind),
                    actor=actor,
                )
            elif deduction.kind == DeductionKind.WAJIB:
                _deposit_wajib(line, deduction.applied, run.pay_date, actor)
            else:
                party = line.supplier.member if deduction.kind == DeductionKind.SHOP_CREDIT else line.supplier
                receivable[deduction.kind] += [
                    Line(
                        "accounts_payable",
                        debit=deduction.applied,
                        party=line.supplier.party,
                        business_unit=BUSINESS_UNIT,
                    ),
                    Line("accounts_receivable", credit=deduction.applied, party=party, business_unit=BUSINESS_UNIT),
                ]
                if deduction.kind == DeductionKind.INPUTS:
                    inputs_paid[line.supplier_id] = deduction.applied
    _settle_charges(inputs_paid)
    for kind, entry_lines in receivable.items():
        if entry_lines:
            post_entry(
                date=run.pay_date,
                source=run,
                purpose=PURPOSE_DEDUCTION.format(kind=kind),
                actor=actor,
                memo=_("%(run)s: deductions") % {"run": run.number},
                lines=entry_lines,
            )
    paying = [line for line in lines if line.net > 0]
    if paying:
        total = sum((line.net for line in paying), ZERO)
        post_entry(
            date=run.pay_date,
            source=run,
            purpose=PURPOSE_PAYMENT,
            actor=actor,
            memo=_("%(run)s: payment to %(count)s suppliers") % {"run": run.number, "count": len(paying)},
            lines=[
                *(
                    Line("accounts_payable", debit=line.net, party=line.supplier.party, business_unit=BUSINESS_UNIT)
                    for line in paying
                ),
                Line("cash" if run.method == PaymentMethod.CASH else "bank", credit=total, business_unit=BUSINESS_UNIT),
            ],
        )
    run.status, run.paid_at = RunStatus.PAID, timezone.now()
    run.save(update_fields=["status", "paid_at"])
    record_event("procurement.run_paid", actor=actor, cooperative_id=run.cooperative_id, obj=run, after={})
    return run


def _deposit_wajib(line: PaymentLine, amount: Decimal, on: datetime.date, actor) -> None:
    member = line.supplier.member
    account = SavingsAccount.objects.filter(
        member=member, kind=SavingsKind.MANDATORY, status=AccountStatus.OPEN
    ).first()
    if account is None:
        raise refuse(
            "deductions",
            _("%(member)s has no open simpanan wajib account.") % {"member": member.name},
            ProcurementErrorCode.RUN_STATUS,
        )
    deposit(
        account=account,
        amount=amount,
        date=on,
        actor=actor,
        key=uuid.uuid5(WAJIB_KEYS, str(line.pk)),
        cash_account="accounts_payable",
        counter_party=member,
    )


def _settle_charges(paid: dict[int, Decimal]) -> None:
    """Mark the open input charges settled by what each supplier's line deducted (supplier id → amount),
    oldest first: one locking read and one bulk update for the whole run."""
    left = dict(paid)
    open_charges = InputCharge.objects.select_for_update().filter(supplier_id__in=paid, settled__lt=F("amount"))
    settled = []
    for charge in open_charges.order_by("supplier_id", "date", "pk"):
        part = min(charge.open_amount, left[charge.supplier_id])
        if part > 0:
            charge.settled += part
            left[charge.supplier_id] -= part
            settled.append(charge)
    InputCharge.objects.bulk_update(settled, ["settled"], batch_size=1000)
