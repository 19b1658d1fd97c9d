"""Reads of the accounts package: who must use a second factor, and the state of a user's."""

from __future__ import annotations

from koperasi.accounts.models import RecoveryCode, TotpDevice, User
from koperasi.tenancy.models import Role
from koperasi.tenancy.selectors import cooperatives_of

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
