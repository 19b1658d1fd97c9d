"""The data export page of a cooperative: a manager starts the export (a Celery job), watches its progress
and downloads the ZIP when it is done. Assessors, who read a manager's pages, cannot export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from koperasi.core.background import UNAVAILABLE, BackgroundUnavailable, enqueue
from koperasi.core.data_export import export_path
from koperasi.core.downloads import ascii_filename
from koperasi.core.jobs import is_task_id
from koperasi.core.tasks import export_cooperative_data, export_job_state
from koperasi.tenancy.access import requires_role
from koperasi.tenancy.models import Role


def _manager_writing(request) -> None:
    if request.tenant_read_only:
        raise PermissionDenied


def _job(request) -> dict | None:
    task_id = request.GET.get("job", "")
    if not is_task_id(task_id):
        return None
    return {"id": task_id, **export_job_state(request.cooperative.pk, task_id)}


@requires_role(Role.MANAGER)
@require_GET
def export_page(request):
    _manager_writing(request)
    return render(request, "core/data_export.html", {"job": _job(request)})


@requires_role(Role.MANAGER)
@require_POST
def export_start(request):
    _manager_writing(request)
    page = reverse("export:page", kwargs={"slug": request.cooperative.slug})
    try:
        result = enqueue(export_cooperative_data, cooperative_id=request.cooperative.pk, actor_id=request.user.pk)
    except BackgroundUnavailable:  # nothing started: the manager may simply start it again
        messages.error(request, UNAVAILABLE)
        return redirect(page)
    return redirect(f"{page}?job={result.id}")


@requires_role(Role.MANAGER)
@require_GET
def export_download(request, job: str):
    """The ZIP of one of this cooperative's finished exports (the path carries the cooperative)."""
    _manager_writing(request)
    if export_job_state(request.cooperative.pk, job).get("state") != "SUCCESS":  # never for a non-task id
        raise Http404
    path = export_path(request.cooperative.pk, job)
    if not path.is_file():
        raise Http404
    name = ascii_filename(f"{request.cooperative.slug}-data-{timezone.localdate():%Y-%m-%d}.zip")
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type="application/zip")
