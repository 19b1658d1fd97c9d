"""Computing and storing snapshots: for each method, which subjects a period has and how their input
payload is gathered from the books; one function computes a (method, subject, period) and stores it —
again and again, the same row (idempotent) — and one tells whether a stored snapshot is stale.

A snapshot's fingerprint is the SHA-256 of its payload written canonically (keys sorted): gathering the
payload again after the books changed gives another fingerprint, so the snapshot shows as stale.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from koperasi.ledger.fiscal import Month
from performance.calculators import CALCULATORS, calculate
from performance.methods._base import MethodInputError
from performance.models import PeriodKind, Snapshot, SnapshotMethod, SnapshotStatus
from processing.models import Batch, BatchOutput, BatchStatus, Product
from processing.selectors import hayami_payload


@dataclass(frozen=True)
class Subject:
    """What a snapshot is about: ``type`` (product, channel, unit, cooperative), its id and its name."""

    type: str
    id: int
    label: str


@dataclass(frozen=True)
class Gathered:
    payload: dict
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    """How a method's snapshots are made: the subjects of a month, and each one's payload."""

    subjects: Callable[[Month], list[Subject]]
    gather: Callable[[Subject, Month], Gathered]


def _processed_products(month: Month) -> list[Subject]:
    """Each product that was the main output of a batch finished in the month."""
    finished = Batch.objects.filter(
        status=BatchStatus.FINISHED, finished_on__gte=month.first_day, finished_on__lte=month.last_day
    )
    made = BatchOutput.objects.filter(is_main=True, batch__in=finished).values("product_id")
    products = Product.objects.filter(pk__in=made)
    return [Subject("product", product.pk, product.name) for product in products.order_by("name")]


def _hayami(subject: Subject, month: Month) -> Gathered:
    inputs = hayami_payload(Product.objects.get(pk=subject.id), month.first_day, month.last_day)
    return Gathered(inputs.payload, [str(note) for note in inputs.notes])


SOURCES: dict[str, Source] = {
    SnapshotMethod.HAYAMI: Source(_processed_products, _hayami),
}


def fingerprint(payload: dict) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@transaction.atomic
def compute(method: str, subject: Subject, month: Month, *, actor=None, via: str = "") -> Snapshot:
    """Gather, compute and store the snapshot of (method, subject, month), replacing the stored one. Bad
    input (a month without the data the method needs) is stored as a failed snapshot with its reason —
    visible on the page, never silent."""
    gathered = SOURCES[method].gather(subject, month)
    calculator = CALCULATORS[method]
    try:
        result, status, error = calculate(calculator, gathered.payload), SnapshotStatus.OK, ""
    except MethodInputError as problem:
        result, status, error = {}, SnapshotStatus.FAILED, json.dumps(problem.errors, ensure_ascii=False)
    snapshot, _created = Snapshot.objects.update_or_create(
        method=method,
        subject_type=subject.type,
        subject_id=subject.id,
        period_kind=PeriodKind.MONTH,
        period_start=month.first_day,
        defaults={
            "subject_label": subject.label,
            "period_end": month.last_day,
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


def compute_month(month: Month, *, actor=None, via: str = "") -> list[Snapshot]:
    """Every method's snapshots of the month, for every subject the month has."""
    return [
        compute(method, subject, month, actor=actor, via=via)
        for method, source in SOURCES.items()
        for subject in source.subjects(month)
    ]


def is_stale(snapshot: Snapshot) -> bool:
    """True when the payload gathered from the books now differs from the one the snapshot was computed
    from (a batch, an invoice, a price changed since)."""
    subject = Subject(snapshot.subject_type, snapshot.subject_id, snapshot.subject_label)
    month = Month.of(snapshot.period_start)
    return fingerprint(SOURCES[snapshot.method].gather(subject, month).payload) != snapshot.fingerprint
