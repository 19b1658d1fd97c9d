"""The current tenant (cooperative) of a request or task.

A context variable holds the cooperative id so that scoped managers know which rows to return;
on PostgreSQL the same id is written to the transaction's ``app.cooperative_id`` setting, which the
row-level security policies read.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TenantContext:
    cooperative_id: int | None
    readable_ids: frozenset[int] = field(default_factory=frozenset)
    read_only: bool = False


_current: ContextVar[TenantContext | None] = ContextVar("tenant_context", default=None)


class NoTenantError(RuntimeError):
    """Tenant data was queried with no cooperative in context (use ``unscoped()`` knowingly)."""


def current() -> TenantContext | None:
    return _current.get()


def current_cooperative_id() -> int:
    context = _current.get()
    if context is None or context.cooperative_id is None:
        raise NoTenantError("No cooperative in context: tenant data needs one (or an explicit unscoped()).")
    return context.cooperative_id


@contextlib.contextmanager
def cooperative_context(
    cooperative_id: int, *, read_only: bool = False, readable_ids: frozenset[int] = frozenset()
) -> Iterator[TenantContext]:
    """Work as ``cooperative_id`` inside the block (requests, tasks, management commands)."""
    context = TenantContext(cooperative_id, readable_ids | {cooperative_id}, read_only)
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)
