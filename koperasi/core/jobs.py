"""One helper keeps a background job's state and progress in the cache, so a page and the API can show
how a Celery job goes (the monthly snapshots, the assessor's drafts and exports, a cooperative's data
export) and offer its result when it is done."""

from __future__ import annotations

import uuid

from django.core.cache import cache

JOB_TIMEOUT = 24 * 3600


def tracked(key: str, work) -> dict:
    """Run ``work(progress)`` keeping its state in the cache under ``key`` — STARTED (with ``done`` of ``total``
    as ``progress`` reports them), then SUCCESS with what it returned, or FAILURE with the message — so a page
    and the API can show how a background job goes."""
    cache.set(key, {"state": "STARTED"}, JOB_TIMEOUT)
    try:
        result = work(
            lambda done, total: cache.set(key, {"state": "STARTED", "done": done, "total": total}, JOB_TIMEOUT)
        )
    except Exception as error:
        cache.set(key, {"state": "FAILURE", "message": str(error)[:500]}, JOB_TIMEOUT)
        raise
    cache.set(key, {"state": "SUCCESS", **result}, JOB_TIMEOUT)
    return result


def state_of(key: str, task_id: str) -> dict:
    """``{"state": "PENDING" | "STARTED" | "SUCCESS" | "FAILURE", …}`` of the job of ``task_id`` kept under
    ``key``. The id comes from an address: one that Celery cannot have given (it gives UUIDs) is never
    looked up, so no one can put arbitrary text into a cache key."""
    if not is_task_id(task_id):
        return {"state": "PENDING"}
    return cache.get(key) or {"state": "PENDING"}


def is_task_id(text: str) -> bool:
    """Whether ``text`` can be a Celery task id (a UUID): nothing else names a job, a cache key or a file."""
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
