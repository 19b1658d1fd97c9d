"""Pages of the processing plants: plants and lines with their month, products and recipes, batches from
plan to finish, and the trace of a lot back to the farmers (HTML and PDF)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.core.downloads import PDF_TYPE, XLSX_TYPE, file_response
from koperasi.core.pdf import render_pdf
from koperasi.tenancy.access import requires_role
from koperasi.tenancy.models import Role
from members.form_errors import add_service_errors
from processing import exports, forms, selectors
from processing.models import Batch, BatchStatus, FinishedGoodsLot, Plant, Product, ProductionLine
from processing.services import batches, plants, recipes
from procurement.models import Delivery

READERS = (Role.MANAGER, Role.STAFF, Role.ASSESSOR)


def _editing(request) -> bool:
    return request.method == "POST" and not request.tenant_read_only


# --- plants, lines, workers, products and recipes --------------------------------------------------------------


@requires_role(*READERS)
def plant_list(request):
    """Every plant with its lines' month (output against capacity, yield, cost, productivity) and the
    forms that add a plant, a line or a worker."""
    today = timezone.localdate()
    month = _month(request.GET.get("month"), today)
    kinds = {"plant": forms.PlantForm, "line": forms.LineForm, "worker": forms.WorkerForm}
    posted = request.POST.get("form") if _editing(request) else None
    bound = {name: form(request.POST if name == posted else None, prefix=name) for name, form in kinds.items()}
    if posted in bound and bound[posted].is_valid():
        form = bound[posted]
        try:
            saved = plants.save(actor=request.user, instance=form.instance, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": saved})
            return redirect("processing:plants", slug=request.cooperative.slug)
    lines = ProductionLine.objects.select_related("plant", "product").order_by("plant__name", "name")
    context = {
        "month": month,
        "plants": Plant.objects.prefetch_related("workers").order_by("name"),
        "figures": [selectors.line_month(line, month) for line in lines],
        "forms": bound,
    }
    status = 400 if posted and bound.get(posted) and bound[posted].errors else 200
    return render(request, "processing/plant_list.html", context, status=status)


def _month(text: str | None, today: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(f"{text}-01") if text else today.replace(day=1)
    except ValueError:
        return today.replace(day=1)


@requires_role(*READERS)
def product_list(request):
    """Products with their recipes' versions; a new product, or a new version of a product's recipe."""
    product_form = forms.ProductForm(request.POST if request.POST.get("form") == "product" else None, prefix="p")
    recipe_form = forms.RecipeForm(request.POST if request.POST.get("form") == "recipe" else None, prefix="r")
    if _editing(request) and product_form.is_bound and product_form.is_valid():
        try:
            product = plants.save(actor=request.user, instance=product_form.instance, **product_form.cleaned_data)
        except ValidationError as error:
            add_service_errors(product_form, error)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": product})
            return redirect("processing:products", slug=request.cooperative.slug)
    if _editing(request) and recipe_form.is_bound and recipe_form.is_valid():
        try:
            recipe = _create_recipe(request.user, recipe_form.cleaned_data)
        except ValidationError as error:
            add_service_errors(recipe_form, error)
        else:
            messages.success(request, _("Recipe %(recipe)s saved.") % {"recipe": recipe})
            return redirect("processing:products", slug=request.cooperative.slug)
    products = Product.objects.prefetch_related("recipes__inputs__material", "recipes__outputs__product")
    context = {"products": products.order_by("name"), "product_form": product_form, "recipe_form": recipe_form}
    status = 400 if product_form.errors or recipe_form.errors else 200
    return render(request, "processing/product_list.html", context, status=status)


def _create_recipe(actor, data: dict):
    outputs = [recipes.OutputLine(data["product"], data["output_quantity"], is_main=True)]
    for slot in ("by_product_1", "by_product_2"):
        if data.get(slot) and data.get(f"{slot}_quantity") is not None:
            outputs.append(recipes.OutputLine(data[slot], data[f"{slot}_quantity"]))
    others = [recipes.OtherLine(data["other_name"], cost=data.get("other_cost") or 0)] if data["other_name"] else []
    return recipes.create_recipe(
        actor=actor, product=data["product"], outputs=outputs, other_inputs=others,
        inputs=[recipes.MaterialLine(data["material"], data["material_quantity"], is_principal=True)],
        standard_labour_hok=data.get("standard_labour_hok") or 0,
    )  # fmt: skip


# --- batches -------------------------------------------------------------------------------------------------


@requires_role(*READERS)
def batch_list(request):
    form = forms.PlanBatchForm(request.POST or None, initial={"planned_on": timezone.localdate()})
    if _editing(request) and form.is_valid():
        try:
            batch = batches.plan_batch(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(batch)s planned.") % {"batch": batch})
            return redirect("processing:batch", slug=request.cooperative.slug, pk=batch.pk)
    status_filter = request.GET.get("status", "")
    found = selectors.batches(status=status_filter, q=request.GET.get("q", ""))
    context = {
        "form": form,
        "page": Paginator(found, 50).get_page(request.GET.get("page")),
        "statuses": BatchStatus.choices,
        "status": status_filter,
        "q": request.GET.get("q", ""),
    }
    return render(request, "processing/batch_list.html", context, status=400 if form.errors else 200)


@requires_role(*READERS)
def batch_export(request):
    found = selectors.batches(status=request.GET.get("status", ""), q=request.GET.get("q", ""))
    return file_response(exports.batches_workbook(found), filename="batch-produksi.xlsx", content_type=XLSX_TYPE)


# What each row form adds to, and how the batch's present rows become the service's lines again.
_ROWS = {
    "input": (forms.InputForm, batches.set_inputs, "inputs",
              lambda row: batches.InputLine(row.material, row.quantity, row.lot)),
    "other": (forms.OtherInputForm, batches.set_other_inputs, "other_inputs",
              lambda row: batches.OtherInputLine(row.name, row.cost, row.kind, row.quantity, row.unit,
                                                 row.credit_account)),
    "output": (forms.OutputForm, batches.set_outputs, "outputs",
               lambda row: batches.OutputLine(row.product, row.quantity, row.is_main, row.grade, row.price)),
}  # fmt: skip


def _line_from_form(kind: str, data: dict):
    if kind == "input":
        return batches.InputLine(data["material"], data["quantity"], data.get("lot"))
    if kind == "other":
        return batches.OtherInputLine(data["name"], data["cost"], data["kind"], data.get("quantity") or 0,
                                      data.get("unit", ""), data["credit_account"])  # fmt: skip
    return batches.OutputLine(data["product"], data["quantity"], data["is_main"], data.get("grade", ""), data["price"])


@requires_role(*READERS, model=Batch)
def batch_detail(request, pk: int):
    """A batch from plan to finish: rows added and removed one at a time while it is open; start, finish
    (takes the lots and posts: confirmed first) and cancel."""
    batch = get_object_or_404(Batch.objects.select_related("line__plant", "recipe__product"), pk=pk)
    action = request.POST.get("action", "") if _editing(request) else ""
    bound = {}
    for kind, (form_class, _service, _related, _to_line) in _ROWS.items():
        bound[kind] = form_class(request.POST if action == f"add_{kind}" else None, prefix=kind)
    labour = forms.LabourForm(request.POST if action == "add_labour" else None, prefix="labour",
                              plant=batch.line.plant)  # fmt: skip
    day = forms.DayForm(request.POST if action in ("start", "finish") else None, initial={"on": timezone.localdate()})
    reason = forms.ReasonForm(request.POST if action == "cancel" else None)
    target = {"add_labour": labour, "start": day, "finish": day, "cancel": reason}.get(action)
    target = bound.get(action.removeprefix("add_")) if action.startswith("add_") and action != "add_labour" else target
    if action:
        try:
            done = _batch_action(request, batch, action, target)
        except ValidationError as error:
            add_service_errors(target, error) if target is not None else messages.error(
                request, " ".join(error.messages)
            )
            done = None
        if done:
            messages.success(request, done)
            return redirect("processing:batch", slug=request.cooperative.slug, pk=batch.pk)
    actual, standard = selectors.batch_yield(batch)
    context = {
        "batch": batch,
        "forms": bound,
        "labour_form": labour,
        "day_form": day,
        "reason_form": reason,
        "open": batch.status in batches.OPEN,
        "yield_actual": actual,
        "yield_standard": standard,
        "consumptions": batch.consumptions.select_related("lot__delivery__supplier", "lot__material"),
        "outputs": batch.outputs.select_related("product", "lot"),
    }
    errors = target is not None and target.errors
    return render(request, "processing/batch_detail.html", context, status=400 if errors else 200)


def _batch_action(request, batch: Batch, action: str, form) -> str | None:
    """Carry out ``action`` and say what was done; ``None`` when the form is invalid."""
    user = request.user
    if action.startswith("remove_"):
        kind, _sep, index = action.removeprefix("remove_").partition(":")
        if kind not in _ROWS:
            return None
        _form_class, service, related, to_line = _ROWS[kind]
        rows = [to_line(row) for row in getattr(batch, related).all()]
        if index.isdigit() and int(index) < len(rows):
            rows.pop(int(index))
        service(batch=batch, lines=rows)
        return _("Row removed.")
    if form is None or not form.is_valid():
        return None
    data = form.cleaned_data
    if action == "add_labour":
        batches.add_labour(
            batch=batch, worker=data["worker"], people=data["people"], hours=data["hours"], wage=data["wage"],
            wage_basis=data["wage_basis"], description=data["description"],
        )  # fmt: skip
        return _("Labour added.")
    if action.startswith("add_"):
        kind = action.removeprefix("add_")
        _form_class, service, related, to_line = _ROWS[kind]
        service(
            batch=batch, lines=[*(to_line(row) for row in getattr(batch, related).all()), _line_from_form(kind, data)]
        )
        return _("Row added.")
    if action == "start":
        batches.start_batch(actor=user, batch=batch, on=data["on"])
        return _("%(batch)s started.") % {"batch": batch}
    if action == "finish":
        batches.finish_batch(actor=user, batch=batch, on=data["on"])
        return _("%(batch)s finished and posted.") % {"batch": batch}
    if action == "cancel":
        batches.cancel_batch(actor=user, batch=batch, reason=data["reason"])
        return _("%(batch)s cancelled.") % {"batch": batch}
    return None


# --- traceability -------------------------------------------------------------------------------------------


@requires_role(*READERS)
def trace_search(request):
    """Find a lot (FG-…) or a delivery (ST-…) by its number."""
    form = forms.TraceForm(request.GET or None)
    delivery, lots = None, []
    if form.is_valid():
        text = form.cleaned_data["q"].strip().upper()
        number = text.removeprefix("FG-").removeprefix("ST-").lstrip("0")
        if text.startswith("FG-") and number.isdigit():
            lot = FinishedGoodsLot.objects.filter(pk=int(number)).first()
            if lot is not None:
                return redirect("processing:lot", slug=request.cooperative.slug, pk=lot.pk)
        elif number.isdigit():
            delivery = Delivery.objects.select_related("supplier", "farmer").filter(pk=int(number)).first()
            lots = list(selectors.trace_forward(delivery)) if delivery else []
        if delivery is None:
            form.add_error("q", _("Nothing has this number."))
    context = {"form": form, "delivery": delivery, "lots": lots, "shipped": selectors.shipments_of(lots),
               "consumptions": selectors.delivery_consumptions(delivery) if delivery else []}  # fmt: skip
    return render(request, "processing/trace_search.html", context, status=400 if form.errors else 200)


def _trace_context(pk: int) -> dict:
    lot = get_object_or_404(FinishedGoodsLot.objects.select_related("product", "output__batch__line__plant"), pk=pk)
    rows = list(selectors.trace_back(lot))
    farmers = {(row.lot.delivery.farmer or row.lot.delivery.supplier).pk for row in rows}
    return {"lot": lot, "batch": lot.output.batch, "rows": rows, "farmers": len(farmers),
            "total": sum((row.quantity for row in rows), 0), "shipped": selectors.shipments_of([lot])}  # fmt: skip


@requires_role(*READERS, model=FinishedGoodsLot)
def lot_trace(request, pk: int):
    return render(request, "processing/lot_trace.html", _trace_context(pk))


@requires_role(*READERS, model=FinishedGoodsLot)
def lot_trace_pdf(request, pk: int):
    context = _trace_context(pk) | {"cooperative": request.cooperative, "generated": timezone.localtime()}
    pdf = render_pdf("processing/lot_trace_pdf.html", context, request=request)
    return file_response(pdf, filename=f"telusur-{context['lot'].code}.pdf", content_type=PDF_TYPE, inline=True)
