"""Writes of members: registering, admitting, updating, linking a portal user, recording an exit.

Each function is one business action in one transaction, records an audit event, and raises
``django.core.exceptions.ValidationError`` with field errors (codes from ``error_codes``) for the
forms, the API and the importer to show. Money does not move here: the savings settlement of an exit
is a separate service of the savings pass, run before :func:`record_exit`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.tenancy import services as tenancy_services
from koperasi.tenancy.context import current_cooperative_id
from koperasi.tenancy.models import Cooperative, Role, RoleAssignment
from members import locks
from members.error_codes import MemberErrorCode, coded_error
from members.models import EDITABLE_FIELDS, Member, MemberStatus


def _summary(member: Member, fields=EDITABLE_FIELDS) -> dict[str, Any]:
    return {name: _json(getattr(member, name)) for name in fields}


def _json(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def allocate_member_numbers(count: int = 1) -> list[int]:
    """The next ``count`` member numbers of the cooperative in context; the sequence row stays locked
    until the transaction commits, so a rolled-back registration gives its number back (no gaps)."""
    sequence = locks.lock_member_sequence()
    first = sequence.last_number + 1
    sequence.last_number += count
    sequence.save(update_fields=["last_number"])
    return list(range(first, first + count))


def raise_sequence_to(number: int) -> None:
    """After importing historic numbers: later registrations continue above the highest one."""
    sequence = locks.lock_member_sequence()
    if number > sequence.last_number:
        sequence.last_number = number
        sequence.save(update_fields=["last_number"])


def validate_member(member: Member) -> None:
    """Field checks, NIK agreement and a unique NIK in the cooperative (before the database says so)."""
    if member.cooperative_id is None:
        member.cooperative_id = current_cooperative_id()
    errors: dict[str, list] = {}
    try:
        member.full_clean(
            exclude=["member_no", "cooperative", "user"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if member.nik and "nik" not in errors and Member.objects.filter(nik=member.nik).exclude(pk=member.pk).exists():
        errors.update(
            coded_error(
                "nik",
                _("A member with this NIK is already registered in this cooperative."),
                MemberErrorCode.DUPLICATE_NIK,
            ).error_dict
        )
    if errors:
        raise ValidationError(errors)


def _save(member: Member, **kwargs) -> None:
    """Save, turning a NIK that another transaction registered meanwhile into a field error."""
    try:
        with transaction.atomic():
            member.save(**kwargs)
    except IntegrityError as error:
        if "nik" in str(error).lower():
            raise coded_error(
                "nik",
                _("A member with this NIK is already registered in this cooperative."),
                MemberErrorCode.DUPLICATE_NIK,
            ) from error
        raise


@transaction.atomic
def register_member(*, actor, **fields) -> Member:
    """Register a prospective member (calon anggota) with the next member number."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"register_member() got unexpected fields: {sorted(unknown)}")
    member = Member(**fields)
    member.status = MemberStatus.CANDIDATE
    validate_member(member)
    (member.member_no,) = allocate_member_numbers(1)
    _save(member)
    record_event(
        "member.registered",
        actor=actor,
        cooperative_id=member.cooperative_id,
        obj=member,
        after={"member_no": member.member_no, **_summary(member)},
    )
    return member


@transaction.atomic
def admit_member(*, actor, member: Member, on: datetime.date | None = None) -> Member:
    """A prospective member becomes a member (anggota) on ``on`` (today by default)."""
    member = locks.lock_member(member.pk)
    on = on or timezone.localdate()
    if member.status != MemberStatus.CANDIDATE:
        raise coded_error("status", _("Only a prospective member can be admitted."), MemberErrorCode.NOT_CANDIDATE)
    if on < member.join_date:
        raise coded_error(
            "admitted_on", _("The admission date cannot be before the join date."), MemberErrorCode.DATE_ORDER
        )
    member.status, member.admitted_on = MemberStatus.MEMBER, on
    member.save(update_fields=["status", "admitted_on", "updated_at"])
    record_event(
        "member.admitted",
        actor=actor,
        cooperative_id=member.cooperative_id,
        obj=member,
        before={"status": MemberStatus.CANDIDATE.value},
        after={"status": member.status, "admitted_on": on.isoformat()},
    )
    return member


