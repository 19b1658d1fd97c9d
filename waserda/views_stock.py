"""Pages of the catalog, stock and purchasing: products (with price history and stock card),
suppliers, member cards, stock valuation, stock counts, purchase orders, receipts, bills."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from koperasi.ledger.error_codes import LedgerError
from koperasi.money import AmountError, parse_rupiah
from koperasi.tenancy.access import requires_role
from waserda import forms, selectors
from waserda.models import (
    CountStatus,
    GoodsReceipt,
    MemberCard,
    Product,
    PurchaseOrder,
    SettlementMethod,
    StockCount,
    Supplier,
    SupplierBill,
)
from waserda.services import catalog, counts, purchasing
from waserda.views import PAGE_SIZE, STAFF, _error_text, _is_manager

EMPTY_ORDER_ROWS = 8


def _decimal(raw: str | None) -> Decimal | None:
    """A quantity or cost typed in a table row ("1.234,5", "36"); None when empty or not a number."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return parse_rupiah(raw)
    except AmountError:
        return None


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- products ------------------------------------------------------------------------------------------


@requires_role(*STAFF)
@require_GET
def product_list(request):
    text = request.GET.get("q", "").strip()
    products = Product.objects.select_related("category").order_by("name")
    if text:
        products = products.filter(Q(name__icontains=text) | Q(sku__icontains=text) | Q(barcode__startswith=text))
    if request.GET.get("low"):
        products = products.filter(qty_on_hand__lte=F("reorder_point"))
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "waserda/product_list.html", {"page": page, "products": page.object_list, "q": text})


@requires_role(*STAFF)
def product_create(request):
    form = forms.ProductForm(request.POST or None)
    category_form = forms.CategoryForm(request.POST or None, prefix="category")
    if request.method == "POST" and request.POST.get("add-category") and category_form.is_valid():
        catalog.create_category(name=category_form.cleaned_data["name"])
        messages.success(request, _("Category added."))
        return redirect("waserda:product-create", slug=request.cooperative.slug)
    if request.method == "POST" and form.is_valid():
        try:
            product = catalog.create_product(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("%(p)s added.") % {"p": product.name})
            return redirect("waserda:product", slug=request.cooperative.slug, pk=product.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "waserda/product_form.html",
        {"form": form, "category_form": category_form, "product": None},
        status=status,
    )


