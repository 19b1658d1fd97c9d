"""``Authorization: Token <key>`` for the API, with our tokens: hashed, expiring, revocable."""

from __future__ import annotations

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from koperasi.accounts.models import ApiToken
from koperasi.accounts.services import api_key_hash

# ``last_used_at`` is written at most this often per token, so most calls write nothing.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """DRF's token scheme (same header, same ``WWW-Authenticate: Token`` on a 401), looking the key up
    by its hash; an expired or revoked token is refused with a message saying so."""

    model = ApiToken

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(key_hash=api_key_hash(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."), code="token_invalid")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(
                _("This token was revoked. Make a new one on the API tokens page or with /api/v1/auth/token/."),
                code="token_revoked",
            )
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(
                _("This token expired on %(date)s. Make a new one on the API tokens page or with /api/v1/auth/token/.")
                % {"date": formats.date_format(timezone.localtime(token.expires_at), "DATETIME_FORMAT")},
                code="token_expired",
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."), code="user_inactive")
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
