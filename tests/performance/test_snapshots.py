"""Snapshots: a month's Hayami per processed product computed from the books and stored with its payload,
result, method version and fingerprint; computing again replaces the same row; a snapshot goes stale when
a source row changes; the monthly task needs a cooperative."""

import datetime
from decimal import Decimal

import pytest

from koperasi.celery import MissingCooperativeError
from koperasi.ledger.fiscal import Month
from performance import tasks
from performance.models import Snapshot
from performance.snapshots import compute_month, is_stale
from processing.models import BatchLabour
from tests.factories.processing import coconut_plant, run_batch
from tests.factories.procurement import SupplierFactory, delivery

pytestmark = pytest.mark.django_db
FEBRUARY = Month(2026, 2)


@pytest.fixture
def coconut_month(in_coop):
    world = coconut_plant()
    delivery(SupplierFactory(), world["material"], "2400")
    run_batch(world, on=datetime.date(2026, 2, 10))
    run_batch(world, on=datetime.date(2026, 2, 17))
    return world


def test_a_months_hayami_is_stored_with_what_it_was_computed_from(coconut_month):
    [snapshot] = compute_month(FEBRUARY, via="test")
    assert (snapshot.method, snapshot.subject_type, snapshot.subject_label) == ("hayami", "product", "Tepung kelapa")
    assert (snapshot.period_start, snapshot.period_end, snapshot.status) == (
        datetime.date(2026, 2, 1),
        datetime.date(2026, 2, 28),
        "ok",
    )
    assert snapshot.payload["output_qty"] == "296.000" and snapshot.payload["raw_material_qty"] == "2000.000"
    rows = snapshot.result["rows"]
    assert Decimal(rows["4"]) == Decimal("0.148")  # conversion factor: 296 kg of flour from 2.000 coconuts
    assert snapshot.method_version and len(snapshot.fingerprint) == 64 and snapshot.computed_via == "test"
    assert not is_stale(snapshot)


def test_computing_again_replaces_the_same_snapshot(coconut_month):
    first = compute_month(FEBRUARY)[0]
    again = compute_month(FEBRUARY)[0]
    assert Snapshot.objects.count() == 1 and again.pk == first.pk and again.computed_at >= first.computed_at


def test_a_snapshot_goes_stale_when_a_source_row_changes_and_fresh_when_recomputed(coconut_month):
    [snapshot] = compute_month(FEBRUARY)
    BatchLabour.objects.filter(pk=BatchLabour.objects.first().pk).update(hok=Decimal("9"))
    assert is_stale(snapshot)
    [recomputed] = compute_month(FEBRUARY)
    assert not is_stale(recomputed) and recomputed.payload != snapshot.payload


def test_a_month_without_production_has_no_snapshot(coconut_month):
    assert compute_month(Month(2026, 3)) == []


def test_the_monthly_task_needs_a_cooperative_and_is_idempotent(coop, coconut_month):
    with pytest.raises(MissingCooperativeError):
        tasks.compute_month_snapshots(month="2026-02")
    assert tasks.compute_month_snapshots(cooperative_id=coop.pk, month="2026-02") == 1
    assert tasks.compute_month_snapshots(cooperative_id=coop.pk, month="2026-02") == 1
    assert Snapshot.objects.count() == 1


def test_the_api_lists_snapshots_says_when_one_is_stale_and_recomputes_a_month(
    client, coop, manager, staff, coconut_month
):
    [snapshot] = compute_month(FEBRUARY)
    api = f"/api/v1/k/{coop.slug}/snapshots/"
    client.force_login(staff)
    listed = client.get(api, {"method": "hayami", "period_start": "2026-02-01"}).json()
    assert [row["subject_label"] for row in listed["results"]] == ["Tepung kelapa"]
    detail = client.get(f"{api}{snapshot.pk}/").json()
    assert detail["stale"] is False and detail["payload"]["output_qty"] == "296.000"
    BatchLabour.objects.filter(pk=BatchLabour.objects.first().pk).update(hok=Decimal("9"))
    assert client.get(f"{api}{snapshot.pk}/").json()["stale"] is True
    assert client.post(f"{api}recompute/", {"month": "2026-02"}, content_type="application/json").status_code == 403
    client.force_login(manager)
    queued = client.post(f"{api}recompute/", {"month": "2026-02"}, content_type="application/json")
    assert queued.status_code == 202 and queued.json()["task_id"]
    state = client.get(f"{api}recompute-status/", {"task_id": queued.json()["task_id"]}).json()
    assert (state["state"], state["snapshots"]) == ("SUCCESS", 1)  # run at once in tests (no broker)
    bad = client.post(f"{api}recompute/", {"month": "2026-13"}, content_type="application/json")
    assert bad.status_code == 400 and "month" in bad.json()["errors"]


def test_margins_are_kept_per_channel_for_the_year_so_far_and_an_incomplete_chain_fails_visibly(in_coop):
    from tests.factories.market_prices import coffee_channel, observe_chain

    complete, incomplete = coffee_channel(), coffee_channel()
    observe_chain(complete, ["20000", "22250", "22750"])  # the whole of 2014, as seed 003 observed it
    observe_chain(incomplete, ["21000", "23000"], consumer=False)  # no wholesaler prices
    snapshots = {snapshot.subject_id: snapshot for snapshot in compute_month(Month(2014, 12))}
    good, bad = snapshots[complete.pk], snapshots[incomplete.pk]
    assert (good.method, good.period_kind, good.period_start, good.period_end) == (
        "margins",
        "year",
        datetime.date(2014, 1, 1),
        datetime.date(2014, 12, 31),
    )
    assert good.status == "ok" and good.payload["producer_price"] == "20000.00" and good.result["stages"]
    assert bad.status == "failed" and "no prices for Pedagang besar" in bad.error and bad.result == {}
    assert not is_stale(good) and not is_stale(bad)
    assert compute_month(Month(2014, 6)) == []  # a year's observations are not within June's year so far
