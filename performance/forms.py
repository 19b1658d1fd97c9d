"""Forms of the calculator pages: a JSON payload for every method, friendly fields for Hayami and income.

Each form turns what the user typed into the method's payload (:meth:`CalculatorForm.payload`) and
puts the method's field errors back next to the fields they belong to (:meth:`add_method_errors`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

NUMBER_HELP = _(
    "Type numbers plainly (17000, 0.9) or Indonesian style with a decimal comma (17.000,5); without a comma "
    "a dot is the decimal point."
)


def normalise_number(text: str) -> str:
    """``"17.000,5"`` → ``"17000.5"`` (a comma means Indonesian notation); anything else unchanged."""
    text = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in text:
        return text.replace(".", "").replace(",", ".")
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
            initial[name] = "\n".join(f"{item['name']} = {item['amount']}" for item in items)
        return initial

    def _clean_costs(self, name: str) -> list[dict[str, str]]:
        items, problems, lines = [], [], []
        for number, line in enumerate(self.cleaned_data.get(name, "").splitlines(), start=1):
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
        self.cost_lines[name] = lines
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


FORMS: dict[str, type[CalculatorForm]] = {"hayami": HayamiForm, "income": IncomeForm}


def form_class(method: str) -> type[CalculatorForm]:
    return FORMS.get(method, CalculatorForm)
