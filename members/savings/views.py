"""Pages of savings: accounts (list, search, detail with deposit / withdrawal forms), opening accounts
and term deposits, printable receipts (HTML print CSS, or PDF), products (managers), wajib arrears."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from koperasi.ledger.fiscal import Month
from koperasi.tenancy.access import requires_role
from koperasi.tenancy.models import Role
from members.form_errors import add_service_errors
from members.models import Member
from members.savings import forms, products, selectors, services, term_deposits
from members.savings.interest_run import explain_month
from members.savings.models import SavingsAccount, SavingsProduct, SavingsTaxRule, SavingsTransaction
from members.views_common import FORM_PAGE, is_manager, passbook_response, product_form, receipt_response

PAGE_SIZE = 25
WORKERS = (Role.MANAGER, Role.STAFF)


def _can_write(request) -> bool:
    return not request.tenant_read_only


def _account(pk: int) -> SavingsAccount:
    return get_object_or_404(SavingsAccount.objects.select_related("member", "product"), pk=pk)


@requires_role(*WORKERS)
@require_GET
def account_list(request):
    form = forms.AccountFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    accounts = selectors.search_accounts(filters.get("q", ""), filters.get("kind", ""), filters.get("status", ""))
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "accounts": page.object_list, "query": query.urlencode()}
    return render(request, "members/savings/account_list.html", context)


@requires_role(*WORKERS, model=SavingsAccount)
@require_GET
def account_detail(request, pk: int):
    """The account with its movements and forms; ``?format=pdf``: its savings book."""
    account = _account(pk)
    if request.GET.get("format") == "pdf":
        return passbook_response(request, account)
    return _render_detail(request, account)


def _render_detail(request, account: SavingsAccount, status: int = 200, **forms_):
    transactions = Paginator(selectors.transactions_of(account), 50).get_page(request.GET.get("page"))
    context = {
        "account": account,
        "transactions": transactions,
        "can_write": _can_write(request),
        "deposit_form": forms_.get("deposit_form") or forms.MovementForm(prefix="deposit"),
        "withdraw_form": forms_.get("withdraw_form") or forms.MovementForm(prefix="withdraw"),
        "close_form": forms_.get("close_form") or forms.CloseTermDepositForm(prefix="close"),
        "interest": explain_month(account, Month.of(timezone.localdate()).plus(-1)),
    }
    return render(request, "members/savings/account_detail.html", context, status=status)


def _movement(request, pk: int, function, prefix: str, success: str):
    account = _account(pk)
    form = forms.MovementForm(request.POST, prefix=prefix)
    if form.is_valid():
        data = form.cleaned_data
        try:
            movement = function(
                account=account,
                amount=data["amount"],
                date=data["date"],
                actor=request.user,
                memo=data["memo"],
                key=data["key"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success % {"amount": movement.amount, "receipt": movement.receipt_number})
            return redirect("members:savings-receipt", slug=request.cooperative.slug, pk=movement.pk)
    account.refresh_from_db()
    return _render_detail(request, account, status=400, **{f"{prefix}_form": form})


@requires_role(*WORKERS, model=SavingsAccount)
@require_POST
def account_deposit(request, pk: int):
    return _movement(request, pk, services.deposit, "deposit", _("Deposit of %(amount)s recorded (%(receipt)s)."))


@requires_role(*WORKERS, model=SavingsAccount)
@require_POST
def account_withdraw(request, pk: int):
    return _movement(request, pk, services.withdraw, "withdraw", _("Withdrawal of %(amount)s recorded (%(receipt)s)."))


@requires_role(*WORKERS, model=SavingsAccount)
@require_POST
def term_deposit_close(request, pk: int):
    account = _account(pk)
    form = forms.CloseTermDepositForm(request.POST, prefix="close")
    if form.is_valid():
        try:
            term_deposits.close_term_deposit(account=account, date=form.cleaned_data["date"], actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The term deposit is closed."))
            return redirect("members:savings-detail", slug=request.cooperative.slug, pk=account.pk)
    return _render_detail(request, account, status=400, close_form=form)


def _initial_member(request) -> dict:
    member = Member.objects.filter(pk=request.GET.get("member") or 0).first() if request.method == "GET" else None
    return {"member": member} if member else {}


@requires_role(*WORKERS)
def account_open(request):
    form = forms.OpenAccountForm(request.POST or None, initial=_initial_member(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = products.open_account(
                actor=request.user, member=data["member"], product=data["product"], opened_on=data["opened_on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Account %(number)s is open.") % {"number": account.number})
            return redirect("members:savings-detail", slug=request.cooperative.slug, pk=account.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": _("Open a savings account")}
    return render(request, FORM_PAGE, context, status=status)


@requires_role(*WORKERS)
def term_deposit_open(request):
    form = forms.TermDepositForm(request.POST or None, initial=_initial_member(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = term_deposits.open_term_deposit(
                actor=request.user,
                member=data["member"],
                product=data["product"],
                amount=data["amount"],
                date=data["date"],
                term_months=data["term_months"],
                key=data["key"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            movement = account.transactions.order_by("pk").first()
            messages.success(request, _("Term deposit %(number)s is placed.") % {"number": account.number})
            return redirect("members:savings-receipt", slug=request.cooperative.slug, pk=movement.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": _("Place a term deposit")}
    return render(request, FORM_PAGE, context, status=status)


@requires_role(*WORKERS, model=SavingsTransaction)
@require_GET
def receipt(request, pk: int):
    """A printable receipt (bukti setoran / penarikan): the page prints cleanly; ``?format=pdf`` too."""
    movement = get_object_or_404(
        SavingsTransaction.objects.select_related("account__member", "account__product", "journal_entry", "created_by"),
        pk=pk,
    )
    return receipt_response(
        request, "members/savings/receipt.html", movement, movement=movement, account=movement.account
    )


# --- products (managers) -----------------------------------------------------------------------


@requires_role(*WORKERS)
@require_http_methods(["GET", "POST"])
def product_list(request):
    """The products with their interest conventions, and the dated tax rules on jasa simpanan (managers add
    a rule with the form below them)."""
    form = forms.TaxRuleForm(request.POST or None)
    if request.method == "POST":
        if not is_manager(request):
            raise PermissionDenied
        if form.is_valid():
            try:
                products.add_tax_rule(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The tax rule is saved."))
                return redirect("members:savings-products", slug=request.cooperative.slug)
    context = {
        "products": SavingsProduct.objects.order_by("kind", "code"),
        "tax_rules": SavingsTaxRule.objects.order_by("-effective_from"),
        "form": form,
        "is_manager": is_manager(request),
    }
    return render(request, "members/savings/product_list.html", context, status=400 if form.errors else 200)


def _product_form(request, product: SavingsProduct | None):
    return product_form(
        request,
        product,
        form_class=forms.SavingsProductForm,
        save=products.save_savings_product,
        saved_message=_("The savings product is saved."),
        list_url="members:savings-products",
        title=_("Edit savings product") if product else _("New savings product"),
    )


@requires_role(Role.MANAGER)
def product_create(request):
    return _product_form(request, None)


@requires_role(Role.MANAGER, model=SavingsProduct)
def product_edit(request, pk: int):
    return _product_form(request, get_object_or_404(SavingsProduct, pk=pk))


@requires_role(*WORKERS)
@require_GET
def mandatory_arrears(request):
    """Members whose simpanan wajib billed exceeds what they deposited."""
    members = selectors.with_mandatory_arrears(Member.objects.all()).order_by("member_no")
    rows = [member for member in members if member.wajib_billed > member.wajib_paid]
    for member in rows:
        member.wajib_arrears = member.wajib_billed - member.wajib_paid
    return render(request, "members/savings/mandatory_arrears.html", {"rows": rows})
