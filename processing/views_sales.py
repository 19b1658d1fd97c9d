"""Pages of product sales: customers, orders with their delivery notes, invoices and payments, the
receivables, and the trace of a delivery note back to the farmers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.core.downloads import PDF_TYPE, XLSX_TYPE, file_response
from koperasi.core.pdf import render_pdf
from koperasi.money import quantize_rupiah
from koperasi.tenancy.access import requires_role
from members.form_errors import add_service_errors
from processing import exports, forms_sales, selectors
from processing.models import Customer, Invoice, OrderStatus, SalesOrder, Shipment
from processing.services import plants, sales
from processing.views import READERS, _editing


@requires_role(*READERS)
def customer_list(request):
    form = forms_sales.CustomerForm(request.POST if _editing(request) else None)
    if form.is_bound and form.is_valid():
        try:
            customer = plants.save(actor=request.user, instance=form.instance, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": customer})
            return redirect("processing:customers", slug=request.cooperative.slug)
    context = {"customers": Customer.objects.select_related("member").order_by("name"), "form": form}
    return render(request, "processing/customer_list.html", context, status=400 if form.errors else 200)


@requires_role(*READERS)
def order_list(request):
    """Orders (search by customer or number, filter by status), what customers still owe, a new order."""
    form = forms_sales.OrderForm(request.POST if _editing(request) else None,
                                 initial={"ordered_on": timezone.localdate()})  # fmt: skip
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            order = sales.create_order(
                actor=request.user, customer=data["customer"], ordered_on=data["ordered_on"],
                lines=[sales.OrderLine(data["product"], data["quantity"], data["unit_price"])],
                is_patronage=data["is_patronage"], reference=data["reference"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(order)s saved.") % {"order": order})
            return redirect("processing:order", slug=request.cooperative.slug, pk=order.pk)
    status, q = request.GET.get("status", ""), request.GET.get("q", "")
    outstanding = selectors.invoices(outstanding_only=True)
    context = {
        "form": form,
        "page": Paginator(selectors.orders(status=status, q=q), 50).get_page(request.GET.get("page")),
        "statuses": OrderStatus.choices,
        "status": status,
        "q": q,
        "outstanding": outstanding[:20],
        "outstanding_total": sum((invoice.outstanding for invoice in outstanding), 0),
    }
    return render(request, "processing/order_list.html", context, status=400 if form.errors else 200)


@requires_role(*READERS)
def invoice_export(request):
    found = selectors.invoices(outstanding_only=request.GET.get("outstanding") == "1")
    return file_response(exports.invoices_workbook(found), filename="faktur-penjualan.xlsx", content_type=XLSX_TYPE)


@requires_role(*READERS, model=SalesOrder)
def order_detail(request, pk: int):
    """An order: lines changed while nothing is shipped; delivery notes (everything left, or a line from a
    chosen lot); each note's invoice and payments; cancel while nothing is shipped."""
    order = get_object_or_404(SalesOrder.objects.select_related("customer"), pk=pk)
    action = request.POST.get("action", "") if _editing(request) else ""
    today = {"initial": {"shipped_on": timezone.localdate(), "issued_on": timezone.localdate(),
                         "paid_on": timezone.localdate()}}  # fmt: skip
    forms = {
        "line": forms_sales.OrderLineForm(request.POST if action == "add_line" else None, prefix="line"),
        "ship": forms_sales.ShipForm(request.POST if action == "ship" else None, order=order, **today),
        "invoice": forms_sales.InvoiceForm(request.POST if action.startswith("invoice:") else None, **today),
        "pay": forms_sales.PaymentForm(request.POST if action.startswith("pay:") else None, **today),
    }
    target = {"add_line": forms["line"], "ship": forms["ship"]}.get(action)
    target = (
        forms["invoice"] if action.startswith("invoice:") else forms["pay"] if action.startswith("pay:") else target
    )
    if action:
        try:
            done = _order_action(request, order, action, target)
        except ValidationError as error:
            add_service_errors(target, error) if target is not None else messages.error(
                request, " ".join(error.messages)
            )
            done = None
        if done:
            messages.success(request, done)
            return redirect("processing:order", slug=request.cooperative.slug, pk=order.pk)
    shipments = order.shipments.prefetch_related("lines__lot__product", "lines__order_line__product")
    context = {
        "order": order,
        "lines": order.lines.select_related("product"),
        "shipments": shipments.select_related("invoice").order_by("shipped_on", "id"),
        "forms": forms,
        "editable": order.status == OrderStatus.OPEN and not order.shipments.exists(),
        "writable": not request.tenant_read_only,
    }
    errors = target is not None and target.errors
    return render(request, "processing/order_detail.html", context, status=400 if errors else 200)


