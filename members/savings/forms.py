"""Forms of the savings pages (thin: the services validate and write)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koperasi.core.form_fields import AmountField, money_formfield
from koperasi.money import AmountError, format_amount_input, format_number_trimmed, parse_number_id, parse_rupiah
from members.form_fields import DATE, MemberField, PercentField, idempotency_key_field
from members.savings.models import PRODUCT_FIELDS, AccountStatus, SavingsKind, SavingsProduct

AMOUNT = {"max_digits": 16, "decimal_places": 2, "min_value": Decimal("0.01")}


class RateTiersField(forms.CharField):
    """Tiered yearly rates typed one per line, as a bank's rate table reads: ``1.000.000 = 2,5`` — from
    Rp 1.000.000 upward 2,5 % a year. Stored as ``[{"floor": "1000000", "rate": "0.025"}, …]``."""

    widget = forms.Textarea(attrs={"rows": 3, "placeholder": "0 = 2\n1.000.000 = 2,5\n10.000.000 = 3"})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                f"{format_amount_input(Decimal(row['floor']))} = "
                f"{format_number_trimmed(Decimal(row['rate']) * 100, 4)}"
                for row in value
            )
        return value

    def clean(self, value):
        text = super().clean(value)
        tiers = []
        for line in (text or "").splitlines():
            if not line.strip():
                continue
            floor_text, separator, rate_text = line.partition("=")
            try:
                if not separator:
                    raise AmountError(line)
                floor, rate = parse_rupiah(floor_text), parse_number_id(rate_text.replace("%", ""))
            except AmountError:
                raise forms.ValidationError(
                    _("Write each tier as a balance = a yearly rate in %%, e.g. 1.000.000 = 2,5 (line: %(line)s)."),
                    params={"line": line.strip()},
                ) from None
            tiers.append({"floor": str(floor), "rate": str(rate / 100)})
        return tiers


class SavingsProductForm(forms.ModelForm):
    interest_rate = PercentField(label=_("Interest rate per year (%)"), initial=0)
    rate_tiers = RateTiersField(
        label=_("Tiered rates (balance = % per year, one per line)"),
        required=False,
        help_text=_("Empty for one rate. The first tier starts at 0."),
    )
    early_withdrawal_penalty_rate = PercentField(label=_("Early withdrawal penalty (%)"), initial=0)

    class Meta:
        model = SavingsProduct
        formfield_callback = money_formfield
        fields = PRODUCT_FIELDS


class TaxRuleForm(forms.Form):
    effective_from = forms.DateField(label=_("Effective from"), widget=DATE)
    rate = PercentField(label=_("Tax rate (%)"))
    threshold = AmountField(
        label=_("Taxed when the month's interest exceeds (Rp)"), min_value=Decimal(0), max_digits=16, initial=0
    )
    note = forms.CharField(label=_("Legal basis"), max_length=120, required=False)


class AccountFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, help_text=_("Member name or number"))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *SavingsKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *AccountStatus.choices])


class OpenAccountForm(forms.Form):
    member = MemberField()
    product = forms.ModelChoiceField(label=_("Savings product"), queryset=SavingsProduct.objects.unscoped().none())
    opened_on = forms.DateField(label=_("Opened on"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        products = SavingsProduct.objects.filter(is_active=True).exclude(kind=SavingsKind.TERM)
        self.fields["product"].queryset = products.order_by("kind", "code")


class TermDepositForm(forms.Form):
    member = MemberField()
    product = forms.ModelChoiceField(label=_("Term deposit product"), queryset=SavingsProduct.objects.unscoped().none())
    amount = AmountField(label=_("Amount (Rp)"), **AMOUNT)
    term_months = forms.IntegerField(
        label=_("Term (months)"),
        min_value=1,
        max_value=120,
        required=False,
        help_text=_("The product's term if empty."),
    )
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    key = idempotency_key_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = SavingsProduct.objects.filter(is_active=True, kind=SavingsKind.TERM)


class MovementForm(forms.Form):
    """A deposit or a withdrawal at the counter."""

    amount = AmountField(label=_("Amount (Rp)"), **AMOUNT)
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    memo = forms.CharField(label=_("Note"), max_length=200, required=False)
    key = idempotency_key_field()


class CloseTermDepositForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
