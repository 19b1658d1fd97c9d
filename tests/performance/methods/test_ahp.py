"""Analytic Hierarchy Process (performance.methods.ahp)."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from performance.methods import ahp
from performance.methods._base import MethodInputError

SAATY_3 = [[1, 3, 5], ["1/3", 1, 3], ["1/5", "1/3", 1]]
FOUR = [[1, 2, 6, 4], ["1/2", 1, 3, 3], ["1/6", "1/3", 1, "1/2"], ["1/4", "1/3", 2, 1]]


def _float_eigen(matrix: list[list[Any]]) -> tuple[list[float], float]:
    """Independent float power iteration for cross-checking."""
    a = [[float(Fraction(str(x))) for x in row] for row in matrix]
    w = [1.0 / len(a)] * len(a)
    for _ in range(500):
        y = [sum(x * v for x, v in zip(row, w, strict=True)) for row in a]
        total = sum(y)
        w = [v / total for v in y]
    y = [sum(x * v for x, v in zip(row, w, strict=True)) for row in a]
    return w, sum(p / v for p, v in zip(y, w, strict=True)) / len(w)


def test_textbook_three_by_three() -> None:
    result = ahp.compute({"matrix": SAATY_3, "criteria": ["cost", "quality", "delivery"]})
    assert result["method"] == "ahp" and result["weighting"] == "eigenvector"
    rounded = {k: Decimal(v).quantize(Decimal("0.0001")) for k, v in result["weights"].items()}
    assert rounded == {"cost": Decimal("0.6370"), "quality": Decimal("0.2583"), "delivery": Decimal("0.1047")}
    assert Decimal(result["lambda_max"]).quantize(Decimal("0.0001")) == Decimal("3.0385")
    assert Decimal(result["ci"]).quantize(Decimal("0.0001")) == Decimal("0.0193")
    assert result["ri"] == "0.58"
    assert Decimal(result["cr"]).quantize(Decimal("0.001")) == Decimal("0.033")
    assert result["consistent"] is True and result["converged"] is True


def test_eigenvector_agrees_with_an_independent_float_computation() -> None:
    result = ahp.compute({"matrix": FOUR})
    weights, lam = _float_eigen(FOUR)
    assert all(math.isclose(float(result["priority_vector"][i]), w, rel_tol=1e-12) for i, w in enumerate(weights))
    assert math.isclose(float(result["lambda_max"]), lam, rel_tol=1e-12)
    assert result["ri"] == "0.9"


def test_geometric_mean_option() -> None:
    result = ahp.compute({"matrix": FOUR, "geometric_mean": True})
    rows = [math.prod(float(Fraction(str(x))) for x in row) ** 0.25 for row in FOUR]
    expected = [r / sum(rows) for r in rows]
    assert result["weighting"] == "geometric_mean" and result["iterations"] == 0
    assert all(math.isclose(float(w), e, rel_tol=1e-12) for w, e in zip(result["priority_vector"], expected,
                                                                           strict=True))


def test_consistent_matrix_returns_its_generating_weights() -> None:
    w = [Fraction(5), Fraction(3), Fraction(2)]
    matrix = [[str(a / b) for b in w] for a in w]
    result = ahp.compute({"matrix": matrix})
    assert [Decimal(x).quantize(Decimal("1e-25")) for x in result["priority_vector"]] == [
        Decimal("0.5").quantize(Decimal("1e-25")), Decimal("0.3").quantize(Decimal("1e-25")),
        Decimal("0.2").quantize(Decimal("1e-25"))]
    assert abs(Decimal(result["cr"])) < Decimal("1e-25")


def test_inconsistent_matrix_is_flagged() -> None:
    result = ahp.compute({"matrix": [[1, 9, "1/9"], ["1/9", 1, 9], [9, "1/9", 1]]})
    assert Decimal(result["cr"]) > Decimal("0.1") and result["consistent"] is False


def test_small_and_large_matrices() -> None:
    one = ahp.compute({"matrix": [[1]]})
    assert one["weights"] == {"C1": "1"} and one["cr"] == "0" and one["consistent"] is True
    two = ahp.compute({"matrix": [[1, 3], ["1/3", 1]]})
    assert [Decimal(x).quantize(Decimal("0.0001")) for x in two["priority_vector"]] == [
        Decimal("0.75"), Decimal("0.25")]
    assert any("n ≤ 2" in note for note in two["notes"])
    big = ahp.compute({"matrix": [[1] * 16 for _ in range(16)]})
    assert big["cr"] is None and big["consistent"] is None and big["notes"]


def test_random_index_table() -> None:
    assert len(ahp.RANDOM_INDEX) == 15
    assert ahp.RANDOM_INDEX[3] == Decimal("0.58") and ahp.RANDOM_INDEX[10] == Decimal("1.49")
    assert ahp.RANDOM_INDEX[15] == Decimal("1.59")


def test_published_weights_reconcile() -> None:
    result = ahp.compute({"matrix": SAATY_3, "published": {"weights.C1": "0.637", "cr": "0.033", "ci": "0.05"}})
    assert {k: v["agrees"] for k, v in result["reconciliation"].items()} == {
        "weights.C1": True, "cr": True, "ci": False}


def test_iteration_limit_is_noted() -> None:
    result = ahp.compute({"matrix": FOUR, "max_iterations": 2})
    assert result["converged"] is False and result["iterations"] == 2 and result["notes"]


# --------------------------------------------------------------------------- errors


def _errors(payload: dict[str, Any]) -> dict[str, list[str]]:
    with pytest.raises(MethodInputError) as caught:
        ahp.compute(payload)
    return caught.value.errors


def test_non_reciprocal_matrix_is_rejected() -> None:
    errors = _errors({"matrix": [[1, 3, 5], ["1/3", 1, 3], ["1/5", 3, 1]]})
    assert set(errors) == {"matrix.1.2"}
    assert "reciprocal" in errors["matrix.1.2"][0]


def test_bad_matrices() -> None:
    assert set(_errors({})) == {"matrix"}
    assert set(_errors({"matrix": [[1, 2], [0.5]]})) == {"matrix.1"}
    assert set(_errors({"matrix": [[1, -2], ["x", 1]]})) == {"matrix.0.1", "matrix.1.0"}
    assert set(_errors({"matrix": [[2, 2], [0.5, 1]]})) == {"matrix.0.0"}
    assert set(_errors({"matrix": [[1]], "criteria": ["a", "b"], "max_iterations": 0})) == {
        "criteria", "max_iterations"}


def test_rounded_reciprocals_pass_within_tolerance() -> None:
    result = ahp.compute({"matrix": [[1, 3], [0.33, 1]]})
    assert result["n"] == 2
    assert "matrix.0.1" in _errors({"matrix": [[1, 3], [0.33, 1]], "reciprocal_tolerance": "0.001"})


# --------------------------------------------------------------------------- properties

SAATY_SCALE = [Fraction(k) for k in range(1, 10)] + [Fraction(1, k) for k in range(2, 10)]


@st.composite
def reciprocal_matrices(draw: st.DrawFn) -> list[list[str]]:
    n = draw(st.integers(min_value=1, max_value=9))
    matrix = [[Fraction(1)] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            value = draw(st.sampled_from(SAATY_SCALE))
            matrix[i][j], matrix[j][i] = value, 1 / value
    return [[str(x) for x in row] for row in matrix]


@settings(max_examples=120, deadline=None)
@given(reciprocal_matrices(), st.booleans())
def test_weights_sum_to_one(matrix: list[list[str]], geometric: bool) -> None:
    result = ahp.compute({"matrix": matrix, "geometric_mean": geometric})
    weights = [Decimal(w) for w in result["priority_vector"]]
    assert all(w > 0 for w in weights)
    assert abs(sum(weights) - 1) <= Decimal("1e-20")
    assert result["converged"] is True
    assert Decimal(result["lambda_max"]) >= len(matrix) - Decimal("1e-20")
