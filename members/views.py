"""Pages of members: the register (list, search, detail), registration and editing, admission, exit,
portal access, the CSV/XLSX import, and the loan simulation for staff."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from koperasi.core.downloads import CSV_TYPE, file_response
from koperasi.money import format_rupiah
from koperasi.tenancy import invitations
from koperasi.tenancy.access import requires_role
from koperasi.tenancy.models import Role
from members import forms, importing, selectors, services, settlement
from members.form_errors import add_service_errors
from members.loans.schedule import ProductTerms, ScheduleError, simulate
from members.loans.selectors import member_loans
from members.models import Member, MemberStatus
from members.savings.selectors import member_savings_summary

PAGE_SIZE = 25
REPORT_SESSION_KEY = "members-import-report-{cooperative_id}"
ERRORS_SHOWN = 200
# A pick list shows this many members, once this many characters are typed.
LOOKUP_SIZE, LOOKUP_MIN_LENGTH = 10, 1


def _member(pk: int) -> Member:
    return get_object_or_404(Member.objects.select_related("user"), pk=pk)


@requires_role(Role.MANAGER, Role.STAFF)
@require_GET
def member_list(request):
    form = forms.MemberFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    members = selectors.search_members(filters.get("q", ""), filters.get("status", ""), filters.get("occupation", ""))
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "members": page.object_list, "query": query.urlencode()}
    return render(request, "members/member_list.html", context)


@requires_role(Role.MANAGER, Role.STAFF)
def member_create(request):
    form = forms.MemberForm(request.POST or None, initial={"join_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            member = services.register_member(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is registered as member no. %(number)s.")
                % {"name": member.name, "number": member.member_no},
            )
            return redirect("members:detail", slug=request.cooperative.slug, pk=member.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "members/member_form.html", {"form": form, "member": None}, status=status)


@requires_role(Role.MANAGER, Role.STAFF, model=Member)
@require_GET
def member_detail(request, pk: int):
    return _render_detail(request, _member(pk))


def _render_detail(request, member: Member, status: int = 200, **forms_):
    is_manager = Role.MANAGER in request.cooperative_roles and not request.tenant_read_only
    context = {
        "member": member,
        "is_manager": is_manager,
        "savings": member_savings_summary(member),
        "loans": member_loans(member),
        "admit_form": forms_.get("admit_form") or forms.AdmitForm(initial={"admitted_on": timezone.localdate()}),
        "link_form": forms_.get("link_form") or forms.LinkUserForm(),
    }
    return render(request, "members/member_detail.html", context, status=status)


@requires_role(Role.MANAGER, Role.STAFF, model=Member)
def member_edit(request, pk: int):
    member = _member(pk)
    form = forms.MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_member(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Member data saved."))
            return redirect("members:detail", slug=request.cooperative.slug, pk=member.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "members/member_form.html", {"form": form, "member": member}, status=status)


@requires_role(Role.MANAGER, model=Member)
@require_POST
def member_admit(request, pk: int):
    member = _member(pk)
    form = forms.AdmitForm(request.POST)
    if form.is_valid():
        try:
            services.admit_member(actor=request.user, member=member, on=form.cleaned_data["admitted_on"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s is now a member.") % {"name": member.name})
            return redirect("members:detail", slug=request.cooperative.slug, pk=member.pk)
    return _render_detail(request, member, status=400, admit_form=form)


@requires_role(Role.MANAGER, model=Member)
def member_exit(request, pk: int):
    member = _member(pk)
    if member.status == MemberStatus.EXITED:
        messages.info(request, _("This member has already left the cooperative."))
        return redirect("members:detail", slug=request.cooperative.slug, pk=member.pk)
    form = forms.ExitForm(request.POST or None, initial={"exit_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            result = settlement.settle_exit(
                actor=request.user,
                member=member,
                exit_date=form.cleaned_data["exit_date"],
                reason=form.cleaned_data["exit_reason"],
                offset_loans=form.cleaned_data["offset_loans"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The exit of %(name)s is recorded; %(payout)s of savings is paid out.")
                % {"name": member.name, "payout": format_rupiah(result.payout)},
            )
            return redirect("members:detail", slug=request.cooperative.slug, pk=member.pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "member": member,
        "preview": settlement.preview(member, timezone.localdate(), offset_loans=True),
    }
    return render(request, "members/member_exit.html", context, status=status)


@requires_role(Role.MANAGER, model=Member)
@require_POST
def member_link_user(request, pk: int):
    member = _member(pk)
    form = forms.LinkUserForm(request.POST)
    if form.is_valid():
        email = form.cleaned_data["email"]
        try:
            with transaction.atomic():
                invitation, token = invitations.invite(
                    actor=request.user,
                    cooperative=request.cooperative,
                    email=email,
                    role=Role.MEMBER,
                    member_id=member.pk,
                )
                link = invitations.invitation_link(request, request.cooperative, token)
                invitations.mail_invitation(link, invitation, request.cooperative)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = _(
                "Invitation to the member portal sent to %(email)s. If it does not arrive, send this link: %(link)s"
            )
            messages.success(request, message % {"email": email, "link": link})
            return redirect("members:detail", slug=request.cooperative.slug, pk=member.pk)
    return _render_detail(request, member, status=400, link_form=form)


@requires_role(Role.MANAGER, Role.STAFF)
def member_import(request):
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "columns": importing.COLUMNS, "required": importing.REQUIRED}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        key = REPORT_SESSION_KEY.format(cooperative_id=request.cooperative.pk)
        try:
            result = importing.import_members(actor=request.user, content=upload.read(), filename=upload.name)
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            if result.ok:
                request.session.pop(key, None)
                messages.success(request, _("%(count)d members imported.") % {"count": len(result.created)})
                return redirect("members:list", slug=request.cooperative.slug)
            request.session[key] = importing.error_report_csv(result.errors)
            context.update(
                result=result,
                errors=result.errors[:ERRORS_SHOWN],
                more_errors=max(0, len(result.errors) - ERRORS_SHOWN),
            )
    status = 400 if request.method == "POST" else 200
    return render(request, "members/member_import.html", context, status=status)


@requires_role(Role.MANAGER, Role.STAFF)
@require_GET
def member_lookup(request):
    """The members ``q`` names (name, member number or NIK), for the pick lists of the forms that take a
    member: ``{"results": [{"value": "12 · Slamet Riyadi", "label": "NIK …7890 · Anggota"}]}``."""
    text = request.GET.get("q", "").strip()
    found = selectors.search_members(text)[:LOOKUP_SIZE] if len(text) >= LOOKUP_MIN_LENGTH else []
    results = [
        {"value": str(member), "label": f"NIK …{member.nik[-4:]} · {member.get_status_display()}"} for member in found
    ]
    return JsonResponse({"results": results})


@requires_role(Role.MANAGER, Role.STAFF)
@require_GET
def import_report(request):
    """The last failed import's error report (per row and column) as CSV."""
    report = request.session.get(REPORT_SESSION_KEY.format(cooperative_id=request.cooperative.pk))
    if not report:
        raise Http404
    return file_response(report, filename="laporan-kesalahan-impor-anggota.csv", content_type=CSV_TYPE)


