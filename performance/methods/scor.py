"""SCOR performance: normalised metric scores (Snorm) and their weighted, optionally hierarchical total.

Source: SCOR-AHP as applied in seed 002 (copra supply chain, CV X; §2.4 and §4.7, lines 68–72 and
311–316: SCOR hierarchy of business process → performance attribute → metric, weights from AHP
pairwise comparisons, total performance 94.93 %), with the usual Snorm normalisation of SCOR-AHP
studies (Trienekens & Hvolby 2000; Setiawan 2010, ref. [7] of seed 002)::

    Snorm_i = (actual_i − worst_i) / (best_i − worst_i) × 100

    larger_is_better:  best = max, worst = min      smaller_is_better: best = min, worst = max
    clamp (default on): Snorm is limited to [0, 100] when the actual lies beyond best or worst
    best = worst: Snorm is null with a note

    local weight  = weight / Σ weights of its siblings (same group, or the top level)
    global weight = product of local weights from the top level down to the metric
    group score   = Σ local weight × child score         total = Σ global weight_i × Snorm_i

Without ``groups`` every metric is at the top level and the total is the weighted mean of Snorm
(weights default to 1; weights from :mod:`performance.methods.ahp` can be passed as they are).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from ._base import (
    CONTEXT,
    HUNDRED,
    Errors,
    finish,
    number,
    ratio,
    require_mapping,
)
from ._base import gettext_noop as _

METHOD = "scor"
VERSION = "1.0"
DIRECTIONS = ("larger_is_better", "smaller_is_better")
ONE = Decimal(1)


@dataclass(frozen=True)
class Metric:
    id: str
    name: str
    actual: Decimal
    best: Decimal
    worst: Decimal
    direction: str
    weight: Decimal
    group: str | None


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    weight: Decimal
    parent: str | None


# --------------------------------------------------------------------------- parsing


def _ident(item: Mapping[str, Any], path: str, default: str, errors: Errors) -> str:
    value = item.get("id", default)
    if not isinstance(value, str) or not value:
        errors.add(f"{path}id", _("A non-empty string is required."))
        return default
    return value


def _bounds(item: Mapping[str, Any], path: str, errors: Errors) -> tuple[Decimal, Decimal, str]:
    """(best, worst, direction) from best/worst or from min/max plus direction."""
    direction = item.get("direction")
    if direction is not None and direction not in DIRECTIONS:
        errors.add(f"{path}direction", _("Must be one of: %(options)s."), options=", ".join(DIRECTIONS))
    zero = Decimal(0)
    if "best" in item or "worst" in item:
        best = number(item, "best", errors, path=path, minimum=None)
        worst = number(item, "worst", errors, path=path, minimum=None)
        if best is None or worst is None:
            return zero, zero, DIRECTIONS[0]
        implied = DIRECTIONS[0] if best >= worst else DIRECTIONS[1]
        if direction in DIRECTIONS and best != worst and direction != implied:
            errors.add(f"{path}direction", _("Contradicts best/worst, which say %(implied)s."), implied=implied)
        return best, worst, str(direction) if direction in DIRECTIONS else implied
    low = number(item, "min", errors, path=path, minimum=None)
    high = number(item, "max", errors, path=path, minimum=None)
    if direction is None:
        errors.add(f"{path}direction", _("Required with min/max."))
    if low is None or high is None or direction not in DIRECTIONS:
        return zero, zero, DIRECTIONS[0]
    if low > high:
        errors.add(f"{path}min", _("Must not exceed max."))
    return (high, low, direction) if direction == DIRECTIONS[0] else (low, high, direction)


def _metric(item: Any, index: int, errors: Errors) -> Metric | None:
    path = f"metrics.{index}."
    if not isinstance(item, Mapping):
        errors.add(f"metrics.{index}", _("An object is required."))
        return None
    ident = _ident(item, path, f"M{index + 1}", errors)
    actual = number(item, "actual", errors, path=path, minimum=None)
    best, worst, direction = _bounds(item, path, errors)
    weight = number(item, "weight", errors, path=path, required=False, default=Decimal(1))
    group = item.get("group")
    if group is not None and not isinstance(group, str):
        errors.add(f"{path}group", _("A group id (string) is required."))
    return Metric(
        ident,
        str(item.get("name", ident)),
        actual or Decimal(0),
        best,
        worst,
        direction,
        weight or Decimal(0),
        group if isinstance(group, str) else None,
    )


def _group(item: Any, index: int, errors: Errors) -> Group | None:
    path = f"groups.{index}."
    if not isinstance(item, Mapping):
        errors.add(f"groups.{index}", _("An object is required."))
        return None
    ident = _ident(item, path, f"G{index + 1}", errors)
    weight = number(item, "weight", errors, path=path, required=False, default=Decimal(1))
    parent = item.get("parent")
    if parent is not None and not isinstance(parent, str):
        errors.add(f"{path}parent", _("A group id (string) is required."))
    return Group(ident, str(item.get("name", ident)), weight or Decimal(0), parent if isinstance(parent, str) else None)


def _unique(ids: list[str], section: str, errors: Errors) -> None:
    for i, ident in enumerate(ids):
        if ids.index(ident) != i:
            errors.add(f"{section}.{i}.id", _("Duplicate id %(id)r."), id=ident)


def _check_tree(metrics: list[Metric], groups: list[Group], errors: Errors) -> None:
    known = {g.id: g for g in groups}
    for i, m in enumerate(metrics):
        if m.group is not None and m.group not in known:
            errors.add(f"metrics.{i}.group", _("Unknown group %(group)r."), group=m.group)
    for i, g in enumerate(groups):
        if not any(m.group == g.id for m in metrics) and not any(c.parent == g.id for c in groups):
            errors.add(f"groups.{i}", _("A group needs at least one metric or subgroup."))
        seen, parent = {g.id}, g.parent
        while parent is not None:
            if parent not in known:
                errors.add(f"groups.{i}.parent", _("Unknown group %(group)r."), group=parent)
                break
            if parent in seen:
                errors.add(f"groups.{i}.parent", _("Groups form a cycle."))
                break
            seen.add(parent)
            parent = known[parent].parent


def _parse(payload: Mapping[str, Any]) -> tuple[list[Metric], list[Group], bool]:
    errors = Errors()
    raw_metrics, raw_groups = payload.get("metrics"), payload.get("groups", [])
    if not isinstance(raw_metrics, list) or not raw_metrics:
        errors.add("metrics", _("A non-empty list of metrics is required."))
        raw_metrics = []
    if not isinstance(raw_groups, list):
        errors.add("groups", _("A list of groups is required."))
        raw_groups = []
    metrics = [m for i, item in enumerate(raw_metrics) if (m := _metric(item, i, errors))]
    groups = [g for i, item in enumerate(raw_groups) if (g := _group(item, i, errors))]
    _unique([m.id for m in metrics], "metrics", errors)
    _unique([g.id for g in groups], "groups", errors)
    _check_tree(metrics, groups, errors)
    clamp = payload.get("clamp", True)
    if not isinstance(clamp, bool):
        errors.add("clamp", _("Must be true or false."))
    errors.raise_if_any()
    return metrics, groups, bool(clamp)


# --------------------------------------------------------------------------- arithmetic


def snorm(metric: Metric, clamp: bool, notes: list[str]) -> tuple[Decimal | None, bool]:
    """(Snorm in %, whether it was clamped to [0, 100])."""
    with localcontext(CONTEXT):
        value = ratio(metric.actual - metric.worst, metric.best - metric.worst, notes, f"metrics.{metric.id}.snorm")
        if value is None:
            return None, False
        value *= HUNDRED
    if clamp and not 0 <= value <= HUNDRED:
        notes.append(f"metrics.{metric.id}.snorm: {value} clamped to [0, 100].")
        return min(max(value, Decimal(0)), HUNDRED), True
    return value, False


def _local_weights(nodes: list[tuple[str, Decimal, str | None]], notes: list[str]) -> dict[tuple, Decimal]:
    """Weight / Σ sibling weights for every (kind:id) node; siblings share a parent."""
    totals: dict[str | None, Decimal] = {}
    with localcontext(CONTEXT):
        for _node, weight, parent in nodes:
            totals[parent] = totals.get(parent, Decimal(0)) + weight
    out: dict[tuple, Decimal] = {}
    for key, weight, parent in nodes:
        label = f"weights under {parent or 'the top level'}"
        local = ratio(weight, totals[parent], notes, label)
        out[(key, parent)] = local if local is not None else Decimal(0)
    return out


def _global(group: str | None, groups: dict[str, Group], local: dict[tuple, Decimal]) -> Decimal:
    weight = Decimal(1)
    with localcontext(CONTEXT):
        while group is not None:
            parent = groups[group].parent
            weight *= local[(f"group:{group}", parent)]
            group = parent
    return weight


def _dot(parts: list[tuple[Decimal, Decimal | None]]) -> Decimal:
    with localcontext(CONTEXT):
        return sum((w * s for w, s in parts if s is not None), Decimal(0))


# --------------------------------------------------------------------------- entry point


def _metric_rows(
    metrics: list[Metric], groups: list[Group], local: dict[tuple, Decimal], clamp: bool, notes: list[str]
) -> list[dict]:
    known = {g.id: g for g in groups}
    rows = []
    for m in metrics:
        value, clamped = snorm(m, clamp, notes)
        lw = local[(f"metric:{m.id}", m.group)]
        with localcontext(CONTEXT):
            gw = _global(m.group, known, local) * lw
            contribution = None if value is None else gw * value
        rows.append(
            {
                "id": m.id,
                "name": m.name,
                "group": m.group,
                "direction": m.direction,
                "actual": m.actual,
                "best": m.best,
                "worst": m.worst,
                "snorm": value,
                "clamped": clamped,
                "weight": m.weight,
                "local_weight": lw,
                "global_weight": gw,
                "contribution": contribution,
            }
        )
    return rows


def _group_rows(groups: list[Group], rows: list[dict], local: dict[tuple, Decimal]) -> list[dict]:
    known = {g.id: g for g in groups}
    out = []
    for g in groups:
        children = [r for r in rows if r["group"] == g.id]
        sub = [x for x in groups if x.parent == g.id]
        out.append(
            {
                "id": g.id,
                "name": g.name,
                "parent": g.parent,
                "weight": g.weight,
                "local_weight": local[(f"group:{g.id}", g.parent)],
                "global_weight": _global(g.id, known, local),
                "metrics": len(children),
                "groups": len(sub),
            }
        )
    return out


def _scores(groups: list[Group], rows: list[dict], group_rows: list[dict]) -> None:
    """Fill every group's score bottom-up: Σ local weight × (metric Snorm or child group score)."""
    by_id = {row["id"]: row for row in group_rows}
    remaining = list(groups)
    while remaining:
        for g in [g for g in remaining if not any(c.parent == g.id for c in remaining)]:
            parts = [(r["local_weight"], r["snorm"]) for r in rows if r["group"] == g.id]
            parts += [(by_id[c.id]["local_weight"], by_id[c.id]["score"]) for c in groups if c.parent == g.id]
            by_id[g.id]["score"] = None if any(s is None for _, s in parts) else _dot(parts)
            remaining.remove(g)


def compute(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Snorm per metric, group scores and the weighted total; see the module docstring."""
    payload = require_mapping(payload)
    metrics, groups, clamp = _parse(payload)
    notes: list[str] = []
    nodes = [(f"metric:{m.id}", m.weight, m.group) for m in metrics]
    nodes += [(f"group:{g.id}", g.weight, g.parent) for g in groups]
    local = _local_weights(nodes, notes)
    rows = _metric_rows(metrics, groups, local, clamp, notes)
    group_rows = _group_rows(groups, rows, local)
    _scores(groups, rows, group_rows)
    contributions = [r["contribution"] for r in rows]
    if any(c is None for c in contributions):
        notes.append("total: left empty because a metric has no Snorm.")
    result: dict[str, Any] = {
        "metrics": rows,
        "groups": group_rows,
        "clamp": clamp,
        "total": None if any(c is None for c in contributions) else _dot([(ONE, c) for c in contributions]),
    }
    return finish(
        result,
        method=METHOD,
        version=VERSION,
        notes=notes,
        published=payload.get("published"),
        extra_keys={"metrics": {r["id"]: r for r in rows}, "groups": {g["id"]: g for g in group_rows}},
    )
