"""Who may open what in a cooperative: resolving the tenant from the URL and checking roles.

Every tenant view declares the roles it admits (``requires_role``) — a view without a declaration
admits nobody. The cooperative comes from the URL slug and is checked against the user's roles
before any view code runs: no role at all → 404 (the cooperative's existence is not revealed);
a role, but not one the view admits → 403. Assessors may read (GET/HEAD/OPTIONS) every page that
admits managers or staff, and never write.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import user_passes_test
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from koperasi.tenancy.context import cooperative_context, user_context
from koperasi.tenancy.models import Cooperative, Role, RoleAssignment

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
STAFF_ROLES = frozenset({Role.MANAGER, Role.STAFF})


@dataclass(frozen=True)
class Access:
    cooperative: Cooperative
    roles: frozenset[str]
    read_only: bool
    readable_ids: frozenset[int]


def roles_of(user, cooperative: Cooperative) -> frozenset[str]:
    """The user's roles in force in ``cooperative`` (read under the user's own row policy)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    with user_context(user.pk):
        rows = RoleAssignment.objects.unscoped().in_force().filter(user=user, cooperative=cooperative)
        return frozenset(rows.values_list("role", flat=True))


def assessor_cooperative_ids(user) -> frozenset[int]:
    with user_context(user.pk):
        rows = RoleAssignment.objects.unscoped().in_force().filter(user=user, role=Role.ASSESSOR)
        return frozenset(rows.values_list("cooperative_id", flat=True))


def check_access(user, slug: str, allowed: Iterable[str], method: str, assessor_writes: bool = False) -> Access:
    """Raise Http404/PermissionDenied unless ``user`` may call a view admitting ``allowed`` roles. An assessor
    posts only to a view of their own work (``assessor_writes``: a rating); the context stays read-only."""
    cooperative = Cooperative.objects.filter(slug=slug, is_active=True).first()
    if cooperative is None or not user.is_authenticated:
        raise Http404
    held = roles_of(user, cooperative)
    if not held:
        raise Http404
    allowed = frozenset(allowed)
    if held & allowed and (held & allowed) != {Role.ASSESSOR}:
        return Access(cooperative, held, read_only=False, readable_ids=frozenset({cooperative.pk}))
    if Role.ASSESSOR in held and (allowed & STAFF_ROLES or Role.ASSESSOR in allowed):
        if method.upper() not in SAFE_METHODS and not assessor_writes:
            raise PermissionDenied("Assessors have read-only access.")
        return Access(cooperative, held, read_only=True, readable_ids=assessor_cooperative_ids(user))
    raise PermissionDenied


@contextlib.contextmanager
def tenant_request(
    request, slug: str, allowed: Iterable[str], user=None, assessor_writes: bool = False
) -> Iterator[Access]:
    """Check access, then run the block in the cooperative's context and transaction."""
    user = user or request.user
    access = check_access(user, slug, allowed, request.method, assessor_writes)
    with cooperative_context(
        access.cooperative.pk, read_only=access.read_only, readable_ids=access.readable_ids, user_id=user.pk
    ):
        request.cooperative = access.cooperative
        request.cooperative_roles = access.roles
        request.tenant_read_only = access.read_only
        yield access


def requires_role(*roles: str, model=None, assessor_writes: bool = False):
    """Declare the roles a tenant page admits; the view gets ``request.cooperative`` set.

    ``model`` names the tenant model whose primary key the URL carries (the isolation suite uses it);
    ``assessor_writes`` lets an assessor post to it (their own rating, in a read-only context).
    """
    if not roles:
        raise ValueError("requires_role needs at least one role")

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, slug: str, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            with tenant_request(request, slug, roles, assessor_writes=assessor_writes):
                return view(request, *args, **kwargs)

        wrapped.required_roles = frozenset(roles)
        wrapped.object_model = model
        return wrapped

    return decorate


def object_view(model):
    """Name the model whose primary key a platform-level view's URL carries (for the isolation suite)."""

    def decorate(view):
        view.object_model = model
        return view

    return decorate


# A platform page (cooperatives, rubrics): platform admins only; anyone else is sent to log in as one.
platform_admin_required = user_passes_test(lambda user: user.is_active and user.is_superuser)
