"""The dashboards read stored snapshots (never the books): for one method and one subject, a row per
period with the figures people follow over time, the charts drawn from those rows, and the latest
snapshot — the only one whose staleness is checked, by gathering its payload again, so a page costs
one query for the history whatever its length (bench/dashboards.py).

Boards: ``hayami`` (value added per processed product), ``margins`` (per marketing channel), ``income``
(per business unit and the whole cooperative) and ``bsc`` (the cooperative's scorecard).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from performance.models import PeriodKind, Snapshot, SnapshotStatus
from performance.snapshots import is_stale
from performance.views import CLASSIFICATIONS


@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    kind: str  # rupiah, percent, ratio, score, text, count


@dataclass(frozen=True)
class ChartSpec:
    title: Any
    type: str  # line or bar
    keys: tuple[str, ...]


@dataclass(frozen=True)
class BoardSpec:
    method: str
    title: Any
    subject_label: Any
    columns: tuple[Column, ...]
    charts: tuple[ChartSpec, ...]
    values: Any  # result → {column key: value}


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _hayami_values(result: dict) -> dict:
    rows = result.get("rows", {})
    return {
        "value_added": _decimal(rows.get("11a")),
        "value_added_ratio": _decimal(rows.get("11b")),
        "classification": str(CLASSIFICATIONS.get(result.get("classification") or "", "")),
        "labour_share": _decimal(rows.get("12b")),
        "profit_share": _decimal(rows.get("13b_va")),
    }


def _margins_values(result: dict) -> dict:
    return {
        "producer_price": _decimal(result.get("producer_price")),
        "consumer_price": _decimal(result.get("consumer_price")),
        "total_margin": _decimal(result.get("total_margin")),
        "producer_share": _decimal(result.get("producer_share")),
        "efficiency": _decimal(result.get("efficiency")),
    }


def _income_values(result: dict) -> dict:
    values = result.get("values", {})
    return {key: _decimal(values.get(key)) for key in ("tr", "tc", "profit", "rc")}


def _bsc_values(result: dict) -> dict:
    perspectives = result.get("perspectives", {})
    return {
        "overall": _decimal(result.get("overall")),
        **{name: _decimal(perspectives.get(name, {}).get("score")) for name in PERSPECTIVE_KEYS},
        "targets_met": f"{result.get('targets_met', 0)} / {result.get('targets_total', 0)}" if result else "",
    }


PERSPECTIVE_KEYS = ("financial", "customer", "internal_process", "learning_growth")

BOARDS: dict[str, BoardSpec] = {
    "hayami": BoardSpec(
        "hayami",
        _("Value added (Hayami)"),
        _("Product"),
        (
            Column("value_added", _("Value added (Rp per unit of raw material)"), "rupiah"),
            Column("value_added_ratio", _("Value-added ratio (%)"), "percent"),
            Column("classification", _("Class"), "text"),
            Column("labour_share", _("Labour share of value added (%)"), "percent"),
            Column("profit_share", _("Profit share of value added (%)"), "percent"),
        ),
        (
            ChartSpec(_("Value added per unit of raw material (Rp)"), "line", ("value_added",)),
            ChartSpec(
                _("Value-added ratio and its shares (%)"), "line", ("value_added_ratio", "labour_share", "profit_share")
            ),
        ),
        _hayami_values,
    ),
    "margins": BoardSpec(
        "margins",
        _("Marketing margins"),
        _("Marketing channel"),
        (
            Column("producer_price", _("Producer price (Rp)"), "rupiah"),
            Column("consumer_price", _("Consumer price (Rp)"), "rupiah"),
            Column("total_margin", _("Total margin (Rp)"), "rupiah"),
            Column("producer_share", _("Farmer's share (%)"), "percent"),
            Column("efficiency", _("Marketing efficiency EP (%)"), "percent"),
        ),
        (
            ChartSpec(_("Margin (Rp)"), "bar", ("total_margin",)),
            ChartSpec(_("Farmer's share and efficiency (%)"), "line", ("producer_share", "efficiency")),
        ),
        _margins_values,
    ),
    "income": BoardSpec(
        "income",
        _("Income and R/C"),
        _("Business unit"),
        (
            Column("tr", _("Revenue TR (Rp)"), "rupiah"),
            Column("tc", _("Cost TC (Rp)"), "rupiah"),
            Column("profit", _("Income TR − TC (Rp)"), "rupiah"),
            Column("rc", _("R/C"), "ratio"),
        ),
        (
            ChartSpec(_("Revenue, cost and income (Rp)"), "bar", ("tr", "tc", "profit")),
            ChartSpec(_("Revenue/cost ratio"), "line", ("rc",)),
        ),
        _income_values,
    ),
    "bsc": BoardSpec(
        "bsc",
        _("Balanced Scorecard"),
        _("Cooperative"),
        (
            Column("overall", _("Overall score"), "score"),
            Column("financial", _("Financial"), "score"),
            Column("customer", _("Customer"), "score"),
            Column("internal_process", _("Internal process"), "score"),
            Column("learning_growth", _("Learning and growth"), "score"),
            Column("targets_met", _("Targets met"), "text"),
        ),
        (ChartSpec(_("Scores (1–3) over time"), "line", ("overall", *PERSPECTIVE_KEYS)),),
        _bsc_values,
    ),
}


@dataclass(frozen=True)
class SubjectChoice:
    type: str
    id: int
    label: str

    @property
    def key(self) -> str:
        return f"{self.type}:{self.id}"


@dataclass
class Board:
    spec: BoardSpec
    subjects: list[SubjectChoice]
    subject: SubjectChoice | None
    rows: list[dict] = field(default_factory=list)
    latest: Snapshot | None = None
    latest_stale: bool = False

    def chart_data(self) -> list[dict]:
        """Chart.js data per chart: the periods as labels, a dataset per column (gaps where a period failed)."""
        ordered = list(reversed(self.rows))
        labels = [row["period"] for row in ordered]
        by_key = {column.key: column for column in self.spec.columns}
        return [
            {
                "id": f"chart-{index}",
                "title": str(chart.title),
                "type": chart.type,
                "labels": labels,
                "datasets": [
                    {
                        "label": str(by_key[key].label),
                        "data": [
                            None if row["values"].get(key) is None else str(row["values"][key]) for row in ordered
                        ],
                    }
                    for key in chart.keys
                ],
            }
            for index, chart in enumerate(self.spec.charts, start=1)
        ]


def period_label(snapshot: Snapshot) -> str:
    """ "2026-02" for a month; "2014" for a whole year; "2026 (Jan–Mar)" for a year so far."""
    if snapshot.period_kind == PeriodKind.MONTH:
        return f"{snapshot.period_start:%Y-%m}"
    if snapshot.period_end.month == 12 and snapshot.period_end.day == 31:
        return f"{snapshot.period_start:%Y}"
    return f"{snapshot.period_start:%Y} (1–{snapshot.period_end:%m})"


def subjects_of(method: str) -> list[SubjectChoice]:
    """The subjects with snapshots of ``method``, units before the whole cooperative."""
    rows = (
        Snapshot.objects.filter(method=method)
        .order_by("subject_type", "subject_label", "subject_id", "-period_start")
        .distinct("subject_type", "subject_label", "subject_id")
        .values_list("subject_type", "subject_id", "subject_label")
    )
    choices = [SubjectChoice(kind, pk, label) for kind, pk, label in rows]
    return sorted(choices, key=lambda s: (s.type == "cooperative", s.label))


def _row(spec: BoardSpec, snapshot: Snapshot) -> dict:
    values = spec.values(snapshot.result) if snapshot.result else {}
    return {
        "snapshot": snapshot,
        "period": period_label(snapshot),
        "values": values,
        "cells": [(values.get(column.key), column.kind) for column in spec.columns],
        "failed": snapshot.status == SnapshotStatus.FAILED,
    }


def board(method: str, subject_key: str = "") -> Board:
    """The board of ``method`` for the chosen subject (``"type:id"``; the first one when not given or
    unknown): its rows newest first, and whether the newest snapshot is stale."""
    spec = BOARDS[method]
    subjects = subjects_of(method)
    subject = next((s for s in subjects if s.key == subject_key), subjects[0] if subjects else None)
    result = Board(spec, subjects, subject)
    if subject is None:
        return result
    snapshots = list(
        Snapshot.objects.filter(method=method, subject_type=subject.type, subject_id=subject.id).order_by(
            "-period_start", "-period_end"
        )
    )
    result.rows = [_row(spec, s) for s in snapshots]
    if snapshots:
        result.latest = snapshots[0]
        result.latest_stale = is_stale(snapshots[0])
    return result


def table_rows(board_: Board) -> list[list]:
    """The board's table as plain rows (header first) for CSV and XLSX."""
    header = [str(_("Period")), *(str(column.label) for column in board_.spec.columns), str(_("Status"))]
    rows = [header]
    for row in board_.rows:
        snapshot = row["snapshot"]
        status = snapshot.error if row["failed"] else str(snapshot.get_status_display())
        rows.append([row["period"], *(row["values"].get(column.key) for column in board_.spec.columns), status])
    return rows
