"""Balanced Scorecard (performance.methods.bsc) against seed 003 appendices S–W and BAB 6.1."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from performance.methods import bsc
from performance.methods._base import Errors, MethodInputError

from .seed_tables_003 import SEED003_BSC, SEED003_BSC_VERDICTS, SEED003_ROI_2014


def _by_id(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m["id"]: m for m in result["measures"]}


def test_verdicts_match_the_thesis_conclusion() -> None:
    measures = _by_id(bsc.compute(SEED003_BSC))
    assert {key: measures[key]["target_met"] for key in SEED003_BSC_VERDICTS} == SEED003_BSC_VERDICTS


def test_printed_figures_reconcile_from_their_inputs() -> None:
    result = bsc.compute(SEED003_BSC)
    assert all(row["agrees"] for row in result["reconciliation"].values())
    measures = _by_id(result)
    assert Decimal(measures["own_capital_growth"]["value"]).quantize(Decimal("0.1")) == Decimal("34.1")
    assert Decimal(measures["sales_growth"]["value"]).quantize(Decimal("0.01")) == Decimal("1.59")
    assert measures["employee_productivity"]["value"] == "416.5"  # printed truncated: 416 L/h


def test_scores_perspectives_and_overall() -> None:
    result = bsc.compute(SEED003_BSC)
    scores = {key: m["score"] for key, m in _by_id(result).items()}
    assert scores == {
        "own_capital_growth": "3", "sales_growth": "1", "roi": "3",
        "customer_acquisition": "3", "customer_retention": "3", "on_time_delivery": "3",
        "complaints": "2", "sales_return": "1", "supplier_lead_time": "3", "defect_rate": "1",
        "employee_productivity": "2", "staff_retention": "3",
    }
    assert result["perspectives"]["customer"]["score"] == "2.4"
    assert result["perspectives"]["internal_process"]["score"] == "2"
    assert Decimal(result["overall"]).quantize(Decimal("0.0001")) == Decimal("2.3083")
    assert (result["targets_met"], result["targets_total"]) == (9, 12)


def test_sales_return_and_defect_rate_miss_their_targets() -> None:
    """Printed 1.5 % against targets < 1 % and ≤ 1 %; BAB 6.1 does not mention these two."""
    measures = _by_id(bsc.compute(SEED003_BSC))
    assert measures["sales_return"]["target_met"] is False
    assert measures["defect_rate"]["target_met"] is False


def test_printed_roi_does_not_follow_from_net_income() -> None:
    """Appendix S: ROI = Laba Bersih / Total Aktiva is printed 15,25 %, which is Pendapatan / Total Aktiva."""
    printed = SEED003_ROI_2014["printed_roi"]
    payload = copy.deepcopy(SEED003_BSC)
    roi = next(m for m in payload["measures"] if m["id"] == "roi")
    del roi["value"]
    roi.update(formula="roi", inputs={"net_income": SEED003_ROI_2014["laba_bersih"],
                                      "total_assets": SEED003_ROI_2014["total_aktiva"]})
    payload["published"] = {"measures.roi.value": printed}
    result = bsc.compute(payload)
    assert result["reconciliation"]["measures.roi.value"]["agrees"] is False
    assert Decimal(_by_id(result)["roi"]["value"]).quantize(Decimal("0.01")) == Decimal("4.77")
    assert _by_id(result)["roi"]["target_met"] is False
    before_interest = bsc.roi(Decimal(SEED003_ROI_2014["pendapatan"]), Decimal(SEED003_ROI_2014["total_aktiva"]), [])
    assert before_interest is not None and before_interest.quantize(Decimal("0.01")) == Decimal(printed)


def test_helpers() -> None:
    notes: list[str] = []
    assert bsc.growth(Decimal(200), Decimal(250), notes) == Decimal(25)
    assert bsc.customer_acquisition(Decimal(2), Decimal(1), notes) == Decimal(200)
    assert bsc.on_time_delivery(Decimal(9), Decimal(10), notes) == Decimal(90)
    assert bsc.sales_return(Decimal(3), Decimal(200), notes) == Decimal("1.5")
    assert bsc.supplier_lead_time(Decimal(6), Decimal(4), notes) == Decimal("1.5")
    assert bsc.defect_rate(Decimal(3), Decimal(1000), notes, scale=Decimal(10**6)) == Decimal(3000)
    assert bsc.employee_productivity(Decimal(441490), Decimal(1060), notes) == Decimal("416.5")
    assert bsc.customer_retention(Decimal(1), Decimal(4), notes) == Decimal(25)
    assert bsc.staff_retention(Decimal(0), Decimal(3), notes) == Decimal(0)
    assert notes == []
    assert bsc.growth(Decimal(0), Decimal(5), notes) is None and notes == ["growth: divisor is zero, ratio left empty."]


def test_zero_divisor_in_a_formula_leaves_the_measure_unscored() -> None:
    payload = copy.deepcopy(SEED003_BSC)
    payload["measures"][1]["inputs"]["previous"] = "0"
    result = bsc.compute(payload)
    sales = _by_id(result)["sales_growth"]
    assert sales["value"] is None and sales["score"] is None and sales["target_met"] is None
    assert any(note.startswith("growth") for note in result["notes"])
    assert result["perspectives"]["financial"]["score"] == "3"


def test_perspective_weights() -> None:
    payload = {**SEED003_BSC, "perspective_weights": {"financial": 2, "customer": 1,
                                                      "internal_process": 1, "learning_growth": 0}}
    result = bsc.compute(payload)
    expected = (Decimal(7) / 3 * 2 + Decimal("2.4") + 2) / 4
    assert abs(Decimal(result["overall"]) - expected) < Decimal("1e-25")


# --------------------------------------------------------------------------- errors


def _errors(payload: dict[str, Any]) -> dict[str, list[str]]:
    with pytest.raises(MethodInputError) as caught:
        bsc.compute(payload)
    return caught.value.errors


def _one(bands: list[dict], value: Any = 5) -> dict[str, Any]:
    return {"measures": [{"id": "m", "perspective": "financial", "value": value, "target": 5,
                          "direction": "higher_is_better", "bands": bands}]}


def test_overlapping_bands_are_rejected() -> None:
    errors = _errors(_one([{"score": 1, "lower": 0, "upper": 10, "upper_inclusive": True},
                           {"score": 2, "lower": 10, "upper": 20}]))
    assert "overlap" in " ".join(errors["measures.0.bands"])
    errors = _errors(_one([{"score": 1, "lower": None, "upper": 12}, {"score": 2, "lower": 10, "upper": None}]))
    assert "overlap" in " ".join(errors["measures.0.bands"])


def test_gaps_in_bands_are_rejected() -> None:
    """Table 3.1's literal PMS bands (< 10, < 15, > 15) leave 15 itself unscored."""
    errors = _errors(_one([{"score": 1, "lower": None, "upper": 10}, {"score": 2, "lower": 10, "upper": 15},
                           {"score": 3, "lower": 15, "upper": None, "lower_inclusive": False}]))
    assert "Gap" in " ".join(errors["measures.0.bands"])
    errors = _errors(_one([{"score": 1, "lower": 0, "upper": 25, "upper_inclusive": True},
                           {"score": 2, "lower": 26, "upper": 50}]))  # Table 3.2's "0%-25%", "26%-50%"
    assert "Gap" in " ".join(errors["measures.0.bands"])


