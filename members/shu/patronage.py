"""The loans' patronage source (registered by ``MembersConfig``): interest each member paid."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Sum


def loan_interest_paid(start: datetime.date, end: datetime.date) -> dict[int, Decimal]:
    """Jasa pinjaman each member paid from ``start`` to ``end``, from the repayments' interest part."""
    from members.loans.models import LoanRepayment

    rows = (
        LoanRepayment.objects.filter(date__gte=start, date__lte=end, interest__gt=0)
        .values("loan__member_id")
        .annotate(value=Sum("interest"))
        .order_by()
    )
    return {row["loan__member_id"]: row["value"] for row in rows}
