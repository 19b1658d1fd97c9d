"""Writes of loans (pinjaman): products, application → approval (maker-checker) → disbursement with a
stored schedule → repayments (penalty → interest → principal) → early payoff or write-off, and
``repay_from_payable`` for deductions from payments owed to a member.

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
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.ledger.models import JournalLine
from koperasi.ledger.services import Line
from koperasi.money import quantize_rupiah, quantize_whole_rupiah
from members import locks
from members.error_codes import MemberErrorCode
from members.loans.models import (
    Loan,
    LoanInstallment,
    LoanProduct,
    LoanRepayment,
    LoanStatus,
    RepaymentKind,
    parse_months,
)
from members.loans.schedule import LoanTerms, Rounding, ScheduleError, add_months, build_schedule
from members.models import Member, MemberStatus
from members.savings.selectors import member_savings_total
from members.savings.services import coded_error, positive_amount, post, source_key

ZERO = Decimal("0.00")
REPAYMENT_SOURCE = "members.loan_repayment"
PURPOSE_DISBURSEMENT = "loan.disbursement"
PURPOSE_ADMIN_FEE = "loan.admin_fee"
PURPOSE_REPAYMENT = "loan.repayment"
PURPOSE_WRITE_OFF = "loan.write_off"

PRODUCT_FIELDS = (
    "code",
    "name",
    "interest_method",
    "rate",
    "rate_period",
    "min_term_months",
    "max_term_months",
    "min_amount",
    "max_amount",
    "max_savings_multiple",
    "admin_fee_rate",
    "provision_rate",
    "fees_deducted",
    "penalty_rate_per_day",
    "grace_months",
    "principal_months",
    "rounding",
    "current_max_days",
    "substandard_max_days",
    "doubtful_max_days",
    "is_active",
)


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
    unknown = set(fields) - set(PRODUCT_FIELDS)
    if unknown:
        raise TypeError(f"save_loan_product() got unexpected fields: {sorted(unknown)}")
    creating = product is None
    product = product or LoanProduct()
    before = None if creating else {name: str(getattr(product, name)) for name in PRODUCT_FIELDS}
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
    product.full_clean(exclude=["cooperative"], validate_unique=False, validate_constraints=False)
    product.save()
    record_event(
        "loan.product_saved",
        actor=actor,
        cooperative_id=product.cooperative_id,
        obj=product,
        before=before,
        after={name: str(getattr(product, name)) for name in PRODUCT_FIELDS},
    )
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
    """Record a member's loan application (staff): the product's limits and the savings multiple
    are checked, its terms and fees are copied onto the loan."""
    amount = positive_amount(amount)
    member = locks.lock_member(member.pk)
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
        purpose=(purpose or "")[:200],
        applied_on=applied_on,
        applied_by=actor,
    )
    try:
        build_schedule(terms_of(loan, add_months(applied_on, 1)))
    except ScheduleError as error:
        raise coded_error(_schedule_field(error.field), error.message, MemberErrorCode.LOAN_LIMIT) from error
    if loan.fees >= amount:
        raise coded_error("amount", _("The fees would take the whole loan."), MemberErrorCode.LOAN_LIMIT)
    loan.save()
    record_event(
        "loan.applied",
        actor=actor,
        cooperative_id=loan.cooperative_id,
        obj=loan,
        after={"member": member.pk, "product": product.code, "amount": str(amount), "term_months": term_months},
    )
    return loan


def _require_status(loan: Loan, *statuses: str) -> None:
    if loan.status not in statuses:
        raise coded_error(
            "status",
            _("Not possible while the loan is %(status)s.") % {"status": loan.get_status_display()},
            MemberErrorCode.LOAN_STATUS,
        )


def _decide(*, actor, loan: Loan, on: datetime.date, note: str, status: str) -> Loan:
    loan = locks.lock_loan(loan.pk)
    _require_status(loan, LoanStatus.APPLIED)
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
    _require_status(loan, LoanStatus.APPROVED)
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
    memo = _("Disbursement of loan %(number)s") % {"number": loan.number}
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


# --- what is owed ----------------------------------------------------------------------------


def penalty_accrued(installment: LoanInstallment, rate: Decimal, on: datetime.date) -> Decimal:
    """Late penalty of one instalment up to ``on``: rate × instalment amount × days late (until the
    instalment was paid in full), less what was paid; whole Rupiah."""
    end = installment.paid_on or on
    days = (min(end, on) - installment.due_date).days
    if days <= 0 or rate <= 0:
        return max(ZERO - installment.penalty_paid, ZERO)
    accrued = quantize_whole_rupiah(installment.total * rate * days)
    return max(accrued - installment.penalty_paid, ZERO)


@dataclass
class Owed:
    penalty: Decimal = ZERO
    interest_due: Decimal = ZERO  # interest of instalments due on or before the day
    principal_due: Decimal = ZERO  # principal of instalments due on or before the day
    interest_later: Decimal = ZERO
    principal_later: Decimal = ZERO
    days_past_due: int = 0
    overdue_installments: int = 0

    @property
    def due_now(self) -> Decimal:
        return self.penalty + self.interest_due + self.principal_due

    @property
    def principal_outstanding(self) -> Decimal:
        return self.principal_due + self.principal_later

    @property
    def payoff(self) -> Decimal:
        """Settling the loan today: penalty, interest due so far and all principal (later interest waived)."""
        return self.penalty + self.interest_due + self.principal_outstanding

    @property
    def everything(self) -> Decimal:
        return self.penalty + self.interest_due + self.interest_later + self.principal_outstanding


def owed(loan: Loan, installments: list[LoanInstallment], on: datetime.date) -> Owed:
    result = Owed()
    oldest_overdue = None
    for row in installments:
        result.penalty += penalty_accrued(row, loan.penalty_rate_per_day, on)
        if row.due_date <= on:
            result.interest_due += row.interest_due
            result.principal_due += row.principal_due
        else:
            result.interest_later += row.interest_due
            result.principal_later += row.principal_due
        if row.due_date < on and row.amount_due > 0:
            result.overdue_installments += 1
            oldest_overdue = row.due_date if oldest_overdue is None else min(oldest_overdue, row.due_date)
    result.days_past_due = (on - oldest_overdue).days if oldest_overdue else 0
    return result


@dataclass
class Allocation:
    penalty: Decimal = ZERO
    interest: Decimal = ZERO
    principal: Decimal = ZERO
    changed: list = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return self.penalty + self.interest + self.principal


def allocate(
    loan: Loan, installments: list[LoanInstallment], amount: Decimal, on: datetime.date, *, payoff: bool = False
) -> Allocation:
    """Split ``amount`` over the instalments (changed in place): all accrued penalty first, then the
    interest, then the principal of instalments due by ``on`` (oldest first); what is left pays the
    next instalments ahead, each interest then principal. ``payoff`` instead pays all principal and
    waives the interest of instalments not yet due. Raises when ``amount`` is more than is owed."""
    result, left = Allocation(), amount
    touched: dict[int, LoanInstallment] = {}

    def take(row, part, attribute):
        nonlocal left
        pay = min(left, part)
        if pay > 0:
            setattr(row, attribute, getattr(row, attribute) + pay)
            touched[row.pk] = row
            left -= pay
        return pay

    for row in installments:
        result.penalty += take(row, penalty_accrued(row, loan.penalty_rate_per_day, on), "penalty_paid")
    due = [row for row in installments if row.due_date <= on]
    later = [row for row in installments if row.due_date > on]
    for row in due:
        result.interest += take(row, row.interest_due, "interest_paid")
    for row in due:
        result.principal += take(row, row.principal_due, "principal_paid")
    if payoff:
        for row in later:
            result.principal += take(row, row.principal_due, "principal_paid")
        if left == 0:
            for row in later:
                if row.interest_due > 0:
                    row.interest_waived += row.interest_due
                    touched[row.pk] = row
    else:
        for row in later:
            result.interest += take(row, row.interest_due, "interest_paid")
            result.principal += take(row, row.principal_due, "principal_paid")
    if left > 0:
        raise coded_error(
            "amount",
            _("The amount is %(extra)s more than the loan's outstanding balance.") % {"extra": left},
            MemberErrorCode.LOAN_OVERPAYMENT,
        )
    for row in touched.values():
        if row.amount_due == 0 and row.paid_on is None:
            row.paid_on = on
    result.changed = list(touched.values())
    return result


def _record_repayment(
    loan: Loan,
    installments: list[LoanInstallment],
    *,
    amount: Decimal,
    date: datetime.date,
    kind: str,
    source_type: str,
    source_id: str,
    purpose: str,
    actor,
    payoff: bool = False,
) -> tuple[LoanRepayment, list[Line]]:
    """Allocate and store a repayment of the (locked) loan; returns it and its credit lines."""
    _require_status(loan, LoanStatus.DISBURSED)
    if date < loan.disbursed_on:
        raise coded_error("date", _("A repayment cannot be before the disbursement."), MemberErrorCode.DATE_ORDER)
    allocation = allocate(loan, installments, amount, date, payoff=payoff)
    LoanInstallment.objects.bulk_update(
        allocation.changed, ["principal_paid", "interest_paid", "interest_waived", "penalty_paid", "paid_on"]
    )
    repayment = LoanRepayment.objects.create(
        loan=loan,
        kind=kind,
        date=date,
        amount=allocation.total,
        penalty=allocation.penalty,
        interest=allocation.interest,
        principal=allocation.principal,
        source_type=source_type,
        source_id=source_id,
        purpose=purpose,
        created_by=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
    )
    if all(row.amount_due == 0 for row in installments):
        loan.status, loan.closed_on = LoanStatus.PAID_OFF, date
        loan.save(update_fields=["status", "closed_on"])
    lines = []
    if allocation.penalty:
        lines.append(Line("penalty_income", credit=allocation.penalty, memo=loan.number))
    if allocation.interest:
        lines.append(Line("loan_interest_income", credit=allocation.interest, memo=loan.number))
    if allocation.principal:
        lines.append(Line("loan_receivable", credit=allocation.principal, party=loan.member, memo=loan.number))
    record_event(
        "loan.repaid",
        actor=actor,
        cooperative_id=loan.cooperative_id,
        obj=loan,
        after={
            "kind": kind,
            "amount": str(repayment.amount),
            "penalty": str(repayment.penalty),
            "interest": str(repayment.interest),
            "principal": str(repayment.principal),
            "date": date.isoformat(),
        },
    )
    return repayment, lines


def link_repayments(repayments, entry) -> None:
    LoanRepayment.objects.filter(pk__in=[repayment.pk for repayment in repayments]).update(journal_entry=entry)
    for repayment in repayments:
        repayment.journal_entry = entry


def _existing_repayment(loan_id, source_type, source_id, purpose) -> LoanRepayment | None:
    return LoanRepayment.objects.filter(
        loan_id=loan_id, source_type=source_type, source_id=source_id, purpose=purpose
    ).first()


@transaction.atomic
def repay_loan(
    *,
    actor,
    loan: Loan,
    amount: Decimal,
    date: datetime.date,
    key: str | uuid.UUID | None = None,
    cash_account: str = "cash",
) -> LoanRepayment:
    """A repayment in cash: Dr Kas / Cr penalty, interest, principal (see :func:`allocate`)."""
    amount = positive_amount(amount)
    source_id = str(key) if key else str(uuid.uuid4())
    loan = locks.lock_loan(loan.pk)
    existing = _existing_repayment(loan.pk, REPAYMENT_SOURCE, source_id, PURPOSE_REPAYMENT)
    if existing is not None:
        return existing
    installments = locks.lock_installments(loan.pk)
    repayment, lines = _record_repayment(
        loan,
        installments,
        amount=amount,
        date=date,
        kind=RepaymentKind.CASH,
        source_type=REPAYMENT_SOURCE,
        source_id=source_id,
        purpose=PURPOSE_REPAYMENT,
        actor=actor,
    )
    memo = _("Repayment of loan %(number)s") % {"number": loan.number}
    entry = post(
        date=date,
        source=repayment,
        purpose=PURPOSE_REPAYMENT,
        memo=memo,
        actor=actor,
        lines=[Line(cash_account, debit=repayment.amount), *lines],
    )
    link_repayments([repayment], entry)
    return repayment


@transaction.atomic
def payoff_loan(
    *, actor, loan: Loan, date: datetime.date, key: str | uuid.UUID | None = None, cash_account: str = "cash"
) -> LoanRepayment:
    """Settle the loan early: penalty, interest due so far and all outstanding principal; interest of
    instalments not yet due is waived."""
    source_id = str(key) if key else str(uuid.uuid4())
    loan = locks.lock_loan(loan.pk)
    existing = _existing_repayment(loan.pk, REPAYMENT_SOURCE, source_id, PURPOSE_REPAYMENT)
    if existing is not None:
        return existing
    _require_status(loan, LoanStatus.DISBURSED)
    installments = locks.lock_installments(loan.pk)
    amount = owed(loan, installments, date).payoff
    if amount <= 0:
        raise coded_error("amount", _("Nothing is outstanding."), MemberErrorCode.LOAN_NOTHING_OUTSTANDING)
    repayment, lines = _record_repayment(
        loan,
        installments,
        amount=amount,
        date=date,
        kind=RepaymentKind.PAYOFF,
        source_type=REPAYMENT_SOURCE,
        source_id=source_id,
        purpose=PURPOSE_REPAYMENT,
        actor=actor,
        payoff=True,
    )
    if loan.status != LoanStatus.PAID_OFF:  # rows with nothing left, e.g. all interest waived
        loan.status, loan.closed_on = LoanStatus.PAID_OFF, date
        loan.save(update_fields=["status", "closed_on"])
    entry = post(
        date=date,
        source=repayment,
        purpose=PURPOSE_REPAYMENT,
        memo=_("Early payoff of loan %(number)s") % {"number": loan.number},
        actor=actor,
        lines=[Line(cash_account, debit=repayment.amount), *lines],
    )
    link_repayments([repayment], entry)
    return repayment


def running_loans(member: Member) -> list[Loan]:
    return list(Loan.objects.filter(member=member, status=LoanStatus.DISBURSED).order_by("disbursed_on", "pk"))


def repay_from_lines(
    loans: list[Loan],
    amount: Decimal,
    *,
    date: datetime.date,
    kind: str,
    source_type: str,
    source_id: str,
    purpose: str,
    actor=None,
    limit_to_payoff: bool = False,
) -> tuple[list[LoanRepayment], list[Line]]:
    """Pay ``amount`` over the (locked) loans, oldest first; no entry is posted (the caller posts).

    With ``limit_to_payoff`` each loan takes at most its payoff amount and later interest is waived
    (exit settlement); otherwise each loan takes at most everything it still owes.
    """
    repayments, lines, left = [], [], amount
    for loan in loans:
        if left <= 0:
            break
        installments = locks.lock_installments(loan.pk)
        owing = owed(loan, installments, date)
        cap = owing.payoff if limit_to_payoff else owing.everything
        part = min(left, cap)
        if part <= 0:
            continue
        repayment, credit_lines = _record_repayment(
            loan,
            installments,
            amount=part,
            date=date,
            kind=kind,
            source_type=source_type,
            source_id=source_id,
            purpose=purpose,
            actor=actor,
            payoff=limit_to_payoff and part == cap,
        )
        if limit_to_payoff and part == cap and loan.status != LoanStatus.PAID_OFF:
            loan.status, loan.closed_on = LoanStatus.PAID_OFF, date
            loan.save(update_fields=["status", "closed_on"])
        repayments.append(repayment)
        lines += credit_lines
        left -= part
    if left > 0:
        raise coded_error(
            "amount",
            _("The amount is %(extra)s more than the member's loans owe.") % {"extra": left},
            MemberErrorCode.LOAN_OVERPAYMENT,
        )
    return repayments, lines


@transaction.atomic
def repay_from_payable(
    *,
    loan_or_member: Loan | Member,
    amount: Decimal,
    date: datetime.date,
    source,
    purpose: str,
    account="accounts_payable",
    actor=None,
) -> list[LoanRepayment]:
    """Repay loans by deducting from what the cooperative owes the member (e.g. for deliveries).

    Posts one entry for ``(source, purpose)``: Dr ``account`` (default Hutang usaha; party: member) /
    Cr Pendapatan denda, Jasa pinjaman, Piutang pinjaman — split per loan as :func:`allocate` does.
    Given a member, the running loans are paid oldest first. The same ``(source, purpose)`` again
    returns the repayments already recorded. Refuses more than the loans owe (``loan_overpayment``).
    """
    amount = positive_amount(amount)
    source_type, source_id = source_key(source)
    already = list(LoanRepayment.objects.filter(source_type=source_type, source_id=source_id, purpose=purpose))
    if already:
        return already
    if isinstance(loan_or_member, Loan):
        member = loan_or_member.member
        loans = locks.lock_loans([loan_or_member.pk])
        _require_status(loans[0], LoanStatus.DISBURSED)
    else:
        member = loan_or_member
        loans = locks.lock_loans([loan.pk for loan in running_loans(member)])
        loans.sort(key=lambda loan: (loan.disbursed_on, loan.pk))
        if not loans:
            raise coded_error("amount", _("The member has no running loan."), MemberErrorCode.LOAN_NOTHING_OUTSTANDING)
    repayments, lines = repay_from_lines(
        loans,
        amount,
        date=date,
        kind=RepaymentKind.PAYABLE,
        source_type=source_type,
        source_id=source_id,
        purpose=purpose,
        actor=actor,
    )
    entry = post(
        date=date,
        source=source,
        purpose=purpose,
        memo=_("Loan instalments deducted from a payment to %(member)s") % {"member": member.name},
        actor=actor,
        lines=[Line(account, debit=amount, party=member), *lines],
    )
    link_repayments(repayments, entry)
    return repayments


# --- write-off -------------------------------------------------------------------------------


def allowance_balance() -> Decimal:
    """The credit balance of Penyisihan piutang tak tertagih (what write-offs can use first)."""
    totals = JournalLine.objects.filter(account__system_key="loan_loss_allowance").aggregate(
        balance=Sum(F("credit") - F("debit"))
    )
    return max(totals["balance"] or ZERO, ZERO)


@transaction.atomic
def write_off_loan(*, actor, loan: Loan, date: datetime.date, reason: str) -> Loan:
    """Write the outstanding principal off (managers): Dr Penyisihan piutang up to its balance, Dr
    Beban penyisihan piutang for the rest / Cr Piutang pinjaman (member). Unpaid interest and
    penalty were never booked as income (cash basis), so they simply lapse."""
    loan = locks.lock_loan(loan.pk)
    _require_status(loan, LoanStatus.DISBURSED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Enter the reason for the write-off.")]})
    if date < loan.disbursed_on:
        raise coded_error("date", _("The write-off cannot be before the disbursement."), MemberErrorCode.DATE_ORDER)
    installments = locks.lock_installments(loan.pk)
    outstanding = sum((row.principal_due for row in installments), ZERO)
    if outstanding <= 0:
        raise coded_error("status", _("Nothing is outstanding."), MemberErrorCode.LOAN_NOTHING_OUTSTANDING)
    from_allowance = min(allowance_balance(), outstanding)
    lines = []
    if from_allowance > 0:
        lines.append(Line("loan_loss_allowance", debit=from_allowance, memo=loan.number))
    if outstanding - from_allowance > 0:
        lines.append(Line("bad_debt", debit=outstanding - from_allowance, memo=loan.number))
    lines.append(Line("loan_receivable", credit=outstanding, party=loan.member, memo=loan.number))
    post(
        date=date,
        source=loan,
        purpose=PURPOSE_WRITE_OFF,
        memo=(_("Write-off of loan %(number)s: %(reason)s") % {"number": loan.number, "reason": reason})[:255],
        actor=actor,
        lines=lines,
    )
    loan.status, loan.closed_on, loan.written_off_amount = LoanStatus.WRITTEN_OFF, date, outstanding
    loan.save(update_fields=["status", "closed_on", "written_off_amount"])
    record_event(
        "loan.written_off",
        actor=actor,
        cooperative_id=loan.cooperative_id,
        obj=loan,
        after={"amount": str(outstanding), "from_allowance": str(from_allowance), "reason": reason},
    )
    return loan
