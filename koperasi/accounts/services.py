"""Writes of the accounts package: recording audit events."""

from __future__ import annotations

from typing import Any

from django.db import models

from koperasi.accounts.models import AuditEvent, User

_OF_THE_OBJECT = object()


def record_event(
    action: str,
    *,
    actor: User | None = None,
    cooperative_id: int | None = _OF_THE_OBJECT,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one audit event. ``before``/``after`` are short JSON summaries of what changed.

    Left out, ``cooperative_id`` is the object's own cooperative (a tenant row's), so a cooperative's event
    is never recorded as a platform event (which row-level security shows to everyone); ``None`` given
    explicitly, or no object with a cooperative, records a platform event (a login)."""
    if cooperative_id is _OF_THE_OBJECT:
        cooperative_id = getattr(obj, "cooperative_id", None) if obj is not None else None
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        cooperative_id=cooperative_id,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        before=before,
        after=after,
        ip_address=ip_address,
    )
