"""Marketing-channel factories: a coffee channel farmer → collector → wholesaler → consumer and its
observations. Create inside a cooperative's context."""

import datetime
import itertools

import factory

from procurement.models import (
    ChannelStage,
    MarketingChannel,
    ObservationCost,
    PriceObservation,
    StageRole,
)
from procurement.services import markets

YEAR_2014 = (datetime.date(2014, 1, 1), datetime.date(2014, 12, 31))
COFFEE_STAGES = [
    ("Petani", StageRole.FARMER),
    ("Pengepul", StageRole.COLLECTOR),
    ("Pedagang besar", StageRole.WHOLESALER),
    ("Konsumen", StageRole.CONSUMER),
]
_names = itertools.count(1)


def coffee_channel(stages=COFFEE_STAGES) -> MarketingChannel:
    return markets.create_channel(
        actor=None, name=f"Kopi ose {next(_names)}", commodity="Kopi ose robusta", stages=stages
    )


def observe_chain(channel, prices, *, chain="", period=YEAR_2014, costs=None, consumer=True):
    """Observations of one chain: ``prices`` are the sell prices of each stage but the consumer, who
    buys at the last of them; ``costs`` maps a position to its ``[(name, amount)]``."""
    stages = list(channel.stages.order_by("position"))
    previous = None
    for stage, sell in zip(stages, prices, strict=False):
        markets.save_observation(
            actor=None, stage=stage, period_start=period[0], period_end=period[1], chain=chain,
            buy_price=previous, sell_price=sell, costs=(costs or {}).get(stage.position, ()),
        )  # fmt: skip
        previous = sell
    if consumer and stages[-1].role == StageRole.CONSUMER:
        markets.save_observation(
            actor=None, stage=stages[-1], period_start=period[0], period_end=period[1], chain=chain,
            buy_price=previous,
        )  # fmt: skip


class MarketingChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MarketingChannel

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return coffee_channel()


class ChannelStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChannelStage

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return coffee_channel().stages.get(position=1)


class PriceObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceObservation

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        channel = coffee_channel()
        observe_chain(channel, ["20000", "22250", "22750"], costs={2: [("Biaya tenaga kerja", "40")]})
        return channel.observations.get(stage__position=2)


class ObservationCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ObservationCost

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return PriceObservationFactory().costs.get()
