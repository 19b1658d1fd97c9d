"""Progress of a background SHU computation, in the cache (Redis in production) so the page can show it
while the computation's own transaction is still open."""

from __future__ import annotations

from django.core.cache import cache

TIMEOUT = 3600


def _key(cooperative_id: int, fiscal_year: int) -> str:
    return f"shu-progress:{cooperative_id}:{fiscal_year}"


def started(cooperative_id: int, fiscal_year: int) -> None:
    cache.set(_key(cooperative_id, fiscal_year), {"state": "running", "done": 0, "total": 0}, TIMEOUT)


def report(cooperative_id: int, fiscal_year: int, done: int, total: int) -> None:
    cache.set(_key(cooperative_id, fiscal_year), {"state": "running", "done": done, "total": total}, TIMEOUT)


def finished(cooperative_id: int, fiscal_year: int) -> None:
    cache.delete(_key(cooperative_id, fiscal_year))


def failed(cooperative_id: int, fiscal_year: int, message: str) -> None:
    cache.set(_key(cooperative_id, fiscal_year), {"state": "failed", "message": message}, TIMEOUT)


def current(cooperative_id: int, fiscal_year: int) -> dict | None:
    """``{"state": "running", "done", "total"}``, ``{"state": "failed", "message"}`` or None (nothing running)."""
    return cache.get(_key(cooperative_id, fiscal_year))
