"""SCOR normalisation and weighted totals (performance.methods.scor)."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from performance.methods import ahp, scor
from performance.methods._base import MethodInputError

# Illustrative example (seed 002 prints no metric table, only its 94.93 % total).
HIERARCHY: dict[str, Any] = {
    "groups": [
        {"id": "plan", "weight": "0.6"},
        {"id": "deliver", "weight": "0.4"},
        {"id": "reliability", "parent": "deliver", "weight": 2},
        {"id": "responsiveness", "parent": "deliver", "weight": 1},
    ],
    "metrics": [
        {"id": "forecast_accuracy", "group": "plan", "actual": 90, "best": 100, "worst": 60},
        {"id": "on_time_delivery", "group": "reliability", "actual": 95, "min": 80, "max": 100,
         "direction": "larger_is_better"},
        {"id": "lead_time_days", "group": "responsiveness", "actual": 3, "min": 1, "max": 7,
         "direction": "smaller_is_better"},
        {"id": "fill_rate", "group": "responsiveness", "actual": 120, "best": 100, "worst": 0},
    ],
}


def _metrics(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m["id"]: m for m in result["metrics"]}


def test_snorm_for_both_directions() -> None:
    metrics = _metrics(scor.compute(HIERARCHY))
    assert metrics["forecast_accuracy"]["snorm"] == "75"
    assert metrics["on_time_delivery"]["snorm"] == "75"
    assert Decimal(metrics["lead_time_days"]["snorm"]).quantize(Decimal("0.01")) == Decimal("66.67")
    assert metrics["lead_time_days"]["best"] == "1" and metrics["lead_time_days"]["worst"] == "7"


def test_clamp_is_on_by_default_and_can_be_switched_off() -> None:
    clamped = scor.compute(HIERARCHY)
    assert _metrics(clamped)["fill_rate"]["snorm"] == "100" and _metrics(clamped)["fill_rate"]["clamped"]
    assert any("clamped" in note for note in clamped["notes"])
    free = scor.compute({**HIERARCHY, "clamp": False})
    assert _metrics(free)["fill_rate"]["snorm"] == "120"


def test_hierarchical_total_and_group_scores() -> None:
    result = scor.compute(HIERARCHY)
    groups = {g["id"]: g for g in result["groups"]}
    assert groups["plan"]["score"] == "75"
    assert Decimal(groups["responsiveness"]["score"]).quantize(Decimal("0.0001")) == Decimal("83.3333")
    assert Decimal(groups["deliver"]["score"]).quantize(Decimal("0.0001")) == Decimal("77.7778")
    assert Decimal(result["total"]).quantize(Decimal("0.0001")) == Decimal("76.1111")
    weights = [Decimal(m["global_weight"]) for m in result["metrics"]]
    assert abs(sum(weights) - 1) < Decimal("1e-30")
    assert result["method"] == "scor"


def test_flat_total_with_ahp_weights() -> None:
    weights = ahp.compute({"matrix": [[1, 3, 5], ["1/3", 1, 3], ["1/5", "1/3", 1]]})["priority_vector"]
    metrics = [{"id": f"m{i}", "actual": actual, "best": 100, "worst": 0, "weight": w}
               for i, (actual, w) in enumerate(zip([90, 80, 50], weights, strict=True))]
    result = scor.compute({"metrics": metrics, "published": {"total": "83.23"}})
    expected = sum(Decimal(w) * a for w, a in zip(weights, [90, 80, 50], strict=True))
    assert abs(Decimal(result["total"]) - expected) < Decimal("1e-25")
    assert result["reconciliation"]["total"]["agrees"] is True  # 83.2359… printed truncated


def test_equal_best_and_worst_gives_null_and_note() -> None:
    result = scor.compute({"metrics": [{"id": "x", "actual": 5, "best": 5, "worst": 5}]})
    assert _metrics(result)["x"]["snorm"] is None and result["total"] is None
    assert any(note.startswith("metrics.x.snorm") for note in result["notes"])


# --------------------------------------------------------------------------- errors


def _errors(payload: dict[str, Any]) -> dict[str, list[str]]:
    with pytest.raises(MethodInputError) as caught:
        scor.compute(payload)
    return caught.value.errors


def test_input_errors() -> None:
    assert set(_errors({})) == {"metrics"}
    assert set(_errors({"metrics": [{"id": "a", "best": 1, "worst": 0}]})) == {"metrics.0.actual"}
    assert set(_errors({"metrics": [{"actual": 1, "min": 0, "max": 2}]})) == {"metrics.0.direction"}
    assert set(_errors({"metrics": [{"actual": 1, "min": 3, "max": 2, "direction": "larger_is_better"}]})) == {
        "metrics.0.min"}
    contradiction = {"actual": 1, "best": 0, "worst": 2, "direction": "larger_is_better"}
    assert set(_errors({"metrics": [contradiction]})) == {"metrics.0.direction"}
    bad = copy.deepcopy(HIERARCHY)
    bad["metrics"][0]["group"] = "nowhere"
    bad["groups"][0]["parent"] = "reliability"
    bad["groups"][2]["parent"] = "plan"
    bad["metrics"][1]["id"] = "forecast_accuracy"
    bad["metrics"][2]["weight"] = "-1"
    errors = _errors(bad)
    assert {"metrics.0.group", "groups.0.parent", "metrics.1.id", "metrics.2.weight"} <= set(errors)
    assert any("cycle" in message for message in errors["groups.0.parent"])


# --------------------------------------------------------------------------- properties

_num = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_num, _num, _num, st.integers(1, 9)), min_size=1, max_size=8))
def test_clamped_scores_and_total_stay_within_0_and_100(rows: list[tuple[Decimal, Decimal, Decimal, int]]) -> None:
    metrics = [{"id": f"m{i}", "actual": str(a), "best": str(b), "worst": str(w), "weight": k}
               for i, (a, b, w, k) in enumerate(rows) if b != w]
    if not metrics:
        return
    result = scor.compute({"metrics": metrics})
    for metric in result["metrics"]:
        assert 0 <= Decimal(metric["snorm"]) <= 100
    assert Decimal(0) <= Decimal(result["total"]) <= Decimal(100) + Decimal("1e-25")
