"""Locking querysets of members, in the one lock order: the cooperative's member sequence row →
member rows (by id ascending). Registering a member takes the sequence row until commit, so member
numbers have no gaps and two registrations cannot take the same number."""

from __future__ import annotations

from members.models import Member, MemberSequence


def lock_member_sequence() -> MemberSequence:
    """The cooperative's sequence row (created when missing), locked FOR UPDATE until commit."""
    MemberSequence.objects.get_or_create()
    return MemberSequence.objects.select_for_update().get()


def lock_member(pk: int) -> Member:
    return Member.objects.select_for_update().get(pk=pk)


def lock_members(pks) -> list[Member]:
    return list(Member.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
