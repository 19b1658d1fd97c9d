"""The current tenant (cooperative) of a request, task or command.

A context variable holds who we work for, so scoped managers know which rows to return. The same
facts are written to transaction-local settings that the row-level security
policies read (``app.cooperative_id``, ``app.readable_ids``, ``app.user_id``). ``set_config(…, true)``
lasts until the transaction ends, which is safe with pooled connections; that is why entering a
context opens an atomic block.

The settings travel with the block's first statement: entering a context only notes them on the
connection, and an execute wrapper puts ``SELECT set_config(…);`` in front of the next statement
sent (one round trip fewer: docs/performance.md). No statement reaches PostgreSQL without the
settings of the context it runs in; when a context ends, what it noted and did not send is dropped.
"""

from __future__ import annotations

import contextlib
import re
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


_PENDING = "tenant_settings_pending"  # attribute of the connection: values noted, not yet sent
_SETTINGS_VALUE = re.compile(r"^[0-9,]*$")


def _settings_sql(values: tuple[str, str, str]) -> str:
    # Literals, not parameters: the text goes in front of statements of any parameter style. The
    # values are ids (digits and commas); anything else is refused rather than quoted.
    if not all(_SETTINGS_VALUE.match(value) for value in values):
        raise ValueError(f"tenant settings must be ids: {values!r}")
    writable, readable, user = values
    return (
        f"SELECT set_config('app.cooperative_id', '{writable}', true),"
        f" set_config('app.readable_ids', '{readable}', true), set_config('app.user_id', '{user}', true)"
    )


def _send_pending_settings(execute, sql, params, many, context):
    """Execute wrapper: the settings noted on the connection go in front of the next statement."""
    connection = context["connection"]
    values = connection.__dict__.pop(_PENDING, None)
    if values is None:
        return execute(sql, params, many, context)
    if sql.lstrip()[:8].upper() == "ROLLBACK":  # may follow an error: nothing else runs before it
        setattr(connection, _PENDING, values)
        return execute(sql, params, many, context)
    if many or context["cursor"].cursor.name:  # executemany, or a server-side (named) cursor
        with connection.connection.cursor() as cursor:
            cursor.execute(_settings_sql(values))
        return execute(sql, params, many, context)
    return execute(f"{_settings_sql(values)}; {sql}", params, many, context)


def apply_database_settings(context: TenantContext | None, using: str = "default") -> None:
    """Note the context's settings for the transaction's next statement."""
    connection = connections[using]
    if _send_pending_settings not in connection.execute_wrappers:
        # First in the list (the outermost wrapper): ``execute_wrapper()`` blocks pop the last one.
        connection.execute_wrappers.insert(0, _send_pending_settings)
    setattr(connection, _PENDING, _setting_values(context))


def _drop_pending_settings(using: str) -> None:
    connections[using].__dict__.pop(_PENDING, None)


@contextlib.contextmanager
def tenant_context(context: TenantContext, using: str = "default") -> Iterator[TenantContext]:
    """Work inside ``context`` for the block, in one transaction (or savepoint).

    On an exception the rollback restores the previous settings by itself; on a normal exit from a
    nested block they are written back explicitly, so nested contexts (A inside B) behave.
    """
    previous = _current.get()
    # Outermost: the settings outlive the block until COMMIT (deferred constraint triggers still
    # read rows under RLS); the transaction's end clears them. Nested: the outer block's settings
    # come back on exit (sent with the savepoint's RELEASE).
    nested = connections[using].in_atomic_block
    with transaction.atomic(using=using):
        token = _current.set(context)
        try:
            apply_database_settings(context, using)
            yield context
        except BaseException:
            # The rollback (of the transaction, or to the savepoint) restores the settings the
            # database had; what this block noted and did not send must not outlive it.
            _drop_pending_settings(using)
            raise
        finally:
            _current.reset(token)
        if nested and not connections[using].needs_rollback:
            apply_database_settings(previous, using)
        else:
            _drop_pending_settings(using)


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
