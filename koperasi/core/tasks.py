"""Celery tasks of the core (thin: the cooperative's context, then the work)."""

from __future__ import annotations

from celery import shared_task

from koperasi.celery import CooperativeTask
from koperasi.core.jobs import state_of, tracked


def export_job_key(cooperative_id: int, task_id: str) -> str:
    return f"data-export:{cooperative_id}:{task_id}"


def export_job_state(cooperative_id: int, task_id: str) -> dict:
    """The state of one of the cooperative's exports (only its own: the key carries the cooperative)."""
    return state_of(export_job_key(cooperative_id, task_id), task_id)


@shared_task(base=CooperativeTask, bind=True, name="core.export_cooperative_data")
def export_cooperative_data(self, *, cooperative_id: int, actor_id: int | None = None) -> dict:
    """The cooperative's whole data as one ZIP (``koperasi.core.data_export``), read in its context."""
    from koperasi.accounts.models import User
    from koperasi.accounts.services import record_event
    from koperasi.core.data_export import export_path, write_export
    from koperasi.tenancy.models import Cooperative

    task_id = self.request.id or ""

    def work(progress) -> dict:
        cooperative = Cooperative.objects.get(pk=cooperative_id)
        manifest = write_export(cooperative, export_path(cooperative_id, task_id), progress)
        actor = User.objects.filter(pk=actor_id).first() if actor_id else None
        after = {"task": task_id, "tables": len(manifest["rows"]), "documents": len(manifest["documents"])}
        record_event("data.exported", actor=actor, cooperative_id=cooperative_id, obj=cooperative, after=after)
        return {"rows": sum(manifest["rows"].values()), "documents": len(manifest["documents"])}

    return tracked(export_job_key(cooperative_id, task_id), work)


@shared_task(name="core.delete_expired_exports")
def delete_expired_exports() -> int:
    """Daily: export ZIPs no page offers any more are deleted (``koperasi.core.data_export``)."""
    from koperasi.core import data_export

    return data_export.delete_expired_exports()
