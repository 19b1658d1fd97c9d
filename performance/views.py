"""Calculator pages: an index of the analytics methods and one page per method.

The user types the inputs (JSON, plus plain fields for Hayami and income), the page runs the same
:func:`performance.calculators.calculate` as the REST endpoint and shows the result as a printable table,
with the reconciliation of a published table when ``published`` is given. Nothing is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Context, Decimal, DecimalException, localcontext
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from koperasi.core.charts import BarChart, bar_chart
from koperasi.core.downloads import XLSX_TYPE, file_response
from koperasi.core.spreadsheets import Sheet, html_tables
from koperasi.money import AmountError, format_number_id, format_rupiah, parse_number_id
from performance.calculators import CALCULATORS, Calculator, calculate
from performance.forms import NUMBER_HELP, form_class
from performance.methods import hayami, income, margins
from performance.methods._base import MethodInputError, decimals_printed, parse_decimal
from procurement.forms import PeriodForm
from procurement.market_prices import margins_payload
from procurement.models import MarketingChannel

# Precision for formatting results (the angka filter quantizes in the current Decimal context).
DISPLAY_CONTEXT = Context(prec=200)

HAYAMI_SECTIONS = (
    (_("I. Output, inputs and price"), ("1", "2", "3", "4", "5", "6", "7", "8", "9")),
    (_("II. Revenue and profit"), ("10", "11a", "11b", "12a", "12b", "13a", "13b_va", "13b_output")),
    (_("III. Returns to the owners of production factors"), ("14", "14a", "14b", "14c")),
)
HAYAMI_LABELS = {
    "1": _("Output (units per production cycle)"),
    "2": _("Raw material (units per production cycle)"),
    "3": _("Labour (HOK per production cycle)"),
    "4": _("Conversion factor"),
    "5": _("Labour coefficient (HOK per unit of raw material)"),
    "6": _("Output price (Rp per unit of output)"),
    "7": _("Wage (Rp per HOK)"),
    "8": _("Raw-material price (Rp per unit)"),
    "9": _("Other inputs (Rp per unit of raw material)"),
    "10": _("Output value (Rp per unit of raw material)"),
    "11a": _("Value added (Rp per unit of raw material)"),
    "11b": _("Value-added ratio (%)"),
    "12a": _("Labour income (Rp per unit of raw material)"),
    "12b": _("Labour share of value added (%)"),
    "13a": _("Profit (Rp per unit of raw material)"),
    "13b_va": _("Profit share of value added (%)"),
    "13b_output": _("Profit rate on output value (%)"),
    "14": _("Margin (Rp per unit of raw material)"),
    "14a": _("Labour income share of margin (%)"),
    "14b": _("Other inputs share of margin (%)"),
    "14c": _("Owner's profit share of margin (%)"),
}
HAYAMI_FORMULAS = {
    "1": "", "2": "", "3": "", "4": "(1) / (2)", "5": "(3) / (2)", "6": "", "7": "", "8": "", "9": "",
    "10": "(4) × (6)", "11a": "(10) − (8) − (9)", "11b": "(11a) / (10) × 100", "12a": "(5) × (7)",
    "12b": "(12a) / (11a) × 100", "13a": "(11a) − (12a)", "13b_va": "(13a) / (11a) × 100",
    "13b_output": "(13a) / (10) × 100", "14": "(10) − (8)", "14a": "(12a) / (14) × 100",
    "14b": "(9) / (14) × 100", "14c": "(13a) / (14) × 100",
}  # fmt: skip
HAYAMI_PLACES = {"4": 4, "5": 4}
CLASSIFICATIONS = {"low": _("low"), "medium": _("medium"), "high": _("high")}

INCOME_LABELS = {
    "price": _("Output price (P)"),
    "tr": _("Total revenue (TR = P × Q)"),
    "tfc": _("Total fixed cost (TFC)"),
    "tvc": _("Total variable cost (TVC)"),
    "tc": _("Total cost (TC = TFC + TVC)"),
    "profit": _("Income (TR − TC)"),
    "rc": _("Revenue/cost ratio (R/C = TR / TC)"),
    "avc": _("Average variable cost (TVC / Q)"),
    "atc": _("Average total cost (TC / Q)"),
}
BREAK_EVEN_LABELS = {
    "bep_quantity": _("Break-even quantity (cost-volume-profit)"),
    "bep_revenue": _("Break-even revenue (cost-volume-profit)"),
    "bep_price": _("Break-even price (total cost)"),
    "bep_quantity_total_cost": _("Break-even quantity (total cost)"),
}
PERSPECTIVES = {
    "financial": _("Financial"),
    "customer": _("Customer"),
    "internal_process": _("Internal process"),
    "learning_growth": _("Learning and growth"),
}
DIRECTIONS = {
    "higher_is_better": _("higher is better"),
    "lower_is_better": _("lower is better"),
    "larger_is_better": _("higher is better"),
    "smaller_is_better": _("lower is better"),
}


# ------------------------------------------------------------------------------------------- presenters


def _printed(raw: Any) -> dict[str, Any]:
    """A printed figure for display: as a number with the decimals it was printed with, if it is one."""
    try:
        value = parse_decimal(raw)
    except ValueError:
        return {"number": None, "text": str(raw), "places": 0}
    return {"number": str(value), "text": str(raw), "places": decimals_printed(value)}


def reconciliation_rows(report: Mapping[str, Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    if not report:
        return []
    return [
        {
            "key": key,
            "printed": (printed := _printed(row["printed"])),
            "computed": row["computed"],
            "computed_places": printed["places"] + 2,
            "agrees": row["agrees"],
        }
        for key, row in report.items()
    ]


def _amount(value: Any) -> tuple[Decimal | None, str]:
    number = None if value is None else Decimal(str(value))
    return number, "" if number is None else format_rupiah(number, places=0)


def _percent(value: Any, places: int = 2) -> tuple[Decimal | None, str]:
    number = None if value is None else Decimal(str(value))
    return number, "" if number is None else f"{format_number_id(number, places)} %"


def _score(value: Any) -> tuple[Decimal | None, str]:
    number = None if value is None else Decimal(str(value))
    return number, "" if number is None else format_number_id(number, 2)


def _chart(title: Any, rows: list[tuple[Any, tuple[Decimal | None, str]]]) -> BarChart | None:
    return bar_chart(str(title), [(str(label), value, shown) for label, (value, shown) in rows])


def _hayami(result: dict[str, Any]) -> dict[str, Any]:
    report = result.get("reconciliation") or {}
    sections = []
    for title, keys in HAYAMI_SECTIONS:
        rows = []
        for key in keys:
            published = report.get(key)
            rows.append({
                "key": key,
                "number": key.split("_")[0],
                "label": HAYAMI_LABELS[key],
                "formula": HAYAMI_FORMULAS[key],
                "value": result["rows"][key],
                "places": HAYAMI_PLACES.get(key, 2),
                "overridden": key in result["computed_before_override"],
                "before_override": result["computed_before_override"].get(key),
                "printed": _printed(published["printed"]) if published else None,
                "agrees": published["agrees"] if published else None,
            })  # fmt: skip
        sections.append({"title": title, "rows": rows})
    extra = {key: row for key, row in report.items() if key not in hayami.ROW_KEYS}
    values = result["rows"]
    chart = _chart(
        _("Where the output value of one unit of raw material goes (Rp)"),
        [(HAYAMI_LABELS[key], _amount(values[key])) for key in ("8", "9", "12a", "13a")],
    )
    return {
        "sections": sections,
        "classification": CLASSIFICATIONS.get(result["classification"] or ""),
        "extra_reconciliation": reconciliation_rows(extra),
        "chart": chart,
    }


def _income(result: dict[str, Any]) -> dict[str, Any]:
    report = result.get("reconciliation") or {}
    values = result["values"]
    rows = [
        {"key": key, "label": INCOME_LABELS[key], "value": values[key], "places": 4 if key == "rc" else 2,
         "printed": _printed(report[key]["printed"]) if key in report else None,
         "agrees": report[key]["agrees"] if key in report else None}
        for key in INCOME_LABELS
    ]  # fmt: skip
    break_even = [
        {"key": key, "label": BREAK_EVEN_LABELS[key], **result["break_even"][key],
         "printed": _printed(report[key]["printed"]) if key in report else None,
         "agrees": report[key]["agrees"] if key in report else None}
        for key in income.BREAK_EVEN
    ]  # fmt: skip
    shown = set(INCOME_LABELS) | set(income.BREAK_EVEN)
    extra = {key: row for key, row in report.items() if key not in shown}
    chart = _chart(
        _("Revenue, costs and income (Rp)"),
        [(INCOME_LABELS[key], _amount(values[key])) for key in ("tr", "tfc", "tvc", "tc", "profit")],
    )
    return {"rows": rows, "break_even": break_even, "extra_reconciliation": reconciliation_rows(extra), "chart": chart}


def _generic(result: dict[str, Any]) -> dict[str, Any]:
    return {"extra_reconciliation": reconciliation_rows(result.get("reconciliation"))}


def _margins(result: dict[str, Any]) -> dict[str, Any]:
    """The consumer's rupiah split: the producer's share, then each stage's costs and profit."""
    rows: list[tuple[Any, tuple[Decimal | None, str]]] = [(_("Producer share"), _percent(result["producer_share"]))]
    for stage in result["stages"]:
        rows.append((gettext("%(stage)s: costs") % {"stage": stage["name"]}, _percent(stage["share"]["cost"])))
        rows.append((gettext("%(stage)s: profit") % {"stage": stage["name"]}, _percent(stage["share"]["profit"])))
    return {"chart": _chart(_("Shares of the consumer price (%)"), rows), **_generic(result)}


