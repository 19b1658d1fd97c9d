"""Writes of loans (pinjaman): products, and the lifecycle application → approval (maker-checker)
→ disbursement with a stored schedule.

The rest of a loan's life lives in its own modules; import each function from the module that
defines it:

* :mod:`members.loans.arrears` — what is owed on a day (penalty, days past due);
* :mod:`members.loans.repayments` — allocation, repayment, early payoff, ``repay_from_payable``;
* :mod:`members.loans.writeoff` — write-off against the loan-loss allowance.

Journal templates (docs/accounting.md, "Members: loans"):

* disbursement, fees deducted: Dr Piutang pinjaman (member) = amount / Cr Kas = amount − fees,
  Cr Pendapatan administrasi = fees (admin fee + provision); fees paid separately: Dr Piutang /
  Cr Kas = amount, and a second entry (``loan.admin_fee``) Dr Kas / Cr Pendapatan administrasi.
* repayment: Dr Kas (or Hutang usaha, or the member's savings on exit) / Cr Pendapatan denda,
  Cr Jasa pinjaman, Cr Piutang pinjaman (member). Interest is income when received (cash basis).
* write-off: Dr Penyisihan piutang (up to its balance), Dr Beban penyisihan piutang (the rest) /
  Cr Piutang pinjaman (member) = the outstanding principal.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.ledger.services import Line
from koperasi.money import quantize_rupiah
from members import locks
from members.error_codes import MemberErrorCode, coded_error
from members.loans.common import PURPOSE_ADMIN_FEE, PURPOSE_DISBURSEMENT, require_status
from members.loans.disclosure import Disclosure, effective_annual_rate
from members.loans.models import (
    COPIED_TERMS,
    PRODUCT_FIELDS,
    Loan,
    LoanInstallment,
    LoanProduct,
    LoanStatus,
    parse_months,
)
from members.loans.schedule import Schedule, ScheduleError
from members.loans.terms import example_schedule, fee_amount, first_due_after, loan_schedule
from members.models import Member, MemberStatus
from members.products import product_values, refuse_unknown_fields, save_product
from members.savings.movements import positive_amount, post
from members.savings.selectors import member_savings_total

# --- products --------------------------------------------------------------------------------


def seed_loan_products(cooperative) -> None:
    """Cooperative seeder: one general loan product (flat 1.5 % a month, 1–24 months); idempotent."""
    if not LoanProduct.objects.filter(code="umum").exists():
        LoanProduct.objects.create(
            code="umum",
            name="Pinjaman umum",
            interest_method="flat",
            rate=Decimal("0.015"),
            rate_period="month",
            min_term_periods=1,
            max_term_periods=24,
            min_amount=Decimal("100000"),
            admin_fee_rate=Decimal("0.01"),
            provision_rate=Decimal("0.005"),
            penalty_rate_per_day=Decimal("0.001"),
        )


def _convention_errors(product: LoanProduct) -> dict[str, list]:
    """Conventions that make no schedule (a seasonal weekly loan, a balloon above the amount, …): the
    pure core refuses a specimen loan of the product's longest term, naming the field."""
    try:
        example_schedule(product)
    except ScheduleError as error:
        field = error.field if error.field in PRODUCT_FIELDS else "frequency"
        return {field: [error.message]}
    return {}


@transaction.atomic
def save_loan_product(*, actor, product: LoanProduct | None = None, **fields) -> LoanProduct:
    refuse_unknown_fields("save_loan_product", fields, PRODUCT_FIELDS)
    creating = product is None
    product = product or LoanProduct()
    before = None if creating else product_values(product, PRODUCT_FIELDS)
    for name, value in fields.items():
        setattr(product, name, value)
    errors: dict[str, list] = {}
    try:
        parse_months(product.principal_months)
    except (ScheduleError, ValueError):
        errors["principal_months"] = [_("Give months as numbers 1–12, e.g. 4-10 or 1,2,3.")]
    if product.max_term_periods < product.min_term_periods:
        errors["max_term_periods"] = [_("The longest term must not be shorter than the shortest.")]
    if product.max_amount is not None and product.max_amount < product.min_amount:
        errors["max_amount"] = [_("The largest amount must not be below the smallest.")]
    if not product.current_max_days < product.substandard_max_days < product.doubtful_max_days:
        errors["doubtful_max_days"] = [_("The day bounds of the classes must increase.")]
    if product.grace_periods >= product.max_term_periods:
        errors["grace_periods"] = [_("The grace period must be shorter than the longest term.")]
    if LoanProduct.objects.exclude(pk=product.pk).filter(code=product.code).exists():
        errors["code"] = [_("Another product has this code.")]
    if not errors:
        errors = _convention_errors(product)
    if errors:
        raise ValidationError(errors)
    save_product(product, actor=actor, action="loan.product_saved", field_names=PRODUCT_FIELDS, before=before)
    return product


