"""Writes of savings (simpanan): products, accounts, cash deposits and withdrawals, and the interface
for the waserda shop (``charge_voluntary_savings`` / ``refund_voluntary_savings``). Term deposits live
in ``term_deposits.py``, the monthly jobs in ``monthly.py``.

Every change of a balance locks the account row first (``members.locks``), checks, then moves the
balance with a conditional ``UPDATE``; the database's ``savings_balance_nonnegative`` check is the
backstop. Every movement names its business event (source, purpose): a retry returns the movement
already recorded. Journal templates: docs/savings-loans.md.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.ledger.error_codes import LedgerError
from koperasi.ledger.models import JournalEntry
from koperasi.ledger.services import Line, post_entry
from koperasi.money import quantize_rupiah
from members import locks
from members.error_codes import MemberErrorCode
from members.models import Member, MemberStatus
from members.savings.models import (
    CREDIT_KINDS,
    EXIT_ONLY_KINDS,
    AccountStatus,
    InterestBasis,
    SavingsAccount,
    SavingsKind,
    SavingsProduct,
    SavingsTransaction,
    TransactionKind,
)

ZERO = Decimal("0.00")
DEPOSIT_SOURCE = "members.savings_deposit"
WITHDRAWAL_SOURCE = "members.savings_withdrawal"
INTEREST_SOURCE = "members.savings_interest"
MATURITY_SOURCE = "members.term_deposit_maturity"
PURPOSE_DEPOSIT = "savings.deposit"
PURPOSE_WITHDRAWAL = "savings.withdrawal"
PURPOSE_INTEREST = "savings.interest"
PURPOSE_MATURITY = "savings.maturity"

# (code, name, kind, amount, yearly rate, interest basis, term months, early withdrawal penalty)
DEFAULT_PRODUCTS = [
    ("pokok", "Simpanan pokok", SavingsKind.PRINCIPAL, "100000", "0", InterestBasis.MONTHLY_MINIMUM, None, "0"),
    ("wajib", "Simpanan wajib", SavingsKind.MANDATORY, "20000", "0", InterestBasis.MONTHLY_MINIMUM, None, "0"),
    ("sukarela", "Simpanan sukarela", SavingsKind.VOLUNTARY, "0", "0.03", InterestBasis.MONTHLY_MINIMUM, None, "0"),
    ("berjangka", "Simpanan berjangka", SavingsKind.TERM, "1000000", "0.06", InterestBasis.MONTHLY_MINIMUM, 12, "0.01"),
]


# --- errors and small helpers ----------------------------------------------------------------


def coded_error(field: str, message: str, code: MemberErrorCode | str) -> ValidationError:
    """``ValidationError({field: [message]})`` whose entry and the error itself carry ``code``."""
    code = str(code)
    error = ValidationError({field: [ValidationError(message, code=code)]})
    error.code = code
    return error


def insufficient(balance: Decimal) -> ValidationError:
    return coded_error(
        "amount",
        _("The balance (%(balance)s) is not enough.") % {"balance": quantize_rupiah(balance)},
        MemberErrorCode.INSUFFICIENT_SAVINGS,
    )


def positive_amount(amount, field: str = "amount") -> Decimal:
    if isinstance(amount, float):
        raise TypeError("Money must be Decimal, not float")
    try:
        value = Decimal(amount)
    except (ArithmeticError, TypeError, ValueError):
        raise coded_error(field, _("Enter an amount."), MemberErrorCode.INVALID_AMOUNT) from None
    if not value.is_finite() or value <= 0 or value != value.quantize(Decimal("0.01")):
        raise coded_error(
            field, _("Enter a positive amount with at most two decimals."), MemberErrorCode.INVALID_AMOUNT
        )
    return value.quantize(Decimal("0.01"))


def source_key(source) -> tuple[str, str]:
    if isinstance(source, models.Model):
        return source._meta.label, str(source.pk)
    source_type, source_id = source
    return str(source_type), str(source_id)


def post(**kwargs) -> JournalEntry:
    """``post_entry``, with the ledger's refusals (closed period, …) as a field error on the date."""
    try:
        return post_entry(**kwargs)
    except LedgerError as error:
        raise coded_error("date", error.message, MemberErrorCode.POSTING_REFUSED) from error


