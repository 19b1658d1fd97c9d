"""Reads of the accounts package: the audit trail, and who must use a second factor.

Audit events carry ``cooperative_id`` as a plain column: row-level security shows a context its own
cooperative's events, an assessor's readable cooperatives' events and every platform event (no
cooperative). So every read here names the cooperative itself; a page or the API of one cooperative
never lists a platform event or another cooperative's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

from koperasi.accounts.audit_actions import model_of_label
from koperasi.accounts.models import AuditEvent, RecoveryCode, TotpDevice, User
from koperasi.tenancy.models import Role
from koperasi.tenancy.selectors import cooperatives_of


@dataclass(frozen=True)
class AuditFilters:
    """What narrows a cooperative's events; every field is optional."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    actor_id: int | None = None
    action: str = ""
    object_type: str = ""
    object_key: str = ""


def _cooperative_id(cooperative) -> int:
    return cooperative if isinstance(cooperative, int) else cooperative.pk


def audit_events(cooperative, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    """The cooperative's events, newest first, narrowed by ``filters`` (days are the local calendar's)."""
    filters = filters or AuditFilters()
    events = AuditEvent.objects.filter(cooperative_id=_cooperative_id(cooperative)).select_related("actor")
    if filters.date_from:
        events = events.filter(created_at__date__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(created_at__date__lte=filters.date_to)
    if filters.actor_id:
        events = events.filter(actor_id=filters.actor_id)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_key:
        events = events.filter(object_id=filters.object_key)
    return events.order_by("-created_at", "-id")


def audit_trail_of(cooperative, object_type: str, object_id) -> QuerySet[AuditEvent]:
    """Every event of one document (``object_type`` as ``app_label.Model``), oldest first: its history."""
    events = audit_events(cooperative, AuditFilters(object_type=object_type, object_key=str(object_id)))
    return events.order_by("created_at", "id")


# The distinct values of one column among a cooperative's events, one index probe per value (a "loose index
# scan" over the (cooperative_id, column) index) instead of reading every event: DISTINCT read all of a
# busy shop's years of events for each filter's choices (bench/audit_trail.py, BENCHMARKS.md "Audit trail").
_DISTINCT = """
WITH RECURSIVE seen(value) AS (
    (SELECT {column} FROM accounts_auditevent
      WHERE cooperative_id = %(cooperative)s AND {column} IS NOT NULL ORDER BY {column} LIMIT 1)
  UNION ALL
    SELECT (SELECT event.{column} FROM accounts_auditevent AS event
             WHERE event.cooperative_id = %(cooperative)s AND event.{column} > seen.value
             ORDER BY event.{column} LIMIT 1)
      FROM seen WHERE seen.value IS NOT NULL
)
SELECT value FROM seen WHERE value IS NOT NULL
"""
_DISTINCT_COLUMNS = ("action", "object_type", "actor_id")


def _distinct(cooperative, column: str) -> list:
    assert column in _DISTINCT_COLUMNS  # a name from this module, never from a request
    with connection.cursor() as cursor:
        cursor.execute(_DISTINCT.format(column=column), {"cooperative": _cooperative_id(cooperative)})
        return [value for (value,) in cursor.fetchall()]


def object_types(cooperative) -> list[str]:
    """The object types the cooperative's events name, for a filter's choices."""
    return [value for value in _distinct(cooperative, "object_type") if value]


def actions(cooperative) -> list[str]:
    """The actions the cooperative's events name, for a filter's choices."""
    return _distinct(cooperative, "action")


def actors(cooperative) -> list:
    """The users who acted in the cooperative's events, for a filter's choices."""
    return list(User.objects.filter(pk__in=_distinct(cooperative, "actor_id")).order_by("username"))


def type_label(object_type: str) -> str:
    """An object type as a person reads it: the model's verbose name, else the label itself."""
    model = model_of_label(object_type)
    return str(model._meta.verbose_name).capitalize() if model is not None else object_type


# --- two-factor login ---------------------------------------------------------------------------------------

# Roles whose holders see or change a cooperative's books: they log in with a code from their phone too.
TWO_FACTOR_ROLES = frozenset({Role.MANAGER, Role.ASSESSOR})


def requires_two_factor(user: User) -> bool:
    """Platform admins, and whoever is a manager or an assessor in any active cooperative (roles in
    force, read under the user's own row policy as the cooperative picker reads them)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(TWO_FACTOR_ROLES.intersection(roles) for _cooperative, roles in cooperatives_of(user))


def confirmed_device(user: User) -> TotpDevice | None:
    """The user's authenticator app once confirmed with a code; None before."""
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def unused_recovery_codes(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