def test_missing_fields_bad_choices_and_value_outside_bands() -> None:
    payload = _one([{"score": 1, "lower": 0, "upper": 10}], value=15)
    assert set(_errors(payload)) == {"measures.0.value"}
    bad = copy.deepcopy(SEED003_BSC)
    del bad["measures"][2]["value"]
    del bad["measures"][3]["target"]
    bad["measures"][4]["perspective"] = "finance"
    bad["measures"][5]["direction"] = "up"
    bad["measures"][6]["bands"] = []
    bad["measures"][7]["bands"][0]["lower_inclusive"] = "yes"
    bad["measures"][8]["id"] = "roi"
    bad["measures"][10]["formula"] = "magic"
    assert set(_errors(bad)) == {
        "measures.2.value", "measures.3.target", "measures.4.perspective", "measures.5.direction",
        "measures.6.bands", "measures.7.bands.0.lower_inclusive", "measures.8.id", "measures.10.formula",
    }
    assert set(_errors({"measures": []})) == {"measures"}


def test_empty_band_is_rejected() -> None:
    assert "measures.0.bands.0" in _errors(_one([{"score": 1, "lower": 5, "upper": 5}]))


# --------------------------------------------------------------------------- properties


@st.composite
def contiguous_bands(draw: st.DrawFn) -> list[dict]:
    cuts = sorted(set(draw(st.lists(st.integers(-1000, 1000), min_size=1, max_size=6))))
    bounds: list[int | None] = [None, *cuts, None]
    closed_up = draw(st.lists(st.booleans(), min_size=len(cuts), max_size=len(cuts)))
    bands = []
    for i in range(len(bounds) - 1):
        bands.append({"score": i + 1, "lower": bounds[i], "upper": bounds[i + 1],
                      "lower_inclusive": i > 0 and not closed_up[i - 1],
                      "upper_inclusive": i < len(cuts) and closed_up[i]})
    return draw(st.permutations(bands))


@settings(max_examples=150, deadline=None)
@given(contiguous_bands(), st.integers(-2000, 2000))
def test_contiguous_bands_are_accepted_and_score_every_value(bands: list[dict], value: int) -> None:
    errors = Errors()
    parsed = bsc.validate_bands(bands, "bands", errors)
    assert not errors
    assert sum(1 for band in parsed if band.contains(Decimal(value))) == 1


@settings(max_examples=150, deadline=None)
@given(contiguous_bands(), st.data())
def test_moving_a_bound_makes_a_gap_or_overlap(bands: list[dict], data: st.DataObject) -> None:
    inner = [b for b in bands if b["upper"] is not None]
    if not inner:
        return
    band = copy.deepcopy(data.draw(st.sampled_from(inner)))
    shift = data.draw(st.sampled_from([-1, 1]))
    if band["lower"] is not None and band["upper"] + shift <= band["lower"]:
        return
    changed = [band if b["score"] == band["score"] else b for b in bands]
    band["upper"] += shift
    errors = Errors()
    bsc.validate_bands(changed, "bands", errors)
    with pytest.raises(MethodInputError) as caught:
        errors.raise_if_any()
    message = " ".join(caught.value.errors["bands"])
    assert ("Gap" in message) if shift < 0 else ("overlap" in message)
