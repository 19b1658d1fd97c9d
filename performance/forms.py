"""Forms of the calculator pages: a JSON payload for every method, friendly fields for Hayami and income.

Each form turns what the user typed into the method's payload (:meth:`CalculatorForm.payload`) and
puts the method's field errors back next to the fields they belong to (:meth:`add_method_errors`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from performance.methods.bsc import FORMULAS

NUMBER_HELP = _(
    "Type numbers as you write them: 17.000 or 17000 (seventeen thousand), 17.000,5 or 0,9 with a decimal "
    "comma. A dot after a leading zero or before other than three digits is a decimal point: 0.004, 0.9."
)
# Dots grouping thousands as Indonesians write them: "23.000", "1.500.000" (never "0.004").
THOUSANDS = re.compile(r"-?[1-9]\d{0,2}(?:\.\d{3})+")


def normalise_number(text: str) -> str:
    """A number as typed → the plain form the methods read: ``"17.000,5"`` → ``"17000.5"`` (a comma
    is the decimal mark), ``"23.000"`` → ``"23000"`` (dots group thousands), ``"0.004"`` unchanged."""
    text = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in text:
        return text.replace(".", "").replace(",", ".")
    if THOUSANDS.fullmatch(text):
        return text.replace(".", "")
    return text


def _json_object(text: str) -> dict[str, Any]:
    """Parse a JSON textarea; raise ValidationError unless it holds a JSON object (empty → ``{}``)."""
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise forms.ValidationError(gettext("Not valid JSON: %(error)s") % {"error": exc}, code="json") from exc
    if not isinstance(value, dict):
        raise forms.ValidationError(gettext("Must be a JSON object: {…}."), code="object")
    return value


def _json_text(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def parse_cost_lines(text: str) -> tuple[list[dict[str, str]], list[int]]:
    """``"Transport = 125"`` per line → cost items, with the line number of each (blank lines skipped)."""
    items, problems, lines = [], [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label, sep, amount = line.rpartition("=")
        if not sep or not label.strip() or not amount.strip():
            problems.append(gettext("Line %(line)d: write name = amount.") % {"line": number})
            continue
        items.append({"name": label.strip(), "amount": normalise_number(amount)})
        lines.append(number)
    if problems:
        raise forms.ValidationError(problems)
    return items, lines


def cost_lines_text(items: list[Mapping[str, Any]]) -> str:
    return "\n".join(f"{item['name']} = {item['amount']}" for item in items)


class CalculatorForm(forms.Form):
    """A method's payload typed as JSON."""

    json_field = "payload"
    payload = forms.CharField(
        label=_("Input (JSON)"),
        widget=forms.Textarea(attrs={"rows": 22, "spellcheck": "false", "class": "code"}),
        help_text=_("The JSON object the REST calculator accepts; see the example and docs/methods.md."),
    )

    def __init__(self, *args: Any, example: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        if example is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(example)
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_from(cls, example: Mapping[str, Any]) -> dict[str, Any]:
        return {"payload": _json_text(example)}

    def clean_payload(self) -> Any:
        text = self.cleaned_data["payload"]
        try:
            return json.loads(text)
        except ValueError as exc:
            raise forms.ValidationError(gettext("Not valid JSON: %(error)s") % {"error": exc}, code="json") from exc

    def payload_data(self) -> Any:
        """The payload for the method (call after ``is_valid()``)."""
        return self.cleaned_data["payload"]

    def field_for(self, key: str) -> str | None:
        """The form field that shows the method error at ``key``; ``None`` for the whole form."""
        return None if key == "non_field_errors" else self.json_field

    def has_errors(self) -> bool:
        return bool(self.errors)

    def add_method_errors(self, errors: Mapping[str, list[str]]) -> None:
        for key, messages in errors.items():
            field = self.field_for(key)
            for message in messages:
                shown = message if field in (None, key) else f"{key}: {message}"
                self.add_error(field, shown)


class FriendlyForm(CalculatorForm):
    """Number fields for the main inputs plus a JSON textarea (``options``) for everything else."""

    json_field = "options"
    number_fields: tuple[str, ...] = ()
    payload = None  # replaced by the fields below
    options = forms.CharField(
        label=_("More options (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "class": "code"}),
    )

    @classmethod
    def initial_from(cls, example: Mapping[str, Any]) -> dict[str, Any]:
        initial = {name: example[name] for name in cls.number_fields if name in example}
        rest = {key: value for key, value in example.items() if key not in cls.number_fields}
        initial["options"] = _json_text(rest) if rest else ""
        return initial

    def clean_options(self) -> dict[str, Any]:
        return _json_object(self.cleaned_data.get("options", ""))

    def payload_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data.get("options") or {})
        for name in self.number_fields:
            value = self.cleaned_data.get(name)
            if value not in (None, ""):
                data[name] = normalise_number(value)
        return data

    def field_for(self, key: str) -> str | None:
        if key == "non_field_errors":
            return None
        return key if key in self.number_fields else self.json_field


def _number(label, required: bool = False, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class HayamiForm(FriendlyForm):
    output_qty = _number(_("(1) Output per production cycle"), True)
    raw_material_qty = _number(_("(2) Raw material per production cycle"), True)
    labour_hok = _number(_("(3) Labour, HOK per production cycle"), True)
    output_price = _number(_("(6) Output price, Rp per unit of output"), True)
    wage_per_hok = _number(_("(7) Wage, Rp per HOK"), True)
    raw_material_price = _number(_("(8) Raw-material price, Rp per unit"), True)
    other_inputs_per_unit = _number(
        _("(9) Other inputs, Rp per unit of raw material"), help_text=_("Give this or the total below.")
    )
    other_inputs_total = _number(
        _("Other inputs, Rp in total per production cycle"), help_text=_("Divided by (2) to give (9).")
    )
    override_4 = _number(
        _("Use this conversion factor (4)"),
        help_text=_("Optional: the rounded figure a paper carried forward instead of (1) / (2)."),
    )
    override_5 = _number(
        _("Use this labour coefficient (5)"),
        help_text=_("Optional: the rounded figure a paper carried forward instead of (3) / (2)."),
    )
    field_order = [
        "output_qty", "raw_material_qty", "labour_hok", "output_price", "wage_per_hok", "raw_material_price",
        "other_inputs_per_unit", "other_inputs_total", "override_4", "override_5", "options",
    ]  # fmt: skip

    number_fields = (
        "output_qty", "raw_material_qty", "labour_hok", "output_price", "wage_per_hok", "raw_material_price",
        "other_inputs_per_unit", "other_inputs_total",
    )  # fmt: skip
    override_fields = {"override_4": "4", "override_5": "5"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["options"].help_text = _(
            "Optional: by_products, rounding, classification and published (the printed table, to "
            "reconcile), as in docs/methods.md."
        )

    @classmethod
    def initial_from(cls, example: Mapping[str, Any]) -> dict[str, Any]:
        example = dict(example)
        overrides = dict(example.pop("overrides", None) or {})
        initial = super().initial_from(example)
        for name, row in cls.override_fields.items():
            if row in overrides:
                initial[name] = overrides.pop(row)
        if overrides:  # rows that have no field of their own stay in the JSON
            rest = json.loads(initial["options"] or "{}")
            initial["options"] = _json_text({"overrides": overrides, **rest})
        return initial

    def payload_data(self) -> dict[str, Any]:
        data = super().payload_data()
        given = data.get("overrides")
        overrides = dict(given) if isinstance(given, Mapping) else {} if given is None else None
        for name, row in self.override_fields.items():
            value = self.cleaned_data.get(name)
            if value not in (None, ""):
                if overrides is None:  # the JSON's "overrides" is malformed: let the method report it
                    return data
                overrides[row] = normalise_number(value)
        if overrides:
            data["overrides"] = overrides
        return data

    def field_for(self, key: str) -> str | None:
        for name, row in self.override_fields.items():
            if key == f"overrides.{row}" and self.cleaned_data.get(name) not in (None, ""):
                return name
        return super().field_for(key)

    def add_method_errors(self, errors: Mapping[str, list[str]]) -> None:
        mapped = {}
        for key, messages in errors.items():
            field = self.field_for(key)
            if field in self.override_fields:
                self.add_error(field, messages)
            else:
                mapped[key] = messages
        super().add_method_errors(mapped)


class IncomeForm(FriendlyForm):
    quantity = _number(_("Quantity produced (Q)"), True)
    price = _number(_("Output price (P), Rp per unit"), help_text=_("Give the price or the revenue."))
    revenue = _number(_("Total revenue (TR), Rp"), help_text=_("Instead of the price."))
    fixed_costs = forms.CharField(
        label=_("Fixed costs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One cost per line: name = amount in Rp, e.g. Depreciation = 305700."),
    )
    variable_costs = forms.CharField(
        label=_("Variable costs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One cost per line: name = amount in Rp, e.g. Raw material = 18342000."),
    )
    field_order = ["quantity", "price", "revenue", "fixed_costs", "variable_costs", "options"]
    number_fields = ("quantity", "price", "revenue")
    cost_fields = ("fixed_costs", "variable_costs")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cost_lines: dict[str, list[int]] = {}
        self.fields["options"].help_text = _(
            "Optional: published (the printed figures, to reconcile), as in docs/methods.md."
        )

    @classmethod
    def initial_from(cls, example: Mapping[str, Any]) -> dict[str, Any]:
        example = dict(example)
        costs = {name: example.pop(name, []) for name in cls.cost_fields}
        initial = super().initial_from(example)
        for name, items in costs.items():
            initial[name] = cost_lines_text(items)
        return initial

    def _clean_costs(self, name: str) -> list[dict[str, str]]:
        items, self.cost_lines[name] = parse_cost_lines(self.cleaned_data.get(name, ""))
        return items

    def clean_fixed_costs(self) -> list[dict[str, str]]:
        return self._clean_costs("fixed_costs")

    def clean_variable_costs(self) -> list[dict[str, str]]:
        return self._clean_costs("variable_costs")

    def payload_data(self) -> dict[str, Any]:
        data = super().payload_data()
        for name in self.cost_fields:
            data[name] = self.cleaned_data.get(name, [])
        return data

    def field_for(self, key: str) -> str | None:
        head = key.split(".", 1)[0]
        return head if head in self.cost_fields else super().field_for(key)

    def add_method_errors(self, errors: Mapping[str, list[str]]) -> None:
        mapped = {}
        for key, messages in errors.items():
            head, _dot, rest = key.partition(".")
            if head in self.cost_fields and rest:
                index, _dot, _attr = rest.partition(".")
                lines = self.cost_lines.get(head, [])
                line = lines[int(index)] if index.isdigit() and int(index) < len(lines) else index
                self.add_error(head, [gettext("Line %(line)s: %(message)s") % {"line": line, "message": m}
                                      for m in messages])  # fmt: skip
            else:
                mapped[key] = messages
        super().add_method_errors(mapped)


# ----------------------------------------------------------------------------------------- row forms


class RowsForm(FriendlyForm):
    """Plain fields, then rows the user adds and removes (a formset under ``rows_key``), then the
    optional JSON options. Subclasses say how a payload item becomes a row and back."""

    rows_key = ""
    row_form: type[forms.Form] = forms.Form
    rows_label: Any = ""
    add_label: Any = ""

    def __init__(self, data: Any = None, *args: Any, example: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        rows_initial = None
        if example is not None:
            example = dict(example)
            rows_initial = [self.row_initial(item) for item in example.pop(self.rows_key, [])]
        super().__init__(data, *args, example=example, **kwargs)
        formset = forms.formset_factory(self.row_form, extra=0 if rows_initial else 1, can_delete=True)
        self.rows = formset(data, prefix=self.rows_key, initial=rows_initial)
        self.kept: list[forms.Form] = []

    def row_initial(self, item: Mapping[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def row_payload(self, row: Mapping[str, Any], index: int) -> dict[str, Any]:
        raise NotImplementedError

    def is_valid(self) -> bool:
        rows_valid = self.rows.is_valid()
        return super().is_valid() and rows_valid

    def has_errors(self) -> bool:
        return super().has_errors() or self.rows.total_error_count() > 0

    def payload_data(self) -> dict[str, Any]:
        data = super().payload_data()
        self.kept = [
            row for row in self.rows.forms if row.cleaned_data and not row.cleaned_data.get("DELETE")
        ]  # fmt: skip
        data[self.rows_key] = [self.row_payload(row.cleaned_data, index) for index, row in enumerate(self.kept)]
        return data

    def row_field_for(self, row: forms.Form, path: str) -> str | None:
        """The row's field that shows an error at ``path`` (after ``<rows_key>.<index>.``)."""
        head = path.split(".", 1)[0]
        return head if head in row.fields else None

    def add_method_errors(self, errors: Mapping[str, list[str]]) -> None:
        rest = {}
        for key, messages in errors.items():
            head, _dot, tail = key.partition(".")
            index, _dot, path = tail.partition(".")
            if head == self.rows_key and index.isdigit() and int(index) < len(self.kept):
                row = self.kept[int(index)]
                field = self.row_field_for(row, path)
                row.add_error(field, [m if field == path or not path else f"{path}: {m}" for m in messages])
            else:
                rest[key] = messages
        super().add_method_errors(rest)


def _cost_lines(label: Any, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=_("One cost per line: name = amount in Rp, e.g. Transport = 125."),
    )


class StageForm(forms.Form):
    """One stage of a marketing channel: who sells on, at what price, with which costs."""

    name = forms.CharField(label=_("Stage (who sells on)"), max_length=100)
    sell_price = _number(_("Sell price, Rp per unit"), True)
    costs = _cost_lines(_("Marketing costs of this stage"))

    def clean_costs(self) -> list[dict[str, str]]:
        return parse_cost_lines(self.cleaned_data.get("costs", ""))[0]


class MarginsForm(RowsForm):
    producer_price = _number(_("Producer price (Pf), Rp per unit"), True)
    field_order = ["producer_price", "options"]
    number_fields = ("producer_price",)
    rows_key = "stages"
    row_form = StageForm
    rows_label = _("Stages of the channel, from the producer to the consumer")
    add_label = _("Add a stage")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["options"].help_text = _(
            "Optional: unit_conversion, consumer_price and published (the printed figures, to reconcile), "
            "as in docs/methods.md."
        )

    def row_initial(self, item: Mapping[str, Any]) -> dict[str, Any]:
        return {"name": item.get("name", ""), "sell_price": item.get("sell_price", ""),
                "costs": cost_lines_text(item.get("costs", []))}  # fmt: skip

    def row_payload(self, row: Mapping[str, Any], index: int) -> dict[str, Any]:
        return {"name": row["name"], "sell_price": normalise_number(row["sell_price"]), "costs": row["costs"]}


PERSPECTIVE_CHOICES = [
    ("financial", _("Financial")),
    ("customer", _("Customer")),
    ("internal_process", _("Internal process")),
    ("learning_growth", _("Learning and growth")),
]
FORMULA_CHOICES = [
    ("", _("None: I type the value")),
    ("growth", _("Growth %: previous, current")),
    ("roi", _("ROI %: net income, total assets")),
    ("customer_acquisition", _("Customer acquisition %: new customers, customers")),
    ("customer_retention", _("Customers lost %: customers lost, average customers")),
    ("on_time_delivery", _("On-time delivery %: on time, all deliveries")),
    ("sales_return", _("Sales return %: returned, sold")),
    ("supplier_lead_time", _("Supplier lead time: total days, orders")),
    ("defect_rate", _("Defect rate %: defective, produced")),
    ("employee_productivity", _("Employee productivity: output, working hours")),
    ("staff_retention", _("Staff turnover %: staff who left, average staff")),
]
DIRECTION_CHOICES = [("higher_is_better", _("higher is better")), ("lower_is_better", _("lower is better"))]


class MeasureForm(forms.Form):
    """One Balanced Scorecard measure: its value (typed, or computed from two figures), its target and
    its three score bands — score 2 between the two limits, 1 and 3 on either side by direction."""

    key = forms.CharField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Measure"), max_length=150)
    perspective = forms.ChoiceField(label=_("Perspective"), choices=PERSPECTIVE_CHOICES, initial="financial")
    formula = forms.ChoiceField(label=_("Computed from"), choices=FORMULA_CHOICES, required=False)
    first = _number(_("Value (or the formula's first figure)"), True)
    second = _number(_("The formula's second figure"))
    target = _number(_("Target"), True)
    direction = forms.ChoiceField(label=_("Direction"), choices=DIRECTION_CHOICES, initial="higher_is_better")
    target_inclusive = forms.BooleanField(label=_("Reaching the target exactly counts as met"), required=False)
    middle_from = _number(_("Score 2 from"), True)
    middle_from_included = forms.BooleanField(label=_("including this limit"), required=False)
    middle_to = _number(_("Score 2 to"), True)
    middle_to_included = forms.BooleanField(label=_("including this limit"), required=False)
    weight = _number(_("Weight within the perspective"), help_text=_("Empty: 1."))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("formula") and not data.get("second"):
            self.add_error("second", gettext("The formula needs its second figure."))
        return data


def _bands(row: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Three bands from the limits of the middle one: below it and above it score 1 and 3 (or 3 and 1)."""
    low, high = normalise_number(row["middle_from"]), normalise_number(row["middle_to"])
    below, above = (1, 3) if row["direction"] == "higher_is_better" else (3, 1)
    return [
        {"score": below, "lower": None, "upper": low, "upper_inclusive": not row["middle_from_included"]},
        {"score": 2, "lower": low, "upper": high, "lower_inclusive": row["middle_from_included"],
         "upper_inclusive": row["middle_to_included"]},
        {"score": above, "lower": high, "upper": None, "lower_inclusive": not row["middle_to_included"]},
    ]  # fmt: skip


def _middle_band(item: Mapping[str, Any]) -> dict[str, Any]:
    middle = next((band for band in item.get("bands", []) if str(band.get("score")) == "2"), None)
    if middle is None:
        return {}
    return {"middle_from": middle.get("lower"), "middle_from_included": middle.get("lower_inclusive", True),
            "middle_to": middle.get("upper"), "middle_to_included": middle.get("upper_inclusive", False)}  # fmt: skip


class BscForm(RowsForm):
    field_order = ["options"]
    rows_key = "measures"
    row_form = MeasureForm
    rows_label = _("Measures")
    add_label = _("Add a measure")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["options"].help_text = _(
            "Optional: perspective_weights and published (the printed figures, to reconcile), as in docs/methods.md."
        )

    def row_initial(self, item: Mapping[str, Any]) -> dict[str, Any]:
        formula = item.get("formula") or ""
        names = FORMULAS[formula][1] if formula in FORMULAS else ()
        inputs = item.get("inputs") or {}
        return {
            "key": item.get("id", ""), "name": item.get("name", ""), "perspective": item.get("perspective"),
            "formula": formula, "first": inputs.get(names[0]) if names else item.get("value"),
            "second": inputs.get(names[1]) if names else "", "target": item.get("target"),
            "direction": item.get("direction"), "target_inclusive": item.get("target_inclusive", True),
            "weight": item.get("weight", ""), **_middle_band(item),
        }  # fmt: skip

    def row_payload(self, row: Mapping[str, Any], index: int) -> dict[str, Any]:
        measure = {
            "id": row["key"] or slugify(row["name"]).replace("-", "_") or f"measure_{index + 1}",
            "name": row["name"], "perspective": row["perspective"], "target": normalise_number(row["target"]),
            "direction": row["direction"], "target_inclusive": row["target_inclusive"], "bands": _bands(row),
        }  # fmt: skip
        if row.get("weight"):
            measure["weight"] = normalise_number(row["weight"])
        if row["formula"]:
            names = FORMULAS[row["formula"]][1]
            measure["formula"] = row["formula"]
            measure["inputs"] = {names[0]: normalise_number(row["first"]), names[1]: normalise_number(row["second"])}
        else:
            measure["value"] = normalise_number(row["first"])
        return measure

    def row_field_for(self, row: forms.Form, path: str) -> str | None:
        if path.startswith(("value", "inputs")):
            return "first"
        if path.startswith("bands"):
            return "middle_from"
        return super().row_field_for(row, path)


FORMS: dict[str, type[CalculatorForm]] = {
    "hayami": HayamiForm,
    "income": IncomeForm,
    "margins": MarginsForm,
    "bsc": BscForm,
}


def form_class(method: str) -> type[CalculatorForm]:
    return FORMS.get(method, CalculatorForm)
