"""Financial statements: trial balance (neraca saldo), balance sheet (neraca), income statement
(laporan perhitungan hasil usaha) and the general ledger of one account.

Every figure is aggregated in SQL from ``AccountBalance`` (per account and month, kept by the posting
trigger), one query per statement whatever the number of journal lines; the general ledger reads the
account's lines with a window function for the running balance. Periods are whole months
(:class:`~koperasi.ledger.fiscal.Month`); a statement may compare two periods side by side.

Signs: amounts are stored debit-positive (``debit − credit``); statements show each account on its
normal side (assets and expenses debit-positive, the rest credit-positive).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, F, Q, Sum, Value, Window
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from koperasi.ledger.fiscal import Month
from koperasi.ledger.models import DEBIT_NORMAL, Account, AccountBalance, AccountType, EntryStatus, JournalLine

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
MONEY_FIELD = DecimalField(max_digits=20, decimal_places=2)


@dataclass(frozen=True)
class Range:
    start: Month
    end: Month

    def __post_init__(self):
        if self.start > self.end:
            raise ValueError("the period starts after it ends")

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start} – {self.end}"


@dataclass
class Row:
    kind: str  # "section", "account", "total"
    label: str
    values: list = field(default_factory=list)
    code: str = ""
    account_id: int | None = None


@dataclass
class Report:
    key: str
    title: str
    period: str
    columns: list[str]
    rows: list[Row]
    totals: dict[str, Decimal] = field(default_factory=dict)
    checks: dict[str, bool] = field(default_factory=dict)


def _net(condition: Q):
    return Coalesce(
        Sum(F("balances__debit") - F("balances__credit"), filter=condition, output_field=MONEY_FIELD),
        Value(ZERO),
        output_field=MONEY_FIELD,
    )


def _sum(column: str, condition: Q):
    return Coalesce(
        Sum(f"balances__{column}", filter=condition, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD
    )


def _in(period: Range, *, closing: bool | None = None) -> Q:
    condition = Q(balances__period__gte=period.start.key, balances__period__lte=period.end.key)
    if closing is not None:
        condition &= Q(balances__closing=closing)
    return condition


def _up_to(month: Month) -> Q:
    return Q(balances__period__lte=month.key)


def _money(value) -> Decimal:
    """Amounts from the database to cents (a missing sum is zero)."""
    return Decimal(value or 0).quantize(CENT)


def _shown(account_type: str, net) -> Decimal:
    net = _money(net)
    return net if account_type in DEBIT_NORMAL else -net


def trial_balance(period: Range, compare: Range | None = None) -> Report:
    """Opening balance, the period's debits and credits, and the closing balance per account; with
    ``compare``, also each account's closing balance (Dr − Cr) at the end of the comparison period."""
    annotations = {
        "opening": _net(Q(balances__period__lt=period.start.key)),
        "debit": _sum("debit", _in(period)),
        "credit": _sum("credit", _in(period)),
    }
    if compare is not None:
        annotations["compared"] = _net(_up_to(compare.end))
    accounts = Account.objects.annotate(**annotations).order_by("code")
    rows, totals = [], dict.fromkeys(("debit", "credit", "closing_debit", "closing_credit", "compared"), ZERO)
    for account in accounts:
        opening, debit, credit = _money(account.opening), _money(account.debit), _money(account.credit)
        compared = _money(account.compared) if compare is not None else ZERO
        if not (opening or debit or credit or compared):
            continue
        closing = opening + debit - credit
        closing_debit, closing_credit = (closing, ZERO) if closing >= 0 else (ZERO, -closing)
        values = [opening, debit, credit, closing_debit, closing_credit]
        if compare is not None:
            values.append(compared)
        rows.append(Row("account", account.name, values, account.code, account.pk))
        totals["debit"] += debit
        totals["credit"] += credit
        totals["closing_debit"] += closing_debit
        totals["closing_credit"] += closing_credit
        totals["compared"] += compared
    total_values = [None, totals["debit"], totals["credit"], totals["closing_debit"], totals["closing_credit"]]
    columns = [_("Opening (Dr − Cr)"), _("Debit"), _("Credit"), _("Closing debit"), _("Closing credit")]
    if compare is not None:
        total_values.append(totals["compared"])
        columns.append(_("Closing %(period)s (Dr − Cr)") % {"period": compare.end})
    rows.append(Row("total", _("Total"), total_values))
    balanced = totals["debit"] == totals["credit"] and totals["closing_debit"] == totals["closing_credit"]
    checks = {"balanced": balanced}
    if compare is not None:
        checks["compared_balanced"] = totals["compared"] == ZERO
    return Report(
        "trial_balance", _("Trial balance"), str(period), columns, rows, {k: v for k, v in totals.items()}, checks
    )