def _bsc(result: dict[str, Any]) -> dict[str, Any]:
    measures = [
        {**row, "perspective_label": PERSPECTIVES.get(row["perspective"], row["perspective"]),
         "direction_label": DIRECTIONS.get(row["direction"], row["direction"])}
        for row in result["measures"]
    ]  # fmt: skip
    perspectives = [{"name": PERSPECTIVES.get(name, name), **row} for name, row in result["perspectives"].items()]
    chart = _chart(
        _("Score per perspective (1–3) and overall"),
        [(p["name"], _score(p["score"])) for p in perspectives] + [(_("Overall score"), _score(result["overall"]))],
    )
    return {"measures": measures, "perspectives": perspectives, "chart": chart, **_generic(result)}


def _scor(result: dict[str, Any]) -> dict[str, Any]:
    metrics = [{**row, "direction_label": DIRECTIONS.get(row["direction"], row["direction"])}
               for row in result["metrics"]]  # fmt: skip
    chart = _chart(_("Normalised score per metric (Snorm, 0–100)"), [(m["name"], _score(m["snorm"])) for m in metrics])
    return {"metrics": metrics, "chart": chart, **_generic(result)}


def _ahp(result: dict[str, Any]) -> dict[str, Any]:
    weights = [
        {"name": name, "weight": weight, "percent": str(Decimal(weight) * 100)}
        for name, weight in result["weights"].items()
    ]
    chart = _chart(_("Priority weights (%)"), [(w["name"], _percent(w["percent"])) for w in weights])
    return {"weights": weights, "chart": chart, **_generic(result)}


