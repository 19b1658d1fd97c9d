"""Forms of the loan pages (thin: the services validate and write)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koperasi.core.form_fields import AmountField, money_formfield
from members.form_fields import DATE, MemberField, PercentField, idempotency_key_field
from members.loans.models import PRODUCT_FIELDS, LoanProduct, LoanStatus
from members.loans.schedule import MAX_TERM_PERIODS

AMOUNT = {"max_digits": 16, "decimal_places": 2, "min_value": Decimal("0.01")}


def term_or_instalment(form: forms.Form, cleaned: dict) -> dict:
    """A loan is asked for by its number of instalments or by the instalment; exactly one."""
    term, instalment = cleaned.get("term_periods"), cleaned.get("fixed_instalment")
    if (term is None) == (instalment is None) and not form.has_error("term_periods"):
        form.add_error("term_periods", _("Give either the number of instalments or the instalment."))
    return cleaned


class LoanProductForm(forms.ModelForm):
    rate = PercentField(label=_("Interest rate (%)"))
    admin_fee_rate = PercentField(label=_("Administration fee (% of the amount)"), initial=0)
    provision_rate = PercentField(label=_("Provision (% of the amount)"), initial=0)
    penalty_rate_per_day = PercentField(label=_("Late penalty per day (% of the instalment)"), initial=0)
    balloon_share = PercentField(
        label=_("Balloon: share of the amount paid with the last instalment (%)"),
        initial=0,
        help_text=_("0 for none; 100 for a bullet loan (interest each period, all principal at the end)."),
    )

    class Meta:
        model = LoanProduct
        formfield_callback = money_formfield
        fields = PRODUCT_FIELDS


class LoanFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, help_text=_("Member name or number"))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *LoanStatus.choices])


class LoanApplicationForm(forms.Form):
    member = MemberField()
    product = forms.ModelChoiceField(label=_("Loan product"), queryset=LoanProduct.objects.unscoped().none())
    amount = AmountField(label=_("Amount (Rp)"), **AMOUNT)
    term_periods = forms.IntegerField(
        label=_("Number of instalments"), min_value=1, max_value=MAX_TERM_PERIODS, required=False
    )
    fixed_instalment = AmountField(
        label=_("Or: the instalment the member can pay (Rp)"),
        required=False,
        help_text=_("The number of instalments then follows from it."),
        **AMOUNT,
    )
    applied_on = forms.DateField(label=_("Applied on"), widget=DATE, initial=timezone.localdate)
    purpose = forms.CharField(label=_("Purpose of the loan"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = LoanProduct.objects.filter(is_active=True).order_by("code")

    def clean(self):
        return term_or_instalment(self, super().clean())


class DecisionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class DisburseForm(forms.Form):
    date = forms.DateField(label=_("Disbursed on"), widget=DATE, initial=timezone.localdate)
    first_due_date = forms.DateField(
        label=_("First due date"), widget=DATE, required=False, help_text=_("One month later if empty.")
    )


class RepayForm(forms.Form):
    amount = AmountField(label=_("Amount (Rp)"), **AMOUNT)
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    key = idempotency_key_field()


class PayoffForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    key = idempotency_key_field()


class WriteOffForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class PortalSimulationForm(forms.Form):
    """A member's simulation with one of the cooperative's loan products."""

    product = forms.ModelChoiceField(label=_("Loan product"), queryset=LoanProduct.objects.unscoped().none())
    amount = AmountField(label=_("Loan amount (Rp)"), **AMOUNT)
    term_periods = forms.IntegerField(
        label=_("Number of instalments"), min_value=1, max_value=MAX_TERM_PERIODS, required=False
    )
    fixed_instalment = AmountField(
        label=_("Or: the instalment you can pay (Rp)"),
        required=False,
        help_text=_("The number of instalments then follows from it."),
        **AMOUNT,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = LoanProduct.objects.filter(is_active=True).order_by("code")

    def clean(self):
        return term_or_instalment(self, super().clean())
