"""The rating pages (thin: performance/ratings.py does the work). An assessor starts a rating of a year, reads
each computed indicator with the figures behind it, scores the rest, and submits; the cooperative's managers see
submitted ratings only. Reports: PDF (WeasyPrint), XLSX; anyone can check a report's verification code."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation, localcontext
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koperasi.core.downloads import PDF_TYPE, XLSX_TYPE, file_response
from koperasi.core.pdf import render_pdf
from koperasi.core.spreadsheets import Sheet
from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.models import Cooperative, Role
from performance import ratings
from performance.forms_ratings import StartRatingForm
from performance.models import Rating, RatingStatus
from performance.rating_report import aspects_of, rows_of
from performance.views import DISPLAY_CONTEXT


def _is_assessor(request) -> bool:
    return Role.ASSESSOR in request.cooperative_roles


def _get(request, pk: int) -> Rating:
    return get_object_or_404(ratings.visible_ratings(request.user, request.cooperative_roles), pk=pk)


def rating_list(request: HttpRequest) -> HttpResponse:
    context = {
        "ratings": ratings.visible_ratings(request.user, request.cooperative_roles),
        "form": StartRatingForm(initial={"year": timezone.localdate().year - 1}),
        "is_assessor": _is_assessor(request),
    }
    return render(request, "performance/ratings/list.html", context)


@require_POST
def start(request: HttpRequest) -> HttpResponse:
    if not _is_assessor(request):
        raise Http404
    form = StartRatingForm(request.POST)
    if form.is_valid():
        try:
            rating_ = ratings.start_rating(assessor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for problem in error.messages:
                messages.error(request, problem)
        else:
            return redirect("ratings:detail", slug=request.cooperative.slug, pk=rating_.pk)
    else:
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, problem)
    return redirect("ratings:list", slug=request.cooperative.slug)


def _context(request, rating_: Rating) -> dict:
    preview, missing = (rating_.result, {}) if rating_.is_locked else ratings.preview(rating_)
    return {
        "rating": rating_,
        "rows": rows_of(rating_),
        "preview": preview,
        "missing": missing,
        "aspects": aspects_of(rating_) if rating_.is_locked else [],
        "editable": not rating_.is_locked and rating_.assessor_id == request.user.pk,
        "verify_url": request.build_absolute_uri(f"/verify/{rating_.verification_code}/"),
    }


def _decimal(text: str) -> Decimal | None:
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ValidationError(_("“%(text)s” is not a score.") % {"text": text}) from error


def _save_scores(request, rating_: Rating) -> list[str]:
    problems = []
    for row in rating_.scores.all():
        prefix = f"{row.code}-"
        if f"{prefix}present" not in request.POST:
            continue
        try:
            answers = None
            if f"{prefix}questions" in request.POST:
                count = int(request.POST[f"{prefix}questions"])
                answers = [f"{prefix}q{i}" in request.POST for i in range(count)]
            ratings.score_indicator(
                assessor=request.user, row=row, score=_decimal(request.POST.get(f"{prefix}score", "")),
                answers=answers, reason=request.POST.get(f"{prefix}reason", ""),
                evidence=request.POST.get(f"{prefix}evidence", "")[:300], notes=request.POST.get(f"{prefix}notes", ""),
                evidence_file=request.FILES.get(f"{prefix}file"),
            )  # fmt: skip
        except (ValidationError, ValueError) as error:
            texts = error.messages if isinstance(error, ValidationError) else [str(error)]
            problems += [f"{row.code}: {text}" for text in texts]
    return problems


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    rating_ = _get(request, pk)
    status = 200
    if request.method == "POST":
        if rating_.assessor_id != request.user.pk:
            raise Http404
        problems = _save_scores(request, rating_)
        if request.POST.get("action") == "submit" and not problems:
            try:
                ratings.submit_rating(assessor=request.user, rating_=rating_, notes=request.POST.get("notes", ""))
            except ValidationError as error:
                problems += error.messages
            else:
                messages.success(request, _("Rating submitted and locked."))
                return redirect("ratings:detail", slug=request.cooperative.slug, pk=rating_.pk)
        if problems:
            for problem in problems:
                messages.error(request, problem)
            status = 400
        else:
            messages.success(request, _("Scores saved."))
            return redirect("ratings:detail", slug=request.cooperative.slug, pk=rating_.pk)
    with localcontext(DISPLAY_CONTEXT):
        return render(request, "performance/ratings/detail.html", _context(request, rating_), status=status)


def _number(text) -> Decimal | None:
    return None if text is None else Decimal(str(text))


def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """An indicator's (``?code=K1``) evidence file, to whoever may read the rating."""
    row = get_object_or_404(_get(request, pk).scores, code=request.GET.get("code", "")[:20])
    if not row.evidence_file:
        raise Http404
    return FileResponse(row.evidence_file.open("rb"), filename=f"bukti-{row.code}{Path(row.evidence_file.name).suffix}")


