"""Marketing margins (performance.methods.margins) against seed 003 appendices F–R."""

from __future__ import annotations

import copy
from decimal import Decimal, localcontext
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from performance.methods import margins
from performance.methods._base import MethodInputError

from .seed_tables_003 import SEED003_MARGINS, SEED003_SUMMARY_R

TOLERANCE = Decimal("1e-20")


def _disagreeing(result: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {k: (v["printed"], v["computed"]) for k, v in result["reconciliation"].items() if not v["agrees"]}


@pytest.mark.parametrize("appendix", sorted(SEED003_MARGINS))
def test_every_printed_value_of_appendices_f_to_q_reconciles(appendix: str) -> None:
    payload = SEED003_MARGINS[appendix]
    result = margins.compute(payload)
    assert set(result["reconciliation"]) == set(payload["published"])
    assert _disagreeing(result) == {}
    assert result["notes"] == []


def test_appendix_m_is_the_mean_chain_of_f_and_i() -> None:
    result = margins.compute(SEED003_MARGINS["M"])
    wholesaler = result["stages"][0]
    assert [c["amount"] for c in wholesaler["costs"]] == ["6.845", "28", "130.355"]
    assert wholesaler["profit"] == "334.8"
    assert len(result["chains"]) == 2
    assert all(_disagreeing(chain) == {} for chain in result["chains"])  # F and I reconcile too
    assert all(len(chain["reconciliation"]) == 19 for chain in result["chains"])


def test_appendix_o_recomputes_ratios_from_mean_prices_not_mean_of_printed_ratios() -> None:
    result = margins.compute(SEED003_MARGINS["O"])
    collector = result["stages"][0]
    assert Decimal(collector["cost_total"]) == Decimal(124)
    assert Decimal(collector["profit_cost_ratio"]).quantize(Decimal("0.01")) == Decimal("1714.52")
    mean_of_ratios = sum(
        Decimal(margins.compute(SEED003_MARGINS[k])["stages"][0]["profit_cost_ratio"]) for k in "GHJ"
    ) / 3
    assert mean_of_ratios.quantize(Decimal("0.01")) == Decimal("1732.52")  # not what the thesis printed


def test_appendix_q_is_p_multiplied_by_three_litres_per_kg() -> None:
    per_litre = margins.compute(SEED003_MARGINS["P"])
    per_kg = margins.compute(SEED003_MARGINS["Q"])
    assert per_kg["unit_conversion"] == "3"
    assert per_kg["producer_price"] == "19500" and per_kg["total_margin"] == "4500"
    for key in ("producer_share", "efficiency"):
        assert per_kg[key] == per_litre[key]
    assert per_kg["stages"][0]["share"] == per_litre["stages"][0]["share"]


def test_appendix_r_summary_disagreements_are_flagged() -> None:
    """Lampiran R rounds M, N, O, Q to 2 decimals; these printed cells do not follow from them."""
    flagged = {
        appendix: set(_disagreeing(margins.compute({**SEED003_MARGINS[appendix], "published": printed})))
        for appendix, printed in SEED003_SUMMARY_R.items()
    }
    assert flagged == {
        "M": set(),
        "N": {"stages.0.margin_share.cost"},  # 9,63 vs 9.6224
        "O": {"stages.0.share.cost", "stages.0.margin_share.cost",  # 0,56 vs 0.5451; 4,52 vs 4.5091
              "stages.1.share.cost", "stages.1.margin_share.cost"},  # 0,71 vs 0.7205; 5,95 vs 5.9605
        "Q": {"stages.0.share.profit", "stages.0.margin_share.cost"},  # 15,69 vs 15.6828; 15,36 vs 16.3587
    }


def test_worked_example_two_stage_chain() -> None:
    result = margins.compute(SEED003_MARGINS["G"])
    assert result["method"] == "margins" and result["version"] == margins.VERSION
    assert result["total_margin"] == "2750"
    assert result["total_cost"] == "276.34"
    assert result["stages"][0]["margin"] == "2250"
    assert result["stages"][0]["profit"] == "2135"
    assert Decimal(result["shares"]["total"]) == 100


def test_zero_divisors_give_null_and_a_note() -> None:
    result = margins.compute({"producer_price": 0, "stages": [{"name": "trader", "sell_price": 0}]})
    assert result["producer_share"] is None
    assert result["stages"][0]["profit_cost_ratio"] is None
    assert any(note.startswith("producer_share") for note in result["notes"])
    assert any(note.startswith("stages.0.profit_cost_ratio") for note in result["notes"])


def test_consumer_price_different_from_last_sell_price_is_noted() -> None:
    result = margins.compute({"producer_price": 10, "consumer_price": 20,
                              "stages": [{"name": "trader", "sell_price": 15}]})
    assert result["total_margin"] == "10"
    assert any("consumer_price differs" in note for note in result["notes"])


# --------------------------------------------------------------------------- errors


def _errors(payload: dict[str, Any]) -> dict[str, list[str]]:
    with pytest.raises(MethodInputError) as caught:
        margins.compute(payload)
    return caught.value.errors


def test_missing_fields_are_all_reported() -> None:
    errors = _errors({"stages": [{"name": "trader", "costs": [{"name": "transport"}]}]})
    assert set(errors) == {"producer_price", "stages.0.sell_price", "stages.0.costs.0.amount"}


def test_negative_price_is_rejected_with_field_key() -> None:
    payload = copy.deepcopy(SEED003_MARGINS["G"])
    payload["stages"][1]["sell_price"] = "-1"
    payload["stages"][0]["costs"][1]["amount"] = -75
    errors = _errors(payload)
    assert "stages.1.sell_price" in errors and "stages.0.costs.1.amount" in errors


def test_buy_price_must_continue_the_chain() -> None:
    payload = copy.deepcopy(SEED003_MARGINS["G"])
    payload["stages"][1]["buy_price"] = "22000"
    assert set(_errors(payload)) == {"stages.1.buy_price"}


def test_chains_must_have_matching_cost_items() -> None:
    g, k = copy.deepcopy(SEED003_MARGINS["G"]), copy.deepcopy(SEED003_MARGINS["K"])
    assert "chains.1.stages" in _errors({"chains": [g, k]})
    h = copy.deepcopy(SEED003_MARGINS["H"])
    h["stages"][0]["costs"].reverse()
    assert "chains.1.stages.0.costs" in _errors({"chains": [g, h]})


def test_not_an_object_and_empty_stages() -> None:
    assert "stages" in _errors({"producer_price": 1, "stages": []})
    with pytest.raises(MethodInputError):
        margins.compute([])  # type: ignore[arg-type]


# --------------------------------------------------------------------------- properties

_price = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def chains(draw: st.DrawFn) -> dict[str, Any]:
    producer = draw(st.decimals(min_value=1, max_value=10**7, places=2))
    stages, price = [], producer
    for index in range(draw(st.integers(min_value=1, max_value=4))):
        price = price + draw(_price)
        costs = [{"name": f"c{i}", "amount": str(draw(_price))} for i in range(draw(st.integers(0, 4)))]
        stages.append({"name": f"s{index}", "sell_price": str(price), "costs": costs})
    return {"producer_price": str(producer), "stages": stages}


@settings(max_examples=150, deadline=None)
@given(chains())
def test_shares_of_the_consumer_price_sum_to_100(payload: dict[str, Any]) -> None:
    result = margins.compute(payload)
    parts = [Decimal(result["producer_share"])]
    for stage in result["stages"]:
        parts += [Decimal(c["share"]) for c in stage["costs"]]
        parts.append(Decimal(stage["share"]["profit"]))
    with localcontext() as ctx:
        ctx.prec = 80
        assert abs(sum(parts) - 100) < TOLERANCE
    assert abs(Decimal(result["shares"]["total"]) - 100) < TOLERANCE
    assert Decimal(result["efficiency"]) == Decimal(result["shares"]["costs"])


@settings(max_examples=50, deadline=None)
@given(chains(), st.decimals(min_value=Decimal("0.01"), max_value=100, places=2))
def test_unit_conversion_scales_prices_and_keeps_shares(payload: dict[str, Any], factor: Decimal) -> None:
    plain = margins.compute(payload)
    scaled = margins.compute({**payload, "unit_conversion": str(factor)})
    assert Decimal(scaled["total_margin"]) == Decimal(plain["total_margin"]) * factor
    assert abs(Decimal(scaled["producer_share"]) - Decimal(plain["producer_share"])) < TOLERANCE
