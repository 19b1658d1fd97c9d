"""Supply pages: suppliers, the intake form of a collection point, deliveries, payment runs and slips."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from koperasi.core.charts import bar_chart
from koperasi.core.downloads import CSV_TYPE, PDF_TYPE, XLSX_TYPE, file_response
from koperasi.core.pdf import render_pdf
from koperasi.core.spreadsheets import csv_text
from koperasi.core.templatetags.formatting import short_month_names
from koperasi.money import format_number_trimmed, format_rupiah
from koperasi.tenancy.access import requires_role
from koperasi.tenancy.models import Role
from members.form_errors import add_service_errors
from members.importing import ImportFileError, error_report_csv
from procurement import exports, forms, importing, market_prices, selectors
from procurement.models import (
    Delivery,
    MarketingChannel,
    PaymentLine,
    PaymentRun,
    PriceObservation,
    QualityParameter,
    RawMaterial,
    Supplier,
)
from procurement.services import deliveries, markets, network, payments, plans

READERS = (Role.MANAGER, Role.STAFF, Role.ASSESSOR)
WORKERS = (Role.MANAGER, Role.STAFF)
INTAKE_SESSION_KEY = "procurement-intake"
IMPORT_REPORT_KEY = "procurement-import-report-{cooperative_id}"
ERRORS_SHOWN = 50
ZERO = Decimal(0)
NETWORK_SHOWN = 100
LOOKUP_SIZE = 10


# --- suppliers ---------------------------------------------------------------------------------------------


def _save_supplier(request, form, supplier=None):
    data = dict(form.cleaned_data)
    try:
        return network.save_supplier(actor=request.user, supplier=supplier, **data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@requires_role(*READERS)
def supplier_list(request):
    form = forms.SupplierForm(request.POST or None)
    if request.method == "POST" and not request.tenant_read_only and form.is_valid():
        supplier = _save_supplier(request, form)
        if supplier is not None:
            messages.success(request, _("Supplier %(supplier)s saved.") % {"supplier": supplier})
            return redirect("procurement:supplier", slug=request.cooperative.slug, pk=supplier.pk)
    suppliers = selectors.search_suppliers(request.GET.get("q", ""), request.GET.get("kind", ""))
    page = Paginator(selectors.with_unpaid(suppliers), 50).get_page(request.GET.get("page"))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "page": page, "q": request.GET.get("q", "")}
    return render(request, "procurement/supplier_list.html", context, status=status)


@requires_role(*READERS, model=Supplier)
def supplier_detail(request, pk: int):
    supplier = get_object_or_404(Supplier.objects.select_related("member", "via"), pk=pk)
    form = forms.SupplierForm(request.POST or None, instance=supplier)
    saving = request.method == "POST" and not request.tenant_read_only and form.is_valid()
    if saving and _save_supplier(request, form, supplier) is not None:
        messages.success(request, _("Supplier %(supplier)s saved.") % {"supplier": supplier})
        return redirect("procurement:supplier", slug=request.cooperative.slug, pk=supplier.pk)
    context = {
        "supplier": supplier,
        "form": form,
        "deliveries": supplier.deliveries.select_related("material").order_by("-date", "-pk")[:50],
        "suppliers": supplier.suppliers.order_by("name"),
        "assets": supplier.assets.all(),
        "charges": supplier.charges.all(),
    }
    return render(request, "procurement/supplier_detail.html", context, status=400 if form.errors else 200)


@requires_role(*WORKERS)
@require_GET
def supplier_lookup(request):
    """The suppliers ``q`` names, for the pick lists: ``{"results": [{"value", "label"}]}``."""
    text = request.GET.get("q", "").strip()
    found = selectors.search_suppliers(text)[:LOOKUP_SIZE] if text else []
    results = [{"value": str(s), "label": f"{s.get_kind_display()} · {s.village}".strip(" ·")} for s in found]
    return JsonResponse({"results": results})


@requires_role(*READERS)
@require_GET
def network_page(request):
    """Who supplies through whom (farmer → group or collector → cooperative), with each link's volume."""
    filters = forms.NetworkFilterForm(request.GET or None)
    chosen = filters.values()
    material = chosen.pop("material", None) or RawMaterial.objects.order_by("name").first()
    hubs, alone = selectors.network_volumes(material, **chosen) if material else ([], [])
    context = {"form": filters, "material": material, "hubs": hubs, "alone": alone[:NETWORK_SHOWN],
               "more_alone": max(0, len(alone) - NETWORK_SHOWN), "shown": NETWORK_SHOWN}  # fmt: skip
    return render(request, "procurement/network.html", context)


