"""The form that starts a rating."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from performance.models import RubricKind


class StartRatingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Assessment"), choices=RubricKind.choices)
    year = forms.IntegerField(label=_("Year rated"), min_value=1990, max_value=2100)
    nip = forms.CharField(label=_("Your NIP"), max_length=30, required=False)
