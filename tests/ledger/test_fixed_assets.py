"""Fixed assets depreciate straight-line every month; the job cannot post a month twice or forget one."""

import datetime
from decimal import Decimal

import pytest

from koperasi.ledger.assets import depreciation_for_month, register_fixed_asset, run_depreciation
from koperasi.ledger.fiscal import Month
from koperasi.ledger.models import JournalEntry
from koperasi.ledger.selectors import account_for
from koperasi.ledger.services import close_period
from koperasi.ledger.statements import Range, income_statement
from koperasi.ledger.tasks import depreciation_for_all_cooperatives, post_depreciation
from tests.factories.ledger import FixedAssetFactory

pytestmark = pytest.mark.django_db
D = Decimal


def test_monthly_amounts_add_up_to_the_depreciable_base_exactly(in_coop):
    asset = FixedAssetFactory(cost=D("10000000.00"), salvage_value=D("1000000.00"), useful_life_months=7)
    months = [depreciation_for_month(asset, k) for k in range(1, 8)]
    assert sum(months) == D("9000000.00")
    assert set(months) <= {D("1285714.29"), D("1285714.28")}
    assert depreciation_for_month(asset, 0) == depreciation_for_month(asset, 8) == 0


def test_the_job_posts_each_month_once_and_catches_up(in_coop, manager):
    asset = register_fixed_asset(
        actor=manager,
        code="AT-01",
        name="Mesin parut kelapa",
        acquisition_date=datetime.date(2026, 1, 20),
        cost=D("12000000.00"),
        useful_life_months=48,
    )
    assert run_depreciation(Month(2026, 3)) == 3  # Jan, Feb, Mar: nothing is forgotten
    assert run_depreciation(Month(2026, 3)) == 0  # idempotent per asset and month
    entries = JournalEntry.objects.filter(source_type="ledger.FixedAsset", source_id=str(asset.pk))
    assert sorted(entries.values_list("purpose", flat=True)) == [
        "depreciation:2026-01",
        "depreciation:2026-02",
        "depreciation:2026-03",
    ]
    assert {e.date for e in entries} == {
        datetime.date(2026, 1, 31),
        datetime.date(2026, 2, 28),
        datetime.date(2026, 3, 31),
    }
    expense = income_statement(Range(Month(2026, 1), Month(2026, 3))).totals["expenses"]
    assert expense == D("750000.00")
    accumulated = account_for("accumulated_depreciation").balances.all()
    assert sum(b.credit for b in accumulated) == D("750000.00")


def test_the_job_skips_closed_months_and_stops_at_the_end_of_life(in_coop, manager):
    FixedAssetFactory(acquisition_date=datetime.date(2025, 11, 1), cost=D("300.00"), useful_life_months=3)
    close_period(actor=manager, year=2025, month=11)
    assert run_depreciation(Month(2026, 6)) == 2  # Dec, Jan; Nov closed; life ends in Jan
    assert JournalEntry.objects.count() == 2


def test_celery_task_runs_for_the_cooperative_and_the_fan_out_reaches_every_cooperative(coop, monkeypatch):
    from koperasi.celery import app
    from koperasi.tenancy.context import cooperative_context

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    with cooperative_context(coop.pk):
        FixedAssetFactory(acquisition_date=datetime.date(2026, 1, 1), cost=D("4800.00"), useful_life_months=48)
    assert post_depreciation.apply(kwargs={"cooperative_id": coop.pk, "month": "2026-02"}).get() == 2
    assert depreciation_for_all_cooperatives.apply(kwargs={"month": "2026-03"}).get() >= 1
    with cooperative_context(coop.pk):
        assert JournalEntry.objects.count() == 3


def test_the_monthly_job_is_in_the_beat_schedule():
    from koperasi.celery import app

    entry = app.conf.beat_schedule["ledger.monthly_depreciation"]
    assert entry["task"] == "ledger.depreciation_for_all_cooperatives"
