"""Specification of the income / R/C / break-even calculator (performance.methods.income)."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from performance.methods._base import MethodInputError
from performance.methods.income import VALUE_KEYS, compute
from tests.performance.methods.seed_tables import SEED004_INCOME


def simple(**changes: Any) -> dict[str, Any]:
    """Q = 100 units at P = 10, TFC = 200, TVC = 300 + 200 (None deletes a key)."""
    result: dict[str, Any] = {
        "quantity": 100,
        "price": 10,
        "fixed_costs": [{"name": "depreciation", "amount": 200}],
        "variable_costs": [{"name": "raw material", "amount": 300}, {"name": "labour", "amount": "200"}],
    }
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def field_errors(bad_payload: Any) -> dict[str, list[str]]:
    with pytest.raises(MethodInputError) as caught:
        compute(bad_payload)
    return caught.value.errors


# ------------------------------------------------------------------------------------------- formulas


def test_result_names_the_method_and_echoes_normalised_inputs() -> None:
    result = compute(simple())
    assert result["method"] == "income"
    assert result["version"]
    assert list(result["values"]) == list(VALUE_KEYS)
    assert result["inputs"]["variable_costs"][1] == {"name": "labour", "amount": "200"}
    assert result["reconciliation"] is None
    assert result["notes"] == []


def test_revenue_costs_profit_and_rc() -> None:
    values = compute(simple())["values"]
    assert values["tr"] == "1000"  # P × Q
    assert values["tfc"] == "200"
    assert values["tvc"] == "500"
    assert values["tc"] == "700"  # TFC + TVC
    assert values["profit"] == "300"  # TR − TC
    assert values["rc"].startswith("1.428571")  # TR / TC
    assert values["avc"] == "5"  # TVC / Q
    assert values["atc"] == "7"  # TC / Q


def test_break_even_points_of_both_conventions() -> None:
    values = compute(simple())["values"]
    assert values["bep_quantity"] == "40"  # TFC / (P − AVC) = 200 / (10 − 5)
    assert values["bep_revenue"] == "400"  # TFC / (1 − TVC/TR) = 200 / 0.5 = bep_quantity × P
    assert values["bep_price"] == "7"  # TC / Q
    assert values["bep_quantity_total_cost"] == "70"  # TC / P


def test_each_break_even_point_is_labelled_with_its_convention() -> None:
    report = compute(simple())["break_even"]
    assert report["bep_quantity"]["convention"] == report["bep_revenue"]["convention"]
    assert report["bep_quantity"]["convention"].startswith("cost-volume-profit")
    assert report["bep_price"]["convention"].startswith("total cost")
    assert report["bep_revenue"] == {
        "convention": "cost-volume-profit (contribution margin)",
        "formula": "TFC / (1 − TVC / TR)",
        "unit": "Rp",
        "value": "400",
    }


def test_revenue_may_be_given_instead_of_price() -> None:
    values = compute(simple(price=None, revenue="1000"))["values"]
    assert values == compute(simple())["values"]


def test_a_business_unit_without_a_quantity_gets_totals_and_rc_but_no_per_unit_figures() -> None:
    with_quantity = compute(simple(price=None, revenue="1000"))["values"]
    result = compute(simple(price=None, revenue="1000", quantity=None))
    per_unit = {"price", "avc", "atc", "bep_quantity", "bep_price", "bep_quantity_total_cost"}
    assert all(result["values"][key] is None for key in per_unit)
    assert {k: v for k, v in result["values"].items() if k not in per_unit} == {
        k: v for k, v in with_quantity.items() if k not in per_unit
    }
    assert any(note.startswith("No quantity") for note in result["notes"])


def test_a_price_still_needs_a_quantity() -> None:
    with pytest.raises(MethodInputError) as problem:
        compute(simple(quantity=None))
    assert "quantity" in problem.value.errors


def test_empty_cost_lists_are_allowed_but_rc_is_then_null_with_a_note() -> None:
    result = compute(simple(fixed_costs=[], variable_costs=[]))
    assert result["values"]["tc"] == "0"
    assert result["values"]["rc"] is None
    assert result["values"]["bep_quantity"] == "0"
    assert any(note.startswith("rc = TR / TC") for note in result["notes"])


def test_no_break_even_when_price_does_not_cover_average_variable_cost() -> None:
    result = compute(simple(price=4))  # AVC = 5
    assert result["values"]["bep_quantity"] is None
    assert result["values"]["bep_revenue"] is None
    assert any("contribution margin is negative" in note for note in result["notes"])
    at_cost = compute(simple(price=5))
    assert at_cost["values"]["bep_quantity"] is None
    assert any("divisor is zero" in note for note in at_cost["notes"])


def test_zero_revenue_leaves_revenue_ratios_null_with_notes() -> None:
    result = compute(simple(price=0))
    assert result["values"]["profit"] == "-700"
    assert result["values"]["bep_revenue"] is None
    assert result["values"]["bep_quantity_total_cost"] is None
    assert len(result["notes"]) >= 2


# --------------------------------------------------------------------------------------- seed 004


@pytest.mark.parametrize("product", ["pasteurised_milk", "yoghurt", "mozzarella"])
def test_seed004_revenue_cost_and_profit_reproduce_exactly(product: str) -> None:
    payload = SEED004_INCOME[product]
    result = compute(payload)
    for key in ("tr", "tfc", "tc", "profit"):
        assert result["values"][key] == payload["published"][key], key
    assert all(row["agrees"] for row in result["reconciliation"].values())


def test_seed004_rc_ratios_agree_rounded_or_truncated_to_one_decimal() -> None:
    """1.5815 → 1.6 and 1.8974 → 1.9 are rounded half-up; 1.1553 → 1.1 is truncated."""
    computed = {product: compute(payload)["values"]["rc"] for product, payload in SEED004_INCOME.items()}
    assert computed["pasteurised_milk"].startswith("1.58145")
    assert computed["yoghurt"].startswith("1.89739")
    assert computed["mozzarella"].startswith("1.15530")
    for payload in SEED004_INCOME.values():
        assert compute(payload)["reconciliation"]["rc"]["agrees"] is True


def test_seed004_pasteurised_milk_break_even() -> None:
    values = compute(SEED004_INCOME["pasteurised_milk"])["values"]
    assert values["tvc"] == "32222654"
    assert Decimal(values["bep_quantity"]).quantize(Decimal("0.01")) == Decimal("48.13")
    assert Decimal(values["bep_revenue"]).quantize(Decimal(1)) == Decimal(818229)
    assert Decimal(values["bep_price"]).quantize(Decimal("0.01")) == Decimal("10749.62")


def test_a_published_figure_that_does_not_follow_is_flagged() -> None:
    payload = copy.deepcopy(SEED004_INCOME["yoghurt"])
    payload["published"]["profit"] = "9719436"
    assert compute(payload)["reconciliation"]["profit"]["agrees"] is False


# ---------------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("missing", ["quantity", "fixed_costs", "variable_costs"])
def test_a_missing_field_is_reported_under_its_key(missing: str) -> None:
    assert set(field_errors(simple(**{missing: None}))) == {missing}


def test_price_or_revenue_is_required_exactly_once() -> None:
    assert set(field_errors(simple(price=None))) == {"price"}
    assert set(field_errors(simple(revenue=1000))) == {"price", "revenue"}


def test_quantity_must_be_positive_and_cost_items_named() -> None:
    errors = field_errors(
        simple(quantity=0, variable_costs=[{"name": "labour", "amount": 1}, {"name": "", "amount": "x"}])
    )
    assert set(errors) == {"quantity", "variable_costs.1.name", "variable_costs.1.amount"}


def test_a_negative_cost_item_is_a_credit_that_lowers_its_total_with_a_note() -> None:
    result = compute(simple(fixed_costs=[{"name": "depreciation", "amount": 200}, {"name": "overhead applied",
                                                                                    "amount": -50}]))  # fmt: skip
    assert result["values"]["tfc"] == "150"
    assert any("negative cost item" in note for note in result["notes"])


def test_cost_lists_and_published_must_have_the_right_shape() -> None:
    errors = field_errors(simple(fixed_costs={"name": "x"}, variable_costs=[3], published="1.6"))
    assert set(errors) == {"fixed_costs", "variable_costs.0", "published"}


def test_the_payload_must_be_an_object() -> None:
    assert "non_field_errors" in field_errors("quantity=1")
