"""Managers that scope every query of a tenant model to the cooperative in context."""

from __future__ import annotations

from django.db import models

from koperasi.tenancy.context import NoTenantError, current


class TenantQuerySet(models.QuerySet):
    pass


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):
    """``Model.objects`` of tenant models: only the current cooperative's rows.

    With no cooperative in context it raises :class:`NoTenantError` instead of returning every
    tenant's rows. ``unscoped()`` is the explicit, greppable way out for platform-level code
    (on PostgreSQL, row-level security still applies to it).
    """

    use_in_migrations = False

    def get_queryset(self) -> TenantQuerySet:
        context = current()
        if context is None or context.cooperative_id is None:
            raise NoTenantError(
                f"{self.model.__name__} queried with no cooperative in context; use a tenant context or unscoped()."
            )
        return super().get_queryset().filter(cooperative_id=context.cooperative_id)

    def unscoped(self) -> TenantQuerySet:
        """Every tenant's rows, as far as the database lets this connection see them."""
        return super().get_queryset()
