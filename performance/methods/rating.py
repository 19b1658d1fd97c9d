"""Cooperative rating (pemeringkatan koperasi) after Permen KUKM 21/Per/M.KUKM/IX/2015.

Sources: seed 001 (/work/shared/seeds/001_a98a7523128583c9.txt), lines 223–272: the regulation's five aspects
(Pasal 4–5) and Tabel 1, the 23 indicators with their measuring instrument ("alat ukur"). The regulation leaves
weights and cut-offs to a technical guideline that is not in our sources, so the rubric is data; the default one
uses the mechanics of the ministry's earlier rating rule that published ratings still used in 2019:

    indicator score      s_i ∈ {1, …, max_score} (5): by the indicator's scale for a computed value, or given
                         by the assessor for an assessed indicator (an override of a computed score likewise)
    weighted score       w_i × s_i, with Σ w_i = 100
    aspect score         Σ over the aspect's indicators of w_i × s_i
    total                Σ_i w_i × s_i  (maximum 100 × max_score = 500)
    category             the rubric's category whose [lower, upper) contains the total; by default
                         ≥ 420 Sangat Berkualitas, 340–419 Berkualitas, 260–339 Cukup Berkualitas,
                         180–259 Kurang Berkualitas, < 180 Tidak Berkualitas

A rubric is refused when its weights do not sum to 100, an indicator code repeats, a computed indicator's scale
overlaps or leaves a gap (or gives a score outside 1…max_score), or its categories overlap or leave a gap.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, localcontext
from typing import Any

from ._base import CONTEXT, Errors, Message, MethodInputError, finish, number, require_mapping
from ._base import gettext_noop as _
from .bsc import Band, validate_bands

METHOD = "rating"
VERSION = "1.0.0"
ASPECTS = ("kelembagaan", "usaha", "keuangan", "manfaat_anggota", "manfaat_masyarakat")
KINDS = ("computed", "assessed")
HUNDRED = Decimal(100)


def parse_categories(raw: Any, errors: Errors) -> list[tuple[str, Decimal | None, Decimal | None]]:
    """``[{name, lower, upper}]`` with ``[lower, upper)`` intervals that must tile the line without a gap."""
    if not isinstance(raw, list) or not raw:
        errors.add("categories", _("A non-empty list of categories is required."))
        return []
    bands = [
        {"score": index, "lower": item.get("lower"), "upper": item.get("upper")} if isinstance(item, Mapping) else item
        for index, item in enumerate(raw)
    ]
    names = [str(item.get("name", "")).strip() if isinstance(item, Mapping) else "" for item in raw]
    for index, name in enumerate(names):
        if not name:
            errors.add(f"categories.{index}.name", _("This field is required."))
    checked = validate_bands(bands, "categories", errors)
    return [(names[int(band.score)], band.lower, band.upper) for band in checked]


def _indicator(item: Any, index: int, max_score: Decimal, errors: Errors) -> dict | None:
    path = f"indicators.{index}."
    if not isinstance(item, Mapping):
        errors.add(f"indicators.{index}", _("An object is required."))
        return None
    code = str(item.get("code", "")).strip()
    if not code:
        errors.add(f"{path}code", _("This field is required."))
    if item.get("aspect") not in ASPECTS:
        errors.add(f"{path}aspect", _("Must be one of: %(options)s."), options=", ".join(ASPECTS))
    if item.get("kind") not in KINDS:
        errors.add(f"{path}kind", _("Must be one of: %(options)s."), options=", ".join(KINDS))
    weight = number(item, "weight", errors, path=path)
    scale: list[Band] = []
    if item.get("kind") == "computed":
        scale = validate_bands(item.get("scale"), f"{path}scale", errors)
        for band in scale:
            if band.score != band.score.to_integral_value() or not 1 <= band.score <= max_score:
                errors.add(f"{path}scale", _("Scores must be whole numbers from 1 to %(most)s."), most=max_score)
                break
    return {"code": code, "aspect": item.get("aspect"), "name": str(item.get("name", code)), "kind": item.get("kind"),
            "weight": weight, "scale": scale, "instrument": str(item.get("instrument", ""))}  # fmt: skip


def parse_rubric(rubric: Any) -> dict:
    """Validate a rubric; raise :class:`MethodInputError` naming every problem (paths start with ``rubric.``
    when called through :func:`compute`)."""
    rubric = require_mapping(rubric)
    errors = Errors()
    max_score = number(rubric, "max_score", errors, required=False, default=Decimal(5), positive=True) or Decimal(5)
    raw = rubric.get("indicators")
    if not isinstance(raw, list) or not raw:
        errors.add("indicators", _("A non-empty list of indicators is required."))
        raw = []
    indicators = [ind for i, item in enumerate(raw) if (ind := _indicator(item, i, max_score, errors))]
    codes = [ind["code"] for ind in indicators]
    for i, code in enumerate(codes):
        if code and codes.index(code) != i:
            errors.add(f"indicators.{i}.code", _("Duplicate code %(code)r."), code=code)
    weights = [ind["weight"] for ind in indicators]
    if indicators and all(w is not None for w in weights) and sum(weights, Decimal(0)) != HUNDRED:
        errors.add("indicators", _("The weights sum to %(total)s, not 100."), total=sum(weights, Decimal(0)))
    categories = parse_categories(rubric.get("categories"), errors)
    errors.raise_if_any()
    return {"max_score": max_score, "indicators": indicators, "categories": categories}


def score_of(indicator: Mapping[str, Any], value: Decimal) -> Decimal:
    """The score of a computed indicator's value on its scale (a value outside every band is an input error)."""
    for band in indicator["scale"]:
        if band.contains(value):
            return band.score
    raise MethodInputError(
        {
            f"scores.{indicator['code']}.value": [
                Message(_("%(value)s lies outside the indicator's scale."), {"value": value})
            ]
        }
    )


