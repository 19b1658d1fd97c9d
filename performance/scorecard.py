"""A cooperative's Balanced Scorecard: setting up its measures (or adopting seed 003's KSU scorecard as a
template), entering the values its books cannot give, and gathering the ``bsc`` method's payload for a period.

A measure's value for a period comes from, in this order:

1. an entry for the period's year (``ScorecardEntry``: a value with its evidence) — for a manual measure the
   only way, and for a computed one the way to record a year the books do not hold (before the cooperative
   used this product);
2. its data source (``performance.scorecard_sources.DATA_SOURCES``) over the period;
3. none: the measure is left out of the period's scorecard with a note.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from performance.methods._base import Errors, MethodInputError
from performance.methods.bsc import validate_bands
from performance.models import MANUAL, ScorecardEntry, ScorecardMeasure
from performance.scorecard_sources import DATA_SOURCES


def _band(score, lower, upper, lower_inclusive=True, upper_inclusive=False) -> dict:
    return {
        "score": score, "lower": lower, "upper": upper,
        "lower_inclusive": lower_inclusive, "upper_inclusive": upper_inclusive,
    }  # fmt: skip


_CHURN = [_band(3, "0", "25", True, True), _band(2, "25", "50", False, True), _band(1, "50", None, False)]

# Seed 003 (Buana 2016, KSU Argopuro Jaya Abadi): the measures of §3.5 with the targets and score bands of
# Tables 3.1–3.4 as applied in appendices S–W, the bands made contiguous (docs/methods.md, "Reading the BSC
# bands"). Sources are the books where this product holds the data; complaints and the managers' retention
# are entered by hand. (code, name, perspective, source, unit, target, direction, target_inclusive, bands)
SEED003_TEMPLATE: list[tuple] = [
    ("own_capital_growth", "Pertumbuhan modal sendiri", "financial", "own_capital_growth", "%", "15",
     "higher_is_better", False, [_band(1, None, "10"), _band(2, "10", "15", True, True), _band(3, "15", None, False)]),
    ("sales_growth", "Pertumbuhan penjualan", "financial", "sales_growth", "%", "5", "higher_is_better", False,
     [_band(1, None, "5"), _band(2, "5", "10"), _band(3, "10", None)]),
    ("roi", "ROI", "financial", "roi", "%", "15", "higher_is_better", False,
     [_band(1, None, "12"), _band(2, "12", "15", True, True), _band(3, "15", None, False)]),
    ("customer_acquisition", "Akuisisi pelanggan (anggota baru)", "customer", "member_acquisition", "%", "100",
     "higher_is_better", True,
     [_band(1, "0", "0", True, True), _band(2, "0", "100", False, True), _band(3, "100", None, False)]),
    ("customer_retention", "Pelanggan yang keluar", "customer", "member_retention", "%", "25", "lower_is_better",
     True, _CHURN),
    ("on_time_delivery", "Ketepatan pengiriman", "customer", "on_time_delivery", "%", "100", "higher_is_better",
     True, [_band(1, "0", "80"), _band(2, "80", "100"), _band(3, "100", "100", True, True)]),
    ("complaints", "Jumlah komplain", "customer", MANUAL, "kali", "3", "lower_is_better", True,
     [_band(3, "0", "0", True, True), _band(2, "0", "3", False, True), _band(1, "3", None, False)]),
    ("sales_return", "Retur penjualan", "customer", "sales_return", "%", "1", "lower_is_better", False,
     [_band(3, "0", "0.5", True, True), _band(2, "0.5", "1", False, True), _band(1, "1", None, False)]),
    ("supplier_lead_time", "Kinerja pemasok (waktu tunggu)", "internal_process", "supplier_lead_time", "hari", "1",
     "lower_is_better", False, [_band(3, "0", "1"), _band(2, "1", "2"), _band(1, "2", None)]),
    ("defect_rate", "Produk cacat", "internal_process", "defect_rate", "%", "1", "lower_is_better", True,
     [_band(3, "0", "0.5"), _band(2, "0.5", "1", True, True), _band(1, "1", None, False)]),
    ("employee_productivity", "Produktivitas karyawan", "learning_growth", "labour_productivity", "per jam", "410",
     "higher_is_better", False,
     [_band(1, "0", "410"), _band(2, "410", "425", True, True), _band(3, "425", None, False)]),
    ("staff_retention", "Pengelola yang keluar", "learning_growth", MANUAL, "%", "25", "lower_is_better", True,
     _CHURN),
]  # fmt: skip


def check_bands(bands) -> None:
    """Refuse scoring bands that overlap, leave a gap or are malformed (the bsc method's own check)."""
    errors = Errors()
    validate_bands(bands, "bands", errors)
    try:
        errors.raise_if_any()
    except MethodInputError as problem:
        raise ValidationError({
            "bands": [_("The scoring bands are not usable: %(problem)s") % {"problem": message}
                      for messages in problem.errors.values() for message in messages]
        }) from problem  # fmt: skip


def check_source(source: str) -> None:
    if source != MANUAL and source not in DATA_SOURCES:
        raise ValidationError({"source": _("Choose where the measure's value comes from.")})


@transaction.atomic
def save_measure(*, actor, measure: ScorecardMeasure) -> ScorecardMeasure:
    """Validate and save a measure (new or changed)."""
    check_source(measure.source)
    check_bands(measure.bands)
    measure.full_clean(exclude=["cooperative"], validate_constraints=False)
    if ScorecardMeasure.objects.filter(code=measure.code).exclude(pk=measure.pk).exists():
        raise ValidationError({"code": _("Another measure already has this code.")})
    measure.save()
    after = {"code": measure.code, "target": str(measure.target), "source": measure.source}
    record_event(
        "performance.scorecard_measure_saved", actor=actor, cooperative_id=measure.cooperative_id, obj=measure,
        after=after,
    )  # fmt: skip
    return measure


@transaction.atomic
def adopt_template(*, actor) -> int:
    """Add seed 003's KSU scorecard measures the cooperative does not have yet (by code); returns how many."""
    existing = set(ScorecardMeasure.objects.values_list("code", flat=True))
    added = 0
    for position, (code, name, perspective, source, unit, target, direction, inclusive, bands) in enumerate(
        SEED003_TEMPLATE, start=1
    ):
        if code in existing:
            continue
        save_measure(actor=actor, measure=ScorecardMeasure(
            code=code, name=name, perspective=perspective, source=source, unit=unit, target=Decimal(target),
            direction=direction, target_inclusive=inclusive, bands=bands, position=position,
        ))  # fmt: skip
        added += 1
    return added


@transaction.atomic
def save_entry(*, actor, measure: ScorecardMeasure, year: int, value: Decimal, evidence: str) -> ScorecardEntry:
    """Enter (or correct) a measure's value for a year with the evidence it rests on."""
    if not evidence.strip():
        raise ValidationError({"evidence": _("Say which document the value comes from.")})
    entry, _created = ScorecardEntry.objects.update_or_create(
        measure=measure, year=year, defaults={"value": value, "evidence": evidence.strip(), "entered_by": actor}
    )
    after = {"measure": measure.code, "year": year, "value": str(value), "evidence": entry.evidence}
    record_event(
        "performance.scorecard_value_entered", actor=actor, cooperative_id=measure.cooperative_id, obj=entry,
        after=after,
    )  # fmt: skip
    return entry


def _number(value) -> str:
    return str(value.normalize()) if isinstance(value, Decimal) else str(value)


def measure_item(
    measure: ScorecardMeasure, entry: ScorecardEntry | None, first_day: datetime.date, last_day: datetime.date
) -> tuple[dict | None, str]:
    """The measure as the bsc method takes it, with where its value came from (``None`` and a note when it
    has no value for the period)."""
    item = {
        "id": measure.code, "name": measure.name, "perspective": measure.perspective,
        "target": _number(measure.target), "direction": measure.direction,
        "target_inclusive": measure.target_inclusive, "weight": _number(measure.weight), "bands": measure.bands,
    }  # fmt: skip
    if entry is not None:
        return {**item, "value": _number(entry.value)}, _("%(measure)s: entered for %(year)s (%(evidence)s)") % {
            "measure": measure.name, "year": entry.year, "evidence": entry.evidence,
        }  # fmt: skip
    if measure.is_manual:
        return None, _("%(measure)s: no value entered for %(year)s") % {"measure": measure.name, "year": last_day.year}
    source = DATA_SOURCES[measure.source]
    inputs = {name: _number(value) for name, value in source.gather(first_day, last_day).items()}
    return {**item, "formula": source.formula, "inputs": inputs}, ""


def scorecard_payload(first_day: datetime.date, last_day: datetime.date) -> tuple[dict, list[str]]:
    """The bsc payload of the cooperative's measures in use for [first_day, last_day], and notes saying which
    values were entered and which measures have none."""
    measures = list(ScorecardMeasure.objects.filter(is_active=True))
    entries = {e.measure_id: e for e in ScorecardEntry.objects.filter(year=last_day.year, measure__in=measures)}
    items, notes = [], []
    for measure in measures:
        item, note = measure_item(measure, entries.get(measure.pk), first_day, last_day)
        if item is not None:
            items.append(item)
        if note:
            notes.append(note)
    return {"measures": items}, notes