def _order_action(request, order: SalesOrder, action: str, form) -> str | None:
    """Carry out ``action`` and say what was done; ``None`` when the form is invalid."""
    user = request.user
    lines = [sales.OrderLine(row.product, row.quantity, row.unit_price) for row in order.lines.all()]
    if action.startswith("remove_line:"):
        index = action.removeprefix("remove_line:")
        if index.isdigit() and int(index) < len(lines):
            lines.pop(int(index))
        sales.set_order_lines(order=order, lines=lines)
        return _("Row removed.")
    if action == "cancel":
        sales.cancel_order(actor=user, order=order, reason=request.POST.get("reason", ""))
        return _("%(order)s cancelled.") % {"order": order}
    if form is None or not form.is_valid():
        return None
    data = form.cleaned_data
    if action == "add_line":
        sales.set_order_lines(order=order, lines=[*lines, sales.OrderLine(data["product"], data["quantity"],
                                                                          data["unit_price"])])  # fmt: skip
        return _("Row added.")
    if action == "ship":
        wanted = [sales.ShipLine(data["order_line"], data["quantity"], data["lot"])] if data["order_line"] else None
        shipment = sales.ship(actor=user, order=order, shipped_on=data["shipped_on"], lines=wanted,
                              vehicle=data["vehicle"])  # fmt: skip
        return _("Delivery note %(number)s made and its cost posted.") % {"number": shipment.number}
    number = action.partition(":")[2]
    if action.startswith("invoice:") and number.isdigit():
        shipment = get_object_or_404(Shipment, pk=int(number), order=order)
        invoice = sales.issue_invoice(actor=user, shipment=shipment, issued_on=data["issued_on"],
                                      due_on=data["due_on"])  # fmt: skip
        return _("Invoice %(number)s issued and posted.") % {"number": invoice.number}
    if action.startswith("pay:") and number.isdigit():
        invoice = get_object_or_404(Invoice, pk=int(number), shipment__order=order)
        sales.record_payment(actor=user, invoice=invoice, paid_on=data["paid_on"], amount=data["amount"],
                             account=data["account"], reference=data["reference"])  # fmt: skip
        return _("Payment recorded.")
    return None


def _invoice_context(request, pk: int) -> dict:
    invoice = get_object_or_404(Invoice.objects.select_related("shipment__order__customer"), pk=pk)
    lines = invoice.shipment.lines.select_related("order_line__product", "lot")
    rows = [(line, quantize_rupiah(line.quantity * line.order_line.unit_price)) for line in lines]
    return {"invoice": invoice, "order": invoice.shipment.order, "rows": rows, "cooperative": request.cooperative,
            "payments": invoice.payments.all()}  # fmt: skip


@requires_role(*READERS, model=Invoice)
def invoice_pdf(request, pk: int):
    context = _invoice_context(request, pk) | {"generated": timezone.localtime()}
    pdf = render_pdf("processing/invoice_pdf.html", context, request=request)
    return file_response(pdf, filename=f"{context['invoice'].number}.pdf", content_type=PDF_TYPE, inline=True)


def _shipment_trace_context(pk: int) -> dict:
    shipment = get_object_or_404(Shipment.objects.select_related("order__customer"), pk=pk)
    rows = list(selectors.shipment_trace(shipment))
    farmers = {(row.lot.delivery.farmer or row.lot.delivery.supplier).pk for row in rows}
    return {"shipment": shipment, "lines": shipment.lines.select_related("lot__product", "lot__output__batch"),
            "rows": rows, "farmers": len(farmers), "total": sum((row.quantity for row in rows), 0)}  # fmt: skip


@requires_role(*READERS, model=Shipment)
def shipment_trace(request, pk: int):
    return render(request, "processing/shipment_trace.html", _shipment_trace_context(pk))


@requires_role(*READERS, model=Shipment)
def shipment_trace_pdf(request, pk: int):
    context = _shipment_trace_context(pk) | {"cooperative": request.cooperative, "generated": timezone.localtime()}
    pdf = render_pdf("processing/shipment_trace_pdf.html", context, request=request)
    number = context["shipment"].number
    return file_response(pdf, filename=f"telusur-{number}.pdf", content_type=PDF_TYPE, inline=True)
