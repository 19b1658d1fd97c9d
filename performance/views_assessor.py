"""The assessor's own pages outside any cooperative: start a year's drafts everywhere at once, and export a
year's reports as a ZIP; both run in the background with their progress shown."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from koperasi.core.background import UNAVAILABLE, BackgroundUnavailable, enqueue
from koperasi.tenancy.access import assessor_cooperative_ids
from performance.assessor_jobs import assigned, export_path
from performance.models import RubricKind
from performance.tasks import assessor_export, assessor_job_state, assessor_start_drafts


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    kind = forms.ChoiceField(label=_("Assessment"), choices=RubricKind.choices, required=False)


def _assessor(request: HttpRequest) -> None:
    if not assessor_cooperative_ids(request.user):
        raise PermissionDenied


@login_required
def exports(request: HttpRequest) -> HttpResponse:
    _assessor(request)
    task_id = request.GET.get("job", "")[:64]
    job = (
        {"id": task_id, "kind": request.GET.get("kind", ""), **assessor_job_state(request.user.pk, task_id)}
        if task_id
        else None
    )
    context = {"form": YearForm(initial={"year": timezone.localdate().year - 1, "kind": RubricKind.RATING}),
               "job": job, "cooperatives": assigned(request.user)}  # fmt: skip
    return render(request, "performance/assessor/exports.html", context)


@login_required
@require_POST
def start_job(request: HttpRequest) -> HttpResponse:
    _assessor(request)
    form = YearForm(request.POST)
    if not form.is_valid():
        return render(request, "performance/assessor/exports.html",
                      {"form": form, "cooperatives": assigned(request.user)}, status=400)  # fmt: skip
    year, action = form.cleaned_data["year"], request.POST.get("action")
    try:
        if action == "drafts":
            result = enqueue(assessor_start_drafts, user_id=request.user.pk, year=year,
                             kind=form.cleaned_data["kind"] or RubricKind.RATING)  # fmt: skip
        else:
            result = enqueue(assessor_export, user_id=request.user.pk, year=year)
    except BackgroundUnavailable:
        messages.error(request, UNAVAILABLE)
        return redirect("assessor:exports")
    return redirect(
        f"{reverse('assessor:exports')}?job={result.id}&kind={'drafts' if action == 'drafts' else 'export'}"
    )


@login_required
def download(request: HttpRequest, job: str) -> HttpResponse:
    """The ZIP of one of the user's own exports (the path carries the user: nobody else's can be named)."""
    _assessor(request)
    path = export_path(request.user.pk, job[:64])
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"laporan-pemeringkatan-{job[:8]}.zip")
