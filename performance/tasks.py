"""Celery tasks of performance (thin: the cooperative's context, then the snapshot service).

Monthly (``performance.monthly_snapshots_for_all_cooperatives``, on the 1st after the savings jobs): each
active cooperative's snapshots of last month. Each run replaces the same rows, so a retry or a repeat changes
nothing but the time computed; a transient database error is retried.
"""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from koperasi.celery import CooperativeTask
from koperasi.core.jobs import state_of, tracked
from koperasi.ledger.fiscal import Month


def job_key(cooperative_id: int, task_id: str) -> str:
    return f"snapshot-job:{cooperative_id}:{task_id}"


def job_state(cooperative_id: int, task_id: str) -> dict:
    """``{"state": "STARTED" (with ``done`` of ``total``) | "SUCCESS" | "FAILURE", …}`` of a recompute, or
    PENDING when not started yet."""
    return state_of(job_key(cooperative_id, task_id))


@shared_task(
    base=CooperativeTask,
    bind=True,
    name="performance.compute_month_snapshots",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def compute_month_snapshots(self, *, cooperative_id: int, month: str | None = None, actor_id: int | None = None) -> int:
    """The month's snapshots (default: last month) of every method and subject; returns how many. Its state
    is kept in the cache under the task's id, so the page and the API can say how it went."""
    from koperasi.accounts.models import User
    from performance.snapshots import compute_month

    def work(progress) -> dict:
        actor = User.objects.filter(pk=actor_id).first() if actor_id else None
        period = Month.parse(month) if month else Month.of(timezone.localdate()).plus(-1)
        snapshots = compute_month(period, actor=actor, via="performance.compute_month_snapshots", progress=progress)
        return {"snapshots": len(snapshots)}

    return tracked(job_key(cooperative_id, self.request.id or ""), work)["snapshots"]


@shared_task(name="performance.monthly_snapshots_for_all_cooperatives")
def monthly_snapshots_for_all_cooperatives() -> int:
    from koperasi.tenancy.selectors import active_cooperative_ids

    last_month = str(Month.of(timezone.localdate()).plus(-1))
    ids = active_cooperative_ids()
    for cooperative_id in ids:
        compute_month_snapshots.delay(cooperative_id=cooperative_id, month=last_month)
    return len(ids)


def assessor_job_key(user_id: int, task_id: str) -> str:
    return f"assessor-job:{user_id}:{task_id}"


def assessor_job_state(user_id: int, task_id: str) -> dict:
    """The state of an assessor's job (only its own: the key carries the user)."""
    return state_of(assessor_job_key(user_id, task_id))


def _assessor_job(task, user_id: int, work) -> dict:
    from koperasi.accounts.models import User

    user = User.objects.get(pk=user_id)
    return tracked(assessor_job_key(user_id, task.request.id or ""), lambda progress: work(user, progress))


@shared_task(bind=True, name="performance.assessor_start_drafts")
def assessor_start_drafts(self, *, user_id: int, year: int, kind: str) -> dict:
    """A draft rating of the year, computed indicators filled, in every cooperative the assessor is assigned to."""
    from performance.assessor_jobs import start_drafts

    return _assessor_job(self, user_id, lambda user, progress: start_drafts(user, year, kind, progress))


@shared_task(bind=True, name="performance.assessor_export")
def assessor_export(self, *, user_id: int, year: int) -> dict:
    """The year's submitted reports of the assessor's cooperatives as one ZIP of PDFs and a summary workbook."""
    from performance.assessor_jobs import export_year

    task_id = self.request.id or ""
    return _assessor_job(self, user_id, lambda user, progress: export_year(user, year, task_id, progress))
