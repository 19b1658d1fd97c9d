"""Writes of tenancy: creating cooperatives (and seeding their defaults), and managing roles."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.models import Cooperative, Role, RoleAssignment

User = get_user_model()

# Apps add what a new cooperative starts with (chart of accounts, savings products, ...), in order.
# Each seeder runs inside the new cooperative's context and must be idempotent.
CooperativeSeeder = Callable[[Cooperative], None]
COOPERATIVE_SEEDERS: list[tuple[str, CooperativeSeeder]] = []


def register_cooperative_seeder(name: str, seeder: CooperativeSeeder) -> None:
    if name not in {existing for existing, _seeder in COOPERATIVE_SEEDERS}:
        COOPERATIVE_SEEDERS.append((name, seeder))


def seed_cooperative(cooperative: Cooperative) -> None:
    with cooperative_context(cooperative.pk):
        for _name, seeder in COOPERATIVE_SEEDERS:
            seeder(cooperative)


@transaction.atomic
def create_cooperative(*, actor, **fields) -> Cooperative:
    """Create a cooperative and seed its defaults (platform admins only)."""
    cooperative = Cooperative(**fields)
    cooperative.full_clean()
    cooperative.save()
    seed_cooperative(cooperative)
    with cooperative_context(cooperative.pk):  # the event is the new cooperative's (row-level security)
        record_event(
            "cooperative.created",
            actor=actor,
            cooperative_id=cooperative.pk,
            obj=cooperative,
            after={"name": cooperative.name, "slug": cooperative.slug, "kind": cooperative.kind},
        )
    return cooperative


def find_or_invite_user(identifier: str, *, full_name: str = "") -> tuple[User, bool]:
    """The user with this username or email; a new inactive-password user when the email is new.

    Returns ``(user, created)``. A new user gets an unusable password and sets one through the
    invitation link (see ``koperasi.tenancy.invitations``).
    """
    identifier = identifier.strip()
    if not identifier:
        raise ValidationError({"identifier": _("Enter a username or an email address.")})
    user = User.objects.filter(username__iexact=identifier).first()
    if user is None:
        user = User.objects.filter(email__iexact=identifier).order_by("pk").first()
    if user is not None:
        return user, False
    if "@" not in identifier:
        raise ValidationError({"identifier": _("No user has this username; invite them by email address.")})
    username = identifier.split("@")[0][:100]
    base, suffix = username, 1
    while User.objects.filter(username__iexact=username).exists():
        suffix += 1
        username = f"{base}{suffix}"
    user = User(username=username, email=identifier, full_name=full_name)
    user.set_unusable_password()
    user.save()
    return user, True


def grant_role(
    *,
    actor,
    cooperative: Cooperative,
    user,
    role: str,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
) -> RoleAssignment:
    """Give ``user`` the ``role`` in the cooperative in context (re-activating a revoked one)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    assignment = RoleAssignment.objects.filter(user=user, role=role).first()
    before = None
    if assignment is None:
        assignment = RoleAssignment(user=user, role=role, granted_by=actor)
    else:
        before = {"role": role, "is_active": assignment.is_active}
    assignment.is_active = True
    assignment.valid_from, assignment.valid_until = valid_from, valid_until
    assignment.full_clean(exclude=["cooperative"], validate_unique=False)
    assignment.save()
    record_event(
        "role.granted",
        actor=actor,
        cooperative_id=cooperative.pk,
        obj=assignment,
        before=before,
        after={"user": user.username, "role": role, "valid_until": str(valid_until) if valid_until else None},
    )
    return assignment


def change_role(*, actor, assignment: RoleAssignment, role: str) -> RoleAssignment:
    if role not in Role.values or role == Role.ASSESSOR:
        raise ValidationError({"role": _("Choose manager, staff or member.")})
    if assignment.user_id == actor.pk and assignment.role == Role.MANAGER and role != Role.MANAGER:
        raise ValidationError({"role": _("You cannot take away your own manager role.")})
    if RoleAssignment.objects.filter(user_id=assignment.user_id, role=role).exclude(pk=assignment.pk).exists():
        raise ValidationError({"role": _("This user already has that role.")})
    before = {"role": assignment.role}
    assignment.role = role
    assignment.save(update_fields=["role"])
    record_event(
        "role.changed",
        actor=actor,
        cooperative_id=assignment.cooperative_id,
        obj=assignment,
        before=before,
        after={"role": role},
    )
    return assignment


def deactivate_role(*, actor, assignment: RoleAssignment) -> RoleAssignment:
    if assignment.user_id == actor.pk and assignment.role == Role.MANAGER:
        raise ValidationError({"role": _("You cannot deactivate your own manager role.")})
    assignment.is_active = False
    assignment.save(update_fields=["is_active"])
    record_event(
        "role.deactivated",
        actor=actor,
        cooperative_id=assignment.cooperative_id,
        obj=assignment,
        before={"is_active": True},
        after={"is_active": False},
    )
    return assignment
