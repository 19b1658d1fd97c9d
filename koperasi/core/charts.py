"""Bar charts drawn by the page itself (HTML and CSS, no script): the figures a person would rather
see than read — a calculator's result, a dashboard's scores.

Each bar's length is its value's share of the largest absolute value in the chart, in percent of the
track, rounded half up to one decimal (a drawing, not a figure); negative values are drawn as such.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TENTH = Decimal("0.1")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    shown: str  # the value as the page writes it ("Rp 15.300", "97,73 %")
    length: Decimal  # percent of the track
    negative: bool


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]


def bar_chart(title: str, items: Sequence[tuple[str, Decimal | None, str]]) -> BarChart | None:
    """``items``: (label, value, value as shown); items without a value are left out, and a chart with
    nothing to draw is None."""
    drawn = [(label, Decimal(value), shown) for label, value, shown in items if value is not None]
    largest = max((abs(value) for _label, value, _shown in drawn), default=Decimal(0))
    if largest == 0:
        return None
    bars = [
        Bar(
            label=label,
            value=value,
            shown=shown,
            length=(abs(value) / largest * HUNDRED).quantize(TENTH, rounding=ROUND_HALF_UP),
            negative=value < 0,
        )
        for label, value, shown in drawn
    ]
    return BarChart(title=title, bars=bars)
