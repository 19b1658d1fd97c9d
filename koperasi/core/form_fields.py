"""Form fields every app uses for money: amounts typed as Indonesians write them."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from koperasi.money import AmountError, format_amount_input, parse_rupiah


class AmountInput(forms.TextInput):
    """A text box for an amount: the phone shows its number pad, page.js groups thousands while the
    person types ("1500000" → "1.500.000"). Not ``type=number``: it cannot hold "1.500.000"."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", "data-amount": "", **(attrs or {})})


class AmountField(forms.DecimalField):
    """A Rupiah amount: accepts "500.000", "1.500.000", "1.500.000,50", "Rp 1.500.000" and "1500000";
    refuses "1,500" and "1,500,000" as ambiguous instead of guessing. Cleans to a Decimal."""

    widget = AmountInput
    default_error_messages = {
        "invalid": _("Write an amount such as 1.500.000 or 1.500.000,50."),
        "ambiguous": _(
            "“%(value)s” can be read two ways: write thousands with dots and decimals with a comma, "
            "such as 1.500.000 or 1.500.000,50."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_rupiah(str(value))
        except AmountError as error:
            code = "ambiguous" if error.ambiguous else "invalid"
            raise ValidationError(self.error_messages[code], code=code, params={"value": value}) from None

    def prepare_value(self, value):
        if isinstance(value, (Decimal, int)):
            return format_amount_input(value, self.decimal_places or 0)
        return value

    def widget_attrs(self, widget):
        # DecimalField would add step/min/max for a number input, which this text box is not.
        return forms.Field.widget_attrs(self, widget)


def money_formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """``Meta.formfield_callback`` of model forms: a model's money columns (two decimal places and room
    for billions) become :class:`AmountField`; every other column (rates, multiples, quantities) keeps
    Django's field."""
    if isinstance(db_field, models.DecimalField) and db_field.decimal_places == 2 and db_field.max_digits >= 12:
        return db_field.formfield(form_class=AmountField, **kwargs)
    return db_field.formfield(**kwargs)
