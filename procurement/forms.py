"""Forms of the supply pages: suppliers, the intake form of a collection point, payment runs."""

from __future__ import annotations

import uuid

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.core.form_fields import AmountField, money_formfield
from koperasi.core.widgets import IsoDateInput
from members.form_fields import MemberField
from procurement.models import PaymentMethod, RawMaterial, Supplier
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
