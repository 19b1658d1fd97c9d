"""Snapshots: a month's Hayami per processed product computed from the books and stored with its payload,
result, method version and fingerprint; computing again replaces the same row; a snapshot goes stale when
a source row changes; the monthly task needs a cooperative."""

import datetime
from decimal import Decimal

import pytest

from koperasi.celery import MissingCooperativeError
from koperasi.core import jobs
from koperasi.ledger.fiscal import Month
from performance import tasks
from performance.models import Snapshot
from performance.snapshots import compute_month, is_stale
from processing.models import BatchLabour
from tests.factories.ledger import post_simple
from tests.factories.processing import coconut_plant, run_batch
from tests.factories.procurement import SupplierFactory, delivery

pytestmark = pytest.mark.django_db
FEBRUARY = Month(2026, 2)
MARCH_DAY = datetime.date(2026, 3, 15)


@pytest.fixture
def coconut_month(in_coop):
    world = coconut_plant()
    delivery(SupplierFactory(), world["material"], "2400")
    run_batch(world, on=datetime.date(2026, 2, 10))
    run_batch(world, on=datetime.date(2026, 2, 17))
    return world


def test_a_months_hayami_is_stored_with_what_it_was_computed_from(coconut_month):
    [snapshot] = compute_month(FEBRUARY, methods=["hayami"], via="test")
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
    first = compute_month(FEBRUARY, methods=["hayami"])[0]
    again = compute_month(FEBRUARY, methods=["hayami"])[0]
    assert Snapshot.objects.count() == 1 and again.pk == first.pk and again.computed_at >= first.computed_at


def test_a_snapshot_goes_stale_when_a_source_row_changes_and_fresh_when_recomputed(coconut_month):
    [snapshot] = compute_month(FEBRUARY, methods=["hayami"])
    BatchLabour.objects.filter(pk=BatchLabour.objects.first().pk).update(hok=Decimal("9"))
    assert is_stale(snapshot)
    [recomputed] = compute_month(FEBRUARY, methods=["hayami"])
    assert not is_stale(recomputed) and recomputed.payload != snapshot.payload


def test_a_month_without_production_has_no_snapshot(coconut_month):
    assert compute_month(Month(2026, 3), methods=["hayami"]) == []


def test_the_monthly_task_needs_a_cooperative_and_is_idempotent(coop, coconut_month):
    with pytest.raises(MissingCooperativeError):
        tasks.compute_month_snapshots(month="2026-02")
    # Hayami of the flour, and income of the plant's unit and of the cooperative (the batches' postings)
    assert tasks.compute_month_snapshots(cooperative_id=coop.pk, month="2026-02") == 3
    assert tasks.compute_month_snapshots(cooperative_id=coop.pk, month="2026-02") == 3
    assert sorted(Snapshot.objects.values_list("method", "subject_type")) == [
        ("hayami", "product"), ("income", "cooperative"), ("income", "unit"),
    ]  # fmt: skip


def test_the_api_lists_snapshots_says_when_one_is_stale_and_recomputes_a_month(
    client, coop, manager, staff, coconut_month
):
    [snapshot] = compute_month(FEBRUARY, methods=["hayami"])
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
    assert (state["state"], state["snapshots"]) == ("SUCCESS", 3)  # run at once in tests (no broker)
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


@pytest.fixture
def month_of_business(in_coop):
    """March 2026: the waserda sells Rp 1.500.000 at a cost of Rp 1.200.000 and pays Rp 100.000 of
    electricity; the savings-and-loan unit earns Rp 400.000 of loan interest (its account is the unit's)
    and pays Rp 150.000 of jasa simpanan; Rp 50.000 of other income names no unit."""
    post_simple("1500000.00", credit="sales_waserda", date=MARCH_DAY, unit="WSD")
    post_simple("1200000.00", debit="cogs", credit="merchandise_inventory", date=MARCH_DAY, unit="WSD")
    post_simple("100000.00", debit="utilities", credit="cash", date=MARCH_DAY, unit="WSD")
    post_simple("400000.00", debit="loan_receivable", credit="loan_interest_income", date=MARCH_DAY)
    post_simple("150000.00", debit="savings_interest", credit="voluntary_savings", date=MARCH_DAY)
    post_simple("50000.00", credit="other_income", date=MARCH_DAY)
    post_simple("999999.00", credit="sales_waserda", date=datetime.date(2026, 4, 1), unit="WSD")  # April


def test_income_per_business_unit_and_for_the_cooperative_equal_the_ledgers_totals(month_of_business):
    from koperasi.ledger.fiscal import Month as LedgerMonth
    from koperasi.ledger.statements import Range, income_statement

    stored = compute_month(Month(2026, 3), methods=["income"])
    assert [(s.subject_type, s.period_start) for s in stored] == [("unit", datetime.date(2026, 3, 1))] * 2 + [
        ("cooperative", datetime.date(2026, 3, 1))
    ]
    snapshots = {s.subject_label: s for s in stored}
    waserda = snapshots["Waserda"].result["values"]
    assert [Decimal(waserda[key]) for key in ("tr", "tvc", "tfc", "profit")] == [
        Decimal("1500000"), Decimal("1200000"), Decimal("100000"), Decimal("200000"),
    ]  # fmt: skip
    assert Decimal(waserda["rc"]).quantize(Decimal("0.0001")) == Decimal("1.1538")
    assert waserda["avc"] is None and waserda["price"] is None  # a unit sells many things: no per-unit figures
    usp = snapshots["Unit simpan pinjam"].result["values"]
    assert [Decimal(usp[key]) for key in ("tr", "tvc", "tc")] == [Decimal(n) for n in ("400000", "150000", "150000")]
    [whole] = [s for s in snapshots.values() if s.subject_type == "cooperative"]
    statement = income_statement(Range(LedgerMonth(2026, 3), LedgerMonth(2026, 3)))
    assert Decimal(whole.result["values"]["tr"]) == statement.totals["income"] == Decimal("1950000.00")
    assert Decimal(whole.result["values"]["tc"]) == statement.totals["expenses"] == Decimal("1450000.00")
    assert Decimal(whole.result["values"]["profit"]) == statement.totals["shu"]


def test_an_income_snapshot_goes_stale_when_a_posting_of_its_month_arrives(month_of_business):
    waserda = next(s for s in compute_month(Month(2026, 3), methods=["income"]) if s.subject_label == "Waserda")
    assert not is_stale(waserda)
    post_simple("10000.00", credit="sales_waserda", date=MARCH_DAY, unit="WSD")
    assert is_stale(waserda)


def test_a_job_id_celery_cannot_have_given_is_pending_without_a_cache_lookup(monkeypatch):
    # Found by schemathesis (issue 25): the id comes from the address, and arbitrary text made cache keys.
    monkeypatch.setattr(jobs.cache, "get", lambda key: pytest.fail(f"looked up {key!r}"))
    assert tasks.job_state(1, "¯ÇMÕ\x173=|Þ") == {"state": "PENDING"}
    assert tasks.assessor_job_state(1, "../x") == {"state": "PENDING"}
