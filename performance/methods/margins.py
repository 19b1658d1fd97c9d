"""Marketing margin, margin distribution and marketing efficiency of a marketing channel.

Source: Buana, I. T. (2016), *Analisis Efisiensi Pemasaran Kopi dan Penggunaan Balanced ScoreCard
(BSC) dalam Penilaian Kinerja KSU Argopuro Jaya Abadi*, skripsi, Universitas Jember
(seed 003): formulas in §3.5 (lines 838–928, after Sudiyono 2002 and Shepherd in Soekartawi 1993),
worked tables in appendices F–Q (lines 1313–1564).

Formulas (all prices and costs per unit of product, e.g. Rp/kg)::

    Pf = producer (farmer) price, Pr = consumer price (default: last stage's sell price)
    M  = Pr − Pf                                  total marketing margin ("Marjin Pemasaran")
    producer share      = Pf / Pr × 100           ("Share Ski" of the farmer row)
    stage j:  M_j = H_jj − H_bj                   margin = sell price − buy price
              C_j = Σ_i c_ij                      costs of the stage
              π_j = M_j − C_j                     profit ("Keuntungan")
              π_j / C_j × 100                     profit/cost ratio (column "π" of the appendices)
    share of consumer price     x / Pr × 100      (columns "Share (%) Ski/Sbi")
    share of total margin       x / M  × 100      (columns "DM (%) Ski/Sbi": SB_ij, SK_j of §3.5)
    EP = Σ_j C_j / Pr × 100                       marketing efficiency (TB / TNP, line 916)

With a continuous chain (each stage buys at the previous stage's sell price and the consumer pays
the last sell price) producer share + Σ cost shares + Σ profit shares = 100.

``chains`` (several observed chains of one channel) is analysed as the *mean chain*: producer price,
buy and sell prices and every cost item are averaged over the chains first and all margins, shares,
ratios and EP are recomputed from those means.  That is what the thesis printed: appendix M is the
mean of F and I and appendix O the mean of G, H and J (e.g. O's collector π = 2126 / 124 × 100 =
1714.52, not the mean of the printed ratios 1856.52, 1484.51, 1856.52 = 1732.52).

``unit_conversion`` multiplies every per-unit price and cost (per-litre → per-kg with 3 L/kg gives
appendix Q from appendix P); shares, ratios and EP do not change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from typing import Any

from ._base import (
    CONTEXT,
    Errors,
    finish,
    number,
    percent,
    require_mapping,
)
from ._base import gettext_noop as _

METHOD = "margins"
VERSION = "1.0"
ONE = Decimal(1)


@dataclass(frozen=True)
class Cost:
    name: str
    amount: Decimal


@dataclass(frozen=True)
class Stage:
    name: str
    buy_price: Decimal
    sell_price: Decimal
    costs: tuple[Cost, ...]


@dataclass(frozen=True)
class Chain:
    producer_price: Decimal
    stages: tuple[Stage, ...]
    consumer_price: Decimal


# --------------------------------------------------------------------------- parsing


def _name(item: Mapping[str, Any], path: str, errors: Errors, default: str | None) -> str:
    value = item.get("name", default)
    if not isinstance(value, str) or not value.strip():
        errors.add(f"{path}name", _("A non-empty name is required."))
        return ""
    return value


def _objects(value: Any, field: str, errors: Errors, *, required: bool) -> list[Mapping[str, Any]]:
    """A list of JSON objects at ``field``; records errors for anything else."""
    if value is None:
        if required:
            errors.add(field, _("This field is required."))
        return []
    if not isinstance(value, list) or (required and not value):
        errors.add(field, _("A non-empty list is required.") if required else _("A list is required."))
        return []
    good = []
    for index, item in enumerate(value):
        if isinstance(item, Mapping):
            good.append(item)
        else:
            errors.add(f"{field}.{index}", _("An object is required."))
    return good if len(good) == len(value) else []


def _costs(stage: Mapping[str, Any], path: str, errors: Errors) -> tuple[Cost, ...]:
    costs = []
    for index, item in enumerate(_objects(stage.get("costs"), f"{path}costs", errors, required=False)):
        item_path = f"{path}costs.{index}."
        name = _name(item, item_path, errors, None)
        amount = number(item, "amount", errors, path=item_path)
        costs.append(Cost(name, amount if amount is not None else Decimal(0)))
    return tuple(costs)


def _stage(item: Mapping[str, Any], path: str, expected_buy: Decimal | None, errors: Errors) -> Stage:
    """One stage; ``buy_price`` defaults to (and must equal) the previous seller's price."""
    name = _name(item, path, errors, path.rstrip("."))
    buy = number(item, "buy_price", errors, path=path, required=False, default=expected_buy)
    if buy is not None and expected_buy is not None and buy != expected_buy:
        errors.add(f"{path}buy_price", _("Must equal the previous seller's price (%(price)s)."), price=expected_buy)
    sell = number(item, "sell_price", errors, path=path)
    zero = Decimal(0)
    return Stage(name, buy if buy is not None else zero, sell if sell is not None else zero, _costs(item, path, errors))


