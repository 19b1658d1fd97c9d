"""Invitation mail for users created by a manager or platform admin: a link to set a password."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _


def invitation_path(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:invitation", kwargs={"uidb64": uid, "token": token})


def send_invitation(request, user, cooperative) -> None:
    """Mail the set-password link once the transaction that created the user commits."""
    link = request.build_absolute_uri(invitation_path(user))
    subject = _("Invitation to %(cooperative)s") % {"cooperative": cooperative.name}
    body = _("You have been invited to %(cooperative)s in Koperasi ERP. Set your password here: %(link)s") % {
        "cooperative": cooperative.name,
        "link": link,
    }
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email]))