def _current_shu(months: list[Month]) -> list[Decimal]:
    """Income − expense not yet closed into equity, cumulative up to each month (one query)."""
    sums = AccountBalance.objects.filter(account__type__in=[AccountType.INCOME, AccountType.EXPENSE]).aggregate(
        **{
            f"m{i}": Coalesce(
                Sum(F("credit") - F("debit"), filter=Q(period__lte=month.key), output_field=MONEY_FIELD),
                Value(ZERO),
                output_field=MONEY_FIELD,
            )
            for i, month in enumerate(months)
        }
    )
    return [_money(sums[f"m{i}"]) for i in range(len(months))]


def balance_sheet(at: Month, compare_at: Month | None = None) -> Report:
    """Assets = liabilities + equity (+ the current year's SHU not yet closed), at the end of ``at``."""
    months = [at] + ([compare_at] if compare_at else [])
    annotations = {f"b{i}": _net(_up_to(month)) for i, month in enumerate(months)}
    accounts = (
        Account.objects.filter(type__in=[AccountType.ASSET, AccountType.LIABILITY, AccountType.EQUITY])
        .annotate(**annotations)
        .order_by("code")
    )
    width = len(months)
    sections = {kind: [] for kind in (AccountType.ASSET, AccountType.LIABILITY, AccountType.EQUITY)}
    section_totals = {kind: [ZERO] * width for kind in sections}
    for account in accounts:
        values = [_shown(account.type, getattr(account, f"b{i}")) for i in range(width)]
        if not any(values):
            continue
        sections[account.type].append(Row("account", account.name, values, account.code, account.pk))
        section_totals[account.type] = [a + b for a, b in zip(section_totals[account.type], values, strict=True)]
    shu = _current_shu(months)
    if any(shu):
        sections[AccountType.EQUITY].append(Row("account", _("Current year's SHU (not yet closed)"), shu))
        section_totals[AccountType.EQUITY] = [
            a + b for a, b in zip(section_totals[AccountType.EQUITY], shu, strict=True)
        ]
    liabilities_equity = [
        a + b for a, b in zip(section_totals[AccountType.LIABILITY], section_totals[AccountType.EQUITY], strict=True)
    ]
    titles = {AccountType.ASSET: _("Assets"), AccountType.LIABILITY: _("Liabilities"), AccountType.EQUITY: _("Equity")}
    total_titles = {
        AccountType.ASSET: _("Total assets"),
        AccountType.LIABILITY: _("Total liabilities"),
        AccountType.EQUITY: _("Total equity"),
    }
    rows = []
    for kind, title in titles.items():
        rows.append(Row("section", title))
        rows.extend(sections[kind])
        rows.append(Row("total", total_titles[kind], section_totals[kind]))
    rows.append(Row("total", _("Total liabilities and equity"), liabilities_equity))
    return Report(
        "balance_sheet",
        _("Balance sheet"),
        " / ".join(str(month) for month in months),
        [str(month) for month in months],
        rows,
        {
            "assets": section_totals[AccountType.ASSET][0],
            "liabilities": section_totals[AccountType.LIABILITY][0],
            "equity": section_totals[AccountType.EQUITY][0],
            "current_shu": shu[0],
        },
        {"balanced": all(a == b for a, b in zip(section_totals[AccountType.ASSET], liabilities_equity, strict=True))},
    )


def income_statement(period: Range, compare: Range | None = None) -> Report:
    """Income and expenses of the period (year-end closing entries left out) and the resulting SHU."""
    periods = [period] + ([compare] if compare else [])
    annotations = {f"n{i}": _net(_in(p, closing=False)) for i, p in enumerate(periods)}
    accounts = (
        Account.objects.filter(type__in=[AccountType.INCOME, AccountType.EXPENSE])
        .annotate(**annotations)
        .order_by("code")
    )
    width = len(periods)
    income, expense = [], []
    income_total, expense_total = [ZERO] * width, [ZERO] * width
    for account in accounts:
        values = [_shown(account.type, getattr(account, f"n{i}")) for i in range(width)]
        if not any(values):
            continue
        row = Row("account", account.name, values, account.code, account.pk)
        if account.type == AccountType.INCOME:
            income.append(row)
            income_total = [a + b for a, b in zip(income_total, values, strict=True)]
        else:
            expense.append(row)
            expense_total = [a + b for a, b in zip(expense_total, values, strict=True)]
    shu = [a - b for a, b in zip(income_total, expense_total, strict=True)]
    rows = [
        Row("section", _("Income")),
        *income,
        Row("total", _("Total income"), income_total),
        Row("section", _("Expenses")),
        *expense,
        Row("total", _("Total expenses"), expense_total),
        Row("total", _("SHU (surplus) for the period"), shu),
    ]
    return Report(
        "income_statement",
        _("Income statement (SHU)"),
        " / ".join(str(p) for p in periods),
        [str(p) for p in periods],
        rows,
        {"income": income_total[0], "expenses": expense_total[0], "shu": shu[0]},
    )


