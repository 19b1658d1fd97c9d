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
