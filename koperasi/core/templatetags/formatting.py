"""Template filters for Indonesian formats: ``{{ amount|rupiah }}``, ``{{ day|tanggal }}``, ``{{ x|angka:3 }}``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template
from django.utils import timezone, translation

from koperasi.money import format_number_id, format_rupiah

register = template.Library()

MONTHS = {
    "id": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


def _as_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        # Money is never a float; a ratio that is one is formatted via str to avoid binary noise.
        return Decimal(str(value))
    return value if isinstance(value, Decimal) else Decimal(value)


@register.filter
def rupiah(value, places: int = 2) -> str:
    """``1234567`` → ``Rp 1.234.567,00``; ``None`` → ``""``."""
    amount = _as_decimal(value)
    return "" if amount is None else format_rupiah(amount, int(places))


@register.filter
def angka(value, places: int = 0) -> str:
    """A plain number in Indonesian style: ``1234.5|angka:2`` → ``1.234,50``."""
    amount = _as_decimal(value)
    return "" if amount is None else format_number_id(amount, int(places))


@register.filter
def tanggal(value) -> str:
    """``date(2026, 11, 24)`` → ``24 Nov 2026`` (month names in the active language)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    language = (translation.get_language() or "id").split("-")[0]
    months = MONTHS.get(language, MONTHS["en"])
    return f"{value.day} {months[value.month - 1]} {value.year}"
