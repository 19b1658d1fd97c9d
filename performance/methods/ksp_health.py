"""Health of a savings-and-loan cooperative or unit (kesehatan KSP/USP): seven aspects, each ratio scored linearly
between the rubric's bounds, management answered as a questionnaire, a total out of 100 and its category.

Aspects and weights (issue 23, after the ministry's KSP/USP health rules): permodalan 15, kualitas aktiva
produktif 25, manajemen 15, efisiensi 10, likuiditas 15, kemandirian dan pertumbuhan 10, jatidiri koperasi 10.
The rubric is data (the official cut-offs are in a guideline not in our sources); docs/rating.md works the
default one through by hand.

    ratio component     share = (value − worst) / (best − worst), clipped to [0, 1]
                        (``worst`` > ``best`` for a ratio where lower is better: the same formula holds)
                        score = weight × share
    questionnaire       score = weight × (questions answered yes) / (questions)
    aspect score        Σ of its components' scores
    total               Σ aspect scores (maximum Σ weights = 100)
    category            by default Sehat ≥ 80, Cukup Sehat 66 to < 80, Dalam Pengawasan 51 to < 66,
                        Dalam Pengawasan Khusus < 51

A ratio that cannot be computed (its divisor is zero) scores 0 with a note. Every step is returned.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, localcontext
from typing import Any

from ._base import CONTEXT, Errors, MethodInputError, finish, number, require_mapping
from ._base import gettext_noop as _
from .rating import category_of, parse_categories

METHOD = "ksp_health"
VERSION = "1.0.0"
ASPECTS = (
    "permodalan", "kualitas_aktiva_produktif", "manajemen", "efisiensi", "likuiditas",
    "kemandirian_pertumbuhan", "jatidiri",
)  # fmt: skip
ONE, ZERO = Decimal(1), Decimal(0)


def _component(item: Any, index: int, errors: Errors) -> dict | None:
    path = f"components.{index}."
    if not isinstance(item, Mapping):
        errors.add(f"components.{index}", _("An object is required."))
        return None
    code = str(item.get("code", "")).strip()
    if not code:
        errors.add(f"{path}code", _("This field is required."))
    if item.get("aspect") not in ASPECTS:
        errors.add(f"{path}aspect", _("Must be one of: %(options)s."), options=", ".join(ASPECTS))
    kind = item.get("kind", "ratio")
    if kind not in ("ratio", "questionnaire"):
        errors.add(f"{path}kind", _("Must be ratio or questionnaire."))
    weight = number(item, "weight", errors, path=path)
    component = {"code": code, "aspect": item.get("aspect"), "name": str(item.get("name", code)), "kind": kind,
                 "weight": weight, "worst": None, "best": None, "questions": []}  # fmt: skip
    if kind == "ratio":
        component["worst"] = number(item, "worst", errors, path=path, minimum=None)
        component["best"] = number(item, "best", errors, path=path, minimum=None)
        if component["worst"] is not None and component["worst"] == component["best"]:
            errors.add(f"{path}best", _("The best and worst bounds must differ."))
    else:
        questions = item.get("questions")
        if not isinstance(questions, list) or not questions or not all(isinstance(q, str) and q for q in questions):
            errors.add(f"{path}questions", _("A non-empty list of questions is required."))
        else:
            component["questions"] = list(questions)
    return component


def parse_rubric(rubric: Any) -> dict:
    rubric = require_mapping(rubric)
    errors = Errors()
    raw = rubric.get("components")
    if not isinstance(raw, list) or not raw:
        errors.add("components", _("A non-empty list of components is required."))
        raw = []
    components = [c for i, item in enumerate(raw) if (c := _component(item, i, errors))]
    codes = [c["code"] for c in components]
    for i, code in enumerate(codes):
        if code and codes.index(code) != i:
            errors.add(f"components.{i}.code", _("Duplicate code %(code)r."), code=code)
    weights = [c["weight"] for c in components]
    if components and all(w is not None for w in weights) and sum(weights, ZERO) != 100:
        errors.add("components", _("The weights sum to %(total)s, not 100."), total=sum(weights, ZERO))
    categories = parse_categories(rubric.get("categories"), errors)
    errors.raise_if_any()
    return {"components": components, "categories": categories}


def share(value: Decimal, worst: Decimal, best: Decimal) -> Decimal:
    """(value − worst) / (best − worst) clipped to [0, 1]: 0 at the worst bound, 1 at the best."""
    with localcontext(CONTEXT):
        return min(ONE, max(ZERO, (value - worst) / (best - worst)))


def _scored(component: dict, given: Any, notes: list[str], errors: Errors) -> dict:
    path = f"values.{component['code']}"
    row = {**component, "value": None, "share": ZERO, "score": ZERO, "answers": None}
    if component["kind"] == "ratio":
        value = None if given is None else number({"v": given}, "v", errors, path=f"{path}.", minimum=None)
        if value is None:
            notes.append(f"{component['code']}: no value (its divisor is zero); scored 0.")
        else:
            row["value"] = value
            row["share"] = share(value, component["worst"], component["best"])
    else:
        answers = given if isinstance(given, list) else None
        if (
            answers is None
            or len(answers) != len(component["questions"])
            or not all(isinstance(a, bool) for a in answers)
        ):
            errors.add(path, _("A list of %(n)s answers (true or false) is required."), n=len(component["questions"]))
            return row
        row["answers"] = answers
        with localcontext(CONTEXT):
            row["share"] = Decimal(sum(answers)) / len(answers)
    with localcontext(CONTEXT):
        row["score"] = component["weight"] * row["share"]
    return row


def compute(payload: Mapping[str, Any]) -> dict[str, Any]:
    """``{"rubric": {...}, "values": {code: ratio value (or null) | [answers]}}`` → scores, total, category."""
    payload = require_mapping(payload)
    try:
        rubric = parse_rubric(payload.get("rubric"))
    except MethodInputError as problem:
        raise problem.under("rubric.") from None
    values = payload.get("values") if isinstance(payload.get("values"), Mapping) else {}
    errors, notes = Errors(), []
    rows = [_scored(c, values.get(c["code"]), notes, errors) for c in rubric["components"]]
    errors.raise_if_any()
    with localcontext(CONTEXT):
        aspects = {
            aspect: {"weight": sum((r["weight"] for r in rows if r["aspect"] == aspect), ZERO),
                     "score": sum((r["score"] for r in rows if r["aspect"] == aspect), ZERO)}
            for aspect in ASPECTS if any(r["aspect"] == aspect for r in rows)
        }  # fmt: skip
        total = sum((r["score"] for r in rows), ZERO)
    result = {
        "components": rows,
        "aspects": aspects,
        "total": total,
        "category": category_of(rubric["categories"], total),
    }
    return finish(result, method=METHOD, version=VERSION, notes=notes, published=payload.get("published"))
