"""Reads of members: the searchable, filterable register."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from members.models import Member

# ``str(member)``: the member number, a middle dot, the name.
SHOWN_MEMBER = re.compile(r"^(\d{1,9}) · ")


def search_members(q: str = "", status: str = "", occupation: str = "") -> QuerySet[Member]:
    """Members of the cooperative in context matching a search text.

    Digits search the member number (exactly) and, from six digits on, the NIK (anywhere in it);
    "12 · Slamet Riyadi" (how a member is shown, and what a pick list fills in) is member 12;
    other text searches the name.
    """
    members = Member.objects.all()
    text = " ".join((q or "").split())
    if shown := SHOWN_MEMBER.match(text):
        members = members.filter(member_no=int(shown[1]))
    elif text.isdigit():
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
