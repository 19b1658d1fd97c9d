"""Pages of the ledger: chart of accounts, journal, periods, fixed assets and the statements."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koperasi.ledger import exports, forms, selectors, services, statements
from koperasi.ledger.assets import register_fixed_asset, run_depreciation
from koperasi.ledger.error_codes import LedgerError
from koperasi.ledger.fiscal import Month
from koperasi.ledger.models import Account, FiscalPeriod, FixedAsset, JournalEntry
from koperasi.ledger.sources import source_documents
from koperasi.tenancy.access import requires_role
from koperasi.tenancy.models import Role

READERS = (Role.MANAGER, Role.STAFF)


def _back(request, name: str, **kwargs):
    return redirect(f"ledger:{name}", slug=request.cooperative.slug, **kwargs)


# --- chart of accounts ---------------------------------------------------------------------------


@requires_role(*READERS)
def account_list(request):
    form = forms.AccountForm()
    return render(request, "ledger/account_list.html", {"accounts": selectors.accounts_with_usage(), "form": form})


@requires_role(Role.MANAGER)
@require_POST
def account_add(request):
    form = forms.AccountForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.add_account(
                    actor=request.user,
                    code=data["code"],
                    name=data["name"],
                    parent=data["parent"],
                    type=data["type"] or None,
                    business_unit=data["business_unit"],
                )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Account added."))
            return _back(request, "accounts")
    return render(
        request, "ledger/account_list.html", {"accounts": selectors.accounts_with_usage(), "form": form}, status=400
    )


@requires_role(Role.MANAGER, model=Account)
@require_POST
def account_delete(request, pk: int):
    account = get_object_or_404(Account.objects, pk=pk)
    try:
        with transaction.atomic():
            services.delete_account(actor=request.user, account=account)
    except LedgerError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Account deleted."))
    return _back(request, "accounts")


# --- journal -------------------------------------------------------------------------------------


@requires_role(*READERS)
def entry_list(request):
    filters = forms.JournalFilterForm(request.GET or None)
    entries = selectors.journal_entries(**filters.filters())
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    documents = source_documents(page.object_list, request.cooperative.slug)
    rows = [(entry, documents[entry.pk]) for entry in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "ledger/entry_list.html",
        {"page": page, "rows": rows, "filters": filters, "query": query.urlencode()},
    )


@requires_role(*READERS, model=JournalEntry)
def entry_detail(request, pk: int):
    entry = get_object_or_404(JournalEntry.objects.prefetch_related("lines__account", "lines__business_unit"), pk=pk)
    reversal = JournalEntry.objects.filter(reversal_of=entry).first()
    form = forms.ReverseForm(initial={"date": timezone.localdate()})
    lines = list(entry.lines.all())
    parties = selectors.party_names(lines)
    context = {
        "entry": entry,
        "lines": [(line, parties.get((line.party_type, line.party_id), "")) for line in lines],
        "document": source_documents([entry], request.cooperative.slug)[entry.pk],
        "reversal": reversal,
        "form": form,
    }
    return render(request, "ledger/entry_detail.html", context)


@requires_role(Role.MANAGER, model=JournalEntry)
@require_POST
def entry_reverse(request, pk: int):
    entry = get_object_or_404(JournalEntry.objects, pk=pk)
    form = forms.ReverseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date and the reason of the reversal."))
        return _back(request, "entry", pk=pk)
    try:
        with transaction.atomic():
            reversal = services.reverse_entry(
                entry, date=form.cleaned_data["date"], reason=form.cleaned_data["reason"], actor=request.user
            )
    except LedgerError as error:
        messages.error(request, error.message)
        return _back(request, "entry", pk=pk)
    messages.success(request, _("Reversed by %(n)s.") % {"n": reversal.display_number})
    return _back(request, "entry", pk=reversal.pk)


@requires_role(Role.MANAGER)
def entry_create(request):
    """A manual (memorial) journal entry; the form's hidden key makes a double submit post once."""
    if request.method == "POST":
        form, lines = forms.EntryForm(request.POST), forms.LineFormSet(request.POST)
        if form.is_valid() and lines.is_valid():
            rows = [line.line_values() for line in lines if line.cleaned_data.get("account")]
            try:
                with transaction.atomic():
                    entry = services.post_entry(
                        date=form.cleaned_data["date"],
                        memo=form.cleaned_data["memo"],
                        source=(services.MANUAL_SOURCE, request.POST.get("key") or uuid.uuid4().hex),
                        purpose="manual",
                        actor=request.user,
                        lines=[services.Line(account, debit=debit, credit=credit) for account, debit, credit in rows],
                    )
            except LedgerError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Entry %(n)s posted.") % {"n": entry.display_number})
                return _back(request, "entry", pk=entry.pk)
        status = 400
    else:
        form, lines, status = forms.EntryForm(initial={"date": timezone.localdate()}), forms.LineFormSet(), 200
    return render(
        request, "ledger/entry_form.html", {"form": form, "lines": lines, "key": uuid.uuid4().hex}, status=status
    )


