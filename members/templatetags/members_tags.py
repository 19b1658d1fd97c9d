"""Template filters of the members pages: ``{{ rate|persen }}`` shows a fraction as a percentage."""

from __future__ import annotations

from decimal import Decimal

from django import template

from koperasi.money import format_number_id

register = template.Library()


@register.filter
def persen(value, places: int = 2) -> str:
    """``Decimal("0.015")`` → ``1,50 %``; ``None`` → ``""``."""
    if value is None or value == "":
        return ""
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    return f"{format_number_id(amount * 100, int(places))} %"
