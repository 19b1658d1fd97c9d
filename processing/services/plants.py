"""Plants, lines, workers and products: saved after the model's own checks, each change recorded."""

from __future__ import annotations

from django.db import transaction

from koperasi.accounts.services import record_event


@transaction.atomic
def save(*, actor, instance, **fields):
    """Set ``fields`` on ``instance`` (a plant, line, worker or product, new or not), check and save it."""
    created = instance.pk is None
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean(exclude=["cooperative"])
    instance.save()
    action = "created" if created else "changed"
    record_event(f"processing.{instance._meta.model_name}_{action}", actor=actor, obj=instance,
                 after={name: str(value) for name, value in fields.items()})  # fmt: skip
    return instance
