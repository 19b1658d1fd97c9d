"""Form widgets every app uses."""

from __future__ import annotations

from django import forms


class IsoDateInput(forms.DateInput):
    """``<input type="date">`` with its value in ISO form (2026-12-04), the only form a browser's date
    input accepts: Django would otherwise write the active language's format (04-12-2026 in Bahasa
    Indonesia), which the browser rejects, showing an empty date. The browser shows the date as the
    person's locale writes it."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=format or "%Y-%m-%d")
