"""Catalog writes: products (with price history), categories, suppliers, member cards and the
shop settings. Each function is one business action in one transaction."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from waserda.error_codes import WaserdaError, WaserdaErrorCode
from waserda.models import (
    Category,
    MemberCard,
    PriceChange,
    Product,
    Supplier,
    WaserdaSettings,
)
from waserda.models.catalog import PRODUCT_FIELDS
from waserda.selectors import shop_settings
from waserda.validators import barcode_errors

# --- catalog ---------------------------------------------------------------------------------------


def _check_product(product: Product) -> None:
    errors = barcode_errors(product.barcode or "")
    if errors:
        raise WaserdaError(WaserdaErrorCode.INVALID_BARCODE, errors[0], "barcode")
    if product.sell_price is None or product.sell_price < 0:
        raise WaserdaError(WaserdaErrorCode.INVALID_PRICE, _("The selling price cannot be negative."), "sell_price")
    if product.member_price is not None and product.member_price < 0:
        raise WaserdaError(WaserdaErrorCode.INVALID_PRICE, _("The member price cannot be negative."), "member_price")
    duplicates = Product.objects.exclude(pk=product.pk)
    if duplicates.filter(sku__iexact=product.sku).exists():
        raise WaserdaError(WaserdaErrorCode.DUPLICATE_CODE, _("Another product has this SKU."), "sku")
    if product.barcode and duplicates.filter(barcode=product.barcode).exists():
        raise WaserdaError(WaserdaErrorCode.DUPLICATE_CODE, _("Another product has this barcode."), "barcode")
    if (
        product.barcode
        and product.barcode.lower() != product.sku.lower()
        and duplicates.filter(sku__iexact=product.barcode).exists()
    ):
        raise WaserdaError(WaserdaErrorCode.DUPLICATE_CODE, _("This barcode is another product's SKU."), "barcode")


def _save_product(product: Product) -> None:
    try:
        with transaction.atomic():
            product.save()
    except IntegrityError as error:
        raise WaserdaError(WaserdaErrorCode.DUPLICATE_CODE, _("Another product has this SKU or barcode.")) from error


@transaction.atomic
def create_product(*, actor, **fields) -> Product:
    unknown = set(fields) - set(PRODUCT_FIELDS)
    if unknown:
        raise TypeError(f"create_product() got unexpected fields: {sorted(unknown)}")
    fields["sku"] = fields.get("sku", "").strip()
    fields["barcode"] = (fields.get("barcode") or "").strip()
    product = Product(**fields)
    _check_product(product)
    _save_product(product)
    PriceChange.objects.create(
        product=product, sell_price=product.sell_price, member_price=product.member_price, changed_by=actor
    )
    record_event(
        "waserda.product_created",
        actor=actor,
        cooperative_id=product.cooperative_id,
        obj=product,
        after={"sku": product.sku, "name": product.name, "sell_price": str(product.sell_price)},
    )
    return product


@transaction.atomic
def update_product(*, actor, product: Product, **changes) -> Product:
    """Edit a product; a change of either price is written to the price history."""
    unknown = set(changes) - set(PRODUCT_FIELDS)
    if unknown:
        raise TypeError(f"update_product() got unexpected fields: {sorted(unknown)}")
    before = (product.sell_price, product.member_price)
    for name, value in changes.items():
        if name in ("sku", "barcode"):
            value = (value or "").strip()
        setattr(product, name, value)
    _check_product(product)
    fields = list(changes)
    if fields:
        _save_product_fields(product, fields)
    if (product.sell_price, product.member_price) != before:
        PriceChange.objects.create(
            product=product, sell_price=product.sell_price, member_price=product.member_price, changed_by=actor
        )
        record_event(
            "waserda.price_changed",
            actor=actor,
            cooperative_id=product.cooperative_id,
            obj=product,
            before={"sell_price": str(before[0]), "member_price": str(before[1])},
            after={"sell_price": str(product.sell_price), "member_price": str(product.member_price)},
        )
    return product


def _save_product_fields(product: Product, fields: list[str]) -> None:
    try:
        with transaction.atomic():
            product.save(update_fields=fields)
    except IntegrityError as error:
        raise WaserdaError(WaserdaErrorCode.DUPLICATE_CODE, _("Another product has this SKU or barcode.")) from error


def create_category(*, name: str) -> Category:
    category, _created = Category.objects.get_or_create(name=name.strip())
    return category


@transaction.atomic
def save_supplier(*, actor, supplier: Supplier | None = None, **fields) -> Supplier:
    supplier = supplier or Supplier()
    for name, value in fields.items():
        setattr(supplier, name, value)
    if Supplier.objects.exclude(pk=supplier.pk).filter(name__iexact=supplier.name.strip()).exists():
        raise WaserdaError(WaserdaErrorCode.DUPLICATE_CODE, _("A supplier with this name exists."), "name")
    supplier.name = supplier.name.strip()
    supplier.save()
    return supplier


@transaction.atomic
def save_member_card(*, member, card_code: str, credit_limit: Decimal | None = None) -> MemberCard:
    card_code = card_code.strip()
    if MemberCard.objects.exclude(member=member).filter(card_code=card_code).exists():
        raise WaserdaError(WaserdaErrorCode.DUPLICATE_CODE, _("Another member has this card code."), "card_code")
    card, _created = MemberCard.objects.update_or_create(
        member=member, defaults={"card_code": card_code, "credit_limit": credit_limit}
    )
    return card


@transaction.atomic
def update_settings(**fields) -> WaserdaSettings:

    settings = shop_settings()
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def seed_shop_settings(cooperative) -> None:
    """Cooperative seeder: the shop's settings row (idempotent)."""
    WaserdaSettings.objects.get_or_create()
