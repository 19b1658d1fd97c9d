"""Users and the append-only audit trail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koperasi.accounts.audit_actions import action_label, change_rows, model_of_label


class User(AbstractUser):
    """A person who logs in: platform admin, cooperative staff, member or assessor.

    What a user may do in a cooperative is given by their roles there (tenancy), not by fields
    here; ``is_staff``/``is_superuser`` mark platform administrators only.
    """

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # The language chosen with the page's switch, kept for every device the user logs in from; empty
    # means the site's default (Bahasa Indonesia), whatever the browser asks for.
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)

    @property
    def is_platform_admin(self) -> bool:
        return self.is_active and self.is_superuser


class AppendOnlyError(Exception):
    """An append-only record was to be changed or deleted."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events are append-only.")

    def delete(self):
        raise AppendOnlyError("Audit events are append-only.")

    # Django calls _raw_delete for fast deletes (e.g. cascades); refuse those too.
    def _raw_delete(self, using):
        raise AppendOnlyError("Audit events are append-only.")


class AuditEvent(models.Model):
    """Who did what, when, in which cooperative, to which object; never edited or deleted.

    On PostgreSQL a trigger (migration 0002) refuses UPDATE and DELETE as well, so raw SQL
    cannot rewrite history either.
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cooperative_id = models.BigIntegerField(_("cooperative"), null=True, blank=True)  # indexes below lead with it
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["cooperative_id", "-created_at"]),
            # A filter's choices (one probe per distinct value: selectors._distinct) and a document's trail.
            models.Index(fields=["cooperative_id", "action"], name="accounts_audit_coop_action"),
            models.Index(fields=["cooperative_id", "object_type", "object_id"], name="accounts_audit_coop_object"),
            models.Index(fields=["cooperative_id", "actor"], name="accounts_audit_coop_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events are append-only.")

    @property
    def action_label(self) -> str:
        """The action in words (``Loan repayment`` for ``loan.repaid``)."""
        return action_label(self.action)

    @property
    def before_rows(self) -> list[tuple[str, str]]:
        """``before`` in words and figures (:func:`koperasi.accounts.audit_actions.change_rows`)."""
        return change_rows(self.before, model_of_label(self.object_type))

    @property
    def after_rows(self) -> list[tuple[str, str]]:
        return change_rows(self.after, model_of_label(self.object_type))


class LoginThrottle(models.Model):
    """Failed logins of one (username, client) pair or of one client, for the growing delay of
    ``koperasi.accounts.throttling``. Kept in PostgreSQL, so logging in needs no cache or broker."""

    key = models.CharField(max_length=80, unique=True)  # "pair:<hash>" or "client:<hash>"
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField()
    blocked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("login throttle")
        verbose_name_plural = _("login throttles")

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"


class TotpDevice(models.Model):
    """A user's authenticator app: the shared TOTP secret (``koperasi.accounts.totp``), confirmed once the
    user typed a code from it, and the last time step used (a code is never accepted twice).

    Users are platform-wide, so this is a platform table like ``accounts_user`` (no row-level security)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = models.CharField(_("secret"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    last_used_step = models.BigIntegerField(_("last used time step"), null=True, blank=True)

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    def __str__(self) -> str:
        return f"{self.user} · TOTP"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(models.Model):
    """A one-time code that stands in for the authenticator app (a lost phone). Only its SHA-256 is
    kept: the codes are random (50 bits), shown once when made, and spent when used."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(_("code hash"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [models.UniqueConstraint(fields=["user", "code_hash"], name="recovery_code_unique_per_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.code_hash[:8]}"


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, at=None):
        """Neither revoked nor expired (at ``at``, now by default)."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=at or timezone.now())


class ApiToken(models.Model):
    """A key for the API (``Authorization: Token <key>``). Only the key's SHA-256 is kept, with its
    first characters (``prefix``) so its owner can tell keys apart; the key itself is shown once, when
    made. A token works until it expires or is revoked."""

    PREFIX_LENGTH = 8

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("key begins with"), max_length=PREFIX_LENGTH)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired
