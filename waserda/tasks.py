"""Celery tasks of the waserda (thin: context, then a service)."""

from __future__ import annotations

from celery import shared_task

from koperasi.celery import CooperativeTask


@shared_task(base=CooperativeTask, name="waserda.update_reorder_points")
def update_reorder_points(*, cooperative_id: int) -> int:
    """Store each product's reorder point computed from its recent demand."""
    from waserda.services.replenishment import update_reorder_points as update

    return update()


@shared_task(name="waserda.reorder_points_for_all_cooperatives")
def reorder_points_for_all_cooperatives() -> int:
    """Nightly fan-out: one task per active cooperative."""
    from koperasi.tenancy.selectors import active_cooperative_ids

    ids = active_cooperative_ids()
    for cooperative_id in ids:
        update_reorder_points.delay(cooperative_id=cooperative_id)
    return len(ids)
