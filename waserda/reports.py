"""Waserda reports (one definition each, shared by the page, the XLSX export and the API): sales by
day, product, cashier and member, gross margin by category, stock valuation and slow movers.

Every figure is aggregated in SQL (GROUP BY); returns are taken off the sale they belong to (by the
sale's day, product, cashier, member), so a report over a period shows net sales and their cost.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koperasi.core.spreadsheets import Sheet
from koperasi.core.templatetags.formatting import tanggal
from koperasi.money import quantize_rupiah
from waserda.models import Product, Sale, SaleLine, SaleReturn, SaleReturnLine

ZERO = Decimal("0")
MONEY = DecimalField(max_digits=18, decimal_places=2)
QTY = DecimalField(max_digits=18, decimal_places=3)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text, money, qty, int, pct, date


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    columns: tuple[Column, ...]
    build: Callable[[datetime.date, datetime.date], list[dict]]
    totals: tuple[str, ...] = ()
    uses_period: bool = True


def _money(value) -> Decimal:
    return quantize_rupiah(value or ZERO)


def _period(start: datetime.date, end: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}sold_at__date__gte": start, f"{prefix}sold_at__date__lte": end})


def _merge(sales_rows, return_rows, key: str, label: Callable[[dict], object]) -> list[dict]:
    returns = {row[key]: row for row in return_rows}
    rows = []
    for row in sales_rows:
        back = returns.get(row[key], {})
        total, cost = _money(row["total"]), _money(row["cost"])
        refunded, refunded_cost = _money(back.get("amount")), _money(back.get("cost"))
        net, net_cost = total - refunded, cost - refunded_cost
        rows.append(
            {
                "key": label(row),
                "count": row["count"],
                "sales": total,
                "returns": refunded,
                "net_sales": net,
                "cost": net_cost,
                "margin": net - net_cost,
                "margin_pct": _pct(net - net_cost, net),
            }
        )
    return rows


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part * 100 / whole).quantize(Decimal("0.1")) if whole else ZERO


def _grouped_sales(start, end, key: str):
    return (
        Sale.objects.filter(_period(start, end))
        .values(key)
        .annotate(count=Count("id"), total=Sum("total"), cost=Sum("cost_total"))
        .order_by(key)
    )


def _grouped_returns(start, end, key: str):
    return (
        SaleReturn.objects.filter(_period(start, end, "sale__"))
        .values(f"sale__{key}")
        .annotate(amount=Sum("amount"), cost=Sum("cost"))
        .order_by(f"sale__{key}")
    )


def sales_by_day(start, end) -> list[dict]:
    sales = (
        Sale.objects.filter(_period(start, end))
        .annotate(day=TruncDate("sold_at"))
        .values("day")
        .annotate(count=Count("id"), total=Sum("total"), cost=Sum("cost_total"))
        .order_by("day")
    )
    returns = (
        SaleReturn.objects.filter(_period(start, end, "sale__"))
        .annotate(day=TruncDate("sale__sold_at"))
        .values("day")
        .annotate(amount=Sum("amount"), cost=Sum("cost"))
        .order_by("day")
    )
    return _merge(sales, returns, "day", lambda row: row["day"])


def sales_by_cashier(start, end) -> list[dict]:
    sales = _grouped_sales(start, end, "cashier__username")
    returns = [
        {"cashier__username": row["sale__cashier__username"], **row}
        for row in _grouped_returns(start, end, "cashier__username")
    ]
    return _merge(sales, returns, "cashier__username", lambda row: row["cashier__username"])


def sales_by_member(start, end) -> list[dict]:
    sales = (
        Sale.objects.filter(_period(start, end), member__isnull=False)
        .values("member_id", "member__member_no", "member__name")
        .annotate(count=Count("id"), total=Sum("total"), cost=Sum("cost_total"))
        .order_by("member__member_no")
    )
    returns = [
        {"member_id": row["sale__member_id"], **row}
        for row in SaleReturn.objects.filter(_period(start, end, "sale__"), sale__member__isnull=False)
        .values("sale__member_id")
        .annotate(amount=Sum("amount"), cost=Sum("cost"))
        .order_by("sale__member_id")
    ]
    return _merge(sales, returns, "member_id", lambda row: f"{row['member__member_no']} · {row['member__name']}")


def sales_by_product(start, end) -> list[dict]:
    lines = (
        SaleLine.objects.filter(_period(start, end, "sale__"))
        .values("product_id", "product__sku", "product__name")
        .annotate(quantity=Sum("quantity"), total=Sum("amount"), cost=Sum("cost"), count=Count("sale_id"))
        .order_by("product__name")
    )
    returns = {
        row["sale_line__product_id"]: row
        for row in SaleReturnLine.objects.filter(_period(start, end, "sale_line__sale__"))
        .values("sale_line__product_id")
        .annotate(quantity=Sum("quantity"), amount=Sum("amount"), cost=Sum("cost"))
        .order_by("sale_line__product_id")
    }
    rows = _merge(
        lines,
        [{"product_id": key, **row} for key, row in returns.items()],
        "product_id",
        lambda row: f"{row['product__sku']} {row['product__name']}",
    )
    for row, line in zip(rows, lines, strict=True):
        row["quantity"] = (line["quantity"] or ZERO) - (returns.get(line["product_id"], {}).get("quantity") or ZERO)
    return rows


def margin_by_category(start, end) -> list[dict]:
    lines = (
        SaleLine.objects.filter(_period(start, end, "sale__"))
        .annotate(category=Coalesce(F("product__category__name"), Value("—")))
        .values("category")
        .annotate(count=Count("sale_id", distinct=True), total=Sum("amount"), cost=Sum("cost"))
        .order_by("category")
    )
    returns = (
        SaleReturnLine.objects.filter(_period(start, end, "sale_line__sale__"))
        .annotate(category=Coalesce(F("sale_line__product__category__name"), Value("—")))
        .values("category")
        .annotate(amount=Sum("amount"), cost=Sum("cost"))
        .order_by("category")
    )
    return _merge(lines, returns, "category", lambda row: row["category"])


def stock_valuation(start=None, end=None) -> list[dict]:
    products = (
        Product.objects.filter(~Q(qty_on_hand=0) | ~Q(stock_value=0))
        .select_related("category")
        .order_by("category__name", "name")
    )
    return [
        {
            "key": f"{p.sku} {p.name}",
            "category": p.category.name if p.category else "",
            "quantity": p.qty_on_hand,
            "unit": p.unit,
            "avg_cost": quantize_rupiah(p.avg_cost),
            "value": p.stock_value,
            "sell_price": p.sell_price,
        }
        for p in products
    ]


def slow_movers(start, end) -> list[dict]:
    """Products with stock that sold little or nothing in the period, the slowest first."""
    sold = (
        SaleLine.objects.filter(product=OuterRef("pk"), sale__sold_at__date__gte=start, sale__sold_at__date__lte=end)
        .values("product")
        .annotate(q=Sum(F("quantity") - F("returned_quantity")))
        .values("q")
    )
    last = (
        SaleLine.objects.filter(product=OuterRef("pk")).values("product").annotate(t=Max("sale__sold_at")).values("t")
    )
    products = (
        Product.objects.filter(qty_on_hand__gt=0)
        .annotate(sold=Coalesce(Subquery(sold, output_field=QTY), Value(ZERO), output_field=QTY))
        .annotate(last_sold=Subquery(last))
        .order_by("sold", F("last_sold").asc(nulls_first=True), "name")[:100]
    )
    days = (end - start).days + 1
    today = timezone.localdate()
    return [
        {
            "key": f"{p.sku} {p.name}",
            "quantity": p.qty_on_hand,
            "value": p.stock_value,
            "sold": p.sold,
            "per_day": (p.sold / days).quantize(Decimal("0.001")),
            "last_sold": timezone.localdate(p.last_sold) if p.last_sold else None,
            "idle_days": (today - timezone.localdate(p.last_sold)).days if p.last_sold else None,
        }
        for p in products
    ]


SALES_COLUMNS = (
    Column("count", _("Sales"), "int"),
    Column("sales", _("Sales"), "money"),
    Column("returns", _("Returns"), "money"),
    Column("net_sales", _("Net sales"), "money"),
    Column("cost", _("Cost of goods (HPP)"), "money"),
    Column("margin", _("Gross margin"), "money"),
    Column("margin_pct", _("Margin %"), "pct"),
)
SALES_TOTALS = ("count", "sales", "returns", "net_sales", "cost", "margin")

REPORTS: dict[str, Report] = {
    report.slug: report
    for report in (
        Report(
            "sales-by-day",
            _("Sales by day"),
            (Column("key", _("Date"), "date"), *SALES_COLUMNS),
            sales_by_day,
            SALES_TOTALS,
        ),
        Report(
            "sales-by-product",
            _("Sales by product"),
            (Column("key", _("Product")), Column("quantity", _("Quantity"), "qty"), *SALES_COLUMNS[1:]),
            sales_by_product,
            SALES_TOTALS[1:],
        ),
        Report(
            "sales-by-cashier",
            _("Sales by cashier"),
            (Column("key", _("Cashier")), *SALES_COLUMNS),
            sales_by_cashier,
            SALES_TOTALS,
        ),
        Report(
            "sales-by-member",
            _("Sales by member"),
            (Column("key", _("Member")), *SALES_COLUMNS),
            sales_by_member,
            SALES_TOTALS,
        ),
        Report(
            "gross-margin",
            _("Gross margin by category"),
            (Column("key", _("Category")), *SALES_COLUMNS),
            margin_by_category,
            SALES_TOTALS,
        ),
        Report(
            "stock-valuation",
            _("Stock valuation"),
            (
                Column("key", _("Product")),
                Column("category", _("Category")),
                Column("quantity", _("On hand"), "qty"),
                Column("unit", _("Unit")),
                Column("avg_cost", _("Average cost"), "money"),
                Column("value", _("Value"), "money"),
            ),
            stock_valuation,
            ("value",),
            uses_period=False,
        ),
        Report(
            "slow-movers",
            _("Slow movers"),
            (
                Column("key", _("Product")),
                Column("quantity", _("On hand"), "qty"),
                Column("value", _("Value"), "money"),
                Column("sold", _("Sold in period"), "qty"),
                Column("per_day", _("Per day"), "qty"),
                Column("last_sold", _("Last sold"), "date"),
                Column("idle_days", _("Days without a sale"), "int"),
            ),
            slow_movers,
            ("value",),
        ),
    )
}


def run(slug: str, start: datetime.date, end: datetime.date) -> tuple[Report, list[dict], dict]:
    report = REPORTS[slug]
    rows = report.build(start, end)
    totals = {key: sum((row.get(key) or 0 for row in rows), ZERO) for key in report.totals}
    if "margin_pct" in {column.key for column in report.columns} and "net_sales" in totals:
        totals["margin_pct"] = _pct(totals["margin"], totals["net_sales"])
    return report, rows, totals


def to_xlsx(report: Report, rows: list[dict], totals: dict, start, end, cooperative_name: str) -> bytes:
    sheet = Sheet(report.title)
    sheet.append([cooperative_name])
    sheet.append([report.title] + ([f"{tanggal(start)} – {tanggal(end)}"] if report.uses_period else []))
    sheet.append([])
    sheet.append([column.label for column in report.columns], bold=True)
    kinds = {"money": "#,##0.00", "qty": "#,##0.###", "pct": "0.0", "int": "0"}
    formats = [kinds.get(column.kind) for column in report.columns]
    for row in rows:
        sheet.append([row.get(column.key) for column in report.columns], formats=formats)
    if totals:
        values = [totals.get(column.key, "") if i else _("Total") for i, column in enumerate(report.columns)]
        sheet.append(values, bold=True, formats=formats)
    sheet.widths({_letter(index): 14 if index > 1 else 36 for index in range(1, len(report.columns) + 1)})
    return sheet.to_bytes()


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)
