"""Market-price observations along marketing channels, and the margins payload built from them."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from demo.market_prices import market_prices
from demo.tenancy import cooperatives, demo_cooperative
from koperasi.tenancy.context import cooperative_context
from performance.methods import margins
from procurement.market_prices import margins_payload
from procurement.models import MarketingChannel, PriceObservation
from procurement.services import markets
from tests.factories.market_prices import COFFEE_STAGES, coffee_channel, observe_chain
from tests.performance.methods.seed_tables_003 import SEED003_MARGINS

pytestmark = pytest.mark.django_db

COLLECTOR_COSTS = {2: [("Biaya tenaga kerja", "40"), ("Biaya pengolahan", "75")]}


def codes(error: ValidationError) -> set[str]:
    return {item.code for items in error.error_dict.values() for item in items}


def test_a_channel_needs_the_producer_and_whom_it_sells_to(in_coop):
    with pytest.raises(ValidationError) as error:
        markets.create_channel(actor=None, name="Kopi", commodity="Kopi", stages=COFFEE_STAGES[:1])
    assert codes(error.value) == {"channel_stages"}


@pytest.mark.parametrize(
    ("position", "buy", "sell", "field"),
    [(1, None, None, "sell_price"), (2, None, "22250", "buy_price"), (2, "20000", None, "sell_price"),
     (4, None, None, "buy_price")],
)  # fmt: skip
def test_each_stage_gives_the_prices_it_trades_at(in_coop, position, buy, sell, field):
    stage = coffee_channel().stages.get(position=position)
    with pytest.raises(ValidationError) as error:
        markets.save_observation(
            actor=None, stage=stage, period_start=datetime.date(2014, 1, 1), period_end=datetime.date(2014, 12, 31),
            buy_price=buy, sell_price=sell,
        )  # fmt: skip
    assert field in error.value.error_dict and codes(error.value) == {"observation_prices"}


def test_one_stage_period_and_chain_is_observed_once_and_corrected_in_place(in_coop):
    channel = coffee_channel()
    observe_chain(channel, ["20000", "22250", "22750"], costs=COLLECTOR_COSTS)
    collector = channel.observations.get(stage__position=2)
    with pytest.raises(ValidationError) as error:
        markets.save_observation(
            actor=None, stage=collector.stage, period_start=collector.period_start, period_end=collector.period_end,
            buy_price="20000", sell_price="22300",
        )  # fmt: skip
    assert codes(error.value) == {"observation_taken"}
    markets.save_observation(
        actor=None, stage=collector.stage, period_start=collector.period_start, period_end=collector.period_end,
        buy_price="20000", sell_price="22250", costs=[("Biaya tenaga kerja", "45")], observation=collector,
    )  # fmt: skip
    collector.refresh_from_db()
    assert [(c.name, str(c.amount)) for c in collector.costs.all()] == [("Biaya tenaga kerja", "45.00")]
    assert PriceObservation.objects.filter(stage=collector.stage).count() == 1


def test_one_observed_chain_is_the_payload_of_its_stages(in_coop):
    channel = coffee_channel()
    observe_chain(channel, ["20000", "22250", "22750"], costs=COLLECTOR_COSTS)
    assert margins_payload(channel) == {
        "producer_price": "20000.00",
        "stages": [
            {"name": "Pengepul", "buy_price": "20000.00", "sell_price": "22250.00",
             "costs": [{"name": "Biaya tenaga kerja", "amount": "40.00"},
                       {"name": "Biaya pengolahan", "amount": "75.00"}]},
            {"name": "Pedagang besar", "buy_price": "22250.00", "sell_price": "22750.00", "costs": []},
        ],
        "consumer_price": "22750.00",
    }  # fmt: skip


def test_several_chains_are_averaged_with_every_cost_item_in_each(in_coop):
    channel = coffee_channel()
    observe_chain(channel, ["20000", "22250", "22750"], chain="Pengepul 1", costs=COLLECTOR_COSTS)
    observe_chain(channel, ["20000", "22250", "22750"], chain="Pengepul 2",
                  costs={2: [("Biaya pengolahan", "92")], 3: [("Biaya transport", "125")]})  # fmt: skip
    payload = margins_payload(channel)
    first, second = payload["chains"]
    assert [c["name"] for c in first["stages"][0]["costs"]] == ["Biaya tenaga kerja", "Biaya pengolahan"]
    assert second["stages"][0]["costs"] == [
        {"name": "Biaya tenaga kerja", "amount": "0"}, {"name": "Biaya pengolahan", "amount": "92.00"}
    ]  # fmt: skip
    assert first["stages"][1]["costs"] == [{"name": "Biaya transport", "amount": "0"}]
    result = margins.compute(payload)
    assert result["stages"][0]["cost_total"] == "103.5"  # (40 + 75 + 0 + 92) / 2: the mean chain


def test_the_period_selects_observations_and_a_missing_stage_is_named(in_coop):
    channel = coffee_channel()
    observe_chain(channel, ["20000", "22250", "22750"])
    may = (datetime.date(2015, 5, 1), datetime.date(2015, 5, 31))
    observe_chain(channel, ["21000", "23000"], chain="Pengepul 1", period=may, consumer=False)
    assert margins_payload(channel, end=datetime.date(2014, 12, 31))["producer_price"] == "20000.00"
    with pytest.raises(ValidationError) as error:
        margins_payload(channel, start=may[0], end=may[1])
    assert error.value.messages == ["Pengepul 1 (01-05-2015–31-05-2015): no prices for Pedagang besar"]
    with pytest.raises(ValidationError):
        margins_payload(channel, start=datetime.date(2016, 1, 1))


# appendix of seed 003 → (demo channel, unit conversion)
DEMO_CHANNELS = {
    "M": ("Kopi ose 1 tingkat (petani mengolah)", None),
    "O": ("Kopi ose 2 tingkat", None),
    "N": ("Kopi ose 1 tingkat lewat KSU", None),
    "P": ("Kopi HS 1 tingkat lewat KSU", None),
    "Q": ("Kopi HS 1 tingkat lewat KSU", "3"),
}


def test_the_coffee_demo_observations_give_seed_003s_margin_tables():
    """KSU Argopuro's observed prices and costs, through the selector and the margins method, give the
    same figures as the thesis's own tables (appendices M, N, O, P, Q) — compared cell by cell."""
    cooperatives()
    market_prices()
    market_prices()  # idempotent
    with cooperative_context(demo_cooperative("ksu-argopuro").pk):
        assert MarketingChannel.objects.count() == 4
        for appendix, (name, conversion) in DEMO_CHANNELS.items():
            seed = SEED003_MARGINS[appendix]
            payload = margins_payload(MarketingChannel.objects.get(name=name))
            if conversion:
                payload["unit_conversion"] = conversion
            ours = margins.compute({**payload, "published": seed["published"]})
            assert ours["reconciliation"] == margins.compute(seed)["reconciliation"], appendix
    assert ours["reconciliation"]["producer_share"]["agrees"] is True  # Q: 81.25
