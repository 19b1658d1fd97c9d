"""The calculators offered as REST endpoints and pages: one entry per method of performance.methods.

Both interfaces call :func:`calculate`, so they accept the same JSON document, return the same result
and report bad input the same way (``MethodInputError.errors``: field path → messages).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import DecimalException
from types import ModuleType
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from performance.examples import example
from performance.methods import ahp, bsc, hayami, income, margins, scor
from performance.methods._base import MethodInputError


@dataclass(frozen=True)
class Calculator:
    slug: str
    title: Promise
    summary: Promise
    module: ModuleType

    @property
    def compute(self) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
        return self.module.compute

    @property
    def version(self) -> str:
        return self.module.VERSION

    def example(self) -> dict[str, Any]:
        return example(self.slug)


CALCULATORS: dict[str, Calculator] = {
    c.slug: c
    for c in (
        Calculator(
            "hayami",
            _("Hayami value added"),
            _("Value added of processing per unit of raw material, its distribution to labour and profit, "
              "and the marketing margin (Hayami et al. 1987)."),
            hayami,
        ),
        Calculator(
            "income",
            _("Income, R/C ratio and break-even"),
            _("Revenue, costs, income (TR − TC), the revenue/cost ratio and break-even points of one "
              "production run."),
            income,
        ),
        Calculator(
            "margins",
            _("Marketing margins"),
            _("Marketing margin, producer share, shares of each stage's costs and profit, and marketing "
              "efficiency of a marketing channel."),
            margins,
        ),
        Calculator(
            "bsc",
            _("Balanced Scorecard"),
            _("Band scores of performance measures, the mean score of each perspective and the weighted "
              "overall score."),
            bsc,
        ),
        Calculator(
            "ahp",
            _("AHP weights"),
            _("Priority weights of a pairwise comparison matrix, λmax, consistency index and consistency "
              "ratio (Saaty)."),
            ahp,
        ),
        Calculator(
            "scor",
            _("SCOR performance"),
            _("Normalised SCOR metric scores (Snorm) and their weighted, optionally hierarchical total."),
            scor,
        ),
    )
}  # fmt: skip


def calculate(calculator: Calculator, payload: Any) -> dict[str, Any]:
    """Run the method; bad input (including numbers beyond Decimal's range) raises MethodInputError."""
    try:
        return calculator.compute(payload)
    except MethodInputError:
        raise
    except (DecimalException, OverflowError) as exc:  # e.g. "1e999999" overflows the Decimal context
        message = gettext("A number is too large or has too many decimals to compute with.")
        raise MethodInputError({"non_field_errors": [message]}) from exc
