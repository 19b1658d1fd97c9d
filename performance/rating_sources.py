"""The rating indicators a cooperative's books can give (the ``source`` of a computed indicator of the rubric,
``performance/rubrics.py``): for a year, the value and the figures behind it (the drill-down an assessor reads).
An indicator whose data the product does not hold gives no value: the assessor scores it like an assessed one.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from members.loans.models import Loan
from members.savings.models import SavingsTransaction
from performance.ledger_figures import (
    balance,
    expenses,
    flow,
    income,
    liabilities,
    net_income,
    own_capital,
    total_assets,
)
from performance.models import Snapshot, SnapshotMethod, SnapshotStatus
from performance.scorecard_sources import members_at
from processing.models import Worker
from procurement.models import Delivery, DeliveryStatus
from waserda.models import Product as ShopProduct
from waserda.models import Sale

ZERO = Decimal(0)
HUNDRED = Decimal(100)
LIABILITY_KEYS_CURRENT = ("accounts_payable", "voluntary_savings", "term_deposits", "wages_payable", "vat_output",
                          "tax_payable")  # fmt: skip


@dataclass(frozen=True)
class Measured:
    """An indicator's value for the year (``None``: the books do not hold it) and the figures behind it."""

    value: Decimal | None
    figures: dict[str, str] = field(default_factory=dict)
    note: str = ""