def category_of(categories: list[tuple[str, Decimal | None, Decimal | None]], total: Decimal) -> str:
    for name, lower, upper in categories:
        if (lower is None or total >= lower) and (upper is None or total < upper):
            return name
    raise MethodInputError({"categories": [Message(_("No category holds the total %(total)s."), {"total": total})]})


def _indicator_score(indicator: dict, given: Any, max_score: Decimal, errors: Errors) -> dict:
    """An indicator's value, its score from the scale, and the score that counts (an override wins)."""
    code, path = indicator["code"], f"scores.{indicator['code']}."
    given = given if isinstance(given, Mapping) else {}
    value = number(given, "value", errors, path=path, required=False, minimum=None)
    computed = None
    if indicator["kind"] == "computed" and value is not None:
        try:
            computed = score_of(indicator, value)
        except MethodInputError as problem:
            errors.extend(problem)
    chosen = number(given, "score", errors, path=path, required=False)
    if chosen is not None and (chosen != chosen.to_integral_value() or not 1 <= chosen <= max_score):
        errors.add(f"{path}score", _("A whole score from 1 to %(most)s is required."), most=max_score)
    if chosen is not None and computed is not None and chosen != computed and not str(given.get("reason", "")).strip():
        errors.add(f"{path}reason", _("Overriding a computed score needs a written reason."))
    score = chosen if chosen is not None else computed
    if score is None:
        errors.add(f"{path}score", _("Indicator %(code)s has no score."), code=code)
    return {"code": code, "aspect": indicator["aspect"], "name": indicator["name"], "kind": indicator["kind"],
            "weight": indicator["weight"], "value": value, "computed_score": computed, "score": score,
            "overridden": chosen is not None and computed is not None and chosen != computed,
            "reason": str(given.get("reason", "")), "weighted": None}  # fmt: skip


def compute(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Rate a cooperative: ``{"rubric": {...}, "scores": {code: {"value"?, "score"?, "reason"?}}}``."""
    payload = require_mapping(payload)
    try:
        rubric = parse_rubric(payload.get("rubric"))
    except MethodInputError as problem:
        raise problem.under("rubric.") from None
    scores = payload.get("scores") if isinstance(payload.get("scores"), Mapping) else {}
    errors = Errors()
    rows = [_indicator_score(ind, scores.get(ind["code"]), rubric["max_score"], errors) for ind in rubric["indicators"]]
    errors.raise_if_any()
    notes: list[str] = []
    with localcontext(CONTEXT):
        for row in rows:
            row["weighted"] = row["weight"] * row["score"]
        aspects = {
            aspect: {
                "weight": sum((r["weight"] for r in rows if r["aspect"] == aspect), Decimal(0)),
                "score": sum((r["weighted"] for r in rows if r["aspect"] == aspect), Decimal(0)),
                "maximum": sum((r["weight"] for r in rows if r["aspect"] == aspect), Decimal(0)) * rubric["max_score"],
            }
            for aspect in ASPECTS
            if any(r["aspect"] == aspect for r in rows)
        }
        total = sum((r["weighted"] for r in rows), Decimal(0))
    result = {"indicators": rows, "aspects": aspects, "total": total, "maximum": HUNDRED * rubric["max_score"],
              "category": category_of(rubric["categories"], total),
              "overrides": sum(1 for r in rows if r["overridden"])}  # fmt: skip
    return finish(result, method=METHOD, version=VERSION, notes=notes, published=payload.get("published"))
