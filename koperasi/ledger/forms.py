"""Forms of the ledger pages (thin: the services validate the business rules)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from koperasi.core.form_fields import AmountField, money_formfield
from koperasi.core.widgets import IsoDateInput
from koperasi.ledger.models import Account, AccountType, BusinessUnit, FixedAsset
from koperasi.ledger.sources import source_choices


class AccountForm(forms.Form):
    parent = forms.ModelChoiceField(label=_("Parent account"), queryset=Account.objects.all(), required=False)
    type = forms.ChoiceField(
        label=_("Type (when no parent)"), choices=[("", "—"), *AccountType.choices], required=False
    )
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=150)
    # Tenant querysets built at import bind to the request's cooperative when the form is made.
    business_unit = forms.ModelChoiceField(
        label=_("Business unit"), queryset=BusinessUnit.objects.all(), required=False
    )

    def clean(self):
        data = super().clean()
        if not data.get("parent") and not data.get("type"):
            self.add_error("type", _("Choose a parent account or a type."))
        return data


class JournalFilterForm(forms.Form):
    """The journal's filters (all optional, sent by GET)."""

    date_from = forms.DateField(label=_("From"), required=False, widget=IsoDateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=IsoDateInput())
    source = forms.ChoiceField(label=_("Source"), required=False)
    account = forms.ModelChoiceField(label=_("Account"), queryset=Account.objects.order_by("code"), required=False)
    text = forms.CharField(label=_("Text or number"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", _("All sources")), *source_choices()]

    def filters(self) -> dict:
        """The selector's arguments; nothing narrows the journal while the form has errors."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "source_type": data["source"],
            "account": data["account"],
            "text": data["text"],
        }


class MonthForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Month"), min_value=1, max_value=12)


class ReopenForm(MonthForm):
    reason = forms.CharField(label=_("Reason"), max_length=255)


class YearForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=2000, max_value=2100)


class ReverseForm(forms.Form):
    date = forms.DateField(label=_("Date of the reversal"), widget=IsoDateInput())
    reason = forms.CharField(label=_("Reason"), max_length=200)


class FixedAssetForm(forms.ModelForm):
    class Meta:
        model = FixedAsset
        fields = ["code", "name", "acquisition_date", "cost", "salvage_value", "useful_life_months", "business_unit"]
        widgets = {"acquisition_date": IsoDateInput()}
        formfield_callback = money_formfield


class EntryForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=IsoDateInput())
    memo = forms.CharField(label=_("Memo"), max_length=255)


class LineForm(forms.Form):
    account = forms.ModelChoiceField(label=_("Account"), queryset=Account.objects.all(), required=False)
    debit = AmountField(label=_("Debit"), required=False, min_value=0)
    credit = AmountField(label=_("Credit"), required=False, min_value=0)
    memo = forms.CharField(label=_("Memo"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = Account.objects.filter(is_active=True)

    def line_values(self):
        data = self.cleaned_data
        return data.get("account"), data.get("debit") or Decimal("0"), data.get("credit") or Decimal("0")


LineFormSet = forms.formset_factory(LineForm, extra=6, max_num=40)