def _existing(source_type: str, source_id: str, purpose: str) -> SavingsTransaction | None:
    return SavingsTransaction.objects.filter(source_type=source_type, source_id=source_id, purpose=purpose).first()


def _require_open(account: SavingsAccount) -> None:
    if account.status != AccountStatus.OPEN:
        raise coded_error("account", _("This savings account is closed."), MemberErrorCode.ACCOUNT_CLOSED)


def _require_member(member: Member) -> None:
    if member.status == MemberStatus.EXITED:
        raise coded_error("member", _("This member has left the cooperative."), MemberErrorCode.MEMBER_NOT_ACTIVE)


def move_balance(
    account: SavingsAccount,
    *,
    kind: str,
    amount: Decimal,
    date: datetime.date,
    source_type: str,
    source_id: str,
    purpose: str,
    memo: str = "",
    actor=None,
) -> SavingsTransaction:
    """Change the (already locked) account's balance and record the movement."""
    signed = amount if kind in CREDIT_KINDS else -amount
    if account.balance + signed < 0:
        raise insufficient(account.balance)
    changed = SavingsAccount.objects.filter(pk=account.pk, balance__gte=-signed if signed < 0 else 0).update(
        balance=F("balance") + signed
    )
    if not changed:  # the row lock makes this unreachable; the conditional update is the second guard
        raise insufficient(account.balance)
    account.balance += signed
    return SavingsTransaction.objects.create(
        account=account,
        kind=kind,
        amount=amount,
        balance_after=account.balance,
        date=date,
        memo=memo[:255],
        source_type=source_type,
        source_id=source_id,
        purpose=purpose,
        created_by=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
    )


def move_and_post(
    account: SavingsAccount,
    *,
    kind: str,
    amount: Decimal,
    date: datetime.date,
    source_type: str,
    source_id: str,
    purpose: str,
    memo: str,
    actor,
    lines: list[Line],
    audit_action: str,
) -> SavingsTransaction:
    """One savings movement with its own journal entry: move the (locked) balance, post ``lines``
    with the movement as the entry's source, link them, and audit."""
    movement = move_balance(
        account,
        kind=kind,
        amount=amount,
        date=date,
        source_type=source_type,
        source_id=source_id,
        purpose=purpose,
        memo=memo,
        actor=actor,
    )
    entry = post(date=date, source=movement, purpose=purpose, memo=memo, actor=actor, lines=lines)
    link_entry(movement, entry)
    _audit(audit_action, actor, movement)
    return movement


def link_entry(transaction_: SavingsTransaction, entry: JournalEntry) -> None:
    transaction_.journal_entry = entry
    SavingsTransaction.objects.filter(pk=transaction_.pk).update(journal_entry=entry)


def _audit(action: str, actor, transaction_: SavingsTransaction) -> None:
    record_event(
        action,
        actor=actor,
        cooperative_id=transaction_.cooperative_id,
        obj=transaction_,
        after={
            "account": transaction_.account_id,
            "kind": transaction_.kind,
            "amount": str(transaction_.amount),
            "balance_after": str(transaction_.balance_after),
            "date": transaction_.date.isoformat(),
        },
    )


# --- products and accounts -------------------------------------------------------------------