@transaction.atomic
def update_member(*, actor, member: Member, **changes) -> Member:
    """Change a member's personal data (only ``EDITABLE_FIELDS``); records what changed."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"update_member() got unexpected fields: {sorted(unknown)}")
    member = locks.lock_member(member.pk)
    before = _summary(member)
    for name, value in changes.items():
        setattr(member, name, value)
    validate_member(member)
    after = _summary(member)
    changed = [name for name in EDITABLE_FIELDS if before[name] != after[name]]
    if not changed:
        return member
    _save(member, update_fields=[*changed, "updated_at"])
    record_event(
        "member.updated",
        actor=actor,
        cooperative_id=member.cooperative_id,
        obj=member,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    return member


@transaction.atomic
def record_exit(*, actor, member: Member, exit_date: datetime.date, reason: str) -> Member:
    """Record that a member (or a prospective member) left the cooperative.

    Only the status changes here. Returning simpanan pokok and wajib and settling loans is the
    savings pass's settlement service, which runs before this one in the same transaction.
    """
    member = locks.lock_member(member.pk)
    reason = (reason or "").strip()
    errors = {}
    if member.status == MemberStatus.EXITED:
        raise coded_error("status", _("This member has already left the cooperative."), MemberErrorCode.ALREADY_EXITED)
    if exit_date is None:
        errors["exit_date"] = [_("Enter the exit date.")]
    elif exit_date < member.join_date:
        errors["exit_date"] = [_("The exit date cannot be before the join date.")]
    elif exit_date > timezone.localdate():
        errors["exit_date"] = [_("The exit date cannot be in the future.")]
    if not reason:
        errors["exit_reason"] = [_("Enter the reason for leaving.")]
    elif len(reason) > 300:
        errors["exit_reason"] = [_("Keep the reason under 300 characters.")]
    if errors:
        raise ValidationError(errors)
    previous = member.status
    member.status, member.exit_date, member.exit_reason = MemberStatus.EXITED, exit_date, reason
    member.save(update_fields=["status", "exit_date", "exit_reason", "updated_at"])
    record_event(
        "member.exited",
        actor=actor,
        cooperative_id=member.cooperative_id,
        obj=member,
        before={"status": previous},
        after={"status": member.status, "exit_date": exit_date.isoformat(), "exit_reason": reason},
    )
    return member


def link_invited_user(invitation, user) -> None:
    """A member invitation accepted: the account opens that member's portal (``link_user``); one that
    names no member (from the users page) gives the role alone."""
    if invitation.member_id is None:
        cooperative = Cooperative.objects.get(pk=invitation.cooperative_id)
        tenancy_services.grant_role(actor=invitation.invited_by, cooperative=cooperative, user=user, role=Role.MEMBER)
        return
    link_user(actor=invitation.invited_by, member=Member.objects.get(pk=invitation.member_id), user=user)


@transaction.atomic
def link_user(*, actor, member: Member, user) -> Member:
    """Link a login to the member for the member portal and give it the ``member`` role.

    A user is linked to at most one member per cooperative; relinking a member to another user
    deactivates the previous user's member role.
    """
    member = locks.lock_member(member.pk)
    if member.status == MemberStatus.EXITED:
        raise coded_error("user", _("A member who has left cannot get portal access."), MemberErrorCode.ALREADY_EXITED)
    other = Member.objects.filter(user=user).exclude(pk=member.pk).first()
    if other is not None:
        raise coded_error(
            "user",
            _("This user is already linked to member %(member)s.") % {"member": other},
            MemberErrorCode.USER_ALREADY_LINKED,
        )
    cooperative = Cooperative.objects.get(pk=member.cooperative_id)
    previous_user_id = member.user_id
    if previous_user_id is not None and previous_user_id != user.pk:
        old = RoleAssignment.objects.filter(user_id=previous_user_id, role=Role.MEMBER, is_active=True).first()
        if old is not None:
            tenancy_services.deactivate_role(actor=actor, assignment=old)
    member.user = user
    member.save(update_fields=["user", "updated_at"])
    tenancy_services.grant_role(actor=actor, cooperative=cooperative, user=user, role=Role.MEMBER)
    record_event(
        "member.user_linked",
        actor=actor,
        cooperative_id=member.cooperative_id,
        obj=member,
        before={"user": previous_user_id},
        after={"user": user.pk, "username": user.username},
    )
    return member
