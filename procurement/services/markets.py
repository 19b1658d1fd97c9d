"""Marketing channels and the prices observed along them."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.money import quantize_rupiah
from procurement.error_codes import ProcurementErrorCode, refuse
from procurement.models import (
    ChannelStage,
    MarketingChannel,
    ObservationCost,
    ObservationSource,
    PriceObservation,
    StageRole,
)

OBSERVATION_FIELDS = (
    "stage", "period_start", "period_end", "chain", "trader", "buy_price", "sell_price", "source", "source_note"
)  # fmt: skip


@transaction.atomic
def create_channel(
    *, actor, name: str, commodity: str, stages: Sequence[tuple[str, str]], unit: str = "kg", description: str = ""
) -> MarketingChannel:
    """A channel with its stages in order, ``(name, role)`` each: the producer first, at least one more."""
    if len(stages) < 2:
        raise refuse(
            "stages",
            _("A channel has at least two stages: the producer and whom it sells to."),
            ProcurementErrorCode.CHANNEL_STAGES,
        )
    channel = MarketingChannel(name=name, commodity=commodity, unit=unit, description=description)
    channel.full_clean(exclude=["cooperative"], validate_unique=False)
    channel.save()
    for position, (stage_name, role) in enumerate(stages, start=1):
        stage = ChannelStage(channel=channel, position=position, name=stage_name, role=role)
        stage.full_clean(exclude=["cooperative", "channel"], validate_unique=False)
        stage.save()
    record_event("procurement.channel.create", actor=actor, obj=channel, after={"name": name, "stages": len(stages)})
    return channel


def _price(value) -> Decimal | None:
    return None if value in (None, "") else quantize_rupiah(Decimal(value))


def _check_prices(stage: ChannelStage, buy: Decimal | None, sell: Decimal | None) -> None:
    """The producer sells, the consumer buys, every stage between buys and sells."""
    is_producer = stage.position == 1
    is_consumer = stage.role == StageRole.CONSUMER
    if not is_consumer and sell is None:
        raise refuse("sell_price", _("Enter the price this stage sells at."), ProcurementErrorCode.OBSERVATION_PRICES)
    if not is_producer and buy is None:
        raise refuse("buy_price", _("Enter the price this stage buys at."), ProcurementErrorCode.OBSERVATION_PRICES)
    if (buy is not None and buy < 0) or (sell is not None and sell < 0):
        raise refuse("sell_price", _("Prices cannot be negative."), ProcurementErrorCode.OBSERVATION_PRICES)


@transaction.atomic
def save_observation(
    *,
    actor,
    stage: ChannelStage,
    period_start: datetime.date,
    period_end: datetime.date,
    chain: str = "",
    trader: str = "",
    buy_price=None,
    sell_price=None,
    costs: Sequence[tuple[str, Decimal]] = (),
    source: str = ObservationSource.SURVEY,
    source_note: str = "",
    observation: PriceObservation | None = None,
) -> PriceObservation:
    """Record (or, given ``observation``, correct) what one stage bought and sold at in a period and its
    costs per unit. Observations are survey data, not postings: a correction replaces the figures."""
    if period_end < period_start:
        raise refuse("period_end", _("The period ends before it starts."), ProcurementErrorCode.OBSERVATION_PRICES)
    buy, sell = _price(buy_price), _price(sell_price)
    _check_prices(stage, buy, sell)
    if stage.position == 1:
        buy = None
    if stage.role == StageRole.CONSUMER:
        sell, costs = None, ()
    taken = PriceObservation.objects.filter(
        stage=stage, period_start=period_start, period_end=period_end, chain=chain.strip()
    )
    if observation is not None:
        taken = taken.exclude(pk=observation.pk)
    if taken.exists():
        raise refuse(
            "chain",
            _("This stage already has prices for that period and chain; correct those instead."),
            ProcurementErrorCode.OBSERVATION_TAKEN,
        )
    fields = {
        "channel_id": stage.channel_id,
        "stage": stage,
        "period_start": period_start,
        "period_end": period_end,
        "chain": chain.strip(),
        "trader": trader.strip(),
        "buy_price": buy,
        "sell_price": sell,
        "source": source,
        "source_note": source_note,
    }
    if observation is None:
        observation = PriceObservation.objects.create(observed_by=actor, **fields)
    else:
        for name, value in fields.items():
            setattr(observation, name, value)
        observation.save()
        observation.costs.all().delete()
    _save_costs(observation, costs)
    record_event(
        "procurement.observation.save",
        actor=actor,
        obj=observation,
        after={"stage": stage.name, "buy": str(buy), "sell": str(sell), "costs": len(costs)},
    )
    return observation


def _save_costs(observation: PriceObservation, costs: Sequence[tuple[str, Decimal]]) -> None:
    names = [name.strip() for name, _amount in costs]
    if len(set(names)) != len(names) or not all(names):
        raise refuse("costs", _("Name every cost item once."), ProcurementErrorCode.OBSERVATION_PRICES)
    for name, amount in costs:
        value = quantize_rupiah(Decimal(amount))
        if value < 0:
            raise refuse("costs", _("A cost cannot be negative."), ProcurementErrorCode.OBSERVATION_PRICES)
        ObservationCost.objects.create(observation=observation, name=name.strip(), amount=value)


def delete_observation(*, actor, observation: PriceObservation) -> None:
    record_event(
        "procurement.observation.delete", actor=actor, obj=observation, before={"stage": observation.stage.name}
    )
    observation.delete()
