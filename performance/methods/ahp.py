"""Analytic Hierarchy Process: priority weights and consistency of a pairwise comparison matrix.

Source: Saaty, T. L. (1980), *The Analytic Hierarchy Process*, McGraw-Hill (principal eigenvector,
consistency index and ratio, random index); used with SCOR in seed 002 (copra supply chain,
§2.4, §2.6 and §4.7, lines 68–126 and 311–316; the paper prints no matrix, only the 94.93 %
SCOR total).

Formulas (A = n×n positive reciprocal matrix, a_ii = 1, a_ji = 1 / a_ij)::

    w        principal right eigenvector of A, normalised so Σ w_i = 1, found by power iteration
             w_{k+1} = A·w_k / Σ(A·w_k) from w_0 = (1/n, …) until max_i |w_{k+1,i} − w_{k,i}| ≤ tolerance
             (default 1e-30; Decimal arithmetic at 34 significant digits)
             or, with ``geometric_mean``: w_i = (Π_j a_ij)^(1/n) / Σ_k (Π_j a_kj)^(1/n)
    λmax     = (1/n) Σ_i (A·w)_i / w_i
    CI       = (λmax − n) / (n − 1)
    CR       = CI / RI(n)   with Saaty's random index RI (n = 1..15, :data:`RANDOM_INDEX`)
    consistent  ⇔  CR ≤ 0.10

For n ≤ 2 every reciprocal matrix is consistent: CI and CR are reported as 0 (RI is 0 there).
For n > 15 no RI is tabulated: CR and ``consistent`` are ``null`` with a note.

Entries may be JSON numbers or strings, including fractions such as ``"1/3"``.  The reciprocal
check accepts |a_ij · a_ji − 1| ≤ ``reciprocal_tolerance`` (default 0.01, so 0.33 for 1/3 passes);
the matrix is used as given.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, localcontext
from typing import Any

from ._base import (
    CONTEXT,
    Errors,
    finish,
    number,
    parse_decimal,
    require_mapping,
)
from ._base import gettext_noop as _

METHOD = "ahp"
VERSION = "1.0"
RANDOM_INDEX: dict[int, Decimal] = {
    n: Decimal(v)
    for n, v in enumerate(
        [
            "0",
            "0",
            "0.58",
            "0.90",
            "1.12",
            "1.24",
            "1.32",
            "1.41",
            "1.45",
            "1.49",
            "1.51",
            "1.48",
            "1.56",
            "1.57",
            "1.59",
        ],
        start=1,
    )
}
CONSISTENCY_LIMIT = Decimal("0.10")
DEFAULT_TOLERANCE = Decimal("1e-30")
DEFAULT_RECIPROCAL_TOLERANCE = Decimal("0.01")
DEFAULT_MAX_ITERATIONS = 1000
Matrix = list[list[Decimal]]


# --------------------------------------------------------------------------- parsing


def parse_entry(value: Any) -> Decimal:
    """A judgement: a number or a fraction string ``"1/3"``; raises ValueError unless positive."""
    if isinstance(value, str) and "/" in value:
        top, _slash, bottom = value.partition("/")
        numerator, denominator = parse_decimal(top), parse_decimal(bottom)
        if denominator == 0:
            raise ValueError("division by zero")
        with localcontext(CONTEXT):
            result = numerator / denominator
    else:
        result = parse_decimal(value)
    if result <= 0:
        raise ValueError("not positive")
    return result


def _row(raw: Any, i: int, n: int, errors: Errors) -> list[Decimal]:
    if not isinstance(raw, list) or len(raw) != n:
        errors.add(f"matrix.{i}", _("A list of %(n)s judgements is required (the matrix must be square)."), n=n)
        return []
    row = []
    for j, value in enumerate(raw):
        try:
            row.append(parse_entry(value))
        except ValueError:
            errors.add(f"matrix.{i}.{j}", _('A positive number or fraction (e.g. 3 or "1/3") is required.'))
            row.append(Decimal(1))
    return row


def check_reciprocal(matrix: Matrix, tolerance: Decimal, errors: Errors) -> None:
    """a_ii = 1 and |a_ij · a_ji − 1| ≤ tolerance, reported once per pair on ``matrix.i.j`` (i < j)."""
    n = len(matrix)
    with localcontext(CONTEXT):
        for i in range(n):
            if matrix[i][i] != 1:
                errors.add(f"matrix.{i}.{i}", _("The diagonal must be 1."))
            for j in range(i + 1, n):
                if abs(matrix[i][j] * matrix[j][i] - 1) > tolerance:
                    message = _("Not reciprocal: %(ij)s × %(ji)s must be 1.")
                    errors.add(f"matrix.{i}.{j}", message, ij=f"matrix.{i}.{j}", ji=f"matrix.{j}.{i}")


def _criteria(raw: Any, n: int, errors: Errors) -> list[str]:
    if raw is None:
        return [f"C{i + 1}" for i in range(n)]
    if (
        not isinstance(raw, list)
        or len(raw) != n
        or len(set(map(str, raw))) != n
        or not all(isinstance(c, str) and c for c in raw)
    ):
        errors.add("criteria", _("A list of %(n)s distinct non-empty names is required."), n=n)
        return [f"C{i + 1}" for i in range(n)]
    return list(raw)


def _parse(payload: Mapping[str, Any]) -> tuple[Matrix, list[str], dict[str, Any]]:
    errors = Errors()
    raw = payload.get("matrix")
    if not isinstance(raw, list) or not raw:
        errors.add("matrix", _("A non-empty square matrix (list of rows) is required."))
        errors.raise_if_any()
    matrix = [_row(row, i, len(raw), errors) for i, row in enumerate(raw)]
    options = {
        "tolerance": number(payload, "tolerance", errors, required=False, default=DEFAULT_TOLERANCE, positive=True),
        "reciprocal_tolerance": number(
            payload, "reciprocal_tolerance", errors, required=False, default=DEFAULT_RECIPROCAL_TOLERANCE
        ),
        "max_iterations": _iterations(payload, errors),
        "geometric_mean": payload.get("geometric_mean", False),
    }
    if not isinstance(options["geometric_mean"], bool):
        errors.add("geometric_mean", _("Must be true or false."))
    criteria = _criteria(payload.get("criteria"), len(raw), errors)
    if not errors and options["reciprocal_tolerance"] is not None:
        check_reciprocal(matrix, options["reciprocal_tolerance"], errors)
    errors.raise_if_any()
    return matrix, criteria, options


def _iterations(payload: Mapping[str, Any], errors: Errors) -> int:
    value = payload.get("max_iterations", DEFAULT_MAX_ITERATIONS)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100_000:
        errors.add("max_iterations", _("An integer from 1 to 100000 is required."))
        return DEFAULT_MAX_ITERATIONS
    return value


# --------------------------------------------------------------------------- arithmetic


def _multiply(matrix: Matrix, vector: list[Decimal]) -> list[Decimal]:
    return [sum((a * w for a, w in zip(row, vector, strict=True)), Decimal(0)) for row in matrix]


def _normalise(vector: list[Decimal]) -> list[Decimal]:
    total = sum(vector, Decimal(0))
    return [v / total for v in vector]


def power_iteration(matrix: Matrix, tolerance: Decimal, max_iterations: int) -> tuple[list[Decimal], int, bool]:
    """Principal eigenvector (Σ = 1), iterations used, and whether ``tolerance`` was reached."""
    n = len(matrix)
    with localcontext(CONTEXT):
        weights = [Decimal(1) / n] * n
        for iteration in range(1, max_iterations + 1):
            following = _normalise(_multiply(matrix, weights))
            change = max(abs(a - b) for a, b in zip(following, weights, strict=True))
            weights = following
            if change <= tolerance:
                return weights, iteration, True
    return weights, max_iterations, False


def geometric_mean_weights(matrix: Matrix) -> list[Decimal]:
    """Row geometric means, normalised to sum 1 (logarithms keep large products in range)."""
    n = len(matrix)
    with localcontext(CONTEXT) as ctx:
        means = [ctx.exp(sum((ctx.ln(a) for a in row), Decimal(0)) / n) for row in matrix]
        return _normalise(means)


def lambda_max(matrix: Matrix, weights: list[Decimal]) -> Decimal:
    """λmax = mean of (A·w)_i / w_i."""
    with localcontext(CONTEXT):
        products = _multiply(matrix, weights)
        return sum((p / w for p, w in zip(products, weights, strict=True)), Decimal(0)) / len(weights)


def consistency(n: int, lam: Decimal, notes: list[str]) -> dict[str, Any]:
    """CI, RI, CR and the consistent flag (CR ≤ 0.10)."""
    if n <= 2:
        notes.append("n ≤ 2: a reciprocal matrix is always consistent; CI and CR reported as 0.")
        return {"ci": Decimal(0), "ri": RANDOM_INDEX[n], "cr": Decimal(0), "consistent": True}
    with localcontext(CONTEXT):
        ci = (lam - n) / (n - 1)
        ri = RANDOM_INDEX.get(n)
        if ri is None:
            notes.append(f"cr: no random index tabulated for n = {n} (1..15); CR left empty.")
            return {"ci": ci, "ri": None, "cr": None, "consistent": None}
        cr = ci / ri
    return {"ci": ci, "ri": ri, "cr": cr, "consistent": cr <= CONSISTENCY_LIMIT}


# --------------------------------------------------------------------------- entry point


def compute(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Weights, λmax, CI, CR of ``matrix`` (optional ``criteria`` names); see the module docstring."""
    payload = require_mapping(payload)
    matrix, criteria, options = _parse(payload)
    notes: list[str] = []
    if options["geometric_mean"]:
        weights, iterations, converged = geometric_mean_weights(matrix), 0, True
    else:
        weights, iterations, converged = power_iteration(matrix, options["tolerance"], options["max_iterations"])
        if not converged:
            notes.append(
                f"weights: power iteration stopped after {iterations} iterations "
                f"before reaching tolerance {options['tolerance']}."
            )
    lam = lambda_max(matrix, weights)
    result: dict[str, Any] = {
        "n": len(matrix),
        "criteria": criteria,
        "weights": dict(zip(criteria, weights, strict=True)),
        "priority_vector": weights,
        "lambda_max": lam,
        **consistency(len(matrix), lam, notes),
        "consistency_limit": CONSISTENCY_LIMIT,
        "weighting": "geometric_mean" if options["geometric_mean"] else "eigenvector",
        "tolerance": options["tolerance"],
        "iterations": iterations,
        "converged": converged,
    }
    return finish(result, method=METHOD, version=VERSION, notes=notes, published=payload.get("published"))
