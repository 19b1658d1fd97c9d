"""Pages of loans: the list with search and filters, applications, the loan page (schedule, position
and the lifecycle actions), repayment receipts, products (managers), and the arrears report (+ XLSX)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from koperasi.core.downloads import PDF_TYPE, XLSX_TYPE, file_response
from koperasi.core.pdf import render_pdf
from koperasi.core.spreadsheets import Sheet
from koperasi.tenancy.access import requires_role
from koperasi.tenancy.models import Role
from members.form_errors import add_service_errors
from members.loans import forms, repayments, selectors, services, writeoff
from members.loans.arrears import owed
from members.loans.models import Loan, LoanProduct, LoanRepayment, LoanStatus
from members.models import Member
from members.views_common import FORM_PAGE, is_manager, product_form, receipt_response

PAGE_SIZE = 25
WORKERS = (Role.MANAGER, Role.STAFF)


def _loan(pk: int) -> Loan:
    return get_object_or_404(Loan.objects.select_related("member", "product", "applied_by", "approved_by"), pk=pk)


@requires_role(*WORKERS)
@require_GET
def loan_list(request):
    form = forms.LoanFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    loans = selectors.search_loans(filters.get("q", ""), filters.get("status", ""))
    page = Paginator(loans, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "loans": page.object_list, "query": query.urlencode()}
    return render(request, "members/loans/loan_list.html", context)


@requires_role(*WORKERS)
def loan_apply(request):
    initial = {}
    if request.method == "GET" and request.GET.get("member"):
        member = Member.objects.filter(pk=request.GET["member"]).first()
        initial = {"member": member} if member else {}
    form = forms.LoanApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            loan = services.apply_for_loan(actor=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Application %(number)s is recorded.") % {"number": loan.number})
            return redirect("members:loan-detail", slug=request.cooperative.slug, pk=loan.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, FORM_PAGE, {"form": form, "title": _("Loan application")}, status=status)


@requires_role(*WORKERS, model=Loan)
@require_GET
def loan_detail(request, pk: int):
    return _render_detail(request, _loan(pk))


ACTION_FORMS = {
    "approve": forms.DecisionForm,
    "reject": forms.DecisionForm,
    "disburse": forms.DisburseForm,
    "repay": forms.RepayForm,
    "payoff": forms.PayoffForm,
    "write_off": forms.WriteOffForm,
}


def _render_detail(request, loan: Loan, status: int = 200, failed: tuple[str, object] | None = None):
    today = timezone.localdate()
    installments = list(loan.installments.order_by("number"))
    position = owed(loan, installments, today) if loan.is_running else None
    action_forms = {name: form_class(prefix=name) for name, form_class in ACTION_FORMS.items()}
    if failed:
        action_forms[failed[0]] = failed[1]
    collectibility = selectors.collectibility_of(loan, position.days_past_due) if position else None
    context = {
        "loan": loan,
        "today": today,
        "installments": installments,
        "position": position,
        "collectibility": collectibility,
        "collectibility_label": selectors.collectibility_label(collectibility) if collectibility else "",
        "repayments": loan.repayments.order_by("-date", "-pk"),
        "forms": action_forms,
        "is_manager": is_manager(request),
        "can_write": not request.tenant_read_only,
        "is_maker": loan.applied_by_id == request.user.pk,
        "review": selectors.application_review(loan, today) if loan.status == LoanStatus.APPLIED else None,
    }
    return render(request, "members/loans/loan_detail.html", context, status=status)


def _act(request, pk: int, name: str, run, success: str):
    loan = _loan(pk)
    form = ACTION_FORMS[name](request.POST, prefix=name)
    if form.is_valid():
        try:
            result = run(loan, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            if isinstance(result, LoanRepayment):
                return redirect("members:loan-receipt", slug=request.cooperative.slug, pk=result.pk)
            return redirect("members:loan-detail", slug=request.cooperative.slug, pk=loan.pk)
    return _render_detail(request, _loan(pk), status=400, failed=(name, form))


@requires_role(Role.MANAGER, model=Loan)
@require_POST
def loan_approve(request, pk: int):
    def run(loan, data):
        return services.approve_loan(actor=request.user, loan=loan, on=data["date"], note=data["note"])

    return _act(request, pk, "approve", run, _("The loan is approved."))


@requires_role(Role.MANAGER, model=Loan)
@require_POST
def loan_reject(request, pk: int):
    def run(loan, data):
        return services.reject_loan(actor=request.user, loan=loan, on=data["date"], note=data["note"])

    return _act(request, pk, "reject", run, _("The application is rejected."))


@requires_role(*WORKERS, model=Loan)
@require_POST
def loan_disburse(request, pk: int):
    def run(loan, data):
        return services.disburse_loan(
            actor=request.user, loan=loan, on=data["date"], first_due_date=data["first_due_date"]
        )

    return _act(request, pk, "disburse", run, _("The loan is disbursed and its schedule stored."))


@requires_role(*WORKERS, model=Loan)
@require_POST
def loan_repay(request, pk: int):
    def run(loan, data):
        return repayments.repay_loan(
            actor=request.user, loan=loan, amount=data["amount"], date=data["date"], key=data["key"]
        )

    return _act(request, pk, "repay", run, _("The repayment is recorded."))


@requires_role(*WORKERS, model=Loan)
@require_POST
def loan_payoff(request, pk: int):
    def run(loan, data):
        return repayments.payoff_loan(actor=request.user, loan=loan, date=data["date"], key=data["key"])

    return _act(request, pk, "payoff", run, _("The loan is paid off."))


@requires_role(Role.MANAGER, model=Loan)
@require_POST
def loan_write_off(request, pk: int):
    def run(loan, data):
        return writeoff.write_off_loan(actor=request.user, loan=loan, date=data["date"], reason=data["reason"])

    return _act(request, pk, "write_off", run, _("The loan is written off."))


@requires_role(*WORKERS, model=LoanRepayment)
@require_GET
def repayment_receipt(request, pk: int):
    repayment = get_object_or_404(
        LoanRepayment.objects.select_related("loan__member", "loan__product", "journal_entry", "created_by"), pk=pk
    )
    return receipt_response(
        request,
        "members/loans/receipt.html",
        repayment,
        repayment=repayment,
        loan=repayment.loan,
        principal_left=selectors.principal_left_after(repayment),
    )


@requires_role(*WORKERS, model=Loan)
@require_GET
def disbursement_receipt(request, pk: int):
    """The bukti pencairan: the amount lent, the fees withheld and the cash handed over."""
    loan = get_object_or_404(Loan.objects.select_related("member", "product", "approved_by"), pk=pk)
    if loan.disbursed_on is None:
        raise Http404
    return receipt_response(request, "members/loans/disbursement_receipt.html", loan, loan=loan)


@requires_role(*WORKERS, model=Loan)
@require_GET
def loan_contract(request, pk: int):
    """The loan contract (surat perjanjian pinjaman) with its terms, schedule and effective annual rate,
    to print and sign; ``?format=pdf`` renders it with WeasyPrint."""
    loan = _loan(pk)
    context = {"terms": selectors.contract_terms(loan, timezone.localdate()), "printed": timezone.now()}
    template = "members/loans/contract.html"
    if request.GET.get("format") == "pdf":
        pdf = render_pdf(template, context, request=request)
        return file_response(pdf, filename=f"perjanjian-{loan.number}.pdf", content_type=PDF_TYPE, inline=True)
    return render(request, template, context)


# --- products (managers) -----------------------------------------------------------------------


@requires_role(*WORKERS)
@require_GET
def product_list(request):
    products = LoanProduct.objects.order_by("code")
    return render(request, "members/loans/product_list.html", {"products": products, "is_manager": is_manager(request)})


@requires_role(*WORKERS, model=LoanProduct)
@require_GET
def product_detail(request, pk: int):
    """A product's conventions explained, with a worked example: Rp 10.000.000 over its longest term."""
    product = get_object_or_404(LoanProduct, pk=pk)
    example = selectors.product_example(product)
    context = {"product": product, "example": example, "is_manager": is_manager(request)}
    return render(request, "members/loans/product_detail.html", context)