# --- periods -------------------------------------------------------------------------------------


@requires_role(*READERS)
def period_list(request):
    # The months the fiscal-year set-up made (only those take entries), newest first; a month not yet
    # ended offers no Close (closing it would close every month before it too).
    this_month = Month.of(timezone.localdate())
    periods = FiscalPeriod.objects.select_related("closed_by").order_by("-year", "-month")[:36]
    rows = [
        {"month": month, "period": period, "closable": month < this_month}
        for period in periods
        for month in [Month(period.year, period.month)]
    ]
    return render(
        request,
        "ledger/period_list.html",
        {
            "rows": rows,
            "reopen_form": forms.ReopenForm(),
            "year_form": forms.YearForm(),
        },
    )


def _period_action(request, action):
    form_class = forms.ReopenForm if action == "reopen" else forms.MonthForm
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid year and month (and a reason to reopen)."))
        return _back(request, "periods")
    data = form.cleaned_data
    try:
        with transaction.atomic():
            if action == "reopen":
                services.reopen_period(
                    actor=request.user, year=data["year"], month=data["month"], reason=data["reason"]
                )
            else:
                services.close_period(actor=request.user, year=data["year"], month=data["month"])
    except LedgerError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Period updated."))
    return _back(request, "periods")


@requires_role(Role.MANAGER)
@require_POST
def period_close(request):
    return _period_action(request, "close")


@requires_role(Role.MANAGER)
@require_POST
def period_reopen(request):
    return _period_action(request, "reopen")


@requires_role(Role.MANAGER)
@require_POST
def year_close(request):
    form = forms.YearForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                services.close_year(actor=request.user, fiscal_year=form.cleaned_data["fiscal_year"])
        except LedgerError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Fiscal year closed."))
    return _back(request, "periods")


@requires_role(Role.MANAGER)
@require_POST
def year_open(request):
    form = forms.YearForm(request.POST)
    if form.is_valid():
        try:
            services.open_fiscal_year(actor=request.user, fiscal_year=form.cleaned_data["fiscal_year"])
        except LedgerError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Fiscal year %(y)s is open.") % {"y": form.cleaned_data["fiscal_year"]})
    return _back(request, "periods")


# --- fixed assets --------------------------------------------------------------------------------


@requires_role(*READERS)
def asset_list(request):
    form = forms.FixedAssetForm()
    if request.method == "POST":
        if Role.MANAGER not in request.cooperative_roles:
            raise PermissionDenied
        form = forms.FixedAssetForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    register_fixed_asset(actor=request.user, **form.cleaned_data)
            except (ValidationError, LedgerError) as error:
                form.add_error(None, getattr(error, "message", None) or error.messages)
            else:
                messages.success(request, _("Fixed asset registered."))
                return _back(request, "assets")
    assets = FixedAsset.objects.select_related("business_unit").order_by("code")
    return render(
        request, "ledger/asset_list.html", {"assets": assets, "form": form}, status=400 if form.errors else 200
    )


@requires_role(Role.MANAGER)
@require_POST
def asset_depreciate(request):
    count = run_depreciation(Month.of(timezone.localdate()).plus(-1))
    messages.success(request, _("%(n)s depreciation entries posted.") % {"n": count})
    return _back(request, "assets")


# --- statements ----------------------------------------------------------------------------------


def _statement(request, template: str, build):
    try:
        period, compare = exports.periods_from(request.GET, request.cooperative.fiscal_year_start_month)
    except ValueError as error:
        return HttpResponseBadRequest(str(error))
    report = build(period, compare)
    context = {
        "report": report,
        "period": period,
        "compare": compare,
        "base_template": "base.html",
        "generated": timezone.localtime(),
    }
    output = request.GET.get("format", "html")
    if output == "pdf":
        return exports.pdf_response(
            template, {**context, "cooperative": request.cooperative}, report, request.cooperative
        )
    if output == "xlsx":
        return exports.xlsx_response(report, request.cooperative)
    return render(request, template, context)


@requires_role(*READERS)
def trial_balance(request):
    return _statement(request, "ledger/reports/trial_balance.html", statements.trial_balance)


@requires_role(*READERS)
def balance_sheet(request):
    return _statement(
        request, "ledger/reports/balance_sheet.html", lambda p, c: statements.balance_sheet(p.end, c.end if c else None)
    )


@requires_role(*READERS)
def income_statement(request):
    return _statement(request, "ledger/reports/income_statement.html", statements.income_statement)


@requires_role(*READERS, model=Account)
def general_ledger(request, pk: int):
    account = get_object_or_404(Account.objects, pk=pk)
    return _statement(request, "ledger/reports/general_ledger.html", lambda p, c: statements.general_ledger(account, p))