def seed_savings_products(cooperative) -> None:
    """Cooperative seeder: pokok, wajib, sukarela and berjangka with common amounts (idempotent)."""
    existing = set(SavingsProduct.objects.values_list("code", flat=True))
    kinds = set(SavingsProduct.objects.values_list("kind", flat=True))
    for code, name, kind, amount, rate, basis, term, penalty in DEFAULT_PRODUCTS:
        if code in existing or (kind in EXIT_ONLY_KINDS and kind in kinds):
            continue
        SavingsProduct.objects.create(
            code=code,
            name=name,
            kind=kind,
            amount=Decimal(amount),
            interest_rate=Decimal(rate),
            interest_basis=basis,
            term_months=term,
            early_withdrawal_penalty_rate=Decimal(penalty),
        )


PRODUCT_FIELDS = (
    "code",
    "name",
    "kind",
    "amount",
    "interest_rate",
    "interest_basis",
    "term_months",
    "early_withdrawal_penalty_rate",
    "is_active",
)


@transaction.atomic
def save_savings_product(*, actor, product: SavingsProduct | None = None, **fields) -> SavingsProduct:
    """Create or change a savings product (managers). The kind of a product with accounts stays."""
    unknown = set(fields) - set(PRODUCT_FIELDS)
    if unknown:
        raise TypeError(f"save_savings_product() got unexpected fields: {sorted(unknown)}")
    creating = product is None
    product = product or SavingsProduct()
    before = None if creating else {name: str(getattr(product, name)) for name in PRODUCT_FIELDS}
    if not creating and "kind" in fields and fields["kind"] != product.kind and product.accounts.exists():
        raise ValidationError({"kind": [_("The kind of a product with accounts cannot change.")]})
    for name, value in fields.items():
        setattr(product, name, value)
    errors = {}
    if product.kind == SavingsKind.TERM and not product.term_months:
        errors["term_months"] = [_("A term deposit needs its term.")]
    if product.kind in EXIT_ONLY_KINDS and product.amount <= 0:
        errors["amount"] = [_("Enter the amount of this savings.")]
    duplicate = SavingsProduct.objects.exclude(pk=product.pk)
    if duplicate.filter(code=product.code).exists():
        errors["code"] = [_("Another product has this code.")]
    if product.kind in EXIT_ONLY_KINDS and duplicate.filter(kind=product.kind).exists():
        errors["kind"] = [_("The cooperative has this kind of savings already.")]
    if errors:
        raise ValidationError(errors)
    product.full_clean(exclude=["cooperative"], validate_unique=False, validate_constraints=False)
    product.save()
    record_event(
        "savings.product_saved",
        actor=actor,
        cooperative_id=product.cooperative_id,
        obj=product,
        before=before,
        after={name: str(getattr(product, name)) for name in PRODUCT_FIELDS},
    )
    return product


def product_of_kind(kind: str) -> SavingsProduct | None:
    return SavingsProduct.objects.filter(kind=kind, is_active=True).order_by("pk").first()


@transaction.atomic
def open_account(*, actor, member: Member, product: SavingsProduct, opened_on: datetime.date) -> SavingsAccount:
    """Open the member's account of a product (pokok, wajib, sukarela); the existing one when open."""
    _require_member(member)
    if product.kind == SavingsKind.TERM:
        raise coded_error(
            "product", _("Place a term deposit with its amount and term."), MemberErrorCode.WITHDRAWAL_NOT_ALLOWED
        )
    account = SavingsAccount.objects.filter(member=member, product=product).first()
    if account is not None:
        return account
    if not product.is_active:
        raise coded_error(
            "product", _("This savings product is not offered any more."), MemberErrorCode.PRODUCT_INACTIVE
        )
    try:
        with transaction.atomic():
            account = SavingsAccount.objects.create(
                member=member, product=product, kind=product.kind, opened_on=opened_on
            )
    except IntegrityError:
        return SavingsAccount.objects.get(member=member, product=product)
    record_event(
        "savings.account_opened",
        actor=actor,
        cooperative_id=account.cooperative_id,
        obj=account,
        after={"member": member.pk, "product": product.code},
    )
    return account


