"""Pages of the waserda till and back office: POS, sales and receipts, returns, cash sessions and
Z-reports, the reconciliation list, reports, replenishment and shop settings. Catalog, stock and
purchasing pages are in ``views_stock.py``."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from koperasi.core.downloads import XLSX_TYPE, file_response
from koperasi.core.templatetags.formatting import short_month_names
from koperasi.ledger.error_codes import LedgerError
from koperasi.tenancy.access import requires_role
from koperasi.tenancy.models import Role
from waserda import forms, reports, selectors
from waserda.models import CashSession, PaymentMethod, Sale
from waserda.services import catalog, replenishment, sales, sessions
from waserda.services.sales import ReturnLineInput

STAFF = (Role.MANAGER, Role.STAFF)
PAGE_SIZE = 50


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _writable(request) -> bool:
    return not request.tenant_read_only


def _is_manager(request) -> bool:
    return Role.MANAGER in request.cooperative_roles and _writable(request)


# --- POS -------------------------------------------------------------------------------------------


@requires_role(*STAFF)
def pos(request):
    """The till: a small JS app (static/js/pos.js) over the sales sync API, usable offline."""
    if request.tenant_read_only:
        messages.info(request, _("The till is for the cooperative's cashiers; its cash sessions are listed here."))
        return redirect("waserda:sessions", slug=request.cooperative.slug)
    session = selectors.open_session_of(request.user)
    form = forms.OpenSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sessions.open_session(cashier=request.user, opening_float=form.cleaned_data["opening_float"])
        except ValidationError as error:
            messages.error(request, _error_text(error))
        return redirect("waserda:pos", slug=request.cooperative.slug)
    settings = selectors.shop_settings()
    context = {
        "session": session,
        "form": form,
        "settings": settings,
        "catalog": list(selectors.pos_catalog()) if session else [],
        "members": list(selectors.pos_members()) if session else [],
        "api_base": f"/api/v1/k/{request.cooperative.slug}/waserda/",
        "methods": PaymentMethod.choices,
        "texts": _pos_texts(),
        "shop": {
            "name": request.cooperative.name,
            "header": settings.receipt_header,
            "footer": settings.receipt_footer,
            "cashier": request.user.display_name,
            "methods": {value: str(label) for value, label in PaymentMethod.choices},
            "months": short_month_names(),
            "time_zone": timezone.get_current_timezone_name(),
        },
    }
    return render(request, "waserda/pos.html", context)


def _pos_texts() -> dict[str, str]:
    """The till's messages, translated here (the JS has no catalog of its own)."""
    return {
        "online": _("Online"),
        "offline": _("Offline — sales are kept on this device"),
        "unknown_product": _("No product with this code."),
        "unknown_member": _("No member with this number, card or name."),
        "several_members": _("Several members have this name: pick one from the list."),
        "several_products": _("Several products have this name: pick one from the list"),
        "empty": _("The basket is empty."),
        "need_member": _("Choose the member who pays (F2)."),
        "too_little": _("The cash given is less than the total."),
        "need_reference": _("Enter the transfer or QRIS reference."),
        "saved_offline": _("OFFLINE — will sync when the server is back"),
        "rejected": _("The server refused this sale"),
        "member_price": _("member price"),
        "not_member": _("not an active member: normal prices"),
        "receipt_no": _("No."),
        "cashier": _("Cashier"),
        "member": _("Member"),
        "total": _("Total"),
        "paid": _("Paid"),
        "change": pgettext("money given back", "Change"),
        "reference": _("Ref."),
        "thanks": _("Thank you"),
    }


@requires_role(*STAFF, model=CashSession)
def session_close(request, pk: int):
    session = get_object_or_404(CashSession, pk=pk)
    if session.cashier_id != request.user.pk and Role.MANAGER not in request.cooperative_roles:
        return render(request, "403.html", status=403)
    form = forms.CloseSessionForm(request.POST or None)
    if not session.is_open:
        return redirect("waserda:session", slug=request.cooperative.slug, pk=session.pk)
    context = {"session": session, "form": form}
    if request.method == "POST" and form.is_valid():
        counted, note = form.cleaned_data["counted_cash"], form.cleaned_data["note"]
        # The count is blind: the expected cash is shown only once the cashier has counted, and a
        # difference is posted only after they have seen it and confirmed.
        figures = sessions.session_figures(session)
        difference = counted - Decimal(figures["expected_cash"])
        if difference and not form.cleaned_data["confirmed"]:
            context |= {"figures": figures, "counted": counted, "difference": difference, "note": note}
            return render(request, "waserda/session_close_confirm.html", context)
        try:
            sessions.close_session(actor=request.user, session=session, counted_cash=counted, note=note)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Cash session closed."))
            return redirect("waserda:session", slug=request.cooperative.slug, pk=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "waserda/session_close.html", context, status=status)


@requires_role(*STAFF, model=CashSession)
@require_GET
def session_detail(request, pk: int):
    """The Z-report of a session (printable)."""
    session = get_object_or_404(CashSession.objects.select_related("cashier"), pk=pk)
    figures = session.summary if not session.is_open else sessions.session_figures(session)
    return render(request, "waserda/session_detail.html", {"session": session, "figures": figures})


@requires_role(*STAFF)
@require_GET
def session_list(request):
    rows = CashSession.objects.select_related("cashier").order_by("-opened_at", "-id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "waserda/session_list.html", {"page": page, "sessions": page.object_list})


# --- sales, receipts, returns -----------------------------------------------------------------------


@requires_role(*STAFF)
@require_GET
def sale_list(request):
    rows = Sale.objects.select_related("cashier", "member").order_by("-sold_at", "-id")
    if request.GET.get("flagged"):
        rows = rows.filter(needs_reconciliation=True)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "waserda/sale_list.html", {"page": page, "sales": page.object_list})


