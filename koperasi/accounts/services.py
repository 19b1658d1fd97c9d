"""Writes of the accounts package: audit events, the second factor (authenticator app, recovery codes)
and API tokens."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from koperasi.accounts import throttling, totp
from koperasi.accounts.models import ApiToken, AuditEvent, RecoveryCode, TotpDevice, User

RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off paper and typed again

_OF_THE_OBJECT = object()


def record_event(
    action: str,
    *,
    actor: User | None = None,
    cooperative_id: int | None = _OF_THE_OBJECT,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one audit event. ``before``/``after`` are short JSON summaries of what changed.

    Left out, ``cooperative_id`` is the object's own cooperative (a tenant row's), so a cooperative's event
    is never recorded as a platform event (which row-level security shows to everyone); ``None`` given
    explicitly, or no object with a cooperative, records a platform event (a login)."""
    if cooperative_id is _OF_THE_OBJECT:
        cooperative_id = getattr(obj, "cooperative_id", None) if obj is not None else None
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        cooperative_id=cooperative_id,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        before=before,
        after=after,
        ip_address=ip_address,
    )


def start_enrolment(user: User) -> TotpDevice:
    """The user's unconfirmed authenticator app with a fresh secret (the same one while it stays
    unconfirmed, so reloading the page keeps the QR code the user may already have scanned)."""
    device, _created = TotpDevice.objects.get_or_create(user=user, defaults={"secret": totp.new_secret()})
    if device.is_confirmed:
        raise ValueError(f"{user} already has a confirmed authenticator app")
    return device


def confirm_enrolment(user: User, code: str, ip_address: str | None = None) -> list[str] | None:
    """Confirm the app with its current code; returns the new recovery codes (to be shown once), or
    None when the code is wrong."""
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=True).first()
        step = None if device is None else totp.matching_step(device.secret, code, last_used_step=device.last_used_step)
        if device is None or step is None:
            return None
        device.confirmed_at = timezone.now()
        device.last_used_step = step
        device.save(update_fields=["confirmed_at", "last_used_step"])
        codes = _new_recovery_codes(user)
        record_event("two_factor_enrolled", actor=user, obj=user, ip_address=ip_address)
    return codes


def verify_second_factor(user: User, code: str, ip_address: str | None = None) -> bool:
    """Whether ``code`` is the current code of the user's confirmed app (never one already used) or an
    unused recovery code, which is spent. The device row is locked, so one code passes once."""
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
        if device is None:
            return False
        step = totp.matching_step(device.secret, code, last_used_step=device.last_used_step)
        if step is not None:
            device.last_used_step = step
            device.save(update_fields=["last_used_step"])
            return True
        spent = (
            RecoveryCode.objects.select_for_update()
            .filter(user=user, code_hash=_recovery_hash(code), used_at__isnull=True)
            .first()
        )
        if spent is None:
            return False
        spent.used_at = timezone.now()
        spent.save(update_fields=["used_at"])
        record_event("recovery_code_used", actor=user, obj=user, ip_address=ip_address)
        return True


@dataclass(frozen=True)
class CodeCheck:
    """What became of a typed second-factor code: ``passed``; else ``throttled`` (too many wrong codes:
    not even checked) or wrong; ``wait`` is how many seconds the next try must wait (0: none)."""

    passed: bool
    throttled: bool = False
    wait: int = 0


def check_second_factor(user: User, code: str, client: str) -> CodeCheck:
    """:func:`verify_second_factor` behind the login throttle, for the code page and the token endpoint
    alike. Wrong codes count on their own key, so a correct password does not wipe their count."""
    key = f"totp:{user.get_username()}"
    wait = throttling.wait_seconds(key, client)
    if wait:
        return CodeCheck(passed=False, throttled=True, wait=wait)
    if verify_second_factor(user, code, ip_address=client or None):
        throttling.clear_failures(key, client)
        return CodeCheck(passed=True)
    return CodeCheck(passed=False, wait=throttling.record_failure(key, client))


def regenerate_recovery_codes(user: User, ip_address: str | None = None) -> list[str]:
    """Fresh recovery codes, replacing all earlier ones (used or not)."""
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        record_event("recovery_codes_regenerated", actor=user, obj=user, ip_address=ip_address)
    return codes


def reset_two_factor(user: User, *, actor: User, ip_address: str | None = None) -> None:
    """A platform admin removes a user's authenticator app and recovery codes (a lost phone): at the
    next login the user sets up a new app."""
    with transaction.atomic():
        had_device = TotpDevice.objects.filter(user=user).delete()[0] > 0
        RecoveryCode.objects.filter(user=user).delete()
        record_event("two_factor_reset", actor=actor, obj=user, before={"device": had_device}, ip_address=ip_address)


def install_device(user: User, secret: str) -> TotpDevice:
    """Give ``user`` a confirmed authenticator app with a known secret (the demo's shared one)."""
    totp.secret_bytes(secret)  # refuses text that is not base32
    device, _created = TotpDevice.objects.update_or_create(
        user=user, defaults={"secret": secret, "confirmed_at": timezone.now()}
    )
    return device


def _new_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    for _n in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _i in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_recovery_hash(code)) for code in codes)
    return codes


def _recovery_hash(code: str) -> str:
    """SHA-256 of the code as typed, ignoring case, spaces and dashes."""
    normal = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(normal.encode()).hexdigest()


def create_api_token(user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new API token of ``user`` valid for ``days`` (``API_TOKEN_DAYS`` by default); returns it and
    its key, which is never shown again (only its hash is kept)."""
    key = secrets.token_urlsafe(32)
    lifetime = datetime.timedelta(days=days or settings.API_TOKEN_DAYS)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=key[: ApiToken.PREFIX_LENGTH],
        key_hash=api_key_hash(key),
        expires_at=timezone.now() + lifetime,
    )
    return token, key


def revoke_api_token(token: ApiToken, *, actor: User, ip_address: str | None = None) -> ApiToken:
    """The token stops working at once (revoking it again changes nothing)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event("api_token_revoked", actor=actor, obj=token, ip_address=ip_address)
    return token


def api_key_hash(key: str) -> str:
    """SHA-256 of a key: keys are 256 random bits, so no salt or slow hash is needed to keep them safe."""
    return hashlib.sha256(key.encode()).hexdigest()
