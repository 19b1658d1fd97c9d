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
from koperasi.money import quantize_rupiah, quantize_whole_rupiah
from members import locks
from members.error_codes import MemberErrorCode, coded_error
from members.loans.common import PURPOSE_ADMIN_FEE, PURPOSE_DISBURSEMENT, require_status
from members.loans.models import PRODUCT_FIELDS, Loan, LoanInstallment, LoanProduct, LoanStatus, parse_months
from members.loans.schedule import LoanTerms, Rounding, Schedule, ScheduleError, add_months, build_schedule
from members.models import Member, MemberStatus
from members.products import product_values, refuse_unknown_fields, save_product
from members.savings.movements import positive_amount, post
from members.savings.selectors import member_savings_total


def _money(value: Decimal, rounding: str) -> Decimal:
    return quantize_whole_rupiah(value) if rounding == Rounding.WHOLE_RUPIAH else quantize_rupiah(value)


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
            min_term_months=1,
            max_term_months=24,
            min_amount=Decimal("100000"),
            admin_fee_rate=Decimal("0.01"),
            provision_rate=Decimal("0.005"),
            penalty_rate_per_day=Decimal("0.001"),
        )


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
    if product.max_term_months < product.min_term_months:
        errors["max_term_months"] = [_("The longest term must not be shorter than the shortest.")]
    if product.max_amount is not None and product.max_amount < product.min_amount:
        errors["max_amount"] = [_("The largest amount must not be below the smallest.")]
    if not product.current_max_days < product.substandard_max_days < product.doubtful_max_days:
        errors["doubtful_max_days"] = [_("The day bounds of the classes must increase.")]
    if product.grace_months >= product.max_term_months:
        errors["grace_months"] = [_("The grace period must be shorter than the longest term.")]
    if LoanProduct.objects.exclude(pk=product.pk).filter(code=product.code).exists():
        errors["code"] = [_("Another product has this code.")]
    if errors:
        raise ValidationError(errors)
    save_product(product, actor=actor, action="loan.product_saved", field_names=PRODUCT_FIELDS, before=before)
    return product


# --- application, decision, disbursement -----------------------------------------------------


def terms_of(loan: Loan, first_due_date: datetime.date | None) -> LoanTerms:
    return LoanTerms(
        amount=loan.amount,
        rate=loan.rate,
        rate_period=loan.rate_period,
        term_months=loan.term_months,
        method=loan.interest_method,
        grace_months=loan.grace_months,
        principal_months=parse_months(loan.principal_months),
        first_due_date=first_due_date,
        rounding=loan.rounding,
    )


def _schedule_field(field_name: str) -> str:
    return {"first_due_date": "term_months", "thresholds": "product"}.get(field_name, field_name)


@dataclass(frozen=True)
class LoanQuote:
    """What a loan would be: the unsaved loan (the product's terms and fees copied onto it) and its schedule."""

    loan: Loan
    schedule: Schedule


def quote_loan(
    *, member: Member, product: LoanProduct, amount: Decimal, term_months: int, on: datetime.date
) -> LoanQuote:
    """A loan of ``product`` for ``member``, checked exactly as an application is — member status, the
    product's amount and term ranges, the savings multiple, the schedule, the fees — without saving it.
    The member portal's simulation and :func:`apply_for_loan` both go through here, so what a member
    is quoted is what the counter will accept."""
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
    if not product.min_term_months <= term_months <= product.max_term_months:
        raise coded_error(
            "term_months",
            _("The term must be between %(low)s and %(high)s months.")
            % {"low": product.min_term_months, "high": product.max_term_months},
            MemberErrorCode.LOAN_LIMIT,
        )
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
        term_months=term_months,
        interest_method=product.interest_method,
        rate=product.rate,
        rate_period=product.rate_period,
        grace_months=product.grace_months,
        principal_months=product.principal_months,
        rounding=product.rounding,
        admin_fee=_money(amount * product.admin_fee_rate, product.rounding),
        provision=_money(amount * product.provision_rate, product.rounding),
        fees_deducted=product.fees_deducted,
        penalty_rate_per_day=product.penalty_rate_per_day,
        applied_on=on,
    )
    try:
        schedule = build_schedule(terms_of(loan, add_months(on, 1)))
    except ScheduleError as error:
        raise coded_error(_schedule_field(error.field), error.message, MemberErrorCode.LOAN_LIMIT) from error
    if loan.fees >= amount:
        raise coded_error("amount", _("The fees would take the whole loan."), MemberErrorCode.LOAN_LIMIT)
    return LoanQuote(loan=loan, schedule=schedule)


@transaction.atomic
def apply_for_loan(
    *,
    actor,
    member: Member,
    product: LoanProduct,
    amount: Decimal,
    term_months: int,
    applied_on: datetime.date,
    purpose: str = "",
) -> Loan:
    """Record a member's loan application (staff): checked and priced by :func:`quote_loan`."""
    member = locks.lock_member(member.pk)
    loan = quote_loan(member=member, product=product, amount=amount, term_months=term_months, on=applied_on).loan
    loan.purpose, loan.applied_by = (purpose or "")[:200], actor
    loan.save()
    record_event(
        "loan.applied",
        actor=actor,
        cooperative_id=loan.cooperative_id,
        obj=loan,
        after={"member": member.pk, "product": product.code, "amount": str(loan.amount), "term_months": term_months},
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
    first_due_date = first_due_date or add_months(on, 1)
    if first_due_date <= on:
        raise coded_error(
            "first_due_date", _("The first instalment falls due after the disbursement."), MemberErrorCode.DATE_ORDER
        )
    try:
        schedule = build_schedule(terms_of(loan, first_due_date))
    except ScheduleError as error:
        raise coded_error(_schedule_field(error.field), error.message, MemberErrorCode.LOAN_LIMIT) from error
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
            for line in schedule.instalments
        ]
    )
    loan.status, loan.disbursed_on, loan.first_due_date = LoanStatus.DISBURSED, on, first_due_date
    loan.save(update_fields=["status", "disbursed_on", "first_due_date"])
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
        after={"on": on.isoformat(), "amount": str(loan.amount), "fees": str(fees), "instalments": loan.term_months},
    )
    return loan
