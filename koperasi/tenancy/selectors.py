"""Reads of tenancy that cross cooperatives on purpose (the user's own roles, the platform list)."""

from __future__ import annotations

from collections import defaultdict

from koperasi.tenancy.context import user_context
from koperasi.tenancy.models import Cooperative, Role, RoleAssignment


def active_cooperative_ids() -> list[int]:
    """Every active cooperative (the platform's periodic jobs fan out over these)."""
    return list(Cooperative.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))


def cooperatives_of(user) -> list[tuple[Cooperative, list[str]]]:
    """The active cooperatives where ``user`` holds a role in force, with those roles."""
    if not user.is_authenticated:
        return []
    with user_context(user.pk):
        rows = list(
            RoleAssignment.objects.unscoped()
            .in_force()
            .filter(user=user, cooperative__is_active=True)
            .select_related("cooperative")
            .order_by("cooperative__name", "role")
        )
    roles: dict[int, list[str]] = defaultdict(list)
    cooperatives: dict[int, Cooperative] = {}
    for row in rows:
        cooperatives[row.cooperative_id] = row.cooperative
        roles[row.cooperative_id].append(row.role)
    return [(cooperatives[pk], roles[pk]) for pk in cooperatives]


def role_labels(roles: list[str]) -> list[str]:
    labels = dict(Role.choices)
    return [str(labels.get(role, role)) for role in roles]
