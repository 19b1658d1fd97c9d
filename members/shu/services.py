"""SHU: the year's rule (versioned), the draft distribution computed from the closed books, approval at
the RAT (frozen), posting, and paying the members. The allocation itself is ``members/shu/allocation.py``
(pure); docs/shu.md gives the formulas and a worked example."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.ledger.fiscal import fiscal_year_months
from koperasi.ledger.models import JournalEntry, JournalLine
from koperasi.ledger.selectors import current_cooperative
from koperasi.ledger.services import YEAR_END_PURPOSE, YEAR_END_SOURCE, Line
from members.error_codes import MemberErrorCode, coded_error
from members.savings.movements import post
from members.shu import allocation, bases, sources
from members.shu.models import (
    DEFAULT_PERCENTS,
    POOL_FIELDS,
    CapitalBasis,
    DistributionStatus,
    PatronageMode,
    PayoutMethod,
    ShuDistribution,
    ShuPayout,
    ShuRule,
    ShuShare,
)
from members.shu.share_store import delete_shares, insert_shares

ZERO = Decimal(0)
PURPOSE_DISTRIBUTION = "shu.distribution"
PURPOSE_PAYOUT = "shu.payment"
# Where each pool is credited when the distribution is posted; the members' two pools are one liability.
POOL_ACCOUNTS = {"reserve": "reserve", "capital": "shu_members", "patronage": "shu_members",
                 "fund_board": "fund_board", "fund_employees": "fund_employees", "fund_education": "fund_education",
                 "fund_social": "fund_social", "fund_regional_development": "fund_regional_development"}  # fmt: skip
DEFAULT_CAPITAL_KINDS = ["pokok", "wajib"]


def year_range(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    first, last = fiscal_year_months(fiscal_year, current_cooperative().fiscal_year_start_month)
    return first.first_day, last.last_day


# --- the rule ----------------------------------------------------------------------------------------------


def rule_for(fiscal_year: int) -> ShuRule | None:
    """The year's rule in force: its newest version."""
    return ShuRule.objects.filter(fiscal_year=fiscal_year).order_by("-version").first()


def default_rule(fiscal_year: int) -> ShuRule:
    """An unsaved rule with the defaults (or the previous year's rule, as cooperatives keep their AD/ART)."""
    previous = ShuRule.objects.filter(fiscal_year__lt=fiscal_year).order_by("-fiscal_year", "-version").first()
    if previous is not None:
        fields = {name: getattr(previous, name) for name in _RULE_FIELDS}
    else:
        sources_ = [{"key": key, "percent": "0", "weight": "1"} for key in sorted(sources.registered())]
        fields = {**{k: Decimal(v) for k, v in DEFAULT_PERCENTS.items()}, "capital_kinds": DEFAULT_CAPITAL_KINDS,
                  "capital_basis": CapitalBasis.YEAR_END, "patronage_mode": PatronageMode.POOLED,
                  "sources": sources_, "include_leavers": True}  # fmt: skip
    return ShuRule(fiscal_year=fiscal_year, version=0, **fields)


_RULE_FIELDS = [name for name, _label in POOL_FIELDS] + [
    "capital_kinds", "capital_basis", "patronage_mode", "sources", "include_leavers"]  # fmt: skip


def _check_rule(fields: dict) -> None:
    total = sum((Decimal(fields[name]) for name, _label in POOL_FIELDS), ZERO)
    if total != 100:
        raise coded_error("reserve", _("The pools add up to %(total)s %%; they must make exactly 100 %%.")
                          % {"total": total}, MemberErrorCode.SHU_RULE)  # fmt: skip
    if any(Decimal(fields[name]) < 0 for name, _label in POOL_FIELDS):
        raise coded_error("reserve", _("A pool cannot be negative."), MemberErrorCode.SHU_RULE)
    known = sources.registered()
    unknown = [row["key"] for row in fields["sources"] if row["key"] not in known]
    if unknown:
        raise coded_error("sources", _("Unknown patronage source: %(keys)s.") % {"keys": ", ".join(unknown)},
                          MemberErrorCode.SHU_RULE)  # fmt: skip
    if fields["patronage_mode"] == PatronageMode.SPLIT and fields["sources"]:
        shares = sum((Decimal(row.get("percent") or 0) for row in fields["sources"]), ZERO)
        if shares != 100:
            raise coded_error(
                "sources",
                _("The sources' shares of jasa usaha add up to %(total)s %%; they must make exactly 100 %%.")
                % {"total": shares},
                MemberErrorCode.SHU_RULE,
            )
    if not fields["capital_kinds"]:
        raise coded_error("capital_kinds", _("Choose the savings that count as capital."), MemberErrorCode.SHU_RULE)


