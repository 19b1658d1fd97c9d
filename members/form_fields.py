"""Form fields shared by the savings and loan pages."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from koperasi.core.widgets import IsoDateInput
from members.models import Member

DATE = IsoDateInput()
HUNDRED = Decimal(100)


class PercentField(forms.DecimalField):
    """A rate stored as a fraction (0.015) and entered as people say it, in percent (1.5)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 10)
        kwargs.setdefault("decimal_places", 4)
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("max_value", HUNDRED)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return (value * HUNDRED).normalize()
        return value

    def clean(self, value):
        cleaned = super().clean(value)
        return None if cleaned is None else cleaned / HUNDRED


class MemberNumberField(forms.IntegerField):
    """A member chosen by member number (what staff at the counter type); cleans to the Member."""

    def __init__(self, *args, active_only: bool = True, **kwargs):
        self.active_only = active_only
        kwargs.setdefault("label", _("Member number"))
        kwargs.setdefault("min_value", 1)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return value.member_no if isinstance(value, Member) else value

    def clean(self, value):
        number = super().clean(value)
        if number is None:
            return None
        member = Member.objects.filter(member_no=number).first()
        if member is None:
            raise forms.ValidationError(_("No member has this number."))
        return member


def idempotency_key_field() -> forms.UUIDField:
    """A hidden key made when the form is shown: submitting the same form twice records it once."""
    return forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
