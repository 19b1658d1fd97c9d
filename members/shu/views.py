"""Pages of SHU: a fiscal year's rule and distribution (computed in the background with its progress shown,
approved at the RAT, posted, paid), its spreadsheet, and each member's slip (HTML and PDF); the member
portal's own SHU page and slip."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from koperasi.core.background import UNAVAILABLE, BackgroundUnavailable, enqueue
from koperasi.core.downloads import PDF_TYPE, XLSX_TYPE, file_response
from koperasi.core.pdf import render_pdf
from koperasi.ledger.fiscal import fiscal_year_of
from koperasi.tenancy.access import requires_role
from koperasi.tenancy.models import Role
from members.form_errors import add_service_errors
from members.portal import me
from members.shu import exports, forms, progress, selectors, services, sources
from members.shu.models import POOL_FIELDS, DistributionStatus, ShuDistribution, ShuShare

READERS = (Role.MANAGER, Role.STAFF, Role.ASSESSOR)


def _year(request) -> int:
    text = request.GET.get("year", "")
    if text.isdigit():
        return int(text)
    return fiscal_year_of(timezone.localdate(), request.cooperative.fiscal_year_start_month) - 1


def _back(request, year: int):
    return redirect(f"{request.path}?year={year}")


@requires_role(*READERS)
def shu_year(request):
    """A fiscal year's SHU: the rule (a new version on save), the draft (computed in the background), the
    pools and every member's amounts; the manager's approval, posting and payout forms."""
    year = _year(request)
    rule = services.rule_for(year) or services.default_rule(year)
    distribution = ShuDistribution.objects.filter(fiscal_year=year).select_related("rule", "journal_entry").first()
    editing = request.method == "POST" and not request.tenant_read_only
    action = request.POST.get("action", "") if editing else ""
    rule_form = forms.RuleForm(request.POST if action == "rule" else None, rule=rule)
    if action == "rule" and rule_form.is_valid():
        try:
            saved = services.save_rule(actor=request.user, fiscal_year=year, **rule_form.rule_fields())
        except ValidationError as error:
            add_service_errors(rule_form, error)
        else:
            messages.success(request, _("%(rule)s saved.") % {"rule": saved})
            return _back(request, year)
    if action == "compute":
        return _start_computing(request, year)
    today = timezone.localdate()
    context = {
        "year": year,
        "rule": rule,
        "rule_form": rule_form,
        "distribution": distribution,
        "progress": progress.current(request.cooperative.pk, year),
        "approve_form": forms.ApproveForm(initial={"rat_date": today}),
        "post_form": forms.PostForm(initial={"on": today}),
        "pay_form": forms.PayForm(initial={"on": today}),
        "sources": sources.registered(),
    }
    if distribution is not None:
        context |= _distribution_context(request, distribution)
    return render(request, "members/shu/year.html", context, status=400 if rule_form.errors else 200)


def _distribution_context(request, distribution: ShuDistribution) -> dict:
    pools = [(label, Decimal(distribution.pools.get(name, "0"))) for name, label in POOL_FIELDS]
    unshared = Decimal(distribution.pools.get("unshared", "0"))
    found = selectors.shares(distribution, request.GET.get("q", ""))
    return {
        "pools": pools,
        "pools_total": sum((amount for _label, amount in pools), Decimal(0)),
        "unshared": unshared,
        "page": Paginator(found, 50).get_page(request.GET.get("page")),
        "q": request.GET.get("q", ""),
        "paid_total": sum(distribution.shares.values_list("paid", flat=True), Decimal(0)),
    }


def _start_computing(request, year: int):
    from members.tasks import compute_shu_draft

    progress.started(request.cooperative.pk, year)
    try:
        enqueue(compute_shu_draft, cooperative_id=request.cooperative.pk, fiscal_year=year, actor_id=request.user.pk)
    except ValidationError as error:  # run eagerly (no broker): the refusal comes back here
        messages.error(request, " ".join(error.messages))
        progress.finished(request.cooperative.pk, year)
    except BackgroundUnavailable:  # nothing started: not "being computed", the manager may start it again
        messages.error(request, UNAVAILABLE)
        progress.finished(request.cooperative.pk, year)
    else:
        messages.success(request, _("The SHU of %(year)s is being computed.") % {"year": year})
    return _back(request, year)


@requires_role(Role.MANAGER)
@require_POST
def shu_decide(request):
    """The manager's steps: approve at the RAT, post, pay every member not yet paid (each confirmed first)."""
    year = _year(request)
    distribution = get_object_or_404(ShuDistribution, fiscal_year=year)
    action = request.POST.get("action", "")
    form_class = {"approve": forms.ApproveForm, "post": forms.PostForm, "pay": forms.PayForm}.get(action)
    form = form_class(request.POST) if form_class else None
    if form is None or not form.is_valid():
        messages.error(request, _("Check the date and the fields of that step."))
        return _back(request, year)
    data = form.cleaned_data
    try:
        if action == "approve":
            services.approve(actor=request.user, distribution=distribution, rat_date=data["rat_date"],
                             minutes_reference=data["minutes_reference"])  # fmt: skip
            messages.success(request, _("SHU %(year)s approved.") % {"year": year})
        elif action == "post":
            services.post_distribution(actor=request.user, distribution=distribution, on=data["on"])
            messages.success(request, _("SHU %(year)s posted.") % {"year": year})
        else:
            paid = services.pay_all(actor=request.user, distribution=distribution, on=data["on"],
                                    method=data["method"])  # fmt: skip
            messages.success(request, _("%(count)s members paid.") % {"count": paid})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(request, year)


