"""Dashboard pages (thin: the selectors in performance/dashboards.py and performance/home.py read, these
render). Every chart has its table beside it and the table downloads as CSV or XLSX; every figure names its
period and whether its snapshot is stale; a manager recomputes a month and watches its progress."""

from __future__ import annotations

from decimal import localcontext

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koperasi.core.background import UNAVAILABLE, BackgroundUnavailable, enqueue
from koperasi.core.downloads import CSV_TYPE, XLSX_TYPE, file_response
from koperasi.core.spreadsheets import Sheet, csv_text
from koperasi.ledger.fiscal import Month
from koperasi.tenancy.models import Role
from performance import dashboards
from performance.forms_scorecard import RecomputeForm
from performance.home import manager_home
from performance.models import Snapshot, SnapshotMethod
from performance.snapshots import Period, Subject, compute, is_stale
from performance.tasks import compute_month_snapshots, job_state
from performance.views import DISPLAY_CONTEXT, PERSPECTIVES, present


def _download(request: HttpRequest, board: dashboards.Board, kind: str) -> HttpResponse:
    rows = dashboards.table_rows(board)
    subject = board.subject.label if board.subject else ""
    stem = f"{request.cooperative.slug}-{board.spec.method}-{subject}-{timezone.localdate()}"
    if kind == "csv":
        return file_response(csv_text(rows), filename=f"{stem}.csv", content_type=CSV_TYPE)
    sheet = Sheet(str(board.spec.title))
    sheet.append([request.cooperative.name])
    sheet.append([str(board.spec.title), subject])
    sheet.append([])
    sheet.append(rows[0], bold=True)
    for row in rows[1:]:
        sheet.append(row)
    sheet.widths({"A": 16} | dict.fromkeys("BCDEFGH", 22))
    return file_response(sheet.to_bytes(), filename=f"{stem}.xlsx", content_type=XLSX_TYPE)


def _job(request: HttpRequest) -> dict | None:
    task_id = request.GET.get("job", "")[:64]
    if not task_id:
        return None
    return {"id": task_id, **job_state(request.cooperative.pk, task_id)}


def _lights(snapshot: Snapshot | None) -> list[dict]:
    """Each scorecard measure of the snapshot with a traffic light: green at its best score, red at its
    worst, amber between."""
    if snapshot is None or not snapshot.result:
        return []
    bands = {item["id"]: item.get("bands", []) for item in snapshot.payload.get("measures", [])}
    rows = []
    for row in snapshot.result["measures"]:
        scores = [float(band["score"]) for band in bands.get(row["id"], [])]
        score = None if row["score"] is None else float(row["score"])
        light = "none" if score is None or not scores else (
            "green" if score >= max(scores) else "red" if score <= min(scores) else "amber"
        )  # fmt: skip
        rows.append({**row, "light": light, "perspective": PERSPECTIVES.get(row["perspective"], row["perspective"])})
    return rows


def _units_of_month(snapshot: Snapshot | None) -> list[Snapshot]:
    """Every business unit's (and the whole cooperative's) income snapshot of the latest month shown."""
    if snapshot is None:
        return []
    return list(
        Snapshot.objects.filter(
            method=SnapshotMethod.INCOME, period_kind=snapshot.period_kind, period_start=snapshot.period_start
        ).order_by("subject_type", "subject_label")
    )


def index(request: HttpRequest) -> HttpResponse:
    """The dashboards start with income and R/C, which every cooperative with books has."""
    return redirect("dashboards:board", slug=request.cooperative.slug, method="income")


def board(request: HttpRequest, method: str) -> HttpResponse:
    if method not in dashboards.BOARDS:
        raise Http404
    data = dashboards.board(method, request.GET.get("subject", ""))
    download = request.GET.get("download")
    if download in ("csv", "xlsx"):
        return _download(request, data, download)
    context = {
        "board": data,
        "charts": data.chart_data(),
        "job": _job(request),
        "recompute": RecomputeForm(initial={"month": str(Month.of(timezone.localdate()).plus(-1))}),
        "can_recompute": Role.MANAGER in request.cooperative_roles,
        "boards": dashboards.BOARDS,
        "lights": _lights(data.latest) if method == "bsc" else [],
        "units": _units_of_month(data.latest) if method == "income" else [],
    }
    with localcontext(DISPLAY_CONTEXT):
        return render(request, "performance/dashboards/board.html", context)


def snapshot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One snapshot's full table (the whole Hayami table of a month, a channel's stage-by-stage margins …)
    as the calculator shows it, with its inputs' freshness and a recompute action."""
    snapshot = get_object_or_404(Snapshot, pk=pk)
    context = {
        "snapshot": snapshot,
        "stale": is_stale(snapshot),
        "result": snapshot.result,
        "view": present(snapshot.method, snapshot.result) if snapshot.result else None,
        "result_template": f"performance/results/{snapshot.method}.html",
        "can_recompute": Role.MANAGER in request.cooperative_roles,
    }
    with localcontext(DISPLAY_CONTEXT):
        return render(request, "performance/dashboards/snapshot.html", context)


@require_POST
def recompute_snapshot(request: HttpRequest, pk: int) -> HttpResponse:
    """Compute one snapshot again from the books now (a manager's action on a stale figure)."""
    snapshot = get_object_or_404(Snapshot, pk=pk)
    subject = Subject(snapshot.subject_type, snapshot.subject_id, snapshot.subject_label)
    period = Period(snapshot.period_kind, snapshot.period_start, snapshot.period_end)
    fresh = compute(snapshot.method, subject, period, actor=request.user)
    messages.success(request, _("Computed again from the books."))
    return redirect("dashboards:snapshot", slug=request.cooperative.slug, pk=fresh.pk)


@require_POST
def recompute_month(request: HttpRequest) -> HttpResponse:
    """Queue the month's snapshots (every method and subject); the board then shows the job's progress."""
    form = RecomputeForm(request.POST)
    method = request.POST.get("board", "hayami")
    back = reverse("dashboards:board", kwargs={"slug": request.cooperative.slug, "method": method})
    if not form.is_valid():
        for error in form.errors.get("month", []):
            messages.error(request, error)
        return redirect(back)
    try:
        result = enqueue(
            compute_month_snapshots,
            cooperative_id=request.cooperative.pk, month=str(form.cleaned_data["month"]), actor_id=request.user.pk,
        )  # fmt: skip
    except BackgroundUnavailable:
        messages.error(request, UNAVAILABLE)
        return redirect(back)
    return redirect(f"{back}?job={result.id}")


def home_context(request: HttpRequest) -> dict:
    """The manager's home section (koperasi.core.home): the figures, and the twelve months as a chart."""
    home = manager_home(timezone.localdate())
    chart = {
        "title": str(_("Income and expenses (Rp)")),
        "type": "bar",
        "labels": [m["month"] for m in home.months],
        "datasets": [
            {"label": str(label), "data": [str(m[key]) for m in home.months]}
            for key, label in (("income", _("Income")), ("expenses", _("Expenses")), ("shu", "SHU"))
        ],
    }
    return {"home": home, "home_chart": chart, "boards": dashboards.BOARDS}