@transaction.atomic
def save_rule(*, actor, fiscal_year: int, **fields) -> ShuRule:
    """The year's next rule version; refused once the year's distribution is approved (frozen)."""
    distribution = ShuDistribution.objects.select_for_update().filter(fiscal_year=fiscal_year).first()
    if distribution is not None and distribution.frozen:
        raise coded_error("fiscal_year", _("SHU %(year)s is approved: its rule is frozen.") % {"year": fiscal_year},
                          MemberErrorCode.SHU_FROZEN)  # fmt: skip
    fields = {**{name: getattr(default_rule(fiscal_year), name) for name in _RULE_FIELDS}, **fields}
    fields["sources"] = [
        {"key": row["key"], "percent": str(row.get("percent") or 0), "weight": str(row.get("weight") or 1)}
        for row in fields["sources"]
    ]
    _check_rule(fields)
    current = rule_for(fiscal_year)
    rule = ShuRule.objects.create(fiscal_year=fiscal_year, version=(current.version + 1) if current else 1,
                                  created_by=actor, **fields)  # fmt: skip
    record_event(
        "shu.rule_saved",
        actor=actor,
        obj=rule,
        after={"version": rule.version, **{k: str(v) for k, v in rule.percents().items()}},
    )
    return rule


# --- the year's surplus and the draft ------------------------------------------------------------------------


def year_surplus(fiscal_year: int) -> Decimal:
    """The SHU of a closed fiscal year: what its closing entry moved into SHU tahun berjalan (a deficit is
    negative). Refused while the year is not closed: the SHU is shared from closed books only."""
    entry = (
        JournalEntry.objects.filter(source_type=YEAR_END_SOURCE, purpose=YEAR_END_PURPOSE, fiscal_year=fiscal_year)
        .filter(reversed_by__isnull=True)
        .first()
    )
    if entry is None:
        raise coded_error(
            "fiscal_year",
            _("Close the books of %(year)s first: the SHU is shared from a closed year.") % {"year": fiscal_year},
            MemberErrorCode.SHU_YEAR_OPEN,
        )
    moved = JournalLine.objects.filter(entry=entry, account__system_key="current_shu").aggregate(
        c=Sum("credit"), d=Sum("debit"))  # fmt: skip
    return (moved["c"] or ZERO) - (moved["d"] or ZERO)


def member_bases(rule: ShuRule, start, end) -> list[tuple[int, allocation.MemberBases]]:
    members = bases.sharing_members(start, end, rule.include_leavers)
    capital = bases.capital(list(rule.capital_kinds), start, end)
    patronage = bases.patronage([row["key"] for row in rule.sources], start, end)
    found = []
    for member_id, _number, left in members:
        average, year_end = capital.get(member_id, (ZERO, ZERO))
        # A member who left holds nothing at the year's end: their capital counts pro rata, by the days held.
        base = average if rule.capital_basis == CapitalBasis.AVERAGE or left else year_end
        found.append((member_id, allocation.MemberBases(
            capital=base.quantize(Decimal("0.01")),
            patronage={key: values.get(member_id, ZERO) for key, values in patronage.items()},
        )))  # fmt: skip
    return found


def allocate(rule: ShuRule, surplus: Decimal, members) -> allocation.Distribution:
    patronage_sources = [
        allocation.PatronageSource(row["key"], Decimal(row["percent"]), Decimal(row["weight"])) for row in rule.sources
    ]
    split = rule.patronage_mode == PatronageMode.SPLIT
    return allocation.distribute(surplus, rule.percents(), members, patronage_sources, split_by_source=split)


