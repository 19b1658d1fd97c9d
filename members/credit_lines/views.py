"""Pages of credit lines: the list (managers open a line there) and a line's page with its movements,
the interest of the month so far and how it is worked out, and the draw and repay forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from koperasi.ledger.fiscal import Month
from koperasi.tenancy.access import requires_role
from koperasi.tenancy.models import Role
from members.credit_lines import forms, services
from members.credit_lines.models import CreditLine
from members.form_errors import add_service_errors
from members.views_common import is_manager

WORKERS = (Role.MANAGER, Role.STAFF)


@requires_role(*WORKERS)
@require_http_methods(["GET", "POST"])
def line_list(request):
    form = forms.OpenLineForm(request.POST or None)
    if request.method == "POST":
        if not is_manager(request):
            raise PermissionDenied
        if form.is_valid():
            try:
                line = services.open_credit_line(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Credit line %(number)s is open.") % {"number": line.number})
                return redirect("members:credit-line-detail", slug=request.cooperative.slug, pk=line.pk)
    lines = CreditLine.objects.select_related("member").order_by("-opened_on", "-pk")
    context = {"lines": lines, "form": form, "is_manager": is_manager(request)}
    return render(request, "members/credit_lines/line_list.html", context, status=400 if form.errors else 200)


def _render(request, line: CreditLine, status: int = 200, **forms_):
    today = timezone.localdate()
    context = {
        "line": line,
        "movements": line.movements.order_by("-date", "-pk")[:200],
        "so_far": services.month_interest(line, Month.of(today), until=today),
        "draw_form": forms_.get("draw_form") or forms.LineMovementForm(prefix="draw"),
        "repay_form": forms_.get("repay_form") or forms.LineMovementForm(prefix="repay"),
    }
    return render(request, "members/credit_lines/line_detail.html", context, status=status)


@requires_role(*WORKERS, model=CreditLine)
def line_detail(request, pk: int):
    return _render(request, get_object_or_404(CreditLine.objects.select_related("member"), pk=pk))


def _move(request, pk: int, prefix: str, function, success: str):
    line = get_object_or_404(CreditLine.objects.select_related("member"), pk=pk)
    form = forms.LineMovementForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            function(actor=request.user, line=line, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("members:credit-line-detail", slug=request.cooperative.slug, pk=line.pk)
    return _render(request, line, status=400, **{f"{prefix}_form": form})


@requires_role(*WORKERS, model=CreditLine)
@require_POST
def line_draw(request, pk: int):
    return _move(request, pk, "draw", services.draw, _("The draw is recorded."))


@requires_role(*WORKERS, model=CreditLine)
@require_POST
def line_repay(request, pk: int):
    return _move(request, pk, "repay", services.repay, _("The repayment is recorded."))