# --- application, decision, disbursement -----------------------------------------------------


@dataclass(frozen=True)
class LoanQuote:
    """What a loan would be: the unsaved loan (the product's terms and fees copied onto it), its schedule
    and the effective annual rate it costs the member (fees included)."""

    loan: Loan
    schedule: Schedule
    disclosure: Disclosure


def quote_loan(
    *,
    member: Member,
    product: LoanProduct,
    amount: Decimal,
    term_periods: int | None,
    on: datetime.date,
    fixed_instalment: Decimal | None = None,
) -> LoanQuote:
    """A loan of ``product`` for ``member``, checked exactly as an application is — member status, the
    product's amount and term ranges, the savings multiple, the schedule, the fees — without saving it.
    The member portal's simulation and :func:`apply_for_loan` both go through here, so what a member
    is quoted is what the counter will accept. The schedule is the one the loan would have if paid out
    on ``on``. Given ``fixed_instalment`` instead of a term, the number of instalments follows from it
    (at most the product's longest term)."""
    amount = positive_amount(amount)
    if member.status != MemberStatus.MEMBER:
        raise coded_error("member", _("Only members (anggota) can borrow."), MemberErrorCode.MEMBER_NOT_ACTIVE)
    if not product.is_active:
        raise coded_error(
            "product", _("This loan product is not offered any more."), MemberErrorCode.LOAN_PRODUCT_INACTIVE
        )
    if amount < product.min_amount or (product.max_amount is not None and amount > product.max_amount):
        raise coded_error(
            "amount",
            _("The amount must be between %(low)s and %(high)s.")
            % {"low": product.min_amount, "high": product.max_amount if product.max_amount is not None else "∞"},
            MemberErrorCode.LOAN_LIMIT,
        )
    if fixed_instalment is not None:
        fixed_instalment, term_periods = positive_amount(fixed_instalment, field="fixed_instalment"), None
    elif term_periods is None:
        raise coded_error("term_periods", _("Enter the number of instalments."), MemberErrorCode.LOAN_LIMIT)
    if product.max_savings_multiple is not None:
        ceiling = quantize_rupiah(member_savings_total(member) * product.max_savings_multiple)
        if amount > ceiling:
            raise coded_error(
                "amount",
                _("The member may borrow at most %(ceiling)s (%(multiple)s × savings).")
                % {"ceiling": ceiling, "multiple": product.max_savings_multiple},
                MemberErrorCode.LOAN_SAVINGS_MULTIPLE,
            )
    loan = Loan(
        member=member,
        product=product,
        amount=amount,
        term_periods=term_periods or product.max_term_periods,
        fixed_instalment=fixed_instalment,
        admin_fee=fee_amount(amount, product.admin_fee_rate, product.rounding),
        provision=fee_amount(amount, product.provision_rate, product.rounding),
        applied_on=on,
        **{name: getattr(product, name) for name in COPIED_TERMS},
    )
    schedule = loan_schedule(loan, disbursed_on=on)
    loan.term_periods = len(schedule.instalments)
    if not product.min_term_periods <= loan.term_periods <= product.max_term_periods:
        raise coded_error(
            "fixed_instalment" if fixed_instalment is not None else "term_periods",
            _("The number of instalments must be between %(low)s and %(high)s.")
            % {"low": product.min_term_periods, "high": product.max_term_periods},
            MemberErrorCode.LOAN_LIMIT,
        )
    if loan.fees >= amount:
        raise coded_error("amount", _("The fees would take the whole loan."), MemberErrorCode.LOAN_LIMIT)
    return LoanQuote(loan=loan, schedule=schedule, disclosure=effective_annual_rate(schedule, loan.fees))


@transaction.atomic
def apply_for_loan(
    *,
    actor,
    member: Member,
    product: LoanProduct,
    amount: Decimal,
    term_periods: int | None,
    applied_on: datetime.date,
    purpose: str = "",
    fixed_instalment: Decimal | None = None,
) -> Loan:
    """Record a member's loan application (staff): checked and priced by :func:`quote_loan`."""
    member = locks.lock_member(member.pk)
    loan = quote_loan(
        member=member,
        product=product,
        amount=amount,
        term_periods=term_periods,
        on=applied_on,
        fixed_instalment=fixed_instalment,
    ).loan
    loan.purpose, loan.applied_by = (purpose or "")[:200], actor
    loan.save()
    record_event(
        "loan.applied",
        actor=actor,
        cooperative_id=loan.cooperative_id,
        obj=loan,
        after={
            "member": member.pk,
            "product": product.code,
            "amount": str(loan.amount),
            "term_periods": loan.term_periods,
        },
    )
    return loan


