"""Computing and storing snapshots: for each method, the period it is kept for (a month; a year for
margins, whose price observations are yearly as in seed 003), which subjects a period has and how their input
payload is gathered from the books; one function computes a (method, subject, period) and stores it —
again and again, the same row (idempotent) — and one tells whether a stored snapshot is stale.

A snapshot's fingerprint is the SHA-256 of its payload written canonically (keys sorted): gathering the
payload again after the books changed gives another fingerprint, so the snapshot shows as stale.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from koperasi.ledger.fiscal import Month
from koperasi.ledger.models import BusinessUnit
from koperasi.tenancy.context import current_cooperative_id
from koperasi.tenancy.models import Cooperative
from performance.calculators import CALCULATORS, calculate
from performance.methods._base import MethodInputError
from performance.models import PeriodKind, ScorecardMeasure, Snapshot, SnapshotMethod, SnapshotStatus
from performance.scorecard import scorecard_payload
from performance.unit_income import unit_income_payload, units_with_activity
from processing.models import Batch, BatchOutput, BatchStatus, Product
from processing.selectors import hayami_payload
from procurement.market_prices import margins_payload, observations_within
from procurement.models import MarketingChannel


@dataclass(frozen=True)
class Subject:
    """What a snapshot is about: ``type`` (product, channel, unit, cooperative), its id and its name."""

    type: str
    id: int
    label: str


@dataclass(frozen=True)
class Period:
    kind: str
    first_day: datetime.date
    last_day: datetime.date

    @classmethod
    def of(cls, kind: str, day: datetime.date) -> Period:
        """The month or the year ``day`` falls in."""
        if kind == PeriodKind.YEAR:
            return cls(kind, datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31))
        month = Month.of(day)
        return cls(PeriodKind.MONTH, month.first_day, month.last_day)


@dataclass(frozen=True)
class Gathered:
    payload: dict
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    """How a method's snapshots are made: the period they are kept for, the subjects of a period, and each
    one's payload (a ValidationError when the books cannot give it: stored as a failed snapshot)."""

    period_kind: str
    subjects: Callable[[Period], list[Subject]]
    gather: Callable[[Subject, Period], Gathered]


def _processed_products(period: Period) -> list[Subject]:
    """Each product that was the main output of a batch finished in the period."""
    finished = Batch.objects.filter(
        status=BatchStatus.FINISHED, finished_on__gte=period.first_day, finished_on__lte=period.last_day
    )
    made = BatchOutput.objects.filter(is_main=True, batch__in=finished).values("product_id")
    products = Product.objects.filter(pk__in=made)
    return [Subject("product", product.pk, product.name) for product in products.order_by("name")]


def _hayami(subject: Subject, period: Period) -> Gathered:
    inputs = hayami_payload(Product.objects.get(pk=subject.id), period.first_day, period.last_day)
    return Gathered(inputs.payload, [str(note) for note in inputs.notes])


def _observed_channels(period: Period) -> list[Subject]:
    """Each marketing channel with price observations within the period."""
    observed = observations_within(period.first_day, period.last_day).values("channel_id")
    channels = MarketingChannel.objects.filter(pk__in=observed).order_by("name")
    return [Subject("channel", channel.pk, channel.name) for channel in channels]


def _margins(subject: Subject, period: Period) -> Gathered:
    channel = MarketingChannel.objects.get(pk=subject.id)
    return Gathered(margins_payload(channel, period.first_day, period.last_day))


def _units_and_cooperative(period: Period) -> list[Subject]:
    """Each business unit with income or expenses in the period, and the whole cooperative (when anything
    was earned or spent)."""
    active = units_with_activity(period.first_day, period.last_day)
    if not active:
        return []
    units = BusinessUnit.objects.filter(pk__in=active - {None}).order_by("code")
    return [*(Subject("unit", unit.pk, unit.name) for unit in units), _the_cooperative()]


def _income(subject: Subject, period: Period) -> Gathered:
    unit_id = subject.id if subject.type == "unit" else None
    return Gathered(unit_income_payload(unit_id, period.first_day, period.last_day))


def _the_cooperative() -> Subject:
    cooperative = Cooperative.objects.get(pk=current_cooperative_id())
    return Subject("cooperative", cooperative.pk, cooperative.name)