# --- intake and deliveries ------------------------------------------------------------------------------------


def _intake_setting(request) -> tuple[RawMaterial | None, str]:
    """The material and collection point the person works with (kept between deliveries)."""
    chosen = forms.MaterialChoiceForm(request.GET or None)
    remembered = request.session.get(INTAKE_SESSION_KEY, {})
    if request.GET and chosen.is_valid():
        remembered = {"material": chosen.cleaned_data["material"].pk, "point": chosen.cleaned_data["collection_point"]}
        request.session[INTAKE_SESSION_KEY] = remembered
    materials = RawMaterial.objects.filter(is_active=True).order_by("name")
    material = materials.filter(pk=remembered.get("material") or 0).first() or materials.first()
    return material, remembered.get("point", "")


@requires_role(*WORKERS)
def intake(request):
    """A collection point's form: one delivery after another, with the day's running total."""
    if request.tenant_read_only:
        messages.info(request, _("Intake is for the collection point's staff; the deliveries are listed here."))
        return redirect("procurement:deliveries", slug=request.cooperative.slug)
    material, point = _intake_setting(request)
    if material is None:
        messages.info(request, _("Set up a raw material and its price first."))
        return redirect("procurement:deliveries", slug=request.cooperative.slug)
    form = forms.IntakeForm(request.POST or None, material=material)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            delivery = deliveries.record_delivery(
                actor=request.user,
                supplier=data["supplier"],
                material=material,
                date=timezone.localdate(),
                quantity=data["quantity"],
                rejected_quantity=data["rejected_quantity"] or 0,
                grade=data["grade"],
                readings=form.readings(),
                farmer=data["farmer"],
                collection_point=point,
                key=data["key"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(number)s: %(supplier)s, %(value)s")
                % {
                    "number": delivery.number,
                    "supplier": delivery.supplier.name,
                    "value": format_rupiah(delivery.value, places=0),
                },
            )
            return redirect("procurement:intake", slug=request.cooperative.slug)
    context = {
        "form": form,
        "material": material,
        "point": point,
        "chooser": forms.MaterialChoiceForm(initial={"material": material, "collection_point": point}),
        "totals": selectors.intake_totals(material, timezone.localdate(), point),
        "recent": Delivery.objects.filter(material=material, date=timezone.localdate(), collection_point=point)
        .select_related("supplier")
        .order_by("-pk")[:10],
    }
    return render(request, "procurement/intake.html", context, status=400 if form.errors else 200)


@requires_role(*READERS)
@require_GET
def delivery_list(request):
    filters = forms.DeliveryFilterForm(request.GET or None)
    found = selectors.search_deliveries(**filters.values())
    page = Paginator(found.select_related("supplier", "material"), 50).get_page(request.GET.get("page"))
    totals = selectors.delivery_totals(found)
    return render(request, "procurement/delivery_list.html", {"page": page, "form": filters, "totals": totals})


@requires_role(*READERS)
@require_GET
def delivery_export(request):
    """The deliveries the list shows (same filters), as XLSX."""
    filters = forms.DeliveryFilterForm(request.GET or None)
    found = selectors.search_deliveries(**filters.values()).select_related(
        "supplier", "farmer", "material", "payment_line__run"
    )
    codes = list(QualityParameter.objects.order_by("code").values_list("code", flat=True).distinct())
    content = exports.deliveries_xlsx(found, cooperative_name=request.cooperative.name, parameters=codes)
    filename = f"{request.cooperative.slug}-setoran-{timezone.localdate()}.xlsx"
    return file_response(content, filename=filename, content_type=XLSX_TYPE)


@requires_role(*WORKERS)
def delivery_import(request):
    """Deliveries from a CSV or XLSX file: all rows or none, with a per-row error report."""
    form = forms.DeliveryImportForm(request.POST or None, request.FILES or None)
    parameters = QualityParameter.objects.order_by("code").values_list("code", flat=True).distinct()
    context = {"form": form, "columns": importing.COLUMNS, "required": importing.REQUIRED, "parameters": parameters}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        key = IMPORT_REPORT_KEY.format(cooperative_id=request.cooperative.pk)
        try:
            result = importing.import_deliveries(actor=request.user, content=upload.read(), filename=upload.name)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            if result.ok:
                request.session.pop(key, None)
                recorded = len(result.created) - result.already
                messages.success(
                    request,
                    _("%(count)d deliveries recorded (%(already)d were recorded from this file before).")
                    % {"count": recorded, "already": result.already},
                )
                return redirect("procurement:deliveries", slug=request.cooperative.slug)
            request.session[key] = error_report_csv(result.errors)
            context.update(result=result, errors=result.errors[:ERRORS_SHOWN],
                           more_errors=max(0, len(result.errors) - ERRORS_SHOWN))  # fmt: skip
    status = 400 if request.method == "POST" else 200
    return render(request, "procurement/delivery_import.html", context, status=status)


@requires_role(*WORKERS)
@require_GET
def delivery_import_report(request):
    report = request.session.get(IMPORT_REPORT_KEY.format(cooperative_id=request.cooperative.pk))
    if not report:
        raise Http404
    return file_response(report, filename="laporan-kesalahan-impor-setoran.csv", content_type=CSV_TYPE)


@requires_role(*WORKERS)
@require_GET
def delivery_import_template(request):
    """An empty CSV with the columns, the cooperative's quality parameters included."""
    parameters = QualityParameter.objects.order_by("code").values_list("code", flat=True).distinct()
    content = csv_text([[*importing.COLUMNS, *parameters]])
    return file_response(content, filename="templat-impor-setoran.csv", content_type=CSV_TYPE)


@requires_role(*READERS, model=Delivery)
def delivery_detail(request, pk: int):
    delivery = get_object_or_404(
        Delivery.objects.select_related("supplier", "farmer", "material", "price_rule", "payment_line__run"), pk=pk
    )
    form = forms.ReverseForm(request.POST or None)
    if request.method == "POST" and not request.tenant_read_only and form.is_valid():
        try:
            deliveries.reverse_delivery(actor=request.user, delivery=delivery, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(number)s reversed.") % {"number": delivery.number})
            return redirect("procurement:delivery", slug=request.cooperative.slug, pk=delivery.pk)
    context = {"delivery": delivery, "form": form}
    return render(request, "procurement/delivery_detail.html", context, status=400 if form.errors else 200)


# --- payment runs --------------------------------------------------------------------------------------------


@requires_role(*READERS)
def run_list(request):
    form = forms.RunForm(request.POST or None)
    if request.method == "POST" and not request.tenant_read_only and form.is_valid():
        try:
            run = payments.create_run(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(run)s drafted: check it, then ask another person to approve it.") % {"run": run}
            )
            return redirect("procurement:run", slug=request.cooperative.slug, pk=run.pk)
    runs = PaymentRun.objects.order_by("-period_end", "-pk")
    status = 400 if form.errors else 200
    return render(
        request, "procurement/run_list.html", {"form": form, "runs": selectors.with_totals(runs)}, status=status
    )


def _run(pk: int) -> PaymentRun:
    return get_object_or_404(PaymentRun.objects.select_related("created_by", "approved_by"), pk=pk)


@requires_role(*READERS, model=PaymentRun)
@require_GET
def run_detail(request, pk: int):
    run = _run(pk)
    lines = list(selectors.run_lines(run))
    context = {"run": run, "lines": lines, "totals": selectors.run_totals(lines)}
    return render(request, "procurement/run_detail.html", context)


def _run_action(request, pk: int, action, done: str):
    run = _run(pk)
    try:
        action(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done % {"run": run.number})
    return redirect("procurement:run", slug=request.cooperative.slug, pk=run.pk)


@requires_role(Role.MANAGER, model=PaymentRun)
@require_POST
def run_approve(request, pk: int):
    return _run_action(request, pk, payments.approve_run, _("%(run)s approved."))


@requires_role(Role.MANAGER, model=PaymentRun)
@require_POST
def run_pay(request, pk: int):
    return _run_action(request, pk, payments.pay_run, _("%(run)s paid and posted."))


@requires_role(*WORKERS, model=PaymentRun)
@require_POST
def run_discard(request, pk: int):
    run = _run(pk)
    try:
        payments.discard_run(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("procurement:run", slug=request.cooperative.slug, pk=run.pk)
    messages.success(request, _("The draft run was discarded; its deliveries wait for the next run."))
    return redirect("procurement:runs", slug=request.cooperative.slug)


@requires_role(*READERS, model=PaymentLine)
@require_GET
def run_slip(request, pk: int):
    """One supplier's payment slip: deliveries with their quality, deductions and the net (``?format=pdf``)."""
    line = get_object_or_404(PaymentLine.objects.select_related("run", "supplier"), pk=pk)
    context = {
        "line": line,
        "run": line.run,
        "deliveries": line.deliveries.select_related("material").order_by("date", "pk"),
        "deductions": line.deductions.all(),
        "printed": timezone.localtime(),
        "cooperative": request.cooperative,
    }
    if request.GET.get("format") == "pdf":
        pdf = render_pdf("procurement/slip.html", context, request=request)
        return file_response(pdf, filename=f"slip-{line.run.number}-{line.supplier.code}.pdf", content_type=PDF_TYPE)
    return render(request, "procurement/slip.html", context)


@requires_role(*READERS, model=PaymentRun)
@require_GET
def run_export(request, pk: int):
    """The run per supplier, each deduction kind in its own column, as XLSX."""
    run = _run(pk)
    content = exports.run_xlsx(run, selectors.run_lines(run), cooperative_name=request.cooperative.name)
    return file_response(content, filename=f"{request.cooperative.slug}-{run.number}.xlsx", content_type=XLSX_TYPE)


@requires_role(*WORKERS, model=PaymentRun)
@require_GET
def run_transfer_file(request, pk: int):
    """The bank transfers of a run as CSV: supplier, bank, account, holder, net."""
    run = _run(pk)
    header = [_("Supplier"), _("Bank"), _("Account number"), _("Account holder"), _("Amount"), _("Reference")]
    rows = [
        [
            str(line.supplier),
            line.supplier.bank_name,
            line.supplier.bank_account,
            line.supplier.bank_account_holder or line.supplier.name,
            line.net,
            run.number,
        ]
        for line in selectors.run_lines(run)
        if line.net > 0
    ]
    content = csv_text([header, *rows])
    return file_response(
        content, filename=f"{request.cooperative.slug}-{run.number}-transfer.csv", content_type=CSV_TYPE
    )


# --- marketing channels and market prices ---------------------------------------------------------------------


@requires_role(*READERS)
def channel_list(request):
    form = forms.ChannelForm(request.POST or None)
    stages = forms.StageFormSet(request.POST or None, prefix="stages", initial=forms.DEFAULT_STAGES)
    writing = request.method == "POST" and not request.tenant_read_only
    stages_valid = stages.is_valid() if writing else False  # both checked: every error shows at once
    if writing and form.is_valid() and stages_valid:
        kept = [row.cleaned_data for row in stages if row.cleaned_data and not row.cleaned_data.get("DELETE")]
        try:
            channel = markets.create_channel(
                actor=request.user, stages=[(row["name"], row["role"]) for row in kept], **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Channel %(channel)s saved.") % {"channel": channel})
            return redirect("procurement:channel", slug=request.cooperative.slug, pk=channel.pk)
    channels = MarketingChannel.objects.prefetch_related("stages").annotate(observed=Count("observations"))
    context = {"form": form, "rows": stages, "channels": channels.order_by("commodity", "name")}
    status = 400 if writing else 200
    return render(request, "procurement/channel_list.html", context, status=status)


@requires_role(*READERS, model=MarketingChannel)
def channel_detail(request, pk: int):
    channel = get_object_or_404(MarketingChannel, pk=pk)
    form = forms.ObservationForm(request.POST or None, channel=channel)
    if request.method == "POST" and not request.tenant_read_only and form.is_valid():
        try:
            markets.save_observation(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Prices of %(stage)s saved.") % {"stage": form.cleaned_data["stage"]})
            return redirect(request.get_full_path())
    period = forms.PeriodForm(request.GET or None)
    context = {
        "channel": channel,
        "stages": channel.stages.order_by("position"),
        "form": form,
        "period": period,
        "chains": market_prices.observed_chains(channel, **period.values()),
    }
    return render(request, "procurement/channel_detail.html", context, status=400 if form.errors else 200)


@requires_role(*WORKERS, model=PriceObservation)
@require_POST
def observation_delete(request, pk: int):
    observation = get_object_or_404(PriceObservation.objects.select_related("stage"), pk=pk)
    markets.delete_observation(actor=request.user, observation=observation)
    messages.success(request, _("The prices of %(stage)s were removed.") % {"stage": observation.stage})
    return redirect("procurement:channel", slug=request.cooperative.slug, pk=observation.channel_id)


# --- season and supply plan ---------------------------------------------------------------------------------


def _plan_post(request, material, year, season, entry) -> bool:
    """One of the plan page's three forms; True when it saved."""
    action = request.POST.get("action")
    try:
        if action == "season" and season.is_valid():
            plans.set_season(actor=request.user, material=material, months=season.cleaned_data["season_months"])
            messages.success(request, _("The season of %(material)s saved.") % {"material": material})
        elif action == "history":
            count = plans.plan_from_history(actor=request.user, material=material, year=year)
            messages.success(request, _("%(count)d supplier-months planned from %(year)d's deliveries.")
                             % {"count": count, "year": year - 1})  # fmt: skip
        elif action == "entry" and entry.is_valid():
            plans.save_plan(actor=request.user, material=material, month=entry.cleaned_data["month"],
                            quantity=entry.cleaned_data["expected_quantity"],
                            supplier=entry.cleaned_data["supplier"])  # fmt: skip
            messages.success(request, _("Plan saved."))
        else:
            return False
    except ValidationError as error:
        add_service_errors(entry if action == "entry" else season, error)
        return False
    return True


def _plan_charts(months: list, unit: str) -> list:
    """Expected and delivered per month, as two bar charts (a chart with nothing to draw is left out)."""
    names = short_month_names()
    charts = []
    for title, key in ((_("Expected (%(unit)s)"), "expected"), (_("Delivered (%(unit)s)"), "actual")):
        bars = [
            (names[row.month.month - 1], getattr(row, key), f"{format_number_trimmed(getattr(row, key), 3)} {unit}")
            for row in months
        ]
        charts.append(bar_chart(title % {"unit": unit}, bars))
    return [chart for chart in charts if chart is not None]


@requires_role(*READERS)
def supply_plan(request):
    """Expected supply vs actual deliveries vs the plants' capacity, month by month, for one material."""
    chosen = forms.PlanFilterForm(request.GET or None).values()
    material = chosen.get("material") or RawMaterial.objects.order_by("name").first()
    if material is None:
        messages.info(request, _("Set up a raw material and its price first."))
        return redirect("procurement:deliveries", slug=request.cooperative.slug)
    year = chosen.get("year") or timezone.localdate().year
    posted = request.method == "POST" and not request.tenant_read_only
    season = forms.SeasonForm(request.POST if posted and request.POST.get("action") == "season" else None,
                              initial={"season_months": material.season_months})  # fmt: skip
    entry = forms.PlanEntryForm(request.POST if posted and request.POST.get("action") == "entry" else None)
    if posted and _plan_post(request, material, year, season, entry):
        return redirect(request.get_full_path())
    months = selectors.supply_outlook(material, year)
    context = {
        "material": material, "year": year, "months": months, "charts": _plan_charts(months, material.unit),
        "filters": forms.PlanFilterForm(initial={"material": material, "year": year}),
        "season": season, "entry": entry,
        "has_capacity": any(row.capacity is not None for row in months),
        "totals": {key: sum((getattr(row, key) for row in months), ZERO) for key in ("expected", "actual")},
    }  # fmt: skip
    return render(request, "procurement/supply_plan.html", context, status=400 if posted else 200)
