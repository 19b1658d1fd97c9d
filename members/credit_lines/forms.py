"""Forms of the credit-line pages (thin: the services check and write)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koperasi.core.form_fields import AmountField
from members.credit_lines.models import DAY_COUNT_CHOICES, ROUNDING_CHOICES
from members.form_fields import DATE, MemberField, PercentField, idempotency_key_field

AMOUNT = {"max_digits": 16, "decimal_places": 2, "min_value": Decimal("0.01")}


class OpenLineForm(forms.Form):
    member = MemberField()
    limit = AmountField(label=_("Limit (Rp)"), **AMOUNT)
    rate = PercentField(label=_("Interest rate per year (%)"))
    day_count = forms.ChoiceField(label=_("Day count"), choices=DAY_COUNT_CHOICES)
    rounding = forms.ChoiceField(label=_("Rounding"), choices=ROUNDING_CHOICES)
    on = forms.DateField(label=_("Opened on"), widget=DATE, initial=timezone.localdate)


class LineMovementForm(forms.Form):
    amount = AmountField(label=_("Amount (Rp)"), **AMOUNT)
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    key = idempotency_key_field()
