"""The members' bases for a fiscal year, summed in the database: qualifying savings (at the year's end or
as the time-weighted average daily balance) and patronage per registered source."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Q

from members.models import Member, MemberStatus
from members.shu import sources

ZERO = Decimal(0)

# Each account's balance through the year, from its movements: the balance before the year (the last
# movement before it), then each day's last balance until the next change. The average weighs each
# balance by the days it was held and divides by the year's days; the year-end balance is the last one.
_CAPITAL_SQL = """
WITH accounts AS (
    SELECT account.id, account.member_id
      FROM members_savingsaccount account JOIN members_savingsproduct product ON product.id = account.product_id
     WHERE product.kind = ANY(%(kinds)s)
), opening AS (
    SELECT DISTINCT ON (t.account_id) t.account_id, t.balance_after
      FROM members_savingstransaction t JOIN accounts a ON a.id = t.account_id
     WHERE t.date < %(start)s
     ORDER BY t.account_id, t.date DESC, t.id DESC
), changes AS (
    SELECT account_id, %(start)s::date AS day, balance_after, 0 AS later FROM opening
    UNION ALL
    (SELECT DISTINCT ON (t.account_id, t.date) t.account_id, t.date, t.balance_after, 1
       FROM members_savingstransaction t JOIN accounts a ON a.id = t.account_id
      WHERE t.date BETWEEN %(start)s AND %(end)s
      ORDER BY t.account_id, t.date, t.id DESC)
), held AS (
    SELECT account_id, balance_after,
           COALESCE(LEAD(day) OVER (PARTITION BY account_id ORDER BY day), %(end)s::date + 1) - day AS days,
           ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY day DESC) AS newest
      FROM (SELECT DISTINCT ON (account_id, day) account_id, day, balance_after FROM changes
             ORDER BY account_id, day, later DESC) c
)
SELECT a.member_id,
       SUM(h.balance_after * h.days) / (%(end)s::date + 1 - %(start)s::date) AS average,
       SUM(CASE WHEN h.newest = 1 THEN h.balance_after ELSE 0 END) AS year_end
  FROM held h JOIN accounts a ON a.id = h.account_id
 GROUP BY a.member_id
"""


def capital(kinds: list[str], start: datetime.date, end: datetime.date) -> dict[int, tuple[Decimal, Decimal]]:
    """Per member: (time-weighted average daily balance, balance at ``end``) of their savings of ``kinds``."""
    with connection.cursor() as cursor:
        cursor.execute(_CAPITAL_SQL, {"kinds": kinds, "start": start, "end": end})
        return {member_id: (average, year_end) for member_id, average, year_end in cursor.fetchall()}


def sharing_members(start: datetime.date, end: datetime.date, include_leavers: bool) -> list[tuple[int, int, bool]]:
    """``(member id, member number, left during the year)`` of the members who share, by member number:
    members at the year's end (admitted by then), and those who left during it when the rule includes them."""
    members = Member.objects.filter(join_date__lte=end).filter(
        Q(status=MemberStatus.MEMBER) | Q(status=MemberStatus.EXITED, exit_date__gt=end)
        | (Q(status=MemberStatus.EXITED, exit_date__gte=start, exit_date__lte=end) if include_leavers else Q(pk=None))
    )  # fmt: skip
    rows = members.order_by("member_no").values_list("pk", "member_no", "status", "exit_date")
    return [(pk, number, status == MemberStatus.EXITED and exit_on is not None and exit_on <= end)
            for pk, number, status, exit_on in rows]  # fmt: skip


def patronage(keys: list[str], start: datetime.date, end: datetime.date) -> dict[str, dict[int, Decimal]]:
    return {key: sources.patronage(key, start, end) for key in keys}
