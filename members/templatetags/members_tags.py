"""Template filters of the members pages: ``{{ rate|persen }}`` shows a fraction as a percentage."""

from __future__ import annotations

from decimal import Decimal

from django import template

from koperasi.money import format_number_trimmed

register = template.Library()


@register.filter
def persen(value, places: int = 2) -> str:
    """A fraction as people say a rate, rounded to at most ``places`` decimals and without needless
    ones: ``Decimal("0.18")`` → ``18 %``, ``Decimal("0.015")`` → ``1,5 %``; ``None`` → ``""``."""
    if value is None or value == "":
        return ""
    percent = (value if isinstance(value, Decimal) else Decimal(str(value))) * 100
    return f"{format_number_trimmed(percent, int(places))} %"