def _chain(payload: Mapping[str, Any], path: str, errors: Errors) -> Chain:
    producer = number(payload, "producer_price", errors, path=path)
    stages: list[Stage] = []
    expected = producer
    for index, item in enumerate(_objects(payload.get("stages"), f"{path}stages", errors, required=True)):
        stage = _stage(item, f"{path}stages.{index}.", expected, errors)
        stages.append(stage)
        expected = stage.sell_price
    consumer = number(payload, "consumer_price", errors, path=path, required=False, default=expected)
    zero = Decimal(0)
    return Chain(producer or zero, tuple(stages), consumer if consumer is not None else zero)


def _check_alike(chains: Sequence[Chain], errors: Errors) -> None:
    """Chains averaged together must have the same stages and cost items in the same order."""
    first = chains[0]
    for index, chain in enumerate(chains[1:], start=1):
        if len(chain.stages) != len(first.stages):
            errors.add(f"chains.{index}.stages", _("Must have as many stages as chains.0."))
            continue
        for s, (stage, model) in enumerate(zip(chain.stages, first.stages, strict=True)):
            if [c.name for c in stage.costs] != [c.name for c in model.costs]:
                errors.add(f"chains.{index}.stages.{s}.costs", _("Must list the same cost items as chains.0."))


# --------------------------------------------------------------------------- arithmetic


def _mean(values: Sequence[Decimal]) -> Decimal:
    with localcontext(CONTEXT):
        return sum(values, Decimal(0)) / len(values)


def mean_chain(chains: Sequence[Chain]) -> Chain:
    """Average prices and costs position by position (names from the first chain)."""
    stages = []
    for s, model in enumerate(chains[0].stages):
        costs = tuple(
            Cost(cost.name, _mean([c.stages[s].costs[i].amount for c in chains])) for i, cost in enumerate(model.costs)
        )
        stages.append(
            Stage(
                model.name,
                _mean([c.stages[s].buy_price for c in chains]),
                _mean([c.stages[s].sell_price for c in chains]),
                costs,
            )
        )
    return Chain(_mean([c.producer_price for c in chains]), tuple(stages), _mean([c.consumer_price for c in chains]))


def convert(chain: Chain, factor: Decimal) -> Chain:
    """Multiply every per-unit price and cost by ``factor`` (e.g. 3 L/kg: Rp/L → Rp/kg)."""
    if factor == ONE:
        return chain
    with localcontext(CONTEXT):
        stages = tuple(
            replace(
                s,
                buy_price=s.buy_price * factor,
                sell_price=s.sell_price * factor,
                costs=tuple(Cost(c.name, c.amount * factor) for c in s.costs),
            )
            for s in chain.stages
        )
        return Chain(chain.producer_price * factor, stages, chain.consumer_price * factor)


def _parts(values: Mapping[str, Decimal], base: Decimal, notes: list[str], label: str) -> dict:
    return {key: percent(value, base, notes, f"{label}.{key}") for key, value in values.items()}


