"""Form fields shared by the savings and loan pages."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.core.widgets import IsoDateInput
from members.models import Member
from members.selectors import search_members

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


# How many of the members a too-vague text matches the refusal names.
AMBIGUOUS_SHOWN = 5


class MemberPickerInput(forms.TextInput):
    """A text box that offers matching members as the person types (page.js fills its pick list from
    ``members/lookup/``); without scripts it still takes a number, a NIK or a name."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"data-lookup": "members/lookup/", "autocomplete": "off", **(attrs or {})})


class MemberField(forms.CharField):
    """A member chosen by name, member number or NIK; cleans to the Member.

    Takes "12", "12 · Slamet Riyadi" (what the pick list fills in), a whole or partial NIK, or a name:
    text that matches more than one member is refused with the matches named, so nobody is picked by chance.
    """

    widget = MemberPickerInput

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Member"))
        kwargs.setdefault("help_text", _("Type a name, member number or NIK and pick from the list."))
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return str(value) if isinstance(value, Member) else value

    def clean(self, value):
        text = " ".join((super().clean(value) or "").split())
        return find_member(text) if text else None


def find_member(text: str) -> Member:
    """The one member ``text`` names; ValidationError (naming the candidates) when none or several do."""
    named = search_members(text)
    exact = list(named.filter(Q(name__iexact=text) | Q(nik=text))[:2])
    matches = exact if len(exact) == 1 else list(named[:AMBIGUOUS_SHOWN])
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise forms.ValidationError(_("No member matches “%(text)s”."), code="no_match", params={"text": text})
    raise forms.ValidationError(
        _("Several members match “%(text)s”: %(members)s. Pick one from the list or type the member number."),
        code="ambiguous",
        params={"text": text, "members": "; ".join(str(member) for member in matches)},
    )


def idempotency_key_field() -> forms.UUIDField:
    """A hidden key made when the form is shown: submitting the same form twice records it once."""
    return forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
