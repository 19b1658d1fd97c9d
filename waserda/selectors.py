"""Reads of the waserda: settings, POS lookups, member credit, the stock card and valuation, sales
of a member (for the member portal and SHU patronage), the reconciliation list."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.ledger.models import AccountBalance, JournalLine
from koperasi.money import quantize_rupiah
from members.models import Member
from members.portal_sections import PortalRow, PortalSection
from waserda.models import (
    CashSession,
    MemberCard,
    Product,
    Sale,
    SessionStatus,
    StockMovement,
    WaserdaSettings,
)

ZERO = Decimal("0")
MONEY_FIELD = DecimalField(max_digits=18, decimal_places=2)
MEMBER_PARTY = "members.Member"


def shop_settings() -> WaserdaSettings:
    settings = WaserdaSettings.objects.first()
    if settings is None:
        settings, _created = WaserdaSettings.objects.get_or_create()
    return settings


# --- POS lookups -----------------------------------------------------------------------------------


def product_by_code(code: str) -> Product | None:
    """The active product whose barcode or SKU is ``code`` (one query)."""
    code = (code or "").strip()
    if not code:
        return None
    return (
        Product.objects.filter(is_active=True)
        .filter(Q(barcode=code) | Q(sku__iexact=code))
        .order_by("-barcode")  # an exact barcode wins over a SKU
        .first()
    )


def search_products(text: str, limit: int = 20) -> QuerySet[Product]:
    text = (text or "").strip()
    products = Product.objects.filter(is_active=True)
    if text:
        products = products.filter(Q(name__icontains=text) | Q(sku__istartswith=text) | Q(barcode__startswith=text))
    return products.order_by("name")[:limit]


def pos_catalog() -> QuerySet[Product]:
    """What the till caches for offline selling (one query)."""
    return (
        Product.objects.filter(is_active=True)
        .order_by("name")
        .values("id", "sku", "barcode", "name", "unit", "sell_price", "member_price", "qty_on_hand")
    )


def member_by_code(code: str) -> Member | None:
    """A member by member number or by the code on their shop card (one query)."""
    code = (code or "").strip()
    if not code:
        return None
    condition = Q(pk__in=MemberCard.objects.filter(card_code=code).values("member_id"))
    if code.isdigit() and len(code) <= 9:
        condition |= Q(member_no=int(code))
    return Member.objects.filter(condition).order_by("member_no").first()


def pos_members() -> QuerySet:
    """Members and their card codes, for the till's offline member lookup (one query)."""
    from django.db.models import OuterRef, Subquery

    card = MemberCard.objects.filter(member_id=OuterRef("pk")).values("card_code")[:1]
    return (
        Member.objects.order_by("member_no")
        .annotate(card_code=Subquery(card))
        .values("id", "member_no", "name", "status", "card_code")
    )


def open_session_of(user) -> CashSession | None:
    return CashSession.objects.filter(cashier=user, status=SessionStatus.OPEN).first()


# --- member credit -------------------------------------------------------------------------------


def member_credit_outstanding(member: Member) -> Decimal:
    """What the member owes the shop: the balance of Piutang usaha with the member as party."""
    sums = JournalLine.objects.filter(
        account__system_key="accounts_receivable", party_type=MEMBER_PARTY, party_id=member.pk
    ).aggregate(balance=Sum(F("debit") - F("credit")))
    return quantize_rupiah(sums["balance"] or ZERO)


def credit_limit_for(member: Member) -> Decimal:
    card = MemberCard.objects.filter(member=member).only("credit_limit").first()
    if card is not None and card.credit_limit is not None:
        return card.credit_limit
    return shop_settings().default_credit_limit


# --- member purchases (member portal, SHU patronage) -------------------------------------------------


def member_purchases(member: Member) -> QuerySet[Sale]:
    """The member's sales, newest first, each with ``net_amount`` (total less returns)."""
    return (
        Sale.objects.filter(member=member)
        .annotate(net_amount=ExpressionWrapper(F("total") - F("returned_total"), output_field=MONEY_FIELD))
        .order_by("-sold_at", "-id")
    )


def portal_purchases(member: Member, limit: int) -> PortalSection:
    """The member portal's shop section: the newest purchases (date, receipt, payment, net amount) and
    what the member owes the shop on credit, with the credit still open to them."""
    owed, limit_amount = member_credit_outstanding(member), credit_limit_for(member)
    balances = [(_("Shop credit owed"), owed)]
    if limit_amount > 0:
        balances.append((_("Shop credit still available"), max(limit_amount - owed, ZERO)))
    rows = [
        PortalRow(
            date=timezone.localdate(sale.sold_at),
            text=sale.number,
            amount=sale.net_amount,
            note=str(sale.get_payment_method_display()),
        )
        for sale in member_purchases(member)[:limit]
    ]
    return PortalSection(rows=rows, balances=balances)


def member_purchase_totals(start: datetime.date, end: datetime.date) -> dict[int, Decimal]:
    """Net purchases per member in ``[start, end]`` (by sale date): the patronage base of SHU jasa
    usaha. One GROUP BY query."""
    rows = (
        Sale.objects.filter(
            member__isnull=False, sold_at__gte=_day_start(start), sold_at__lt=_day_start(end + datetime.timedelta(1))
        )
        .values("member_id")
        .annotate(net=Sum(F("total") - F("returned_total")))
        .order_by("member_id")
    )
    return {row["member_id"]: row["net"] or ZERO for row in rows}


# --- stock ---------------------------------------------------------------------------------------


def stock_card(product: Product) -> QuerySet[StockMovement]:
    """Every movement of the product in the order recorded, with the running quantity and value."""
    return StockMovement.objects.filter(product=product).order_by("id")


def stock_valuation() -> tuple[QuerySet[Product], dict]:
    """Products with stock or value, and the totals (one query each)."""
    products = (
        Product.objects.select_related("category")
        .filter(~Q(qty_on_hand=0) | ~Q(stock_value=0))
        .order_by("category__name", "name")
    )
    totals = Product.objects.aggregate(
        value=Coalesce(Sum("stock_value"), Value(ZERO), output_field=MONEY_FIELD),
        negative=Coalesce(Sum("stock_value", filter=Q(qty_on_hand__lt=0)), Value(ZERO), output_field=MONEY_FIELD),
    )
    totals = {key: quantize_rupiah(value) for key, value in totals.items()}
    return products, totals


def inventory_ledger_balance() -> Decimal:
    """The ledger balance of Persediaan barang dagangan (debit − credit), from the monthly balances."""

    sums = AccountBalance.objects.filter(account__system_key="merchandise_inventory").aggregate(
        balance=Sum(F("debit") - F("credit"))
    )
    return quantize_rupiah(sums["balance"] or ZERO)


def reconciliation_list() -> QuerySet[Sale]:
    return (
        Sale.objects.filter(needs_reconciliation=True)
        .select_related("cashier", "member", "session")
        .order_by("sold_at", "id")
    )


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def cashier_day(user, day: datetime.date) -> dict:
    """The cashier's home: today's sales of the whole shop and of this cashier, and their open session."""
    sales = Sale.objects.filter(sold_at__gte=_day_start(day), sold_at__lt=_day_start(day + datetime.timedelta(days=1)))
    shop = sales.aggregate(count=Count("pk"), total=Sum("total"))
    mine = sales.filter(cashier=user).aggregate(count=Count("pk"), total=Sum("total"))
    return {
        "day": day,
        "shop_count": shop["count"],
        "shop_total": shop["total"] or Decimal(0),
        "my_count": mine["count"],
        "my_total": mine["total"] or Decimal(0),
        "session": open_session_of(user),
    }
