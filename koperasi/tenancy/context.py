"""The current tenant (cooperative) of a request, task or command.

A context variable holds who we work for, so scoped managers know which rows to return. On
PostgreSQL the same facts are written to transaction-local settings that the row-level security
policies read (``app.cooperative_id``, ``app.readable_ids``, ``app.user_id``). ``set_config(…, true)``
lasts until the transaction ends, which is safe with pooled connections; that is why entering a
context opens an atomic block.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import connections, transaction


@dataclass(frozen=True)
class TenantContext:
    cooperative_id: int | None
    readable_ids: frozenset[int] = field(default_factory=frozenset)
    read_only: bool = False
    user_id: int | None = None


_current: ContextVar[TenantContext | None] = ContextVar("tenant_context", default=None)


class NoTenantError(RuntimeError):
    """Tenant data was touched with no cooperative in context (use ``unscoped()`` knowingly)."""


class ReadOnlyTenantError(PermissionError):
    """A write was attempted in a read-only (assessor) context."""


def current() -> TenantContext | None:
    return _current.get()


def current_cooperative_id() -> int:
    context = _current.get()
    if context is None or context.cooperative_id is None:
        raise NoTenantError("No cooperative in context: tenant data needs one (or an explicit unscoped()).")
    return context.cooperative_id


def _setting_values(context: TenantContext | None) -> tuple[str, str, str]:
    if context is None:
        return "", "", ""
    # A read-only context names no writable cooperative: the write policies then admit nothing.
    writable = "" if context.read_only or context.cooperative_id is None else str(context.cooperative_id)
    readable = ",".join(str(i) for i in sorted(context.readable_ids))
    user = "" if context.user_id is None else str(context.user_id)
    return writable, readable, user


def apply_database_settings(context: TenantContext | None, using: str = "default") -> None:
    """Write the context to the transaction's settings (PostgreSQL only; a no-op on SQLite)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    writable, readable, user = _setting_values(context)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('app.cooperative_id', %s, true), set_config('app.readable_ids', %s, true),"
            " set_config('app.user_id', %s, true)",
            [writable, readable, user],
        )


@contextlib.contextmanager
def tenant_context(context: TenantContext, using: str = "default") -> Iterator[TenantContext]:
    """Work inside ``context`` for the block, in one transaction (or savepoint).

    On an exception the savepoint's rollback restores the previous settings by itself; on a normal
    exit from a nested block they are written back explicitly, so nested contexts (A inside B) behave.
    """
    previous = _current.get()
    # Outermost: the settings must outlive the block until COMMIT, where deferred constraint
    # triggers (the ledger's balance check) still read rows under RLS; the transaction's end
    # clears them anyway. Nested: the outer block's settings come back on exit.
    nested = connections[using].in_atomic_block
    with transaction.atomic(using=using):
        token = _current.set(context)
        try:
            apply_database_settings(context, using)
            yield context
        finally:
            _current.reset(token)
        # After an error inside the block (the transaction is marked for rollback) the savepoint's
        # rollback restores the previous settings; no query may run before it.
        if nested and not connections[using].needs_rollback:
            apply_database_settings(previous, using)


def cooperative_context(
    cooperative_id: int,
    *,
    read_only: bool = False,
    readable_ids: frozenset[int] = frozenset(),
    user_id: int | None = None,
    using: str = "default",
):
    """Work as ``cooperative_id`` inside the block (requests, tasks, commands, tests)."""
    context = TenantContext(int(cooperative_id), frozenset(readable_ids) | {int(cooperative_id)}, read_only, user_id)
    return tenant_context(context, using)


def user_context(user_id: int, using: str = "default"):
    """No cooperative, but the user's own role rows are readable (the cooperative switcher)."""
    return tenant_context(TenantContext(None, frozenset(), True, int(user_id)), using)


@contextlib.contextmanager
def dangerously_fake_context_for_schema() -> Iterator[None]:
    """A cooperative id that matches no row, set in Python only (no database settings, no
    transaction), so that OpenAPI generation can build tenant querysets lazily without running them.
    Never use it around code that executes queries."""
    token = _current.set(TenantContext(0, frozenset(), True, None))
    try:
        yield
    finally:
        _current.reset(token)
