"""Demo marketing channels: KSU Argopuro Jaya Abadi (seed 003, Buana 2016), robusta coffee from Desa
Kemiri, Jember, with the prices and costs the thesis observed for 2014 (appendices F–L, per kg of kopi
ose and per litre of kopi HS), so that the margins of appendices M, N, O and P come out of the product.

Chains name the traders: wholesaler 1 is Pak Fauzi, wholesaler 2 Pak Edy (appendix E), the KSU is
wholesaler 3. Collector 1 and 2 are the two collectors of appendices G/J and H.
"""

from __future__ import annotations

import datetime

from demo import DemoLogin, demo_step, ensure_user
from demo.tenancy import PASSWORD, demo_cooperative
from koperasi.tenancy.context import cooperative_context
from procurement.models import MarketingChannel, ObservationSource, StageRole
from procurement.services import markets

YEAR = (datetime.date(2014, 1, 1), datetime.date(2014, 12, 31))
SOURCE = "Buana (2016), wawancara Februari–Juni 2015"

FAUZI = [("Biaya tenaga kerja", "8.34"), ("Biaya kemasan", "28"), ("Biaya transport", "125")]
EDY = [("Biaya tenaga kerja", "5.35"), ("Biaya kemasan", "28"), ("Biaya transport", "135.71")]
COLLECTOR_1 = [("Biaya tenaga kerja", "40"), ("Biaya pengolahan", "75")]
COLLECTOR_2 = [("Biaya tenaga kerja", "50"), ("Biaya pengolahan", "92")]
KSU_OSE = [("Biaya tenaga kerja", "40"), ("Biaya kemasan", "40"), ("Biaya transport", "22.22"),
           ("Biaya pengolahan", "138.34")]  # fmt: skip
KSU_HS = [("Biaya tenaga kerja", "13.34"), ("Biaya kemasan", "23.7"), ("Biaya transport", "200"),
          ("Biaya pengolahan", "8.34")]  # fmt: skip

FARMER = ("Petani", StageRole.FARMER)
WHOLESALER = ("Pedagang besar", StageRole.WHOLESALER)
COLLECTOR = ("Pengepul", StageRole.COLLECTOR)
KSU = ("KSU Argopuro Jaya Abadi", StageRole.COOPERATIVE)
CONSUMER = ("Konsumen antara (perusahaan luar kota)", StageRole.CONSUMER)

# name, commodity, unit, stages, chains: (chain label, [(sell price, costs, trader)] per stage after the
# consumer's buy price is the last seller's price).
CHANNELS = [
    ("Kopi ose 1 tingkat (petani mengolah)", "Kopi ose robusta", "kg", [FARMER, WHOLESALER, CONSUMER], [
        ("Pedagang besar 1", [("21538.46", [], ""), ("22038.46", FAUZI, "Pak Fauzi")]),   # appendix F
        ("Pedagang besar 2", [("21538.46", [], ""), ("22038.46", EDY, "Pak Edy")]),       # appendix I
    ]),
    ("Kopi ose 2 tingkat", "Kopi ose robusta", "kg", [FARMER, COLLECTOR, WHOLESALER, CONSUMER], [
        ("Pengepul 1 → Pedagang besar 1", [("20000", [], ""), ("22250", COLLECTOR_1, "Pengepul 1"),
                                           ("22750", FAUZI, "Pak Fauzi")]),          # appendix G
        ("Pengepul 2 → Pedagang besar 1", [("20000", [], ""), ("22250", COLLECTOR_2, "Pengepul 2"),
                                           ("22750", FAUZI, "Pak Fauzi")]),          # appendix H
        ("Pengepul 1 → Pedagang besar 2", [("20000", [], ""), ("22250", COLLECTOR_1, "Pengepul 1"),
                                           ("22750", EDY, "Pak Edy")]),              # appendix J
    ]),
    ("Kopi ose 1 tingkat lewat KSU", "Kopi ose robusta", "kg", [FARMER, KSU, CONSUMER], [
        ("", [("20000", [], ""), ("22500", KSU_OSE, "KSU Argopuro Jaya Abadi")]),    # appendix K (= N)
    ]),
    ("Kopi HS 1 tingkat lewat KSU", "Kopi HS (gelondong basah)", "liter", [FARMER, KSU, CONSUMER], [
        ("", [("6500", [], ""), ("8000", KSU_HS, "KSU Argopuro Jaya Abadi")]),       # appendix L (= P)
    ]),
]  # fmt: skip


def _channel(actor, name, commodity, unit, stages, chains) -> None:
    channel = MarketingChannel.objects.filter(name=name).first()
    if channel is not None:
        return
    channel = markets.create_channel(actor=actor, name=name, commodity=commodity, unit=unit, stages=stages)
    positions = list(channel.stages.order_by("position"))
    for label, observed in chains:
        previous = None
        for stage, (sell, costs, trader) in zip(positions, observed, strict=False):
            markets.save_observation(
                actor=actor, stage=stage, period_start=YEAR[0], period_end=YEAR[1], chain=label, trader=trader,
                buy_price=previous, sell_price=sell, costs=costs, source=ObservationSource.SURVEY, source_note=SOURCE,
            )  # fmt: skip
            previous = sell
        markets.save_observation(
            actor=actor, stage=positions[-1], period_start=YEAR[0], period_end=YEAR[1], chain=label,
            buy_price=previous, source=ObservationSource.SURVEY, source_note=SOURCE,
        )  # fmt: skip


@demo_step("market prices: KSU Argopuro's coffee channels with seed 003's observations")
def market_prices() -> list[DemoLogin]:
    manager = ensure_user("ksu-manajer", PASSWORD)
    with cooperative_context(demo_cooperative("ksu-argopuro").pk, user_id=manager.pk):
        for channel in CHANNELS:
            _channel(manager, *channel)
    return []