def _pct(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    return None if not denominator else (Decimal(numerator) * HUNDRED / Decimal(denominator)).quantize(Decimal("0.01"))


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _member_ids_with(first: datetime.date, last: datetime.date) -> dict[str, set[int]]:
    """The members who, within the period, delivered raw material, bought at the waserda, saved or borrowed."""
    delivered = set(
        Delivery.objects.filter(
            status=DeliveryStatus.POSTED, date__range=(first, last), supplier__member__isnull=False
        ).values_list("supplier__member_id", flat=True)
    )
    sales = Sale.objects.filter(sold_at__date__range=(first, last), member__isnull=False)
    bought = set(sales.values_list("member_id", flat=True))
    savings = SavingsTransaction.objects.filter(date__range=(first, last))
    saved = set(savings.values_list("account__member_id", flat=True))
    borrowed = set(Loan.objects.filter(applied_on__range=(first, last)).values_list("member_id", flat=True))
    return {"delivered": delivered, "bought": bought, "saved": saved, "borrowed": borrowed}


def member_growth(year: int) -> Measured:
    first, last = _year(year)
    start, end = members_at(first - datetime.timedelta(days=1)), members_at(last)
    return Measured(_pct(end - start, start), {"members at the start": str(start), "members at the end": str(end)})


def rat_attendance(year: int) -> Measured:
    return Measured(None, note=str(_("The product keeps no attendance lists of member meetings: score it from the "
                                     "RAT attendance list.")))  # fmt: skip


def _share_of_members(year: int, kinds: tuple[str, ...]) -> Measured:
    first, last = _year(year)
    ids = _member_ids_with(first, last)
    taking_part = set().union(*(ids[kind] for kind in kinds))
    members = members_at(last)
    figures = {f"members who {kind}": str(len(ids[kind])) for kind in kinds}
    return Measured(_pct(len(taking_part), members), {**figures, "members": str(members)})


def member_participation(year: int) -> Measured:
    return _share_of_members(year, ("delivered", "bought"))


def risk_sharing(year: int) -> Measured:
    return _share_of_members(year, ("delivered",))


def service_use(year: int) -> Measured:
    return _share_of_members(year, ("delivered", "bought", "saved", "borrowed"))


def members_borrowing(year: int) -> Measured:
    return _share_of_members(year, ("borrowed",))


def asset_growth(year: int) -> Measured:
    first, last = _year(year)
    before, after = total_assets(first - datetime.timedelta(days=1)), total_assets(last)
    return Measured(_pct(after - before, before), {"assets at the start": str(before), "assets at the end": str(after)})


def volume_growth(year: int) -> Measured:
    """Business volume: all income of the year against the year before."""
    this, before = income(*_year(year)), income(*_year(year - 1))
    return Measured(_pct(this - before, before), {"income this year": str(this), "income the year before": str(before)})


def capital_structure(year: int) -> Measured:
    last = _year(year)[1]
    own, debt = own_capital(last), liabilities(last)
    return Measured(_pct(own, own + debt), {"own capital": str(own), "liabilities": str(debt)})


SAVINGS_KEYS = ("principal_savings", "mandatory_savings", "voluntary_savings", "term_deposits")
CURRENT_ASSET_KEYS = ("cash", "bank", "loan_receivable", "accounts_receivable")


def fund_provision(year: int) -> Measured:
    last = _year(year)[1]
    savings = balance(last, system_key__in=SAVINGS_KEYS)
    loans = balance(last, credit_side=False, system_key="loan_receivable")
    return Measured(_pct(savings, loans), {"members' savings": str(savings), "loans outstanding": str(loans)})


def financial_ratios(year: int) -> Measured:
    """How many of rentabilitas (SHU / own capital ≥ 5 %), likuiditas (cash, bank and receivables / current
    liabilities ≥ 150 %) and solvabilitas (assets / liabilities ≥ 150 %) meet their norm."""
    first, last = _year(year)
    own = own_capital(last)
    shu = net_income(first, last)
    current_assets = balance(last, credit_side=False, system_key__in=CURRENT_ASSET_KEYS)
    current_liabilities = balance(last, system_key__in=LIABILITY_KEYS_CURRENT)
    assets, debts = total_assets(last), liabilities(last)
    ratios = {"rentabilitas": (_pct(shu, own), Decimal(5)), "likuiditas": (_pct(current_assets, current_liabilities),
              Decimal(150)), "solvabilitas": (_pct(assets, debts), Decimal(150))}  # fmt: skip
    met = sum(1 for value, norm in ratios.values() if value is not None and value >= norm)
    figures = {f"{name} (%)": "—" if value is None else str(value) for name, (value, _norm) in ratios.items()}
    return Measured(Decimal(met), figures)


def _paid_to_members(first: datetime.date, last: datetime.date) -> Decimal:
    rows = Delivery.objects.filter(status=DeliveryStatus.POSTED, date__range=(first, last),
                                   supplier__member__isnull=False)  # fmt: skip
    return rows.aggregate(total=Sum("value"))["total"] or ZERO


def member_income_gain(year: int) -> Measured:
    """What members were owed for the raw material they delivered, against the year before."""
    this, before = _paid_to_members(*_year(year)), _paid_to_members(*_year(year - 1))
    return Measured(_pct(this - before, before), {"deliveries this year": str(this), "the year before": str(before)})


def waserda_items(year: int) -> Measured:
    count = ShopProduct.objects.filter(is_active=True, qty_on_hand__gt=0).count()
    return Measured(Decimal(count), {"products in stock": str(count)})


def local_employees(year: int) -> Measured:
    count = Worker.objects.filter(is_active=True).count()
    return Measured(Decimal(count), {"workers of the plants": str(count)})


def non_member_share(year: int) -> Measured:
    first, last = _year(year)
    sales = Sale.objects.filter(sold_at__date__range=(first, last)).aggregate(
        sold=Sum("total"), others=Sum("total", filter=Q(member__isnull=True))
    )
    total, others = sales["sold"] or ZERO, sales["others"] or ZERO
    return Measured(_pct(others, total), {"waserda sales": str(total), "to non-members": str(others)})


def value_added(year: int) -> Measured:
    snapshots = Snapshot.objects.filter(method=SnapshotMethod.HAYAMI, status=SnapshotStatus.OK,
                                        period_start__year=year)  # fmt: skip
    ratios = [Decimal(s.result["rows"]["11b"]) for s in snapshots if s.result.get("rows", {}).get("11b")]
    if not ratios:
        return Measured(None, note=str(_("No value-added snapshot of the year.")))
    mean = (sum(ratios, ZERO) / len(ratios)).quantize(Decimal("0.01"))
    return Measured(mean, {"value-added snapshots": str(len(ratios))})


SOURCES: dict[str, Callable[[int], Measured]] = {
    "member_growth": member_growth, "rat_attendance": rat_attendance, "member_participation": member_participation,
    "risk_sharing": risk_sharing, "service_use": service_use, "asset_growth": asset_growth,
    "volume_growth": volume_growth, "capital_structure": capital_structure, "fund_provision": fund_provision,
    "financial_ratios": financial_ratios, "member_income_gain": member_income_gain, "waserda_items": waserda_items,
    "members_borrowing": members_borrowing, "local_employees": local_employees, "non_member_share": non_member_share,
    "value_added": value_added,
}  # fmt: skip


# --- savings-and-loan health (ksp_health components, by code) -------------------------------------------------


def _loan_book(last: datetime.date) -> dict[str, Decimal]:
    """Outstanding principal of the running loans at the end of the year, the non-performing part (kurang lancar,
    diragukan, macet) and the loans to members (every loan of this product is a member's)."""
    from members.loans.schedule import Collectibility
    from members.loans.selectors import arrears, collectibility_summary

    summary = collectibility_summary(arrears(last), last)
    outstanding = sum((row["outstanding"] for row in summary), ZERO)
    bad = sum((row["outstanding"] for row in summary if row["class"] != Collectibility.CURRENT), ZERO)
    return {"outstanding": outstanding, "non_performing": bad, "to_members": outstanding}


LOAN_INCOME = ("loan_interest_income", "penalty_income", "admin_fee_income")
OPERATING_COST_KEYS = ("salaries", "utilities", "transport", "depreciation", "administration", "other_expense")


def health_values(year: int) -> dict[str, Measured]:
    """Every ratio of the default health rubric for the year, in %, with the figures behind it."""
    first, last = _year(year)
    own, assets = own_capital(last), total_assets(last)
    book = _loan_book(last)
    loans, bad = book["outstanding"], book["non_performing"]
    allowance = balance(last, system_key="loan_loss_allowance")
    gross = flow(first, last, system_key__in=LOAN_INCOME)
    taken, spent = income(first, last), expenses(first, last)
    operating = flow(first, last, credit_side=False, system_key__in=OPERATING_COST_KEYS)
    salaries = flow(first, last, credit_side=False, system_key="salaries")
    disbursed = Loan.objects.filter(disbursed_on__range=(first, last)).aggregate(total=Sum("amount"))["total"] or ZERO
    cash = balance(last, credit_side=False, system_key__in=("cash", "bank"))
    current = balance(last, system_key__in=LIABILITY_KEYS_CURRENT)
    funds = balance(last, system_key__in=(*SAVINGS_KEYS, "accounts_payable"))
    shu = taken - spent

    def m(numerator, denominator, **figures) -> Measured:
        return Measured(_pct(numerator, denominator), {k.replace("_", " "): str(v) for k, v in figures.items()})

    return {
        "P1": m(own, assets, own_capital=own, total_assets=assets),
        "P2": m(own, bad, own_capital=own, non_performing_loans=bad),
        "P3": m(own, loans, own_capital=own, loans_at_full_risk=loans),
        "A1": m(book["to_members"], loans, loans_to_members=book["to_members"], loans=loans),
        "A2": m(bad, loans, non_performing_loans=bad, loans=loans),
        "A3": m(allowance, bad, allowance=allowance, non_performing_loans=bad),
        "A4": m(bad, loans, non_performing_loans=bad, loans=loans),
        "E1": m(operating, gross, operating_cost=operating, gross_participation=gross),
        "E2": m(operating, taken, operating_cost=operating, gross_income=taken),
        "E3": m(salaries, disbursed, salaries=salaries, loans_disbursed=disbursed),
        "L1": m(cash, current, cash_and_banks=cash, current_liabilities=current),
        "L2": m(loans, funds, loans=loans, funds_received=funds),
        "G1": m(shu, assets, shu=shu, total_assets=assets),
        "G2": m(shu, own, shu=shu, own_capital=own),
        "G3": m(taken, spent, income=taken, expenses=spent),
        "J1": m(gross, taken, members_gross_participation=gross, income=taken),
        "J2": m(book["to_members"], loans, loans_to_members=book["to_members"], loans=loans),
    }