PRESENTERS = {"hayami": _hayami, "income": _income, "margins": _margins, "bsc": _bsc, "ahp": _ahp, "scor": _scor}


def present(method: str, result: dict[str, Any]) -> dict[str, Any]:
    """Display rows for the result template, plus the agreement count of the reconciliation."""
    view = PRESENTERS.get(method, _generic)(result)
    report = result.get("reconciliation") or {}
    view["agreement"] = {
        "total": len(report),
        "agree": sum(1 for row in report.values() if row["agrees"]),
    }
    return view


# ------------------------------------------------------------------------------------------------ views


def page_url(request: HttpRequest, name: str) -> str:
    """A calculator page where this one is mounted: inside the cooperative (keeping its menus) or not."""
    match = request.resolver_match
    slug = match.kwargs.get("slug")
    return reverse(f"{match.namespace}:{name}", kwargs={"slug": slug} if slug else None)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    entries = [
        {"calculator": c, "url": page_url(request, slug), "api": reverse(f"calculator-{slug}")}
        for slug, c in CALCULATORS.items()
    ]
    return render(request, "performance/index.html", {"entries": entries})


def _context(request: HttpRequest, calculator: Calculator, form, result: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "calculator": calculator,
        "form": form,
        "result": result,
        "view": present(calculator.slug, result) if result is not None else None,
        "result_template": f"performance/results/{calculator.slug}.html",
        "api_url": reverse(f"calculator-{calculator.slug}"),
        "index_url": page_url(request, "index"),
        "number_help": NUMBER_HELP if getattr(form, "number_fields", ()) else "",
    }