def _decide(*, actor, loan: Loan, on: datetime.date, note: str, status: str) -> Loan:
    loan = locks.lock_loan(loan.pk)
    require_status(loan, LoanStatus.APPLIED)
    if actor is None or actor.pk == loan.applied_by_id:
        raise coded_error(
            "approved_by",
            _("The person who entered the application cannot decide on it (maker-checker)."),
            MemberErrorCode.LOAN_MAKER_CHECKER,
        )
    if on < loan.applied_on:
        raise coded_error("decided_on", _("The decision cannot be before the application."), MemberErrorCode.DATE_ORDER)
    loan.status, loan.approved_by, loan.decided_on, loan.decision_note = status, actor, on, (note or "")[:300]
    loan.save(update_fields=["status", "approved_by", "decided_on", "decision_note"])
    record_event(
        f"loan.{status}",
        actor=actor,
        cooperative_id=loan.cooperative_id,
        obj=loan,
        before={"status": LoanStatus.APPLIED.value},
        after={"status": status, "on": on.isoformat(), "note": loan.decision_note},
    )
    return loan


@transaction.atomic
def approve_loan(*, actor, loan: Loan, on: datetime.date, note: str = "") -> Loan:
    """A manager approves an application; never the user who entered it (maker-checker)."""
    return _decide(actor=actor, loan=loan, on=on, note=note, status=LoanStatus.APPROVED)


@transaction.atomic
def reject_loan(*, actor, loan: Loan, on: datetime.date, note: str = "") -> Loan:
    return _decide(actor=actor, loan=loan, on=on, note=note, status=LoanStatus.REJECTED)


@transaction.atomic
def disburse_loan(
    *,
    actor,
    loan: Loan,
    on: datetime.date,
    first_due_date: datetime.date | None = None,
    cash_account: str = "cash",
) -> Loan:
    """Pay the loan out, store its schedule and post the disbursement (and the fees)."""
    loan = locks.lock_loan(loan.pk)
    require_status(loan, LoanStatus.APPROVED)
    if on < loan.decided_on:
        raise coded_error(
            "disbursed_on", _("The loan cannot be paid out before it was approved."), MemberErrorCode.DATE_ORDER
        )
    first_due_date = first_due_date or first_due_after(on, loan.frequency)
    if first_due_date <= on:
        raise coded_error(
            "first_due_date", _("The first instalment falls due after the disbursement."), MemberErrorCode.DATE_ORDER
        )
    schedule = loan_schedule(loan, disbursed_on=on, first_due_date=first_due_date)
    LoanInstallment.objects.bulk_create(
        [
            LoanInstallment(
                cooperative_id=loan.cooperative_id,
                loan=loan,
                number=line.number,
                due_date=line.due_date,
                principal=line.principal,
                interest=line.interest,
            )
            for line in schedule.stored_instalments()
        ]
    )
    loan.status, loan.disbursed_on, loan.first_due_date = LoanStatus.DISBURSED, on, first_due_date
    loan.term_periods = len(schedule.instalments)  # a loan defined by its instalment: as the dates made it
    loan.save(update_fields=["status", "disbursed_on", "first_due_date", "term_periods"])
    member, fees = loan.member, loan.fees
    memo = _("Disbursement of loan %(number)s to %(member)s") % {"number": loan.number, "member": member.name}
    lines = [Line("loan_receivable", debit=loan.amount, party=member, memo=loan.number)]
    if loan.fees_deducted and fees > 0:
        lines += [
            Line(cash_account, credit=loan.amount - fees),
            Line("admin_fee_income", credit=fees, memo=loan.number),
        ]
    else:
        lines.append(Line(cash_account, credit=loan.amount))
    post(date=on, source=loan, purpose=PURPOSE_DISBURSEMENT, memo=memo, actor=actor, lines=lines)
    if not loan.fees_deducted and fees > 0:
        post(
            date=on,
            source=loan,
            purpose=PURPOSE_ADMIN_FEE,
            memo=_("Fees of loan %(number)s") % {"number": loan.number},
            actor=actor,
            lines=[Line(cash_account, debit=fees), Line("admin_fee_income", credit=fees, memo=loan.number)],
        )
    record_event(
        "loan.disbursed",
        actor=actor,
        cooperative_id=loan.cooperative_id,
        obj=loan,
        after={"on": on.isoformat(), "amount": str(loan.amount), "fees": str(fees), "instalments": loan.term_periods},
    )
    return loan
