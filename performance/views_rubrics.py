"""Rubric versions for platform admins (/assessor/rubrics/): the list, a new version from an existing one or from
an imported JSON file, and each version as JSON or XLSX."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koperasi.core.downloads import XLSX_TYPE, file_response
from koperasi.tenancy.access import object_view, platform_admin_required
from performance import rubric_admin
from performance.models import RatingRubric, RubricKind

MAX_IMPORT_BYTES = 512 * 1024


class RubricForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=RubricKind.choices)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=150)
    definition = forms.CharField(label=gettext_lazy("Definition (JSON)"), widget=forms.Textarea(attrs={"rows": 24}),
                                 required=False)  # fmt: skip
    file = forms.FileField(label=gettext_lazy("Or import a JSON or XLSX file"), required=False)
    notes = forms.CharField(label=gettext_lazy("Notes (where the table comes from)"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


@platform_admin_required
def rubric_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "performance/rubrics/list.html", {"rubrics": RatingRubric.objects.order_by("kind", "name", "-version")}
    )


@platform_admin_required
def rubric_new(request: HttpRequest) -> HttpResponse:
    """The next version of a rubric: from ``?from=<id>`` (a copy to edit) or an imported JSON file."""
    source = RatingRubric.objects.filter(pk=request.GET.get("from") or 0).first()
    initial = {}
    if source is not None:
        initial = {"kind": source.kind, "name": source.name, "definition": rubric_admin.export_json(source)}
    form = RubricForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rubric = rubric_admin.save_version(actor=request.user, **_definition(form))
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Saved as %(rubric)s.") % {"rubric": rubric})
            return redirect("assessor:rubrics")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "performance/rubrics/form.html", {"form": form}, status=status)


def _definition(form: RubricForm) -> dict:
    """The form's rubric: an uploaded file wins over the text box; a document exported from here (with kind,
    name and definition) or a bare definition is accepted."""
    upload = form.cleaned_data.get("file")
    if upload is not None and upload.size > MAX_IMPORT_BYTES:
        raise ValidationError({"file": _("The file is larger than 512 KB.")})
    if upload is not None and upload.name.lower().endswith(".xlsx"):
        definition = rubric_admin.import_xlsx(form.cleaned_data["kind"], upload.read())
        return {"kind": form.cleaned_data["kind"], "name": form.cleaned_data["name"], "definition": definition,
                "notes": form.cleaned_data["notes"]}  # fmt: skip
    if upload is not None:
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValidationError({"file": _("The file is not UTF-8 text.")}) from error
    else:
        text = form.cleaned_data["definition"]
    document = rubric_admin.parse_json(text or "{}")
    definition = document.get("definition", document) if isinstance(document, dict) else document
    return {"kind": form.cleaned_data["kind"], "name": form.cleaned_data["name"], "definition": definition,
            "notes": form.cleaned_data["notes"]}  # fmt: skip


@platform_admin_required
@object_view(RatingRubric)
def rubric_export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    rubric = get_object_or_404(RatingRubric, pk=pk)
    stem = f"rubric-{rubric.kind}-{rubric.name}-v{rubric.version}"
    if kind == "xlsx":
        return file_response(rubric_admin.export_xlsx(rubric), filename=f"{stem}.xlsx", content_type=XLSX_TYPE)
    return file_response(rubric_admin.export_json(rubric), filename=f"{stem}.json", content_type="application/json")
