"""The scorecard setup: the cooperative's measures (or seed 003's KSU scorecard adopted as a template), each
measure's target and bands, and the values entered by hand with their evidence."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koperasi.tenancy.models import Role
from performance import scorecard
from performance.forms_scorecard import EntryForm, MeasureForm
from performance.models import ScorecardEntry, ScorecardMeasure
from performance.scorecard_sources import DATA_SOURCES


def _add_errors(form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def setup(request: HttpRequest) -> HttpResponse:
    measures = list(
        ScorecardMeasure.objects.prefetch_related(
            Prefetch("entries", queryset=ScorecardEntry.objects.order_by("-year"))
        )
    )
    for measure in measures:
        measure.source_label = "" if measure.is_manual else DATA_SOURCES[measure.source].label
    context = {
        "measures": measures,
        "entry_form": EntryForm(initial={"year": timezone.localdate().year}),
        "can_edit": Role.MANAGER in request.cooperative_roles,
    }
    return render(request, "performance/scorecard/setup.html", context)


@require_POST
def adopt(request: HttpRequest) -> HttpResponse:
    added = scorecard.adopt_template(actor=request.user)
    messages.success(request, _("%(n)s measures of the KSU scorecard (seed 003) added.") % {"n": added})
    return redirect("dashboards:scorecard", slug=request.cooperative.slug)


def measure_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    measure = get_object_or_404(ScorecardMeasure, pk=pk) if pk else ScorecardMeasure()
    form = MeasureForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        try:
            scorecard.save_measure(actor=request.user, measure=form.instance)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Measure saved."))
            return redirect("dashboards:scorecard", slug=request.cooperative.slug)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "performance/scorecard/measure_form.html", {"form": form, "measure": measure}, status=status)


@require_POST
def enter_value(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(ScorecardMeasure, pk=pk)
    form = EntryForm(request.POST)
    if form.is_valid():
        try:
            scorecard.save_entry(actor=request.user, measure=measure, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
    if form.errors:
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, f"{measure.name}: {problem}")
    else:
        messages.success(request, _("Value entered for %(measure)s.") % {"measure": measure.name})
    return redirect("dashboards:scorecard", slug=request.cooperative.slug)