Progress = Callable[[int, int], None]


@transaction.atomic
def compute_draft(*, actor, fiscal_year: int, progress: Progress | None = None) -> ShuDistribution:
    """(Re)compute the year's draft from its closed books and its rule in force: every sharing member's bases
    and amounts. Refused once approved."""
    surplus = year_surplus(fiscal_year)
    rule = rule_for(fiscal_year)
    if rule is None:
        raise coded_error("fiscal_year", _("Save the SHU rule of %(year)s first.") % {"year": fiscal_year},
                          MemberErrorCode.SHU_RULE)  # fmt: skip
    distribution, _created = ShuDistribution.objects.select_for_update().get_or_create(
        fiscal_year=fiscal_year, defaults={"rule": rule}
    )
    if distribution.frozen:
        message = _("SHU %(year)s is approved: it cannot be recomputed.") % {"year": fiscal_year}
        raise coded_error("fiscal_year", message, MemberErrorCode.SHU_FROZEN)
    start, end = year_range(fiscal_year)
    members = member_bases(rule, start, end)
    result = allocate(rule, surplus, members)
    delete_shares(distribution.pk)
    rows, step = [], max(1, len(members) // 20)
    for index, (member_id, brought) in enumerate(members, start=1):
        share = result.members[member_id]
        if brought.capital or any(brought.patronage.values()) or share.total:
            rows.append((member_id, brought.capital, brought.patronage, share.capital, share.patronage))
        if progress and index % step == 0:
            progress(index, len(members))
    insert_shares(distribution.cooperative_id, distribution.pk, rows)
    pools = {name: str(amount) for name, amount in result.pools.items()}
    distribution.rule, distribution.surplus, distribution.status = rule, surplus, DistributionStatus.DRAFT
    distribution.pools = pools | {"unshared": str(result.unshared)}
    distribution.members_total = sum((share.total for share in result.members.values()), ZERO)
    distribution.computed_at = timezone.now()
    distribution.save()
    record_event("shu.draft_computed", actor=actor, obj=distribution,
                 after={"surplus": str(surplus), "members": len(rows)})  # fmt: skip
    return distribution


# --- approval, posting, payouts -------------------------------------------------------------------------------


def _lock(distribution: ShuDistribution, status: str) -> ShuDistribution:
    distribution = ShuDistribution.objects.select_for_update().get(pk=distribution.pk)
    if distribution.status != status:
        raise coded_error("status", _("SHU %(year)s is %(status)s.") % {
            "year": distribution.fiscal_year, "status": distribution.get_status_display().lower()},
            MemberErrorCode.SHU_STATUS)  # fmt: skip
    return distribution


@transaction.atomic
def approve(
    *, actor, distribution: ShuDistribution, rat_date: datetime.date, minutes_reference: str
) -> ShuDistribution:
    """Approved at the RAT (its date, the minutes' reference, who approved): from now on frozen."""
    distribution = _lock(distribution, DistributionStatus.DRAFT)
    if not minutes_reference.strip():
        raise coded_error("minutes_reference", _("Give the RAT minutes' reference."), MemberErrorCode.SHU_STATUS)
    if rat_date <= year_range(distribution.fiscal_year)[1]:
        raise coded_error("rat_date", _("The RAT is held after the fiscal year ends."), MemberErrorCode.SHU_STATUS)
    distribution.status, distribution.rat_date = DistributionStatus.APPROVED, rat_date
    distribution.minutes_reference, distribution.approved_by = minutes_reference.strip(), actor
    distribution.approved_at = timezone.now()
    distribution.save()
    record_event(
        "shu.approved",
        actor=actor,
        obj=distribution,
        after={"rat_date": str(rat_date), "minutes": distribution.minutes_reference},
    )
    return distribution


@transaction.atomic
def post_distribution(*, actor, distribution: ShuDistribution, on: datetime.date) -> ShuDistribution:
    """Post the approved distribution: Dr SHU tahun berjalan = the surplus / Cr Cadangan (with any members'
    pool nobody qualified for), Cr each fund, Cr Dana SHU bagian anggota = the members' part. Posting twice
    posts once (the second call finds it posted)."""
    distribution = ShuDistribution.objects.select_for_update().get(pk=distribution.pk)
    if distribution.status == DistributionStatus.POSTED:
        return distribution
    distribution = _lock(distribution, DistributionStatus.APPROVED)
    pools = {name: Decimal(amount) for name, amount in distribution.pools.items() if name != "unshared"}
    unshared = Decimal(distribution.pools.get("unshared", "0"))
    credits = allocation.posting_credits(pools, unshared, distribution.members_total, POOL_ACCOUNTS)
    if distribution.surplus > 0:
        distribution.journal_entry = post(
            date=on, source=distribution, purpose=PURPOSE_DISTRIBUTION, actor=actor,
            memo=_("SHU %(year)s shared (RAT %(minutes)s)") % {"year": distribution.fiscal_year,
                                                               "minutes": distribution.minutes_reference},
            lines=[Line("current_shu", debit=distribution.surplus),
                   *(Line(account, credit=amount) for account, amount in credits.items() if amount > 0)],
        )  # fmt: skip
    distribution.status = DistributionStatus.POSTED
    distribution.save(update_fields=["status", "journal_entry"])
    record_event("shu.posted", actor=actor, obj=distribution, after={"surplus": str(distribution.surplus)})
    return distribution


@transaction.atomic
def pay(*, actor, share: ShuShare, on: datetime.date, method: str = PayoutMethod.CASH) -> ShuPayout | None:
    """Pay a member's SHU of a posted distribution in full: Dr Dana SHU bagian anggota / Cr Kas (cash), Bank
    (transfer) or the member's simpanan sukarela (credited through a savings deposit). Paid already:
    nothing happens."""
    from members.savings.models import SavingsAccount, SavingsKind
    from members.savings.services import deposit

    share = ShuShare.objects.select_for_update().select_related("distribution", "member").get(pk=share.pk)
    if share.distribution.status != DistributionStatus.POSTED:
        raise coded_error("status", _("Post the distribution before paying it."), MemberErrorCode.SHU_STATUS)
    if share.unpaid <= 0:
        return None
    amount, member = share.unpaid, share.member
    payout = ShuPayout.objects.create(share=share, paid_on=on, amount=amount, method=method, created_by=actor)
    memo = _("SHU %(year)s, %(member)s") % {"year": share.distribution.fiscal_year, "member": member.name}
    if method == PayoutMethod.SAVINGS:
        account = SavingsAccount.objects.filter(member=member, product__kind=SavingsKind.VOLUNTARY,
                                                status="open").order_by("pk").first()  # fmt: skip
        if account is None:
            raise coded_error("method", _("%(member)s has no simpanan sukarela account.") % {"member": member.name},
                              MemberErrorCode.ACCOUNT_CLOSED)  # fmt: skip
        movement = deposit(account=account, amount=amount, date=on, actor=actor, memo=memo, key=f"shu-{share.pk}",
                           cash_account="shu_members", counter_party=member)  # fmt: skip
        payout.journal_entry = movement.journal_entry
    else:
        payout.journal_entry = post(
            date=on, source=payout, purpose=PURPOSE_PAYOUT, actor=actor, memo=memo,
            lines=[Line("shu_members", debit=amount),
                   Line("cash" if method == PayoutMethod.CASH else "bank", credit=amount)],
        )  # fmt: skip
    payout.save(update_fields=["journal_entry"])
    ShuShare.objects.filter(pk=share.pk).update(paid=share.total)
    return payout


def pay_all(*, actor, distribution: ShuDistribution, on: datetime.date, method: str) -> int:
    """Pay every member not yet paid; how many were paid."""
    paid = 0
    for share in distribution.shares.filter(total__gt=0).exclude(paid=F("total")).order_by("member__member_no"):
        paid += pay(actor=actor, share=share, on=on, method=method) is not None
    return paid