def _stem(rating_: Rating, cooperative) -> str:
    return f"{cooperative.slug}-{rating_.kind}-{rating_.year}-v{rating_.version}"


def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    rating_ = _get(request, pk)
    if not rating_.is_locked:
        raise Http404
    context = {**_context(request, rating_), "cooperative": request.cooperative, "generated": timezone.localdate()}
    with localcontext(DISPLAY_CONTEXT):
        pdf = render_pdf("performance/ratings/report_pdf.html", context, request)
    return file_response(pdf, filename=f"{_stem(rating_, request.cooperative)}.pdf", content_type=PDF_TYPE)


def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    rating_ = _get(request, pk)
    if not rating_.is_locked:
        raise Http404
    sheet = Sheet(f"{rating_.get_kind_display()}")
    sheet.append([request.cooperative.name, request.cooperative.legal_entity_number])
    sheet.append([str(rating_.get_kind_display()), rating_.year, f"v{rating_.version}", str(rating_.rubric)])
    sheet.append([])
    sheet.append([_("Aspect"), _("Indicator"), _("Weight"), _("Value"), _("Score"), _("Weighted")], bold=True)
    for row in rows_of(rating_):
        result = row["result"] or {}
        weighted = result.get("weighted", result.get("score"))
        sheet.append([
            row["aspect"], f"{row['item']['code']} {row['item']['name']}", Decimal(str(row["item"]["weight"])),
            _number(result.get("value")), _number(result.get("score")), _number(weighted),
        ])  # fmt: skip
    sheet.append([])
    sheet.append([_("Total"), "", "", "", "", rating_.total], bold=True)
    sheet.append([_("Category"), rating_.category])
    sheet.append([_("Verification code"), rating_.verification_code])
    sheet.widths({"A": 28, "B": 60, "C": 10, "D": 14, "E": 10, "F": 12})
    return file_response(
        sheet.to_bytes(), filename=f"{_stem(rating_, request.cooperative)}.xlsx", content_type=XLSX_TYPE
    )


def find_by_code(code: str) -> tuple[Cooperative, Rating] | None:
    """The submitted rating a verification code belongs to (``R<cooperative id>-XXXX-XXXX``), read in its
    cooperative's read-only context."""
    head = code.split("-", 1)[0]
    if not head.startswith("R") or not head[1:].isdigit():
        return None
    cooperative = Cooperative.objects.filter(pk=int(head[1:])).first()
    if cooperative is None:
        return None
    with cooperative_context(cooperative.pk, read_only=True):
        rating_ = Rating.objects.filter(verification_code=code, status=RatingStatus.SUBMITTED).first()
    return (cooperative, rating_) if rating_ else None


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: the rating a report's verification code belongs to (a bank or a Dinas checks a printed report)."""
    found = find_by_code(code.strip().upper()[:32])
    context = {"code": code, "cooperative": found[0] if found else None, "rating": found[1] if found else None}
    return render(request, "performance/ratings/verify.html", context, status=200 if found else 404)
