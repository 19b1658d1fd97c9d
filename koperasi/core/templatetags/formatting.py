"""Template filters for Indonesian formats: ``{{ amount|rupiah }}``, ``{{ day|tanggal }}``, ``{{ x|angka:3 }}``,
``{{ qty|kuantitas }}``."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django import template
from django.utils import timezone, translation

from koperasi.money import QUANTITY_DECIMALS, format_number_id, format_number_trimmed, format_rupiah

register = template.Library()

MONTHS = {
    "id": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


FULL_MONTHS = {
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}  # fmt: skip


def month_label(value) -> str:
    """A month (anything with ``year`` and ``month``: a ``Month``, a date) → ``November 2026`` in the
    active language, for messages and headers (keys stay ``2026-11``)."""
    language = (translation.get_language() or "id").split("-")[0]
    return f"{FULL_MONTHS.get(language, FULL_MONTHS['en'])[value.month - 1]} {value.year}"


@register.filter
def periode(value: str) -> str:
    """A report's period key as people read it: ``2026-01 – 2026-03`` → ``Januari 2026 – Maret 2026``
    (also ``/`` lists of periods); anything else is left as it is."""
    return re.sub(r"\b(\d{4})-(\d{2})\b", lambda m: month_label(datetime.date(int(m[1]), int(m[2]), 1)), str(value))


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
    return f"{value.day} {short_month_names()[value.month - 1]} {value.year}"


def short_month_names() -> list[str]:
    """Jan … Des in the active language (English for a language without its own list)."""
    return MONTHS.get((translation.get_language() or "id").split("-")[0], MONTHS["en"])


@register.filter
def kuantitas(value) -> str:
    """A quantity without needless decimals: ``36.000`` → ``36``, ``2.500`` → ``2,5``."""
    quantity = _as_decimal(value)
    return "" if quantity is None else format_number_trimmed(quantity, QUANTITY_DECIMALS)


FIGURE_FORMATS = {"rupiah": ("Rp ", 0, ""), "percent": ("", 2, " %"), "ratio": ("", 2, ""), "score": ("", 2, ""),
                  "count": ("", 0, ""), "quantity": ("", 3, "")}  # fmt: skip


@register.filter
def figure(value, kind: str = "") -> str:
    """A dashboard figure as its kind is shown: ``rupiah`` (whole Rupiah), ``percent`` (2 decimals and %),
    ``ratio``/``score`` (2 decimals), ``count``; text as it is; no value → ``—``."""
    if value is None or value == "":
        return "—"
    if kind not in FIGURE_FORMATS:
        return str(value)
    prefix, places, suffix = FIGURE_FORMATS[kind]
    return f"{prefix}{format_number_id(_as_decimal(value), places)}{suffix}"