def _product_form(request, product: LoanProduct | None):
    return product_form(
        request,
        product,
        form_class=forms.LoanProductForm,
        save=services.save_loan_product,
        saved_message=_("The loan product is saved."),
        list_url="members:loan-products",
        title=_("Edit loan product") if product else _("New loan product"),
    )


@requires_role(Role.MANAGER)
def product_create(request):
    return _product_form(request, None)


@requires_role(Role.MANAGER, model=LoanProduct)
def product_edit(request, pk: int):
    return _product_form(request, get_object_or_404(LoanProduct, pk=pk))


# --- arrears -------------------------------------------------------------------------------------


@requires_role(*WORKERS)
@require_GET
def arrears(request):
    """Running loans in arrears with days past due and collectibility; ``?format=xlsx`` downloads it."""
    on = timezone.localdate()
    rows = selectors.arrears(on)
    summary = selectors.collectibility_summary(rows, on)
    if request.GET.get("format") == "xlsx":
        return _arrears_xlsx(request, rows, summary, on)
    running = Loan.objects.filter(status=LoanStatus.DISBURSED).count()
    context = {"rows": rows, "summary": summary, "on": on, "running": running}
    return render(request, "members/loans/arrears.html", context)


def _arrears_xlsx(request, rows, summary, on) -> HttpResponse:
    sheet = Sheet(_("Arrears"))
    sheet.append([request.cooperative.name])
    sheet.append([_("Loans in arrears on %(day)s") % {"day": on.isoformat()}])
    header = [
        _("Loan"),
        _("Member number"),
        _("Member"),
        _("Product"),
        _("Days past due"),
        _("Collectibility"),
        _("Overdue instalments"),
        _("Principal overdue"),
        _("Interest overdue"),
        _("Penalty"),
        _("Total overdue"),
        _("Principal outstanding"),
    ]
    sheet.append(header, bold=True)
    money = [None] * 7 + ["#,##0.00"] * 5
    labels = dict(selectors.COLLECTIBILITY_LABELS)
    for row in rows:
        sheet.append(
            [
                row.loan.number,
                row.loan.member.member_no,
                row.loan.member.name,
                row.loan.product.name,
                row.days_past_due,
                labels[row.collectibility],
                row.overdue_installments,
                row.principal_overdue,
                row.interest_overdue,
                row.penalty,
                row.total_overdue,
                row.principal_outstanding,
            ],
            formats=money,
        )
    sheet.append([])
    sheet.append([_("Collectibility"), _("Loans"), _("Principal outstanding")])
    for item in summary:
        sheet.append([labels[item["class"]], item["loans"], item["outstanding"]])
    filename = f"{request.cooperative.slug}-tunggakan-{on}.xlsx"
    return file_response(sheet.to_bytes(), filename=filename, content_type=XLSX_TYPE)