def _stage_result(stage: Stage, index: int, pr: Decimal, margin: Decimal, notes: list[str]) -> dict:
    label = f"stages.{index}"
    with localcontext(CONTEXT):
        stage_margin = stage.sell_price - stage.buy_price
        cost_total = sum((c.amount for c in stage.costs), Decimal(0))
        profit = stage_margin - cost_total
    values = {"margin": stage_margin, "cost": cost_total, "profit": profit}
    costs = [
        {
            "name": c.name,
            "amount": c.amount,
            "share": percent(c.amount, pr, notes, f"{label}.costs.{i}.share"),
            "margin_share": percent(c.amount, margin, notes, f"{label}.costs.{i}.margin_share"),
        }
        for i, c in enumerate(stage.costs)
    ]
    return {
        "name": stage.name,
        "buy_price": stage.buy_price,
        "sell_price": stage.sell_price,
        "margin": stage_margin,
        "cost_total": cost_total,
        "profit": profit,
        "profit_cost_ratio": percent(profit, cost_total, notes, f"{label}.profit_cost_ratio"),
        "share": _parts(values, pr, notes, f"{label}.share"),
        "margin_share": _parts(values, margin, notes, f"{label}.margin_share"),
        "costs": costs,
    }


def _sum(values: Sequence[Decimal | None]) -> Decimal | None:
    if any(value is None for value in values):
        return None
    with localcontext(CONTEXT):
        return sum((v for v in values if v is not None), Decimal(0))


def analyse(chain: Chain, notes: list[str]) -> dict[str, Any]:
    """Margins, shares and EP of one chain, as Decimals (see the module docstring)."""
    pr, pf = chain.consumer_price, chain.producer_price
    with localcontext(CONTEXT):
        margin = pr - pf
    stages = [_stage_result(s, i, pr, margin, notes) for i, s in enumerate(chain.stages)]
    total_cost = _sum([s["cost_total"] for s in stages])
    total_profit = _sum([s["profit"] for s in stages])
    producer_share = percent(pf, pr, notes, "producer_share")
    if stages and stages[-1]["sell_price"] != pr:
        notes.append("consumer_price differs from the last stage's sell price: shares do not sum to 100.")
    cost, profit = total_cost or Decimal(0), total_profit or Decimal(0)
    with localcontext(CONTEXT):
        parts = {"costs": cost, "profits": profit, "producer_and_profits": pf + profit, "total": pf + cost + profit}
        marketing = {"costs": cost, "profits": profit, "total": cost + profit}
    return {
        "producer_price": pf,
        "consumer_price": pr,
        "total_margin": margin,
        "producer_share": producer_share,
        "total_cost": total_cost,
        "total_profit": total_profit,
        "efficiency": percent(cost, pr, notes, "efficiency"),
        "stages": stages,
        "shares": _parts(parts, pr, notes, "shares"),
        "margin_shares": _parts(marketing, margin, notes, "margin_shares"),
    }


# --------------------------------------------------------------------------- entry point


def _finish(result: dict[str, Any], published: Any, notes: list[str]) -> dict[str, Any]:
    return finish(result, method=METHOD, version=VERSION, notes=notes, published=published)


def _single(chain: Chain, published: Any) -> dict[str, Any]:
    notes: list[str] = []
    return _finish(analyse(chain, notes), published, notes)


def compute(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Analyse one chain (``producer_price``, ``stages``) or the mean of several (``chains``)."""
    payload = require_mapping(payload)
    errors = Errors()
    factor = number(payload, "unit_conversion", errors, required=False, default=ONE, positive=True) or ONE
    if "chains" in payload:
        items = _objects(payload.get("chains"), "chains", errors, required=True)
        chains = [_chain(item, f"chains.{i}.", errors) for i, item in enumerate(items)]
        if not errors:
            _check_alike(chains, errors)
    else:
        chains = [_chain(payload, "", errors)]
    errors.raise_if_any()
    chains = [convert(chain, factor) for chain in chains]
    notes: list[str] = []
    result = analyse(mean_chain(chains) if "chains" in payload else chains[0], notes)
    result["unit_conversion"] = factor
    if "chains" in payload:
        pairs = zip(chains, items, strict=True)
        result["chains"] = [_single(chain, item.get("published")) for chain, item in pairs]
    return _finish(result, payload.get("published"), notes)
