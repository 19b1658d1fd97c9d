"""Performance factories: create inside a cooperative's context."""

import datetime
from decimal import Decimal

import factory

from performance.models import Rating, RatingScore, ScorecardEntry, ScorecardMeasure, Snapshot
from performance.ratings import ensure_default_rubric
from tests.factories.accounts import UserFactory


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


class ScorecardMeasureFactory(factory.django.DjangoModelFactory):
    """A manual measure with seed 003's complaint bands (0 → 3, up to 3 → 2, more → 1)."""

    class Meta:
        model = ScorecardMeasure

    code = factory.Sequence(lambda n: f"measure-{n}")
    name = factory.Sequence(lambda n: f"Ukuran {n}")
    perspective = "customer"
    source = "manual"
    target = Decimal(3)
    direction = "lower_is_better"
    bands = factory.LazyFunction(
        lambda: [
            {"score": 3, "lower": "0", "upper": "0", "lower_inclusive": True, "upper_inclusive": True},
            {"score": 2, "lower": "0", "upper": "3", "lower_inclusive": False, "upper_inclusive": True},
            {"score": 1, "lower": "3", "upper": None, "lower_inclusive": False},
        ]
    )


class ScorecardEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScorecardEntry

    measure = factory.SubFactory(ScorecardMeasureFactory)
    year = 2026
    value = Decimal(1)
    evidence = "Buku keluhan 2026"


def _as_assessor(create):
    """Rating rows are written only by their assessor (row-level security): create them in the current
    cooperative's context with the assessor as the user."""

    def wrapped(cls, model_class, *args, **kwargs):
        from koperasi.tenancy.context import cooperative_context, current
        from koperasi.tenancy.models import RoleAssignment

        cooperative = current().cooperative_id
        assessor = kwargs["assessor"]
        RoleAssignment.objects.get_or_create(user=assessor, role="assessor")
        with cooperative_context(cooperative, user_id=assessor.pk):
            return create(cls, model_class, *args, **kwargs)

    return classmethod(wrapped)


class RatingFactory(factory.django.DjangoModelFactory):
    """A draft rating of the year by an assessor, on the default rubric of its kind."""

    class Meta:
        model = Rating

    rubric = factory.LazyFunction(lambda: ensure_default_rubric("rating"))
    kind = "rating"
    year = 2026
    version = factory.Sequence(lambda n: n + 1)
    assessor = factory.SubFactory(UserFactory)
    assessor_name = "Penilai Dinas"
    verification_code = factory.Sequence(lambda n: f"R0-TEST-{n:04d}")
    _create = _as_assessor(factory.django.DjangoModelFactory._create.__func__)


class RatingScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RatingScore

    rating = factory.SubFactory(RatingFactory)
    assessor = factory.LazyAttribute(lambda row: row.rating.assessor)
    code = factory.Sequence(lambda n: f"K{n}")
    _create = _as_assessor(factory.django.DjangoModelFactory._create.__func__)
