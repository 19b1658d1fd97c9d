"""Analytics snapshots computed by Celery jobs from the methods in performance/methods/.

A snapshot is one method's result for one subject (a processed product, a marketing channel, a business
unit, or the whole cooperative) and one period, with the exact input payload it was computed from, the
method's version, who or what computed it and when, and a fingerprint of that payload: when the books
change afterwards, the payload gathered again no longer matches and the snapshot shows as stale.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel


class SnapshotMethod(models.TextChoices):
    HAYAMI = "hayami", _("Hayami value added")
    MARGINS = "margins", _("Marketing margins")
    INCOME = "income", _("Income and R/C")
    BSC = "bsc", _("Balanced Scorecard")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class SnapshotStatus(models.TextChoices):
    OK = "ok", _("Computed")
    FAILED = "failed", _("Failed")


class Snapshot(TenantModel):
    method = models.CharField(_("method"), max_length=10, choices=SnapshotMethod.choices)
    subject_type = models.CharField(
        _("subject type"), max_length=30, help_text=_("product, channel, unit, cooperative")
    )
    subject_id = models.BigIntegerField(_("subject id"), default=0)
    subject_label = models.CharField(_("subject"), max_length=200)
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    status = models.CharField(_("status"), max_length=8, choices=SnapshotStatus.choices, default=SnapshotStatus.OK)
    payload = models.JSONField(_("input payload"), default=dict)
    result = models.JSONField(_("result"), default=dict)
    error = models.TextField(_("why it failed"), blank=True)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    method_version = models.CharField(_("method version"), max_length=20)
    fingerprint = models.CharField(_("fingerprint of the inputs"), max_length=64)
    computed_at = models.DateTimeField(_("computed at"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("computed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    computed_via = models.CharField(_("computed by job"), max_length=60, blank=True)

    class Meta:
        ordering = ["method", "subject_type", "subject_label", "-period_start"]
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "method", "subject_type", "subject_id", "period_kind", "period_start"],
                name="snapshot_once_per_subject_and_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="snapshot_period_ordered"
            ),
        ]
        indexes = [models.Index(fields=["cooperative", "method", "period_start"], name="snapshot_method_period_idx")]

    def __str__(self) -> str:
        return f"{self.method} · {self.subject_label} · {self.period_start:%Y-%m}"


class Perspective(models.TextChoices):
    """The four perspectives of the Balanced Scorecard (Kaplan & Norton; seed 003 §3.5)."""

    FINANCIAL = "financial", _("Financial")
    CUSTOMER = "customer", _("Customer")
    INTERNAL_PROCESS = "internal_process", _("Internal business process")
    LEARNING_GROWTH = "learning_growth", _("Learning and growth")


class Direction(models.TextChoices):
    HIGHER = "higher_is_better", _("Higher is better")
    LOWER = "lower_is_better", _("Lower is better")


MANUAL = "manual"


class ScorecardMeasure(TenantModel):
    """A measure of the cooperative's Balanced Scorecard: its target, direction, weight and scoring bands
    (``performance.methods.bsc``), and where its value comes from — one of
    ``performance.scorecard_sources.DATA_SOURCES`` (computed from the books) or ``manual`` (entered each year
    with its evidence, :class:`ScorecardEntry`)."""

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=150)
    perspective = models.CharField(_("perspective"), max_length=20, choices=Perspective.choices)
    source = models.CharField(_("value from"), max_length=30, default=MANUAL)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=4)
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    target_inclusive = models.BooleanField(
        _("reaching the target exactly counts"), default=True, help_text=_("Off for 'more than 15 %'.")
    )
    weight = models.DecimalField(_("weight in its perspective"), max_digits=6, decimal_places=2, default=1)
    bands = models.JSONField(_("scoring bands"), default=list)
    unit = models.CharField(_("unit"), max_length=20, blank=True, help_text=_("%, days, L/h, times …"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("scorecard measure")
        verbose_name_plural = _("scorecard measures")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "code"], name="scorecard_measure_code_unique"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="scorecard_measure_weight_nonnegative"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_manual(self) -> bool:
        return self.source == MANUAL


class ScorecardEntry(TenantModel):
    """A measure's value for a year, entered by hand with the evidence it rests on."""

    measure = models.ForeignKey(
        ScorecardMeasure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="entries"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    evidence = models.CharField(
        _("evidence"), max_length=300, help_text=_("The document the value rests on, e.g. 'Notulen RAT 2014, p. 3'.")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    class Meta:
        ordering = ["measure", "-year"]
        verbose_name = _("scorecard value")
        verbose_name_plural = _("scorecard values")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "measure", "year"], name="scorecard_entry_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.year}: {self.value}"


class RubricKind(models.TextChoices):
    RATING = "rating", _("Cooperative rating (Permen KUKM 21/2015)")
    HEALTH = "ksp_health", _("Savings-and-loan health (KSP/USP)")


class RatingRubric(models.Model):
    """A versioned rubric of the rating or of the savings-and-loan health assessment (platform-wide, not a
    cooperative's): its indicators or components, weights, scales and categories as the methods take them
    (``performance.methods.rating`` / ``ksp_health``). A version in use by a submitted rating is never changed:
    a platform admin copies it into a new version."""

    kind = models.CharField(_("kind"), max_length=12, choices=RubricKind.choices)
    name = models.CharField(_("name"), max_length=150)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    definition = models.JSONField(_("definition"))
    is_active = models.BooleanField(_("offered to assessors"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["kind", "name", "-version"]
        verbose_name = _("rating rubric")
        verbose_name_plural = _("rating rubrics")
        constraints = [models.UniqueConstraint(fields=["kind", "name", "version"], name="rubric_version_unique")]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class RatingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Rating(TenantModel):
    """An assessor's rating (or health assessment) of the cooperative for a year. Computed indicators are
    filled from the books when it starts; the assessor scores the rest, may override a computed score with a
    reason, and submits. A submitted rating is locked (by the database too); rating the year again makes a new
    version and keeps the old one. Written only by its assessor (row-level security), read by the cooperative's
    managers once submitted."""

    assessor_writes = True

    rubric = models.ForeignKey(RatingRubric, verbose_name=_("rubric"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=RubricKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=RatingStatus.choices, default=RatingStatus.DRAFT)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessor"), on_delete=models.PROTECT, related_name="+"
    )
    assessor_name = models.CharField(_("assessor's name"), max_length=150)
    assessor_nip = models.CharField(_("NIP"), max_length=30, blank=True)
    notes = models.TextField(_("assessor's notes"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    total = models.DecimalField(_("total"), max_digits=8, decimal_places=2, null=True, blank=True)
    category = models.CharField(_("category"), max_length=60, blank=True)
    verification_code = models.CharField(_("verification code"), max_length=32)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    supersedes = models.OneToOneField(
        "self", verbose_name=_("revises"), null=True, blank=True, on_delete=models.PROTECT, related_name="revised_by"
    )

    class Meta:
        ordering = ["-year", "kind", "-version"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "kind", "year", "version"], name="rating_version_unique"),
            models.UniqueConstraint(fields=["verification_code"], name="rating_verification_code_unique"),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(submitted_at__isnull=False) & Q(total__isnull=False)),
                name="rating_submitted_has_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} v{self.version}"

    @property
    def is_locked(self) -> bool:
        return self.status == RatingStatus.SUBMITTED


def evidence_path(row: RatingScore, filename: str) -> str:
    """``ratings/<cooperative>/<rating>/<indicator>-<random>.<ext>``: never the name the uploader chose."""
    import secrets
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:5]
    return f"ratings/{row.cooperative_id}/{row.rating_id}/{row.code}-{secrets.token_hex(8)}{suffix}"


class RatingScore(TenantModel):
    """One indicator (or health component) of a rating: the value the books give and the figures behind it,
    the score that value earns, and the assessor's score with the reason for overriding, evidence and notes."""

    assessor_writes = True

    rating = models.ForeignKey(Rating, verbose_name=_("rating"), on_delete=models.CASCADE, related_name="scores")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessor"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("indicator"), max_length=20)
    value = models.DecimalField(_("value from the books"), max_digits=20, decimal_places=4, null=True, blank=True)
    figures = models.JSONField(_("figures behind the value"), default=dict, blank=True)
    data_note = models.CharField(_("about the data"), max_length=300, blank=True)
    computed_score = models.DecimalField(_("computed score"), max_digits=6, decimal_places=2, null=True, blank=True)
    score = models.DecimalField(_("assessor's score"), max_digits=6, decimal_places=2, null=True, blank=True)
    answers = models.JSONField(_("questionnaire answers"), null=True, blank=True)
    reason = models.TextField(_("reason for overriding"), blank=True)
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to=evidence_path, blank=True, max_length=200)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["rating", "id"]
        verbose_name = _("rating indicator")
        verbose_name_plural = _("rating indicators")
        constraints = [models.UniqueConstraint(fields=["rating", "code"], name="rating_score_once")]

    def __str__(self) -> str:
        return f"{self.rating} · {self.code}"
