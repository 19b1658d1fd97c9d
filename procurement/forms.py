"""Forms of the supply pages: suppliers, the intake form of a collection point, payment runs."""

from __future__ import annotations

import uuid

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.core.form_fields import AmountField, money_formfield
from koperasi.core.templatetags.formatting import short_month_names
from koperasi.core.widgets import IsoDateInput
from koperasi.money import AmountError, format_number_trimmed, parse_rupiah
from members.form_fields import MemberField
from members.forms import ImportForm
from procurement.models import (
    ChannelStage,
    MarketingChannel,
    ObservationSource,
    PaymentMethod,
    RawMaterial,
    StageRole,
    Supplier,
)
from procurement.selectors import search_suppliers

SHOWN = 5  # how many of the suppliers a too-vague text matches a refusal names


class SupplierPickerInput(forms.TextInput):
    """A text box offering matching suppliers from ``supply/suppliers/lookup/`` (page.js)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"data-lookup": "supply/suppliers/lookup/", "autocomplete": "off", **(attrs or {})})


class SupplierField(forms.CharField):
    """A supplier chosen by code ("P-00012", "12"), "P-00012 · Darsono" (what the pick list fills in), name
    or village; text naming several suppliers is refused with their names."""

    widget = SupplierPickerInput

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Supplier"))
        kwargs.setdefault("help_text", _("Type a name, village or supplier number and pick from the list."))
        kwargs.setdefault("max_length", 250)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return str(value) if isinstance(value, Supplier) else value

    def clean(self, value):
        text = " ".join((super().clean(value) or "").split())
        if not text:
            return None
        code = text.split(" · ", 1)[0].upper().removeprefix("P-")
        if code.isdigit() and (supplier := Supplier.objects.filter(pk=int(code)).first()):
            return supplier
        named = search_suppliers(text)
        exact = list(named.filter(Q(name__iexact=text))[:2])
        matches = exact if len(exact) == 1 else list(named[:SHOWN])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise forms.ValidationError(_("No supplier matches “%(text)s”."), code="no_match", params={"text": text})
        raise forms.ValidationError(
            _("Several suppliers match “%(text)s”: %(names)s. Pick one from the list."),
            code="ambiguous",
            params={"text": text, "names": "; ".join(str(supplier) for supplier in matches)},
        )


class SupplierForm(forms.ModelForm):
    member = MemberField(required=False, label=_("Member (for a member supplier)"))
    via = SupplierField(required=False, label=_("Delivers through (group or collector)"))

    class Meta:
        model = Supplier
        formfield_callback = money_formfield
        fields = [
            "kind", "name", "phone", "village", "district", "regency", "province", "latitude", "longitude",
            "bank_name", "bank_account", "bank_account_holder", "is_active",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Empty for a member supplier: the member's name.")
        if self.instance.pk:
            self.fields["member"].initial = self.instance.member
            self.fields["via"].initial = self.instance.via

    def validate_unique(self):
        pass  # per-cooperative rules: the service checks them


def quantity_field(label, required: bool = True) -> AmountField:
    return AmountField(label=label, required=required, decimal_places=3, min_value=0)


class IntakeForm(forms.Form):
    """One delivery at a collection point; the material's quality readings are added as fields."""

    key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    supplier = SupplierField(widget=SupplierPickerInput(attrs={"autofocus": True}))
    quantity = quantity_field(_("Quantity delivered"))
    rejected_quantity = quantity_field(_("Quantity rejected"), required=False)
    grade = forms.CharField(label=_("Grade"), max_length=20, required=False)
    farmer = SupplierField(label=_("Original farmer (if a group or collector delivers)"), required=False)

    def __init__(self, *args, material: RawMaterial, **kwargs):
        super().__init__(*args, **kwargs)
        self.material = material
        unit = material.get_unit_display()
        self.fields["quantity"].label = _("Quantity delivered (%(unit)s)") % {"unit": unit}
        self.fields["rejected_quantity"].label = _("Quantity rejected (%(unit)s)") % {"unit": unit}
        for parameter in material.parameters.all():
            label = f"{parameter.name} ({parameter.unit})" if parameter.unit else parameter.name
            self.fields[f"reading_{parameter.code}"] = AmountField(label=label, required=False, decimal_places=4)

    def readings(self) -> dict:
        return {
            name.removeprefix("reading_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("reading_") and value is not None
        }


class MaterialChoiceForm(forms.Form):
    material = forms.ModelChoiceField(label=_("Raw material"), queryset=RawMaterial.objects.none(), empty_label=None)
    collection_point = forms.CharField(label=_("Collection point"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = RawMaterial.objects.filter(is_active=True).order_by("name")
        self.fields["material"].widget.attrs["data-autosubmit"] = ""


class RunForm(forms.Form):
    period_start = forms.DateField(label=_("Deliveries from"), widget=IsoDateInput())
    period_end = forms.DateField(label=_("Deliveries up to"), widget=IsoDateInput())
    pay_date = forms.DateField(label=_("Pay date"), widget=IsoDateInput())
    method = forms.ChoiceField(label=_("Paid by"), choices=PaymentMethod.choices)


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the correction"), max_length=255)


class DeliveryFilterForm(forms.Form):
    q = forms.CharField(label=_("Supplier"), required=False, help_text=_("Name, village or number"))
    material = forms.ModelChoiceField(label=_("Raw material"), queryset=RawMaterial.objects.none(), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=IsoDateInput())
    end = forms.DateField(label=_("To"), required=False, widget=IsoDateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = RawMaterial.objects.order_by("name")

    def values(self) -> dict:
        """The filters that are valid (a bad date filters nothing and says so next to its field)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


# --- marketing channels and market prices ----------------------------------------------------------------------


class ChannelForm(forms.Form):
    name = forms.CharField(label=_("Channel name"), max_length=200)
    commodity = forms.CharField(label=_("Commodity"), max_length=100)
    unit = forms.CharField(label=_("Price unit"), max_length=20, initial="kg", help_text=_("Prices are per this unit."))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    rows_label = _("Stages, from the producer to the consumer")
    add_label = _("Add a stage")


class StageRowForm(forms.Form):
    name = forms.CharField(label=_("Stage"), max_length=100)
    role = forms.ChoiceField(label=_("Role"), choices=StageRole.choices)


StageFormSet = forms.formset_factory(StageRowForm, extra=0, min_num=2, validate_min=True, can_delete=True)
DEFAULT_STAGES = [
    {"name": "Petani", "role": StageRole.FARMER},
    {"name": "Pengepul", "role": StageRole.COLLECTOR},
    {"name": "Pedagang besar", "role": StageRole.WHOLESALER},
    {"name": "Konsumen", "role": StageRole.CONSUMER},
]


class CostLinesField(forms.CharField):
    """Marketing costs per unit, one per line: "Biaya transport = 125" (amounts as people write them)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def clean(self, value):
        costs, errors = [], []
        for number, line in enumerate((super().clean(value) or "").splitlines(), start=1):
            if not line.strip():
                continue
            name, _sign, amount = line.rpartition("=")
            try:
                if not name.strip():
                    raise AmountError(line)
                costs.append((name.strip(), parse_rupiah(amount)))
            except AmountError:
                errors.append(_("Line %(line)s: write a cost as “name = amount”, e.g. Biaya transport = 125.")
                              % {"line": number})  # fmt: skip
        if errors:
            raise forms.ValidationError(errors)
        return costs

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(f"{name} = {format_number_trimmed(amount, 2)}" for name, amount in value)
        return value


class ObservationForm(forms.Form):
    """Prices and costs per unit observed at one stage of a channel in a period."""

    stage = forms.ModelChoiceField(label=_("Stage"), queryset=ChannelStage.objects.none())
    period_start = forms.DateField(label=_("Period from"), widget=IsoDateInput())
    period_end = forms.DateField(label=_("Period until"), widget=IsoDateInput())
    chain = forms.CharField(
        label=_("Chain"), max_length=100, required=False,
        help_text=_("Whom the lot passed through, e.g. “Pengepul 1 → Pedagang besar 2”; the same on every stage."),
    )  # fmt: skip
    trader = forms.CharField(label=_("Trader observed"), max_length=200, required=False)
    buy_price = AmountField(label=_("Buy price per unit"), required=False)
    sell_price = AmountField(label=_("Sell price per unit"), required=False)
    costs = CostLinesField(
        label=_("Marketing costs per unit"), required=False,
        help_text=_("One per line: name = amount, e.g. Biaya transport = 125."),
    )  # fmt: skip
    source = forms.ChoiceField(label=_("Source"), choices=ObservationSource.choices)
    source_note = forms.CharField(label=_("Source details"), max_length=255, required=False)

    def __init__(self, *args, channel: MarketingChannel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = channel.stages.order_by("position")


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=IsoDateInput())
    end = forms.DateField(label=_("To"), required=False, widget=IsoDateInput())

    def values(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class DeliveryImportForm(ImportForm):
    """The members import's upload (.csv or .xlsx, at most 5 MB), for a file of deliveries."""

    file = forms.FileField(label=_("Delivery file (.csv or .xlsx)"))


class NetworkFilterForm(PeriodForm):
    material = forms.ModelChoiceField(label=_("Raw material"), queryset=RawMaterial.objects.none(), required=False)
    field_order = ["material", "start", "end"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = RawMaterial.objects.order_by("name")


class PlanFilterForm(forms.Form):
    material = forms.ModelChoiceField(label=_("Raw material"), queryset=RawMaterial.objects.none(), required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = RawMaterial.objects.order_by("name")

    def values(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class SeasonForm(forms.Form):
    season_months = forms.TypedMultipleChoiceField(
        label=_("Season months"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: all year."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["season_months"].choices = list(enumerate(short_month_names(), start=1))


class PlanEntryForm(forms.Form):
    month = forms.DateField(label=_("Month"), widget=IsoDateInput(), help_text=_("Any day of the month."))
    supplier = SupplierField(required=False, help_text=_("Empty: the suppliers not planned one by one."))
    expected_quantity = quantity_field(_("Expected quantity"))