def account_for(member: Member, kind: str, *, opened_on: datetime.date, actor=None) -> SavingsAccount:
    """The member's account of the cooperative's product of ``kind`` (opened when missing)."""
    account = SavingsAccount.objects.filter(member=member, kind=kind, status=AccountStatus.OPEN).order_by("pk").first()
    if account is not None:
        return account
    product = product_of_kind(kind)
    if product is None:
        raise coded_error(
            "product", _("The cooperative has no such savings product."), MemberErrorCode.PRODUCT_INACTIVE
        )
    return open_account(actor=actor, member=member, product=product, opened_on=opened_on)


# --- deposits and withdrawals ----------------------------------------------------------------


def _key(key) -> str:
    return str(key) if key else str(uuid.uuid4())


@transaction.atomic
def deposit(
    *,
    account: SavingsAccount,
    amount: Decimal,
    date: datetime.date,
    actor=None,
    memo: str = "",
    key: str | uuid.UUID | None = None,
    cash_account: str = "cash",
) -> SavingsTransaction:
    """A cash deposit: Dr Kas / Cr the product's savings account (party: member).

    ``key`` (a client UUID, e.g. a form's hidden field) makes a resubmitted deposit a no-op.
    """
    amount = positive_amount(amount)
    source_type, source_id = DEPOSIT_SOURCE, _key(key)
    account = locks.lock_savings_account(account.pk)
    existing = _existing(source_type, source_id, PURPOSE_DEPOSIT)
    if existing is not None:
        return existing
    _require_open(account)
    _require_member(account.member)
    product = account.product
    if product.kind == SavingsKind.TERM:
        raise coded_error(
            "account", _("A term deposit takes no further deposits."), MemberErrorCode.WITHDRAWAL_NOT_ALLOWED
        )
    if product.kind == SavingsKind.PRINCIPAL and account.balance + amount > product.amount:
        raise coded_error(
            "amount",
            _("Simpanan pokok is %(amount)s in all; %(left)s is still to pay.")
            % {"amount": product.amount, "left": max(product.amount - account.balance, ZERO)},
            MemberErrorCode.PRINCIPAL_EXCEEDED,
        )
    if product.kind == SavingsKind.VOLUNTARY and product.amount and amount < product.amount:
        raise coded_error(
            "amount",
            _("The smallest deposit is %(amount)s.") % {"amount": product.amount},
            MemberErrorCode.INVALID_AMOUNT,
        )
    memo = memo or _("Deposit %(product)s") % {"product": product.name}
    return move_and_post(
        account,
        kind=TransactionKind.DEPOSIT,
        amount=amount,
        date=date,
        source_type=source_type,
        source_id=source_id,
        purpose=PURPOSE_DEPOSIT,
        memo=memo,
        actor=actor,
        lines=[
            Line(cash_account, debit=amount),
            Line(product.ledger_key, credit=amount, party=account.member, memo=account.number),
        ],
        audit_action="savings.deposit",
    )


@transaction.atomic
def withdraw(
    *,
    account: SavingsAccount,
    amount: Decimal,
    date: datetime.date,
    actor=None,
    memo: str = "",
    key: str | uuid.UUID | None = None,
    cash_account: str = "cash",
) -> SavingsTransaction:
    """A cash withdrawal of simpanan sukarela: Dr Simpanan sukarela (member) / Cr Kas.

    Pokok and wajib are returned only on exit (``members.settlement``); a term deposit is closed
    early with :func:`close_term_deposit`. Refuses an amount above the balance
    (``insufficient_savings``), also when several withdrawals run at once.
    """
    amount = positive_amount(amount)
    source_type, source_id = WITHDRAWAL_SOURCE, _key(key)
    account = locks.lock_savings_account(account.pk)
    existing = _existing(source_type, source_id, PURPOSE_WITHDRAWAL)
    if existing is not None:
        return existing
    _require_open(account)
    product = account.product
    if product.kind in EXIT_ONLY_KINDS:
        raise coded_error(
            "account",
            _("Simpanan pokok and wajib are returned only when the member leaves."),
            MemberErrorCode.WITHDRAWAL_NOT_ALLOWED,
        )
    if product.kind == SavingsKind.TERM:
        raise coded_error(
            "account", _("Close a term deposit instead of withdrawing from it."), MemberErrorCode.WITHDRAWAL_NOT_ALLOWED
        )
    if amount > account.balance:
        raise insufficient(account.balance)
    memo = memo or _("Withdrawal %(product)s") % {"product": product.name}
    return move_and_post(
        account,
        kind=TransactionKind.WITHDRAWAL,
        amount=amount,
        date=date,
        source_type=source_type,
        source_id=source_id,
        purpose=PURPOSE_WITHDRAWAL,
        memo=memo,
        actor=actor,
        lines=[
            Line(product.ledger_key, debit=amount, party=account.member, memo=account.number),
            Line(cash_account, credit=amount),
        ],
        audit_action="savings.withdrawal",
    )


