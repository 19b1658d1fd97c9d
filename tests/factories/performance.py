"""Performance factories: create inside a cooperative's context."""

import datetime

import factory

from performance.models import Snapshot


class SnapshotFactory(factory.django.DjangoModelFactory):
    """A stored Hayami snapshot of a product for a month (the payload and result as a job stores them)."""

    class Meta:
        model = Snapshot

    method = "hayami"
    subject_type = "product"
    subject_id = factory.Sequence(lambda n: n + 1)
    subject_label = "Tepung kelapa"
    period_kind = "month"
    period_start = datetime.date(2026, 2, 1)
    period_end = datetime.date(2026, 2, 28)
    payload = factory.LazyFunction(lambda: {"output_qty": "148"})
    result = factory.LazyFunction(lambda: {"values": {}})
    method_version = "1.0.0"
    fingerprint = "0" * 64
    computed_at = factory.LazyFunction(lambda: datetime.datetime(2026, 3, 1, 4, 0, tzinfo=datetime.UTC))
