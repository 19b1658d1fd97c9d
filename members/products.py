"""What saving a savings product and a loan product share: the field check, the model's own
validation, the save and the audit record of the fields before and after."""

from __future__ import annotations

from django.db import models

from koperasi.accounts.services import record_event


def product_values(product: models.Model, field_names: tuple[str, ...]) -> dict[str, str]:
    """The product's fields as the audit trail keeps them."""
    return {name: str(getattr(product, name)) for name in field_names}


def refuse_unknown_fields(function: str, fields: dict, field_names: tuple[str, ...]) -> None:
    """A field outside ``field_names`` is a programming error, not a user's."""
    unknown = set(fields) - set(field_names)
    if unknown:
        raise TypeError(f"{function}() got unexpected fields: {sorted(unknown)}")


def save_product(product: models.Model, *, actor, action: str, field_names: tuple[str, ...], before) -> None:
    """Validate and save the product (the service checked uniqueness), and record ``action``."""
    product.full_clean(exclude=["cooperative"], validate_unique=False, validate_constraints=False)
    product.save()
    record_event(
        action,
        actor=actor,
        cooperative_id=product.cooperative_id,
        obj=product,
        before=before,
        after=product_values(product, field_names),
    )
