"""Savings products (seeding the defaults, maintenance by managers) and members' accounts of them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from members.error_codes import MemberErrorCode, coded_error
from members.models import Member
from members.products import product_values, refuse_unknown_fields, save_product
from members.savings.interest import InterestError
from members.savings.models import (
    EXIT_ONLY_KINDS,
    PRODUCT_FIELDS,
    AccountStatus,
    SavingsAccount,
    SavingsKind,
    SavingsProduct,
    SavingsTaxRule,
)
from members.savings.movements import _require_member

# (code, name, kind, amount, yearly rate, term months, early withdrawal penalty); interest on the lowest
# balance of the month at the yearly rate / 12, whole Rupiah, unless a manager chooses otherwise.
DEFAULT_PRODUCTS = [
    ("pokok", "Simpanan pokok", SavingsKind.PRINCIPAL, "100000", "0", None, "0"),
    ("wajib", "Simpanan wajib", SavingsKind.MANDATORY, "20000", "0", None, "0"),
    ("sukarela", "Simpanan sukarela", SavingsKind.VOLUNTARY, "0", "0.03", None, "0"),
    ("berjangka", "Simpanan berjangka", SavingsKind.TERM, "1000000", "0.06", 12, "0.01"),
]
# PPh final on jasa simpanan paid by a cooperative to its members (PP 15/2009): 10 % of the month's
# interest when it exceeds Rp 240.000.
DEFAULT_TAX_RULE = {
    "effective_from": datetime.date(2009, 1, 1),
    "rate": Decimal("0.10"),
    "threshold": Decimal("240000"),
    "note": "PP 15/2009",
}


def seed_savings_products(cooperative) -> None:
    """Cooperative seeder: pokok, wajib, sukarela and berjangka with common amounts, and the tax rule
    on jasa simpanan (idempotent)."""
    existing = set(SavingsProduct.objects.values_list("code", flat=True))
    kinds = set(SavingsProduct.objects.values_list("kind", flat=True))
    if not SavingsTaxRule.objects.exists():
        SavingsTaxRule.objects.create(**DEFAULT_TAX_RULE)
    for code, name, kind, amount, rate, term, penalty in DEFAULT_PRODUCTS:
        if code in existing or (kind in EXIT_ONLY_KINDS and kind in kinds):
            continue
        SavingsProduct.objects.create(
            code=code,
            name=name,
            kind=kind,
            amount=Decimal(amount),
            interest_rate=Decimal(rate),
            term_months=term,
            early_withdrawal_penalty_rate=Decimal(penalty),
        )


@transaction.atomic
def save_savings_product(*, actor, product: SavingsProduct | None = None, **fields) -> SavingsProduct:
    """Create or change a savings product (managers). The kind of a product with accounts stays."""
    refuse_unknown_fields("save_savings_product", fields, PRODUCT_FIELDS)
    creating = product is None
    product = product or SavingsProduct()
    before = None if creating else product_values(product, PRODUCT_FIELDS)
    if not creating and "kind" in fields and fields["kind"] != product.kind and product.accounts.exists():
        raise ValidationError({"kind": [_("The kind of a product with accounts cannot change.")]})
    for name, value in fields.items():
        setattr(product, name, value)
    errors = _interest_option_errors(product)
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
    save_product(product, actor=actor, action="savings.product_saved", field_names=PRODUCT_FIELDS, before=before)
    return product


def _interest_option_errors(product: SavingsProduct) -> dict[str, list]:
    """The product's interest conventions checked by the pure calculation (tiers ascending from 0, …)."""
    try:
        product.interest_options()
    except (KeyError, TypeError, ArithmeticError):
        return {"rate_tiers": [_("Give each tier a balance and a yearly rate.")]}
    except InterestError as error:
        field = {"rate": "interest_rate", "tiers": "rate_tiers"}.get(error.field, error.field)
        return {field if field in PRODUCT_FIELDS else "rate_tiers": [error.message]}
    return {}


@transaction.atomic
def add_tax_rule(
    *, actor, effective_from: datetime.date, rate: Decimal, threshold: Decimal = Decimal(0), note: str = ""
) -> SavingsTaxRule:
    """A new withholding rule on jasa simpanan from ``effective_from`` (managers): the months from that
    day are taxed by it; months before keep the rule they had. Rules are dated, never edited."""
    errors = {}
    if not Decimal(0) <= rate <= 1:
        errors["rate"] = [_("Give the rate as a share between 0 and 100 %.")]
    if threshold < 0:
        errors["threshold"] = [_("The threshold cannot be negative.")]
    if SavingsTaxRule.objects.filter(effective_from=effective_from).exists():
        errors["effective_from"] = [_("A rule already starts on this day.")]
    if errors:
        raise ValidationError(errors)
    rule = SavingsTaxRule.objects.create(effective_from=effective_from, rate=rate, threshold=threshold, note=note)
    record_event(
        "savings.tax_rule_added",
        actor=actor,
        cooperative_id=rule.cooperative_id,
        obj=rule,
        after={"effective_from": effective_from.isoformat(), "rate": str(rate), "threshold": str(threshold)},
    )
    return rule


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