@requires_role(*STAFF, model=Product)
def product_detail(request, pk: int):
    product = get_object_or_404(Product.objects.select_related("category", "supplier"), pk=pk)
    form = forms.ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        try:
            catalog.update_product(actor=request.user, product=product, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Product saved."))
            return redirect("waserda:product", slug=request.cooperative.slug, pk=product.pk)
    prices = product.prices.select_related("changed_by").order_by("-changed_at", "-id")[:20]
    status = 400 if request.method == "POST" else 200
    return render(
        request, "waserda/product_form.html", {"form": form, "product": product, "prices": prices}, status=status
    )


@requires_role(*STAFF, model=Product)
@require_GET
def stock_card(request, pk: int):
    product = get_object_or_404(Product, pk=pk)
    page = Paginator(selectors.stock_card(product), 100).get_page(request.GET.get("page"))
    return render(request, "waserda/stock_card.html", {"product": product, "page": page, "movements": page})


# --- suppliers and member cards ---------------------------------------------------------------------------


@requires_role(*STAFF)
def supplier_list(request):
    form = forms.SupplierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            catalog.save_supplier(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Supplier saved."))
            return redirect("waserda:suppliers", slug=request.cooperative.slug)
    suppliers = Supplier.objects.select_related("member").order_by("name")
    return render(request, "waserda/supplier_list.html", {"form": form, "suppliers": suppliers})


@requires_role(*STAFF, model=Supplier)
def supplier_detail(request, pk: int):
    supplier = get_object_or_404(Supplier.objects.select_related("member"), pk=pk)
    form = forms.SupplierForm(request.POST or None, instance=supplier)
    if request.method == "POST" and form.is_valid():
        try:
            catalog.save_supplier(actor=request.user, supplier=supplier, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Supplier saved."))
            return redirect("waserda:suppliers", slug=request.cooperative.slug)
    bills = SupplierBill.objects.filter(supplier=supplier).order_by("-date", "-id")[:20]
    return render(request, "waserda/supplier_detail.html", {"form": form, "supplier": supplier, "bills": bills})


@requires_role(*STAFF)
def member_cards(request):
    form = forms.MemberCardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            catalog.save_member_card(
                member=form.cleaned_data["member"],
                card_code=form.cleaned_data["card_code"],
                credit_limit=form.cleaned_data["credit_limit"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Member card saved."))
            return redirect("waserda:member-cards", slug=request.cooperative.slug)
    cards = MemberCard.objects.select_related("member").order_by("card_code")
    context = {"form": form, "cards": cards, "default_limit": selectors.shop_settings().default_credit_limit}
    return render(request, "waserda/member_cards.html", context)


# --- stock -------------------------------------------------------------------------------------------------


@requires_role(*STAFF)
@require_GET
def stock(request):
    """Stock valuation: every product's quantity and moving-average value, tied to the ledger."""
    products, totals = selectors.stock_valuation()
    context = {
        "products": products,
        "totals": totals,
        "ledger_balance": selectors.inventory_ledger_balance(),
        "counts": StockCount.objects.order_by("-date", "-id")[:10],
        "flagged": selectors.reconciliation_list().count(),
    }
    return render(request, "waserda/stock.html", context)


@requires_role(*STAFF)
@require_POST
def count_create(request):
    form = forms.CountForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the count date."))
        return redirect("waserda:stock", slug=request.cooperative.slug)
    count = counts.start_count(actor=request.user, **form.cleaned_data)
    return redirect("waserda:count", slug=request.cooperative.slug, pk=count.pk)


@requires_role(*STAFF, model=StockCount)
def count_detail(request, pk: int):
    """Enter counted quantities (blank = not counted); a manager posts the adjustment."""
    count = get_object_or_404(StockCount, pk=pk)
    products = Product.objects.filter(is_active=True).order_by("name")
    if request.method == "POST" and count.status == CountStatus.DRAFT:
        counted = {}
        for product in products:
            value = _decimal(request.POST.get(f"count-{product.pk}"))
            if value is not None:
                counted[product.pk] = value
        try:
            counts.set_counted(count=count, counts=counted)
            if request.POST.get("post") and _is_manager(request):
                counts.post_count(actor=request.user, count=count)
                messages.success(request, _("Stock count posted."))
            else:
                messages.success(request, _("Counts saved."))
        except (ValidationError, LedgerError) as error:
            messages.error(request, _error_text(error))
        return redirect("waserda:count", slug=request.cooperative.slug, pk=count.pk)
    lines = {line.product_id: line for line in count.lines.all()}
    rows = [(product, lines.get(product.pk)) for product in products]
    if count.status == CountStatus.POSTED:
        rows = [(product, line) for product, line in rows if line is not None]
    return render(
        request, "waserda/count_detail.html", {"count": count, "rows": rows, "is_manager": _is_manager(request)}
    )


# --- purchasing ----------------------------------------------------------------------------------------------


@requires_role(*STAFF)
@require_GET
def order_list(request):
    orders = PurchaseOrder.objects.select_related("supplier").order_by("-order_date", "-id")
    if request.GET.get("status"):
        orders = orders.filter(status=request.GET["status"])
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    receipts = GoodsReceipt.objects.select_related("supplier", "order").order_by("-date", "-id")[:15]
    return render(request, "waserda/order_list.html", {"page": page, "orders": page.object_list, "receipts": receipts})


@requires_role(*STAFF)
def order_create(request):
    form = forms.OrderForm(request.POST or None, initial={"order_date": timezone.localdate()})
    products = Product.objects.filter(is_active=True).order_by("name")
    if request.method == "POST" and form.is_valid():
        lines = []
        for index in range(EMPTY_ORDER_ROWS):
            product_id = request.POST.get(f"product-{index}")
            quantity = _decimal(request.POST.get(f"quantity-{index}"))
            cost = _decimal(request.POST.get(f"cost-{index}"))
            if product_id and product_id.isdigit() and quantity:
                lines.append(purchasing.OrderLineInput(int(product_id), quantity, cost or Decimal(0)))
        try:
            order = purchasing.create_order(actor=request.user, lines=lines, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("%(po)s saved as a draft.") % {"po": order.number})
            return redirect("waserda:order", slug=request.cooperative.slug, pk=order.pk)
    context = {"form": form, "products": products, "rows": range(EMPTY_ORDER_ROWS)}
    return render(request, "waserda/order_form.html", context, status=400 if request.method == "POST" else 200)


@requires_role(*STAFF, model=PurchaseOrder)
def order_detail(request, pk: int):
    """An order: send or cancel it, and receive goods against it (all or part)."""
    order = get_object_or_404(PurchaseOrder.objects.select_related("supplier"), pk=pk)
    lines = list(order.lines.select_related("product"))
    form = forms.ReceiptForm(
        request.POST or None,
        initial={"date": timezone.localdate(), "settlement": SettlementMethod.CREDIT, "key": uuid.uuid4()},
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("ordered", "cancelled"):
                purchasing.set_order_status(actor=request.user, order=order, status=action)
                messages.success(request, _("Order updated."))
                return redirect("waserda:order", slug=request.cooperative.slug, pk=order.pk)
            if action == "receive" and form.is_valid():
                receiving = []
                for line in lines:
                    quantity = _decimal(request.POST.get(f"receive-{line.pk}"))
                    cost = _decimal(request.POST.get(f"cost-{line.pk}"))
                    if quantity:
                        receiving.append(purchasing.ReceiptLineInput(line.product_id, quantity, cost, line.pk))
                receipt = purchasing.receive_goods(
                    actor=request.user,
                    supplier=order.supplier,
                    order=order,
                    lines=receiving,
                    date=form.cleaned_data["date"],
                    settlement=form.cleaned_data["settlement"],
                    reference=form.cleaned_data["reference"],
                    key=form.cleaned_data["key"],
                )
                messages.success(request, _("%(r)s received.") % {"r": receipt.number})
                return redirect("waserda:order", slug=request.cooperative.slug, pk=order.pk)
        except (ValidationError, LedgerError) as error:
            form.add_error(None, _error_text(error))
    receipts = order.receipts.order_by("-date", "-id")
    context = {"order": order, "lines": lines, "form": form, "receipts": receipts}
    return render(request, "waserda/order_detail.html", context, status=400 if form.errors else 200)


@requires_role(*STAFF)
def bill_list(request):
    """Supplier bills; record a bill for unbilled credit receipts of one supplier."""
    form = forms.BillForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        ids = [int(value) for value in request.POST.getlist("receipt") if value.isdigit()]
        receipts = list(GoodsReceipt.objects.filter(pk__in=ids).select_related("supplier"))
        try:
            if not receipts:
                raise ValidationError(_("Choose the receipts this bill is for."))
            bill = purchasing.create_bill(
                actor=request.user, supplier=receipts[0].supplier, receipts=receipts, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Bill %(n)s recorded.") % {"n": bill.number})
            return redirect("waserda:bills", slug=request.cooperative.slug)
    unbilled = (
        GoodsReceipt.objects.filter(settlement=SettlementMethod.CREDIT, bill__isnull=True)
        .select_related("supplier")
        .order_by("supplier__name", "date")
    )
    bills = SupplierBill.objects.select_related("supplier").order_by("-date", "-id")[:100]
    return render(request, "waserda/bill_list.html", {"form": form, "unbilled": unbilled, "bills": bills})


@requires_role(*STAFF, model=SupplierBill)
def bill_detail(request, pk: int):
    bill = get_object_or_404(SupplierBill.objects.select_related("supplier"), pk=pk)
    form = forms.PayBillForm(
        request.POST or None,
        initial={"amount": bill.outstanding, "date": timezone.localdate(), "method": "cash", "key": uuid.uuid4()},
    )
    if request.method == "POST" and form.is_valid():
        if not _is_manager(request):
            form.add_error(None, _("Only a manager may pay bills."))
        else:
            try:
                purchasing.pay_bill(actor=request.user, bill=bill, **form.cleaned_data)
            except (ValidationError, LedgerError) as error:
                form.add_error(None, _error_text(error))
            else:
                messages.success(request, _("Payment recorded."))
                return redirect("waserda:bill", slug=request.cooperative.slug, pk=bill.pk)
    context = {
        "bill": bill,
        "form": form,
        "payments": bill.payments.order_by("-date", "-id"),
        "receipts": bill.receipts.order_by("date"),
    }
    return render(request, "waserda/bill_detail.html", context, status=400 if form.errors else 200)