def general_ledger(account: Account, period: Range) -> Report:
    """The account's posted lines in the period with a running balance (window function in SQL)."""
    opening = AccountBalance.objects.filter(account=account, period__lt=period.start.key).aggregate(
        v=Coalesce(Sum(F("debit") - F("credit"), output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD)
    )["v"]
    opening = _money(opening)
    sign = Decimal(1) if account.is_debit_normal else Decimal(-1)
    lines = (
        JournalLine.objects.filter(
            account=account,
            entry__status=EntryStatus.POSTED,
            entry__date__gte=period.start.first_day,
            entry__date__lte=period.end.last_day,
        )
        .annotate(
            running=Window(
                Sum(F("debit") - F("credit"), output_field=MONEY_FIELD),
                order_by=[
                    F("entry__date").asc(),
                    F("entry__fiscal_year").asc(),
                    F("entry__number").asc(),
                    F("id").asc(),
                ],
            )
        )
        .select_related("entry")
        .order_by("entry__date", "entry__fiscal_year", "entry__number", "id")
    )
    totals = lines.aggregate(
        d=Coalesce(Sum("debit", output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD),
        c=Coalesce(Sum("credit", output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD),
    )
    debit_total, credit_total = _money(totals["d"]), _money(totals["c"])
    closing = opening + debit_total - credit_total
    rows = [Row("section", _("Opening balance"), [None, None, None, sign * opening])]
    rows += [
        Row(
            "account",
            f"{line.entry.display_number} {line.memo or line.entry.memo}".strip(),
            [line.entry.date, line.debit, line.credit, sign * (opening + _money(line.running))],
            line.entry.display_number,
            line.entry_id,
        )
        for line in lines
    ]
    rows.append(Row("total", _("Closing balance"), [None, debit_total, credit_total, sign * closing]))
    return Report(
        "general_ledger",
        _("General ledger: %(account)s") % {"account": account},
        str(period),
        [_("Date"), _("Debit"), _("Credit"), _("Balance")],
        rows,
        {"opening": sign * opening, "debit": debit_total, "credit": credit_total, "closing": sign * closing},
    )


@dataclass(frozen=True)
class UnitAccountTotal:
    """An income or expense account's total of a period within one business unit (``unit_id`` None: lines
    that name no unit, on accounts that belong to none), on the account's normal side."""

    unit_id: int | None
    account_id: int
    code: str
    name: str
    type: str
    system_key: str
    amount: Decimal


def income_and_expenses_by_unit(first_day, last_day) -> list[UnitAccountTotal]:
    """Each income and expense account's total per business unit over the posted entries dated within
    [first_day, last_day], year-end closing entries left out (as in :func:`income_statement`). A line's
    unit is its own, else its account's (``chart.ACCOUNT_UNITS``). One grouped query over the lines."""
    rows = (
        JournalLine.objects.filter(
            entry__status=EntryStatus.POSTED,
            entry__is_closing=False,
            entry__date__gte=first_day,
            entry__date__lte=last_day,
            account__type__in=[AccountType.INCOME, AccountType.EXPENSE],
        )
        .annotate(unit=Coalesce("business_unit_id", "account__business_unit_id"))
        .values("unit", "account_id", "account__code", "account__name", "account__type", "account__system_key")
        .annotate(net=Sum(F("debit") - F("credit"), output_field=MONEY_FIELD))
        .order_by("unit", "account__code")
    )
    return [
        UnitAccountTotal(
            row["unit"],
            row["account_id"],
            row["account__code"],
            row["account__name"],
            row["account__type"],
            row["account__system_key"],
            _shown(row["account__type"], row["net"]),
        )
        for row in rows
    ]
