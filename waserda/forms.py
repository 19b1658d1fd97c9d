"""Forms of the waserda pages (thin: they parse input; the services decide)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koperasi.core.form_fields import AmountField, money_formfield
from koperasi.core.widgets import IsoDateInput
from members.form_fields import MemberField
from waserda.models import Category, Product, SettlementMethod, Supplier
from waserda.models.catalog import PRODUCT_FIELDS
from waserda.validators import barcode_errors

QTY = {"max_digits": 18, "decimal_places": 3}


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        formfield_callback = money_formfield
        fields = list(PRODUCT_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.order_by("name")
        self.fields["supplier"].queryset = Supplier.objects.filter(is_active=True).order_by("name")
        self.fields["barcode"].help_text = _("EAN-13 / EAN-8 with a correct check digit, or an internal code.")

    def clean_barcode(self):
        code = (self.cleaned_data.get("barcode") or "").strip()
        errors = barcode_errors(code)
        if errors:
            raise forms.ValidationError(errors)
        return code

    def validate_unique(self):
        pass  # per-cooperative uniqueness: the service checks it


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("New category"), max_length=100)


class SupplierForm(forms.ModelForm):
    member = MemberField(label=_("Member (if the supplier is a member)"), required=False)

    class Meta:
        model = Supplier
        formfield_callback = money_formfield
        fields = ["name", "phone", "address", "lead_time_days", "is_active"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.member_id:
            self.fields["member"].initial = self.instance.member

    def validate_unique(self):
        pass


class MemberCardForm(forms.Form):
    member = MemberField()
    card_code = forms.CharField(label=_("Card code"), max_length=40)
    credit_limit = AmountField(label=_("Credit limit"), required=False, min_value=0)


class OpenSessionForm(forms.Form):
    opening_float = AmountField(label=_("Opening float (cash in the drawer)"), min_value=0, initial=0)


class CloseSessionForm(forms.Form):
    """The blind count at closing; ``confirmed`` is set by the second step, which shows the difference."""

    counted_cash = AmountField(label=_("Counted cash"), min_value=0)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=IsoDateInput())
    end = forms.DateField(label=_("To"), required=False, widget=IsoDateInput())

    def period(self) -> tuple[datetime.date, datetime.date]:
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or timezone.localdate()
        start = data.get("start") or end - datetime.timedelta(days=29)
        return min(start, end), max(start, end)


class OrderForm(forms.Form):
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=Supplier.objects.none())
    order_date = forms.DateField(label=_("Order date"), widget=IsoDateInput())
    expected_date = forms.DateField(
        label=_("Expected on"), required=False, widget=IsoDateInput()
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Supplier.objects.filter(is_active=True).order_by("name")


class ReceiptForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=IsoDateInput())
    reference = forms.CharField(label=_("Delivery note"), max_length=60, required=False)
    settlement = forms.ChoiceField(label=_("Paid by"), choices=SettlementMethod.choices)
    key = forms.UUIDField(widget=forms.HiddenInput)


class BillForm(forms.Form):
    number = forms.CharField(label=_("Supplier's invoice number"), max_length=60)
    date = forms.DateField(label=_("Date"), widget=IsoDateInput())
    due_date = forms.DateField(label=_("Due date"), required=False, widget=IsoDateInput())


class PayBillForm(forms.Form):
    amount = AmountField(label=_("Amount"), min_value=0)
    method = forms.ChoiceField(label=_("Paid by"), choices=SettlementMethod.choices[1:])
    date = forms.DateField(label=_("Date"), widget=IsoDateInput())
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)
    key = forms.UUIDField(widget=forms.HiddenInput)


class CountForm(forms.Form):
    date = forms.DateField(label=_("Count date"), widget=IsoDateInput())
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class SettingsForm(forms.Form):
    default_credit_limit = AmountField(label=_("Default member credit limit"), min_value=0)
    demand_window_days = forms.IntegerField(label=_("Demand window (days)"), min_value=7, max_value=365)
    order_cycle_days = forms.IntegerField(label=_("Order cycle (days)"), min_value=1, max_value=180)
    receipt_header = forms.CharField(label=_("Receipt header"), max_length=200, required=False)
    receipt_footer = forms.CharField(label=_("Receipt footer"), max_length=200, required=False)
