"""Invitations: how a person gets a role in a cooperative.

A manager invites an e-mail address to a role (``invite``); the answer is the same whether or not an
account with that address exists, so the invitation form cannot be used to find out who has an
account, and no account is attached to a cooperative without its holder's consent. The link goes to
that address (and is shown to the manager, to send by WhatsApp if the mail does not arrive); its
holder logs in, or creates an account for that address, and accepts (``accept``). Platform admins and
assessors never take a cooperative role this way.

Users created by a platform admin (a cooperative's first manager, an assessor) get a set-password
link instead (``send_set_password_link``). Mail leaves only after the transaction commits, and a
mail server that fails is logged and never turns a page into an error: the link is on the page.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
from collections.abc import Callable

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.tenancy import services
from koperasi.tenancy.models import ASSIGNABLE_ROLES, Role, RoleAssignment, RoleInvitation

logger = logging.getLogger(__name__)
VALID_FOR = datetime.timedelta(days=14)

# What accepting an invitation to a role does; the default gives the role. An app that needs more
# registers here (members: a member invitation links the account to its member, which gives the role).
ACCEPT_HANDLERS: dict[str, Callable[[RoleInvitation, object], None]] = {}


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(*, actor, cooperative, email: str, role: str, member_id: int | None = None) -> tuple[RoleInvitation, str]:
    """Invite ``email`` to ``role`` in the cooperative in context; returns the invitation and the token
    of its link (shown once: only its hash is kept)."""
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    if role not in dict(ASSIGNABLE_ROLES):
        raise ValidationError({"role": _("Choose manager, staff or member.")})
    token = secrets.token_urlsafe(32)
    invitation = RoleInvitation.objects.create(
        email=email,
        role=role,
        member_id=member_id,
        token_hash=_token_hash(token),
        invited_by=actor,
        expires_at=timezone.now() + VALID_FOR,
    )
    record_event(
        "role.invited", actor=actor, cooperative_id=cooperative.pk, obj=invitation, after={"email": email, "role": role}
    )
    return invitation, token


def invitation_link(request, cooperative, token: str) -> str:
    return request.build_absolute_uri(
        reverse("tenancy-platform:invitation", kwargs={"cooperative": cooperative.slug, "token": token})
    )


def mail_invitation(link: str, invitation: RoleInvitation, cooperative) -> None:
    """Send the invitation link to its address once the transaction commits."""
    subject = _("Invitation to %(cooperative)s") % {"cooperative": cooperative.name}
    body = _(
        "You are invited to %(cooperative)s in Koperasi ERP as %(role)s. Open this link to accept: %(link)s"
    ) % {"cooperative": cooperative.name, "role": invitation.get_role_display(), "link": link}
    _mail_after_commit(subject, body, invitation.email)


def open_invitations():
    """The cooperative's invitations not yet accepted and not expired, newest first."""
    return RoleInvitation.objects.filter(accepted_at__isnull=True, expires_at__gt=timezone.now()).select_related(
        "invited_by"
    )


def open_invitation(token: str) -> RoleInvitation | None:
    """The open invitation of this link, in the cooperative in context (``None``: unknown, used or expired)."""
    invitation = RoleInvitation.objects.filter(token_hash=_token_hash(token)).first()
    return invitation if invitation is not None and invitation.is_open else None


@transaction.atomic
def accept(*, invitation: RoleInvitation, user) -> None:
    """``user`` accepts: they get the role (in the invitation's cooperative, which is in context)."""
    if not invitation.is_open:
        raise ValidationError(_("This invitation has been used or has expired."))
    if user.is_superuser or RoleAssignment.objects.unscoped().filter(user=user, role=Role.ASSESSOR).exists():
        raise ValidationError(_("Platform administrators and assessors cannot take a role in a cooperative."))
    if user.email.strip().lower() != invitation.email.lower():
        message = _("This invitation is for %(email)s; log in with the account of that address.")
        raise ValidationError(message % {"email": invitation.email})
    ACCEPT_HANDLERS.get(invitation.role, _give_role)(invitation, user)
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record_event(
        "role.invitation_accepted",
        actor=user,
        cooperative_id=invitation.cooperative_id,
        obj=invitation,
        after={"role": invitation.role},
    )


def _give_role(invitation: RoleInvitation, user) -> None:
    cooperative, role = invitation.cooperative, invitation.role
    services.grant_role(actor=invitation.invited_by, cooperative=cooperative, user=user, role=role)


def set_password_path(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:invitation", kwargs={"uidb64": uid, "token": token})


def send_set_password_link(request, user, cooperative) -> str:
    """Mail a new user (made by a platform admin) the link to set a password; returns the link."""
    link = request.build_absolute_uri(set_password_path(user))
    subject = _("Invitation to %(cooperative)s") % {"cooperative": cooperative.name}
    body = _("You have been invited to %(cooperative)s in Koperasi ERP. Set your password here: %(link)s") % {
        "cooperative": cooperative.name,
        "link": link,
    }
    _mail_after_commit(subject, body, user.email)
    return link


def _mail_after_commit(subject: str, body: str, address: str) -> None:
    def send() -> None:
        try:
            send_mail(subject, body, None, [address])
        except Exception:  # any mail failure: the page has already shown the link to pass on by hand
            logger.exception("invitation mail to %s failed", address)

    transaction.on_commit(send)
