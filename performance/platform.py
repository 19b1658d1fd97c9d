"""The platform admin's start page: how many cooperatives and users there are, and which cooperatives' jobs
failed — the snapshots stored as failed, with their reason, read in each cooperative's own context."""

from __future__ import annotations

from koperasi.accounts.models import User
from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.models import Cooperative
from performance.models import Snapshot, SnapshotStatus


def platform_overview() -> dict:
    cooperatives = list(Cooperative.objects.order_by("name"))
    failures = []
    for cooperative in cooperatives:
        with cooperative_context(cooperative.pk):
            failed = Snapshot.objects.filter(status=SnapshotStatus.FAILED).order_by("-computed_at")
            count = failed.count()
            if count:
                failures.append({"cooperative": cooperative, "count": count, "latest": failed.first()})
    return {
        "cooperatives": len(cooperatives),
        "active_cooperatives": sum(1 for c in cooperatives if c.is_active),
        "users": User.objects.filter(is_active=True).count(),
        "failures": failures,
    }


def assessor_overview(user) -> list[dict]:
    """The cooperatives ``user`` assesses, each with its latest submitted rating and health assessment, read in
    that cooperative's read-only context (the same the assessor's visit has)."""
    from koperasi.tenancy.access import assessor_cooperative_ids
    from performance.models import Rating, RatingStatus, RubricKind

    readable = assessor_cooperative_ids(user)
    rows = []
    for cooperative in Cooperative.objects.filter(pk__in=readable, is_active=True).order_by("name"):
        with cooperative_context(cooperative.pk, read_only=True, readable_ids=readable, user_id=user.pk):
            submitted = Rating.objects.filter(status=RatingStatus.SUBMITTED).order_by("-year", "-version")
            drafts = Rating.objects.filter(status=RatingStatus.DRAFT, assessor=user).count()
            rows.append({
                "cooperative": cooperative,
                "rating": submitted.filter(kind=RubricKind.RATING).first(),
                "health": submitted.filter(kind=RubricKind.HEALTH).first(),
                "drafts": drafts,
            })  # fmt: skip
    return rows
