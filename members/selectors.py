"""Reads of members: the searchable, filterable register."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from members.models import Member


def search_members(q: str = "", status: str = "", occupation: str = "") -> QuerySet[Member]:
    """Members of the cooperative in context matching a search text.

    Digits search the member number (exactly) and, from six digits on, the NIK (anywhere in it);
    other text searches the name.
    """
    members = Member.objects.all()
    text = " ".join((q or "").split())
    if text.isdigit():
        condition = Q(member_no=int(text)) if len(text) <= 9 else Q(pk__in=[])
        if len(text) >= 6:
            condition |= Q(nik__contains=text)
        members = members.filter(condition)
    elif text:
        members = members.filter(name__icontains=text)
    if status:
        members = members.filter(status=status)
    if occupation:
        members = members.filter(occupation=occupation)
    return members.order_by("member_no")
