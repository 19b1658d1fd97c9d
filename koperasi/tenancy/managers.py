"""Managers that scope every query of a tenant model to the cooperative in context."""

from __future__ import annotations

from django.db import models

from koperasi.tenancy.context import NoTenantError, current


def _context_cooperative_id() -> int | None:
    context = current()
    return None if context is None else context.cooperative_id


class TenantQuerySet(models.QuerySet):
    """A queryset that is either bound to one cooperative or *unbound*.

    An unbound queryset is what ``Model.objects`` gives where no cooperative is in context — at
    import time, for instance, when Django builds a ModelForm's choice field. It binds itself to the
    cooperative in context the first time it is cloned there (``.all()``, ``.filter()``, a form's
    copy of its field), and any attempt to *run* it while still unbound raises NoTenantError.
    So a query never runs across cooperatives by accident.
    """

    _tenant_unbound = False

    def _clone(self):
        clone = super()._clone()
        if self._tenant_unbound:
            cooperative_id = _context_cooperative_id()
            if cooperative_id is None:
                clone._tenant_unbound = True
            else:
                clone.query.add_q(models.Q(cooperative_id=cooperative_id))
        return clone

    def _bound(self) -> TenantQuerySet:
        if _context_cooperative_id() is None:
            raise NoTenantError(
                f"{self.model.__name__} queried with no cooperative in context; use a tenant context or unscoped()."
            )
        return self._clone()

    # Running an unbound queryset runs a bound copy, so no result is ever cached on the unbound one
    # (a cached result would otherwise follow it into another cooperative's request).
    def _fetch_all(self):
        if self._tenant_unbound:
            raise NoTenantError(f"{self.model.__name__}: an unbound tenant queryset cannot be evaluated.")
        super()._fetch_all()

    def __iter__(self):
        return iter(self._bound()) if self._tenant_unbound else super().__iter__()

    def __len__(self):
        return len(self._bound()) if self._tenant_unbound else super().__len__()

    def __bool__(self):
        return bool(self._bound()) if self._tenant_unbound else super().__bool__()

    def __getitem__(self, key):
        return self._bound()[key] if self._tenant_unbound else super().__getitem__(key)

    # Operations that run SQL without going through _fetch_all().
    def count(self):
        return self._bound().count() if self._tenant_unbound else super().count()

    def exists(self):
        return self._bound().exists() if self._tenant_unbound else super().exists()

    def aggregate(self, *args, **kwargs):
        return self._bound().aggregate(*args, **kwargs) if self._tenant_unbound else super().aggregate(*args, **kwargs)

    def iterator(self, chunk_size=None):
        return self._bound().iterator(chunk_size) if self._tenant_unbound else super().iterator(chunk_size)

    def update(self, **kwargs):
        return self._bound().update(**kwargs) if self._tenant_unbound else super().update(**kwargs)

    def delete(self):
        return self._bound().delete() if self._tenant_unbound else super().delete()

    def in_bulk(self, *args, **kwargs):
        return self._bound().in_bulk(*args, **kwargs) if self._tenant_unbound else super().in_bulk(*args, **kwargs)


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):
    """``Model.objects`` of tenant models: only the current cooperative's rows.

    Without a cooperative in context it gives an unbound queryset (see :class:`TenantQuerySet`):
    running it raises :class:`NoTenantError` instead of returning every tenant's rows.
    ``unscoped()`` is the explicit, greppable way out for platform-level code (on PostgreSQL,
    row-level security still applies to it).
    """

    use_in_migrations = False

    def get_queryset(self) -> TenantQuerySet:
        queryset = super().get_queryset()
        cooperative_id = _context_cooperative_id()
        if cooperative_id is None:
            queryset._tenant_unbound = True
            return queryset
        return queryset.filter(cooperative_id=cooperative_id)

    def unscoped(self) -> TenantQuerySet:
        """Every tenant's rows, as far as the database lets this connection see them."""
        return super().get_queryset()