def _sale(pk: int) -> Sale:
    return get_object_or_404(
        Sale.objects.select_related("cashier", "member", "session").prefetch_related("lines__product", "returns"),
        pk=pk,
    )


@requires_role(*STAFF, model=Sale)
@require_GET
def sale_detail(request, pk: int):
    sale = _sale(pk)
    return render(request, "waserda/sale_detail.html", {"sale": sale, "return_key": uuid.uuid4()})


@requires_role(*STAFF, model=Sale)
@require_GET
def sale_receipt(request, pk: int):
    """The receipt, printable on 58 mm or 80 mm paper (``?paper=80``)."""
    sale = _sale(pk)
    paper = "80" if request.GET.get("paper") == "80" else "58"
    context = {"sale": sale, "paper": paper, "settings": selectors.shop_settings()}
    return render(request, "waserda/receipt.html", context)


@requires_role(*STAFF, model=Sale)
@require_POST
def sale_return(request, pk: int):
    sale = _sale(pk)
    lines = []
    for line in sale.lines.all():
        raw = (request.POST.get(f"line-{line.pk}") or "").strip().replace(",", ".")
        if raw:
            try:
                lines.append(ReturnLineInput(line.pk, Decimal(raw)))
            except ArithmeticError:
                messages.error(request, _("Quantities are numbers."))
                return redirect("waserda:sale", slug=request.cooperative.slug, pk=sale.pk)
    key = request.POST.get("key")
    try:
        sales.record_return(
            actor=request.user,
            sale=sale,
            lines=lines,
            reason=request.POST.get("reason", ""),
            key=uuid.UUID(key) if key else None,
        )
    except (ValidationError, LedgerError, ValueError) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Return recorded; stock is back and the refund posted."))
    return redirect("waserda:sale", slug=request.cooperative.slug, pk=sale.pk)


@requires_role(Role.MANAGER)
@require_GET
def reconciliation(request):
    """Sales that need the manager: offline sales that drove stock negative, synced late, …"""
    return render(request, "waserda/reconciliation.html", {"sales": selectors.reconciliation_list()})


@requires_role(Role.MANAGER, model=Sale)
@require_POST
def sale_reconcile(request, pk: int):
    sale = _sale(pk)
    sales.mark_reconciled(actor=request.user, sale=sale, note=request.POST.get("note", "")[:255])
    messages.success(request, _("%(n)s marked as reconciled.") % {"n": sale.number})
    return redirect("waserda:reconciliation", slug=request.cooperative.slug)


# --- reports, replenishment, settings -----------------------------------------------------------------


@requires_role(*STAFF)
@require_GET
def report(request, name: str = "sales-by-day"):
    if name not in reports.REPORTS:
        return redirect("waserda:reports", slug=request.cooperative.slug)
    form = forms.PeriodForm(request.GET or None)
    start, end = form.period()
    definition, rows, totals = reports.run(name, start, end)
    if request.GET.get("format") == "xlsx":
        content = reports.to_xlsx(definition, rows, totals, start, end, request.cooperative.name)
        filename = f"{request.cooperative.slug}-waserda-{name}-{start}_{end}.xlsx"
        return file_response(content, filename=filename, content_type=XLSX_TYPE)
    context = {
        "form": form,
        "report": definition,
        "reports": reports.REPORTS.values(),
        "rows": rows,
        "table": [[(row.get(c.key), c.kind) for c in definition.columns] for row in rows],
        "totals": totals,
        "total_row": [(totals.get(c.key), c.kind) for c in definition.columns],
        "start": start,
        "end": end,
        "query": request.GET.urlencode(),
    }
    if name == "stock-valuation":
        context["ledger_balance"] = selectors.inventory_ledger_balance()
    return render(request, "waserda/report.html", context)


@requires_role(*STAFF)
def replenishment_list(request):
    if request.method == "POST" and _writable(request):
        ids = [int(value) for value in request.POST.getlist("product") if value.isdigit()]
        quantities = {}
        for pk in ids:
            raw = (request.POST.get(f"qty-{pk}") or "").strip().replace(",", ".")
            try:
                quantities[pk] = Decimal(raw) if raw else None
            except ArithmeticError:
                quantities[pk] = None
        try:
            orders, left_out = replenishment.create_draft_orders(
                actor=request.user, product_ids=ids, quantities={k: v for k, v in quantities.items() if v}
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            for order in orders:
                messages.success(request, _("Draft %(po)s for %(s)s.") % {"po": order.number, "s": order.supplier.name})
            if left_out:
                messages.warning(
                    request,
                    _("No usual supplier: %(p)s.") % {"p": ", ".join(product.name for product in left_out)},
                )
            return redirect("waserda:orders", slug=request.cooperative.slug)
    rows = replenishment.suggestions()
    context = {"rows": rows, "settings": selectors.shop_settings()}
    return render(request, "waserda/replenishment.html", context)


@requires_role(Role.MANAGER)
def shop_settings(request):
    settings = selectors.shop_settings()
    initial = {name: getattr(settings, name) for name in forms.SettingsForm.base_fields}
    form = forms.SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        catalog.update_settings(**form.cleaned_data)
        messages.success(request, _("Shop settings saved."))
        return redirect("waserda:settings", slug=request.cooperative.slug)
    return render(request, "waserda/settings.html", {"form": form})
