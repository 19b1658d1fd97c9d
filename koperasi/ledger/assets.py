"""Fixed assets (aset tetap): registering them and posting straight-line depreciation every month.

Depreciation starts in the month of acquisition and runs ``useful_life_months`` months; month ``k``
posts ``round(base·k/n) − round(base·(k−1)/n)`` with ``base = cost − salvage``, so the months add up
to the depreciable base exactly. Each (asset, month) is one business event —
``source=asset, purpose="depreciation:YYYY-MM"`` — so running the job twice posts nothing twice,
and a job that was missed catches up on every month still open.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.ledger.fiscal import Month, months_between
from koperasi.ledger.models import FiscalPeriod, FixedAsset, JournalEntry, PeriodStatus
from koperasi.ledger.selectors import accounts_by_key
from koperasi.ledger.services import Line, post_entry
from koperasi.money import quantize_rupiah

logger = logging.getLogger(__name__)
PURPOSE_PREFIX = "depreciation:"


def depreciation_for_month(asset: FixedAsset, index: int) -> Decimal:
    """The depreciation of the asset's ``index``-th month (1-based); zero outside its life."""
    life = asset.useful_life_months
    if not 1 <= index <= life:
        return Decimal("0.00")
    base = asset.cost - asset.salvage_value
    return quantize_rupiah(base * index / life) - quantize_rupiah(base * (index - 1) / life)


@transaction.atomic
def register_fixed_asset(
    *,
    actor,
    code: str,
    name: str,
    acquisition_date,
    cost: Decimal,
    useful_life_months: int,
    salvage_value: Decimal = Decimal("0.00"),
    asset_account=None,
    accumulated_depreciation_account=None,
    depreciation_expense_account=None,
    business_unit=None,
) -> FixedAsset:
    """Register an asset (its purchase is posted by the purchasing module, or by a manual entry)."""
    defaults = accounts_by_key(["fixed_assets", "accumulated_depreciation", "depreciation"])
    asset = FixedAsset(
        code=code,
        name=name,
        acquisition_date=acquisition_date,
        cost=cost,
        salvage_value=salvage_value,
        useful_life_months=useful_life_months,
        asset_account=asset_account or defaults["fixed_assets"],
        accumulated_depreciation_account=accumulated_depreciation_account or defaults["accumulated_depreciation"],
        depreciation_expense_account=depreciation_expense_account or defaults["depreciation"],
        business_unit=business_unit,
    )
    asset.full_clean(exclude=["cooperative"], validate_constraints=False)
    asset.save()
    record_event(
        "ledger.asset_registered",
        actor=actor,
        cooperative_id=asset.cooperative_id,
        obj=asset,
        after={"code": code, "cost": str(cost), "life_months": useful_life_months},
    )
    return asset


def post_depreciation(asset: FixedAsset, month: Month) -> JournalEntry | None:
    """Post the asset's depreciation for ``month`` (idempotent); None when nothing is due."""
    index = months_between(Month.of(asset.acquisition_date), month) + 1
    if asset.disposed_on is not None and month > Month.of(asset.disposed_on):
        return None
    amount = depreciation_for_month(asset, index)
    if amount <= 0:
        return None
    memo = _("Depreciation %(asset)s, %(month)s") % {"asset": asset.name, "month": month}
    return post_entry(
        date=month.last_day,
        source=asset,
        purpose=f"{PURPOSE_PREFIX}{month}",
        memo=memo[:255],
        lines=[
            Line(asset.depreciation_expense_account_id, debit=amount, business_unit=asset.business_unit_id),
            Line(asset.accumulated_depreciation_account_id, credit=amount, business_unit=asset.business_unit_id),
        ],
    )


def run_depreciation(up_to: Month) -> int:
    """Post every due, not yet posted depreciation month up to ``up_to`` for every asset.

    Months in closed periods are skipped (and logged): they need a reopened period. Returns the
    number of entries posted.
    """
    assets = list(FixedAsset.objects.filter(acquisition_date__lte=up_to.last_day).order_by("pk"))
    if not assets:
        return 0
    posted = set(
        JournalEntry.objects.filter(
            source_type=FixedAsset._meta.label,
            source_id__in=[str(a.pk) for a in assets],
            purpose__startswith=PURPOSE_PREFIX,
        ).values_list("source_id", "purpose")
    )
    closed = {
        Month(year, month)
        for year, month in FiscalPeriod.objects.filter(status=PeriodStatus.CLOSED).values_list("year", "month")
    }
    count = 0
    for asset in assets:
        first = Month.of(asset.acquisition_date)
        last = min(up_to, first.plus(asset.useful_life_months - 1))
        if asset.disposed_on is not None:
            last = min(last, Month.of(asset.disposed_on))
        month = first
        while month <= last:
            if (str(asset.pk), f"{PURPOSE_PREFIX}{month}") not in posted:
                if month in closed:
                    logger.warning("depreciation of asset %s for %s skipped: period closed", asset.pk, month)
                elif post_depreciation(asset, month) is not None:
                    count += 1
            month = month.plus(1)
    return count
