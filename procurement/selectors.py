"""Reads of the procurement app: what a delivery is priced on, supplier search, what payment runs gather."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext as _

from koperasi.money import format_number_trimmed
from members.portal_sections import PortalRow, PortalSection
from procurement import pricing
from procurement.capacity import monthly_capacity
from procurement.models import (
    Delivery,
    DeliveryStatus,
    RawMaterial,
    Supplier,
    SupplierKind,
    SupplyPlan,
)

ZERO = Decimal(0)
HUB_KINDS = (SupplierKind.GROUP, SupplierKind.COLLECTOR, SupplierKind.MILL)


@dataclass(frozen=True)
class RuleInForce:
    """A price rule as a delivery is priced on it."""

    id: int
    version: int
    base_price: Decimal
    steps: tuple[pricing.Step, ...]


@dataclass(frozen=True)
class DeliveryBasis:
    """What a delivery of one material, grade and date is priced on: the material's quality parameters,
    the rule in force (``None``: no price yet) and, for a key, the delivery already recorded under it
    (``replay_id``) or else the id the new one takes (``new_id``)."""

    parameter_codes: frozenset[str]
    rule: RuleInForce | None
    replay_id: int | None = None
    new_id: int | None = None


_BASIS = "SELECT * FROM procurement_delivery_basis(%s::bigint, %s, %s::date, %s::uuid)"


def delivery_basis(material_id: int, grade: str, on: datetime.date, key: uuid.UUID | None = None) -> DeliveryBasis:
    """The rule in force on ``on``: the newest started on or before it for ``grade`` when the grade has
    one, else the newest for every grade. One statement (``procurement/sql/procurement_delivery_basis.sql``,
    docs/performance.md "Supply: delivery intake")."""
    with connection.cursor() as cursor:
        cursor.execute(_BASIS, [material_id, grade, on, str(key) if key else None])
        codes, rule_id, version, base, parameters, above, thresholds, sizes, amounts, replay_id, new_id = (
            cursor.fetchone()
        )
    rule = None
    if rule_id is not None:
        steps = zip(parameters or (), above or (), thresholds or (), sizes or (), amounts or (), strict=True)
        rule = RuleInForce(rule_id, version, base, tuple(pricing.Step(*step) for step in steps))
    return DeliveryBasis(frozenset(codes or ()), rule, replay_id, new_id)


def search_suppliers(q: str = "", kind: str = "") -> QuerySet[Supplier]:
    """Suppliers by code ("P-00012" or 12), name or village."""
    suppliers = Supplier.objects.select_related("via", "member")
    text = " ".join((q or "").split())
    if text:
        number = text.upper().removeprefix("P-")
        condition = Q(name__icontains=text) | Q(village__icontains=text)
        if number.isdigit():
            condition |= Q(pk=int(number))
        suppliers = suppliers.filter(condition)
    if kind:
        suppliers = suppliers.filter(kind=kind)
    return suppliers.order_by("name", "pk")


def unpaid_deliveries(until: datetime.date) -> QuerySet[Delivery]:
    """Posted deliveries up to ``until`` that no payment run has taken yet."""
    return Delivery.objects.filter(status=DeliveryStatus.POSTED, payment_line__isnull=True, date__lte=until)


def unpaid_by_supplier(until: datetime.date) -> dict[int, Decimal]:
    """The value owed per supplier for unpaid deliveries up to ``until`` (one GROUP BY)."""
    rows = unpaid_deliveries(until).values("supplier_id").annotate(total=Sum("value")).order_by("supplier_id")
    return {row["supplier_id"]: row["total"] or ZERO for row in rows}


def _quantity(delivery: Delivery) -> str:
    return f"{format_number_trimmed(delivery.accepted_quantity, 3)} {delivery.material.unit}"


def portal_deliveries(member, limit: int) -> PortalSection:
    """The member portal's deliveries section: the member's newest deliveries and payments, with what the
    cooperative still owes for deliveries not yet paid."""
    supplier = Supplier.objects.filter(member=member).first()
    if supplier is None:
        return PortalSection(rows=[])
    delivered = Delivery.objects.filter(supplier=supplier, status=DeliveryStatus.POSTED).select_related("material")
    rows = [
        PortalRow(
            date=item.date,
            text=f"{item.number} · {item.material.name} {_quantity(item)}",
            amount=item.value,
            note=_("paid in %(run)s") % {"run": item.payment_line.run.number}
            if item.payment_line_id
            else _("not paid yet"),
        )
        for item in delivered.select_related("payment_line__run").order_by("-date", "-pk")[:limit]
    ]
    unpaid = delivered.filter(payment_line__isnull=True).aggregate(total=Sum("value"))["total"] or ZERO
    return PortalSection(rows=rows, balances=[(_("Deliveries not paid yet"), unpaid)])


def intake_totals(material: RawMaterial, day: datetime.date, collection_point: str) -> dict:
    """What a collection point has taken in of ``material`` on ``day``: deliveries, quantity, value."""
    deliveries = Delivery.objects.filter(
        material=material, date=day, collection_point=collection_point, status=DeliveryStatus.POSTED
    )
    totals = deliveries.aggregate(count=Count("pk"), quantity=Sum("quantity"), value=Sum("value"))
    return {"count": totals["count"], "quantity": totals["quantity"] or ZERO, "value": totals["value"] or ZERO}


def run_lines(run) -> QuerySet:
    return run.lines.select_related("supplier__member").prefetch_related("deductions").order_by("supplier__name")


def search_deliveries(q: str = "", material=None, start=None, end=None) -> QuerySet[Delivery]:
    deliveries = Delivery.objects.all()
    if q:
        deliveries = deliveries.filter(supplier__in=search_suppliers(q))
    if material is not None:
        deliveries = deliveries.filter(material=material)
    if start:
        deliveries = deliveries.filter(date__gte=start)
    if end:
        deliveries = deliveries.filter(date__lte=end)
    return deliveries.order_by("-date", "-pk")


def delivery_totals(deliveries: QuerySet[Delivery]) -> dict:
    posted = deliveries.filter(status=DeliveryStatus.POSTED)
    totals = posted.aggregate(count=Count("pk"), value=Sum("value"))
    return {"count": totals["count"], "value": totals["value"] or ZERO}


def with_unpaid(suppliers: QuerySet[Supplier]) -> QuerySet[Supplier]:
    """Suppliers with ``unpaid``: the value of their posted deliveries no run has taken (one query)."""
    unpaid = Sum(
        "deliveries__value", filter=Q(deliveries__status=DeliveryStatus.POSTED, deliveries__payment_line__isnull=True)
    )
    return suppliers.annotate(unpaid=unpaid)


def with_totals(runs: QuerySet) -> QuerySet:
    return runs.annotate(suppliers=Count("lines"), gross=Sum("lines__gross"), net=Sum("lines__net"))


def run_totals(lines: list) -> dict:
    return {
        "gross": sum((line.gross for line in lines), ZERO),
        "deducted": sum((line.deducted for line in lines), ZERO),
        "carried": sum((line.carried for line in lines), ZERO),
        "net": sum((line.net for line in lines), ZERO),
    }


@dataclass
class NetworkLink:
    supplier: Supplier
    direct_quantity: Decimal = ZERO  # delivered by the supplier itself to the cooperative
    direct_value: Decimal = ZERO
    through_quantity: Decimal = ZERO  # delivered by its group or collector, naming it the original farmer
    through_value: Decimal = ZERO


@dataclass
class NetworkHub:
    """A group, collector or mill with the suppliers that deliver through it."""

    link: NetworkLink
    members: list[NetworkLink] = field(default_factory=list)


def network_volumes(material: RawMaterial, start=None, end=None) -> tuple[list[NetworkHub], list[NetworkLink]]:
    """Who supplies ``material`` through whom, with the accepted quantity and value of every link in the
    period: the hubs (groups, collectors, mills) with their farmers, and the suppliers delivering on their
    own (largest first). Two GROUP BY queries, whatever the number of deliveries."""
    posted = Delivery.objects.filter(material=material, status=DeliveryStatus.POSTED)
    if start:
        posted = posted.filter(date__gte=start)
    if end:
        posted = posted.filter(date__lte=end)
    accepted = Sum(F("quantity") - F("rejected_quantity"))
    links: dict[int, NetworkLink] = {}
    suppliers = {s.pk: s for s in Supplier.objects.filter(Q(kind__in=HUB_KINDS) | Q(via__isnull=False))}
    for row in posted.values("supplier_id").annotate(quantity=accepted, value=Sum("value")).order_by():
        link = links.setdefault(row["supplier_id"], NetworkLink(supplier=None))
        link.direct_quantity, link.direct_value = row["quantity"], row["value"]
    through = posted.filter(farmer__isnull=False).values("farmer_id").annotate(quantity=accepted, value=Sum("value"))
    for row in through.order_by():
        link = links.setdefault(row["farmer_id"], NetworkLink(supplier=None))
        link.through_quantity, link.through_value = row["quantity"], row["value"]
    missing = set(links) - set(suppliers)
    suppliers |= {s.pk: s for s in Supplier.objects.filter(pk__in=missing)}
    for pk, supplier in suppliers.items():
        links.setdefault(pk, NetworkLink(supplier=None)).supplier = supplier
    hubs = {pk: NetworkHub(link) for pk, link in links.items() if link.supplier.kind in HUB_KINDS}
    alone = []
    for link in links.values():
        if link.supplier.via_id in hubs:
            hubs[link.supplier.via_id].members.append(link)
        elif link.supplier.pk not in hubs:
            alone.append(link)
    for hub in hubs.values():
        hub.members.sort(key=lambda item: (-(item.direct_quantity + item.through_quantity), item.supplier.name))
    ordered = sorted(hubs.values(), key=lambda hub: (-hub.link.direct_quantity, hub.link.supplier.name))
    alone.sort(key=lambda item: (-item.direct_quantity, item.supplier.name))
    return ordered, alone


@dataclass(frozen=True)
class MonthOutlook:
    month: datetime.date
    in_season: bool
    expected: Decimal
    actual: Decimal
    capacity: Decimal | None

    @property
    def room(self) -> Decimal | None:
        """Capacity left after what is expected (negative: more is expected than the plants take)."""
        return None if self.capacity is None else self.capacity - self.expected


def supply_outlook(material: RawMaterial, year: int) -> list[MonthOutlook]:
    """Per month of ``year``: in season or not, the expected supply (every plan summed), the accepted
    quantity actually delivered, and the plants' capacity (procurement/capacity.py)."""
    months = [datetime.date(year, month, 1) for month in range(1, 13)]
    planned = SupplyPlan.objects.filter(material=material, month__year=year).values("month")
    expected = {row["month"]: row["total"] for row in planned.annotate(total=Sum("expected_quantity")).order_by()}
    delivered = (
        Delivery.objects.filter(material=material, status=DeliveryStatus.POSTED, date__year=year)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(total=Sum(F("quantity") - F("rejected_quantity")))
        .order_by()
    )
    actual = {row["month"]: row["total"] for row in delivered}
    capacity = monthly_capacity(material, months)
    season = set(material.season_months or range(1, 13))
    return [
        MonthOutlook(
            month=month,
            in_season=month.month in season,
            expected=expected.get(month, ZERO),
            actual=actual.get(month, ZERO),
            capacity=None if capacity is None else capacity[month],
        )
        for month in months
    ]


def patronage_deliveries(start: datetime.date, end: datetime.date) -> dict[int, Decimal]:
    """Value of the raw material each member delivered from ``start`` to ``end`` (the SHU's jasa usaha
    source): the original farmer's when a group or collector brought it for a member, else the supplier's."""
    member = Coalesce(F("farmer__member_id"), F("supplier__member_id"))
    rows = (
        Delivery.objects.filter(date__gte=start, date__lte=end, status=DeliveryStatus.POSTED)
        .annotate(member=member)
        .filter(member__isnull=False)
        .values("member")
        .annotate(value=Sum("value"))
        .order_by()
    )
    return {row["member"]: row["value"] for row in rows}