@requires_role(Role.MANAGER, Role.STAFF)
@require_GET
def import_template(request):
    """An empty CSV with the column headers, to fill in."""
    header = "\ufeff" + ",".join(importing.COLUMNS) + "\n"
    return file_response(header, filename="templat-impor-anggota.csv", content_type=CSV_TYPE)


@requires_role(Role.MANAGER, Role.STAFF)
@require_GET
def loan_simulation(request):
    """A prospective loan's schedule and affordability (nothing is stored)."""
    submitted = "amount" in request.GET
    form = forms.LoanSimulationForm(request.GET if submitted else None)
    simulation = None
    if submitted and form.is_valid():
        data = form.cleaned_data
        fees_percent, balloon = data.get("fees_percent") or Decimal(0), data.get("balloon_percent") or Decimal(0)
        terms = ProductTerms(
            rate=data["rate_percent"] / 100,
            rate_period=data["rate_period"],
            method=data["method"],
            frequency=data["frequency"],
            rate_conversion=data["rate_conversion"],
            day_count=data["day_count"],
            grace_periods=data.get("grace_periods") or 0,
            grace_kind=data["grace_kind"],
            balloon_share=balloon / 100,
            principal_months=frozenset(int(month) for month in data["principal_months"]) or None,
            rounding=data["rounding"],
            rounding_mode=data["rounding_mode"],
            instalment_multiple=data.get("instalment_multiple"),
            instalment_rounding=data["instalment_rounding"],
            fees_rate=fees_percent / 100,
        )
        ratio = data.get("max_ratio_percent")
        try:
            simulation = simulate(
                data["amount"],
                data["term_periods"],
                terms,
                monthly_income=data.get("monthly_income"),
                max_instalment_ratio=None if ratio is None else ratio / Decimal(100),
                first_due_date=data.get("first_due_date"),
                disbursement_date=data.get("disbursement_date"),
            )
        except ScheduleError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
    status = 400 if submitted and not form.is_valid() else 200
    return render(request, "members/loan_simulation.html", {"form": form, "simulation": simulation}, status=status)