@requires_role(*READERS)
def shu_export(request):
    distribution = get_object_or_404(ShuDistribution, fiscal_year=_year(request))
    content = exports.distribution_workbook(distribution, selectors.shares(distribution))
    return file_response(content, filename=f"shu-{distribution.fiscal_year}.xlsx", content_type=XLSX_TYPE)


def _slip_context(request, share: ShuShare) -> dict:
    distribution = share.distribution
    totals = selectors.base_totals(distribution)
    labels = {key: source.label for key, source in sources.registered().items()}
    patronage = [(labels.get(key, key), Decimal(value), totals.get(key, Decimal(0)))
                 for key, value in share.patronage_bases.items()]  # fmt: skip
    pools = {name: Decimal(distribution.pools.get(name, "0")) for name, _label in POOL_FIELDS}
    return {"share": share, "distribution": distribution, "member": share.member, "totals": totals,
            "patronage": patronage, "pools": pools, "cooperative": request.cooperative}  # fmt: skip


def _slip_response(request, share: ShuShare):
    context = _slip_context(request, share)
    if request.GET.get("format") == "pdf":
        pdf = render_pdf("members/shu/slip_pdf.html", context | {"generated": timezone.localtime()}, request=request)
        name = f"slip-shu-{share.distribution.fiscal_year}-{share.member.member_no}.pdf"
        return file_response(pdf, filename=name, content_type=PDF_TYPE, inline=True)
    return render(request, "members/shu/slip.html", context)


@requires_role(*READERS, model=ShuShare)
def shu_slip(request, pk: int):
    return _slip_response(request, get_object_or_404(ShuShare.objects.select_related("distribution", "member"), pk=pk))


@requires_role(Role.MEMBER)
@require_GET
def portal_shu(request):
    """The member's own SHU: every year shared at a RAT (with its slip) and this year's estimate to date."""
    member = me(request)
    context = {"member": member, "history": selectors.member_history(member),
               "estimate": selectors.estimate(member, timezone.localdate())}  # fmt: skip
    return render(request, "members/portal/shu.html", context)


@requires_role(Role.MEMBER)
@require_GET
def portal_shu_slip(request, year: int):
    member = me(request)
    share = selectors.member_history(member).filter(distribution__fiscal_year=year).first()
    if share is None or share.distribution.status not in (DistributionStatus.APPROVED, DistributionStatus.POSTED):
        raise Http404
    return _slip_response(request, share)
