"""Reads of the market-price observations: what a channel's stages were observed at in a period, and
the ``margins`` payload of the methods library (performance/methods/margins.py) built from them."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from procurement.error_codes import ProcurementErrorCode, refuse
from procurement.models import ChannelStage, MarketingChannel, PriceObservation, StageRole


@dataclass
class ObservedChain:
    """The observations of one chain in one period, one per stage (``by_position``)."""

    label: str
    period_start: datetime.date
    period_end: datetime.date
    by_position: dict[int, PriceObservation] = field(default_factory=dict)

    @property
    def title(self) -> str:
        period = f"{self.period_start:%d-%m-%Y}–{self.period_end:%d-%m-%Y}"
        return f"{self.label} ({period})" if self.label else period


def observations_within(start: datetime.date | None, end: datetime.date | None) -> QuerySet:
    """Every channel's observations whose period lies within ``start``–``end`` (either end open)."""
    found = PriceObservation.objects.all()
    if start:
        found = found.filter(period_start__gte=start)
    if end:
        found = found.filter(period_end__lte=end)
    return found


def observations(channel: MarketingChannel, start: datetime.date | None, end: datetime.date | None) -> QuerySet:
    """The channel's observations whose period lies within ``start``–``end`` (either end open)."""
    found = observations_within(start, end).filter(channel=channel)
    return found.select_related("stage").prefetch_related("costs").order_by("period_start", "chain", "stage__position")


def observed_chains(channel: MarketingChannel, start=None, end=None) -> list[ObservedChain]:
    """Observations grouped by (chain, period): each group is one observed way through the channel."""
    chains: dict[tuple, ObservedChain] = {}
    for item in observations(channel, start, end):
        key = (item.chain, item.period_start, item.period_end)
        chain = chains.setdefault(key, ObservedChain(item.chain, item.period_start, item.period_end))
        chain.by_position[item.stage.position] = item
    return list(chains.values())


def _text(value: Decimal) -> str:
    return format(value, "f")


def _middle_stages(stages: list[ChannelStage]) -> list[ChannelStage]:
    """The stages that buy and sell: all but the producer and a final consumer."""
    last = -1 if stages[-1].role == StageRole.CONSUMER else None
    return stages[1:last]


def _cost_names(chains: list[ObservedChain], stages: list[ChannelStage]) -> dict[int, list[str]]:
    """Per stage, every cost item any chain names, in the order first seen: the method averages chains
    item by item, so each chain lists them all (an item a chain did not bear counts 0)."""
    names: dict[int, list[str]] = defaultdict(list)
    for chain in chains:
        for stage in stages:
            for cost in chain.by_position[stage.position].costs.all():
                if cost.name not in names[stage.position]:
                    names[stage.position].append(cost.name)
    return names


def _chain_payload(chain: ObservedChain, stages: list[ChannelStage], names: dict[int, list[str]]) -> dict[str, Any]:
    producer = chain.by_position[stages[0].position]
    payload: dict[str, Any] = {"producer_price": _text(producer.sell_price), "stages": []}
    for stage in _middle_stages(stages):
        observed = chain.by_position[stage.position]
        amounts = {cost.name: cost.amount for cost in observed.costs.all()}
        payload["stages"].append({
            "name": stage.name,
            "buy_price": _text(observed.buy_price),
            "sell_price": _text(observed.sell_price),
            "costs": [{"name": n, "amount": _text(amounts.get(n, Decimal(0)))} for n in names[stage.position]],
        })  # fmt: skip
    consumer = chain.by_position.get(stages[-1].position) if stages[-1].role == StageRole.CONSUMER else None
    if consumer is not None and consumer.buy_price is not None:
        payload["consumer_price"] = _text(consumer.buy_price)
    return payload


def _check_complete(chains: list[ObservedChain], stages: list[ChannelStage]) -> None:
    if not chains:
        raise refuse("period", _("No prices were observed on this channel in that period."),
                     ProcurementErrorCode.OBSERVATIONS_INCOMPLETE)  # fmt: skip
    needed = stages[: len(stages) - (stages[-1].role == StageRole.CONSUMER)]
    missing = [
        _("%(chain)s: no prices for %(stage)s") % {"chain": chain.title, "stage": stage.name}
        for chain in chains
        for stage in needed
        if stage.position not in chain.by_position
    ]
    if missing:
        raise ValidationError(
            {
                "period": [
                    ValidationError(message, code=ProcurementErrorCode.OBSERVATIONS_INCOMPLETE) for message in missing
                ]
            }
        )


def margins_payload(channel: MarketingChannel, start=None, end=None) -> dict[str, Any]:
    """The ``margins`` method's input for ``channel`` over the period: one chain as it is, several
    (traders, months) as ``chains``, which the method averages into the mean chain — how seed 003 built
    appendix M from F and I, and O from G, H and J. Raises ValidationError naming every stage a chain
    lacks."""
    stages = list(channel.stages.order_by("position"))
    chains = observed_chains(channel, start, end)
    _check_complete(chains, stages)
    names = _cost_names(chains, _middle_stages(stages))
    payloads = [_chain_payload(chain, stages, names) for chain in chains]
    return payloads[0] if len(payloads) == 1 else {"chains": payloads}
