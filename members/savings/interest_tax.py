"""The withholding tax on jasa simpanan — pure Python, no Django import (the names are importable from
:mod:`members.savings.interest` too).

A cooperative withholds PPh final on the jasa simpanan it pays a member who is a person (PP 15/2009):
none when the member's jasa simpanan of the month is at most the threshold (Rp 240.000), otherwise the
rate (10 %) on the whole amount. A bank-style rule is ``TaxRule(day, Decimal("0.20"), Decimal(0))``:
every Rupiah taxed. Rules are dated, so a change of rate or threshold applies from its day on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from members.savings.interest import (
    CENT,
    ONE,
    InterestError,
    InterestRounding,
    InterestRoundingMode,
    Step,
    _date,
    _decimal,
    _show,
    round_amount,
)


@dataclass(frozen=True)
class TaxRule:
    """From ``effective_from`` on: ``rate`` on the whole month's jasa simpanan when it exceeds ``threshold``."""

    effective_from: date
    rate: Decimal  # 0.10
    threshold: Decimal  # 240000: taxed when the member's month's jasa EXCEEDS it; 0 → all interest taxed

    def __post_init__(self):
        _date("effective_from", self.effective_from)
        _decimal("rate", self.rate, upper=ONE)
        _decimal("threshold", self.threshold)


def tax_rule_on(rules: Sequence[TaxRule], day: date) -> TaxRule | None:
    """The rule in force on ``day``: the one with the latest ``effective_from`` on or before it (None when
    every rule starts later). Two rules starting on the same day are refused."""
    _date("day", day)
    starts = [rule.effective_from for rule in rules]
    if len(set(starts)) != len(starts):
        raise InterestError("rules", "two tax rules take effect on the same day")
    in_force = [rule for rule in rules if rule.effective_from <= day]
    return max(in_force, key=lambda rule: rule.effective_from) if in_force else None


@dataclass(frozen=True)
class Withholding:
    gross_total: Decimal
    taxable: bool
    tax_total: Decimal
    taxes: tuple[Decimal, ...]  # per account, in the order of the grosses; they add up to tax_total
    nets: tuple[Decimal, ...]  # gross − tax per account
    steps: tuple[Step, ...]


def withhold_tax(
    grosses: Sequence[Decimal],
    rule: TaxRule | None,
    *,
    rounding: InterestRounding = InterestRounding.WHOLE_RUPIAH,
    rounding_mode: InterestRoundingMode = InterestRoundingMode.HALF_UP,
    explain: bool = True,
) -> Withholding:
    """The PPh on one member's jasa simpanan of one month (``grosses``: one per account).

    When Σ grosses > ``rule.threshold``: tax_total = round(Σ × rate), shared among the accounts in
    proportion to their grosses by the largest-remainder method (each share rounded down to the unit,
    the units left over go to the largest remainders, the earlier account first on a tie), so the taxes
    add up to tax_total exactly; net = gross − tax for every account. ``explain=False`` leaves the steps
    out (the monthly job, 100.000 members).
    """
    amounts = [_decimal("grosses", gross) for gross in grosses]
    if rule is not None and not isinstance(rule, TaxRule):
        raise TypeError("rule must be a TaxRule or None")
    rounding, rounding_mode = InterestRounding(rounding), InterestRoundingMode(rounding_mode)
    total = sum(amounts, Decimal(0))
    taxable = rule is not None and total > rule.threshold
    steps: list[Step] = []
    if explain:
        steps.append(Step("Jasa simpanan of the month", " + ".join(map(_show, amounts)) or "0", _show(total)))
        if rule is None:
            steps.append(Step("Tax rule", "no rule in force", "no tax"))
        else:
            comparison = f"{_show(total)} {'>' if taxable else '≤'} {_show(rule.threshold)}"
            steps.append(Step("Threshold", comparison, "taxed on the whole amount" if taxable else "not taxed"))
    if not taxable:
        zero = Decimal(0).quantize(CENT)
        return Withholding(total, False, zero, (zero,) * len(amounts), tuple(amounts), tuple(steps))
    exact = Fraction(total) * Fraction(rule.rate)
    tax_total = round_amount(exact, rounding, rounding_mode)
    unit = Fraction(1) if rounding == InterestRounding.WHOLE_RUPIAH else Fraction(1, 100)
    taxes = _largest_remainder(tax_total, amounts, unit)
    if explain:
        steps.append(Step("PPh final", f"{_show(total)} × {_show(rule.rate)} = {_show(exact)}", str(tax_total)))
        for index, (gross, tax) in enumerate(zip(amounts, taxes, strict=True), start=1):
            share = f"{tax_total} × {_show(gross)} / {_show(total)}"
            steps.append(Step(f"Account {index}: tax", share, str(tax)))
            steps.append(Step(f"Account {index}: net", f"{_show(gross)} − {tax}", _show(gross - tax)))
    nets = tuple(gross - tax for gross, tax in zip(amounts, taxes, strict=True))
    return Withholding(total, True, tax_total, taxes, nets, tuple(steps))


def _largest_remainder(total: Decimal, weights: list[Decimal], unit: Fraction) -> tuple[Decimal, ...]:
    """``total`` (a whole number of units) shared in proportion to ``weights``, adding up exactly."""
    whole = sum(weights, Decimal(0))
    exact = [Fraction(total) * Fraction(weight) / Fraction(whole) / unit for weight in weights]
    units = [math.floor(share) for share in exact]
    left = int(Fraction(total) / unit) - sum(units)
    for index in sorted(range(len(exact)), key=lambda i: (units[i] - exact[i], i))[:left]:
        units[index] += 1
    return tuple(round_amount(count * unit, InterestRounding.CENTS, InterestRoundingMode.DOWN) for count in units)