# --- the shop (waserda) interface ------------------------------------------------------------


def _voluntary_account(member: Member, *, create_on: datetime.date | None = None) -> SavingsAccount | None:
    account = (
        SavingsAccount.objects.filter(member=member, kind=SavingsKind.VOLUNTARY, status=AccountStatus.OPEN)
        .order_by("pk")
        .first()
    )
    if account is None and create_on is not None:
        account = account_for(member, SavingsKind.VOLUNTARY, opened_on=create_on)
    return account


@transaction.atomic
def charge_voluntary_savings(
    *, member: Member, amount: Decimal, date: datetime.date, source, purpose: str, memo: str = ""
) -> SavingsTransaction:
    """Take a shop purchase from the member's simpanan sukarela, WITHOUT posting a journal entry.

    The caller's own entry carries the matching line ``Line("voluntary_savings", debit=amount,
    party=member)``. Locks the account row; refuses a short balance with
    ``ValidationError({"amount": [...]}, code="insufficient_savings")``; the same
    ``(source, purpose)`` again returns the first movement (a unique constraint decides).
    """
    amount = positive_amount(amount)
    source_type, source_id = source_key(source)
    existing = _existing(source_type, source_id, purpose)
    if existing is not None:
        return existing
    account = _voluntary_account(member)
    if account is None:
        raise insufficient(ZERO)
    account = locks.lock_savings_account(account.pk)
    existing = _existing(source_type, source_id, purpose)
    if existing is not None:
        return existing
    _require_open(account)
    if amount > account.balance:
        raise insufficient(account.balance)
    try:
        with transaction.atomic():
            return move_balance(
                account,
                kind=TransactionKind.PURCHASE,
                amount=amount,
                date=date,
                source_type=source_type,
                source_id=source_id,
                purpose=purpose,
                memo=memo or _("Shop purchase"),
            )
    except IntegrityError:
        existing = _existing(source_type, source_id, purpose)
        if existing is None:
            raise
        return existing


@transaction.atomic
def refund_voluntary_savings(
    *, member: Member, amount: Decimal, date: datetime.date, source, purpose: str, memo: str = ""
) -> SavingsTransaction:
    """The mirror of :func:`charge_voluntary_savings` for a return: credit simpanan sukarela without
    posting (the caller's entry carries ``Line("voluntary_savings", credit=amount, party=member)``)."""
    amount = positive_amount(amount)
    source_type, source_id = source_key(source)
    existing = _existing(source_type, source_id, purpose)
    if existing is not None:
        return existing
    account = locks.lock_savings_account(_voluntary_account(member, create_on=date).pk)
    existing = _existing(source_type, source_id, purpose)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return move_balance(
                account,
                kind=TransactionKind.REFUND,
                amount=amount,
                date=date,
                source_type=source_type,
                source_id=source_id,
                purpose=purpose,
                memo=memo or _("Shop refund"),
            )
    except IntegrityError:
        existing = _existing(source_type, source_id, purpose)
        if existing is None:
            raise
        return existing