def _render(request: HttpRequest, calculator: Calculator, form, result: dict[str, Any] | None) -> str:
    with localcontext(DISPLAY_CONTEXT):
        return render_to_string("performance/calculator.html", _context(request, calculator, form, result), request)


def _xlsx(request: HttpRequest, calculator: Calculator, form, result: dict[str, Any]) -> HttpResponse:
    """The result's tables, as the page shows them, in one sheet: numbers as numbers, headings bold."""
    context = _context(request, calculator, form, result)
    with localcontext(DISPLAY_CONTEXT):
        html = render_to_string(context["result_template"], context, request)
    cooperative = getattr(request, "cooperative", None)
    sheet = Sheet(str(calculator.title))
    sheet.append([cooperative.name if cooperative else gettext("Koperasi ERP")])
    sheet.append([str(calculator.title), timezone.localdate()])
    for table in html_tables(html):
        sheet.append([])
        for row in table:
            sheet.append([_cell(text) for text, _header in row], bold=all(header for _text, header in row))
    sheet.widths({"A": 40, "B": 40} | dict.fromkeys("CDEFGHI", 16))
    filename = f"{cooperative.slug + '-' if cooperative else ''}{calculator.slug}-{timezone.localdate()}.xlsx"
    return file_response(sheet.to_bytes(), filename=filename, content_type=XLSX_TYPE)


def _cell(text: str) -> Decimal | str | None:
    """A shown figure ("15.300,00") back as the number it is; other text as it is."""
    if not text or text == "—":
        return None
    try:
        return parse_number_id(text)
    except AmountError:
        return text


@login_required
def calculator_page(request: HttpRequest, method: str) -> HttpResponse:
    calculator = CALCULATORS.get(method)
    if calculator is None:
        raise Http404
    form_cls = form_class(method)
    result = None
    if request.method == "POST":
        form = form_cls(request.POST)
        if form.is_valid():
            try:
                result = calculate(calculator, form.payload_data())
            except MethodInputError as exc:
                form.add_method_errors(exc.errors)
            else:
                if request.POST.get("format") == "xlsx":
                    return _xlsx(request, calculator, form, result)
    else:
        form = form_cls(example=calculator.example())
    try:
        html = _render(request, calculator, form, result)
    except DecimalException:  # a result too large to format: report it like bad input
        form.add_error(None, gettext("A number is too large or has too many decimals to compute with."))
        result = None
        html = _render(request, calculator, form, result)
    return HttpResponse(html, status=400 if form.is_bound and form.has_errors() else 200)


def channel_margins(request: HttpRequest, pk: int) -> HttpResponse:
    """The marketing margins of one of the cooperative's channels, from the prices observed in the chosen
    period (several chains averaged into the mean chain, as seed 003's appendices M and O)."""
    channel = get_object_or_404(MarketingChannel, pk=pk)
    period = PeriodForm(request.GET or None)
    context: dict[str, Any] = {"channel": channel, "period": period}
    try:
        result = margins.compute(margins_payload(channel, **period.values()))
    except ValidationError as error:
        context["problems"] = error.messages
    except MethodInputError as error:
        context["problems"] = [f"{field}: {' '.join(texts)}" for field, texts in error.errors.items()]
    else:
        context |= {"result": result, "view": present("margins", result)}
    with localcontext(DISPLAY_CONTEXT):
        return render(request, "performance/channel_margins.html", context)