def _scorecard_subjects(period: Period) -> list[Subject]:
    """The whole cooperative, when it has set up its scorecard."""
    return [_the_cooperative()] if ScorecardMeasure.objects.filter(is_active=True).exists() else []


def _scorecard(subject: Subject, period: Period) -> Gathered:
    payload, notes = scorecard_payload(period.first_day, period.last_day)
    return Gathered(payload, notes)


SOURCES: dict[str, Source] = {
    SnapshotMethod.HAYAMI: Source(PeriodKind.MONTH, _processed_products, _hayami),
    SnapshotMethod.MARGINS: Source(PeriodKind.YEAR, _observed_channels, _margins),
    SnapshotMethod.INCOME: Source(PeriodKind.MONTH, _units_and_cooperative, _income),
    SnapshotMethod.BSC: Source(PeriodKind.YEAR, _scorecard_subjects, _scorecard),
}


def fingerprint(payload: dict) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@transaction.atomic
def compute(method: str, subject: Subject, period: Period, *, actor=None, via: str = "") -> Snapshot:
    """Gather, compute and store the snapshot of (method, subject, period), replacing the stored one. Books
    that cannot give the payload (a stage without prices) or a payload the method refuses are stored as a
    failed snapshot with the reason — visible, never silent."""
    calculator = CALCULATORS[method]
    try:
        gathered = SOURCES[method].gather(subject, period)
    except ValidationError as problem:
        gathered, result, status, error = Gathered({}), {}, SnapshotStatus.FAILED, "; ".join(problem.messages)
    else:
        try:
            result, status, error = calculate(calculator, gathered.payload), SnapshotStatus.OK, ""
        except MethodInputError as problem:
            result, status, error = {}, SnapshotStatus.FAILED, json.dumps(problem.errors, ensure_ascii=False)
    snapshot, _created = Snapshot.objects.update_or_create(
        method=method,
        subject_type=subject.type,
        subject_id=subject.id,
        period_kind=period.kind,
        period_start=period.first_day,
        defaults={
            "subject_label": subject.label,
            "period_end": period.last_day,
            "status": status,
            "payload": gathered.payload,
            "result": result,
            "error": error,
            "notes": gathered.notes,
            "method_version": calculator.version,
            "fingerprint": fingerprint(gathered.payload),
            "computed_at": timezone.now(),
            "computed_by": actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
            "computed_via": via,
        },
    )
    return snapshot


def month_work(month: Month, methods=None) -> list[tuple[str, Subject, Period]]:
    """What computing ``month`` means: every (method, subject, period) — the month's for monthly methods
    (Hayami, income), the year so far for yearly ones (margins, the scorecard) — of every method or only
    ``methods``."""
    work = []
    for method, source in SOURCES.items():
        if methods is not None and method not in methods:
            continue
        period = Period.of(source.period_kind, month.first_day)
        if source.period_kind == PeriodKind.YEAR:
            period = Period(period.kind, period.first_day, month.last_day)  # the year so far
        work += [(method, subject, period) for subject in source.subjects(period)]
    return work


def compute_month(month: Month, *, methods=None, actor=None, via: str = "", progress=None) -> list[Snapshot]:
    """Compute and store the snapshots of ``month`` (:func:`month_work`); ``progress(done, total)`` is told
    after each one."""
    work = month_work(month, methods)
    snapshots = []
    for done, (method, subject, period) in enumerate(work, start=1):
        snapshots.append(compute(method, subject, period, actor=actor, via=via))
        if progress is not None:
            progress(done, len(work))
    return snapshots


def is_stale(snapshot: Snapshot) -> bool:
    """True when the payload gathered from the books now differs from the one the snapshot was computed
    from (a batch, an invoice, a price changed since), or can no longer be gathered."""
    subject = Subject(snapshot.subject_type, snapshot.subject_id, snapshot.subject_label)
    period = Period(snapshot.period_kind, snapshot.period_start, snapshot.period_end)
    try:
        payload = SOURCES[snapshot.method].gather(subject, period).payload
    except ValidationError:
        payload = {}
    return fingerprint(payload) != snapshot.fingerprint
