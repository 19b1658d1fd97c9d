"""Cooperatives (the tenants), roles in them, and the base class of every tenant table."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.context import NoTenantError, ReadOnlyTenantError, current
from koperasi.tenancy.managers import TenantManager, TenantQuerySet


class CooperativeKind(models.TextChoices):
    KSP = "ksp", _("Savings and loan cooperative (KSP)")
    KSU = "ksu", _("Multi-purpose cooperative (KSU)")
    KUD = "kud", _("Village unit cooperative (KUD)")
    PRODUCER = "produsen", _("Producer cooperative")
    CONSUMER = "konsumen", _("Consumer cooperative")
    MARKETING = "pemasaran", _("Marketing cooperative")
    SERVICE = "jasa", _("Service cooperative")


class Cooperative(models.Model):
    """A cooperative (koperasi): the tenant. Platform-level table; its data lives in tenant tables."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name (URL)"), max_length=60, unique=True)
    legal_entity_number = models.CharField(_("legal entity number (badan hukum)"), max_length=100, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=CooperativeKind.choices)
    address = models.TextField(_("address"), blank=True)
    province = models.CharField(_("province"), max_length=100, blank=True)
    regency = models.CharField(_("regency / city"), max_length=100, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        _("fiscal year starts in month"), default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    ppn_rate = models.DecimalField(
        _("PPN rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("PPN charged on taxable sales of processed products; 0 when the cooperative is not a PKP."),
    )
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fiscal_year_start_month__gte=1, fiscal_year_start_month__lte=12),
                name="cooperative_fiscal_month_1_12",
            ),
            models.CheckConstraint(
                condition=models.Q(ppn_rate__gte=0, ppn_rate__lte=100), name="cooperative_ppn_rate_0_100"
            ),
        ]

    def __str__(self) -> str:
        return self.name


def cooperative_field(*, db_constraint: bool = True, db_index: bool = True) -> models.ForeignKey:
    """The ``cooperative`` column of a tenant table. A table whose references are composite
    ``(cooperative_id, …)`` foreign keys proves its cooperative through them (no constraint of its
    own); a table with a composite index that starts with ``cooperative`` needs no index of its own."""
    return models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_constraint=db_constraint,
        db_index=db_index,
    )


class TenantModel(models.Model):
    """Base of every tenant-owned table: a non-null cooperative, scoped queries, guarded saves.

    ``objects`` returns only the current cooperative's rows; saving fills the cooperative from the
    context and refuses a row of another cooperative or a write in a read-only (assessor) context.
    Every concrete subclass must enable row-level security in a migration
    (``koperasi.tenancy.rls.enable_rls``); a test checks that none forgets.
    """

    cooperative = cooperative_field()

    objects = TenantManager()
    # An assessor's own work about the cooperative (a rating) is written in the read-only context of their
    # visit: such a model sets this, carries ``assessor``, and its row-level security admits the assessor's rows.
    assessor_writes = False

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        context = current()
        if context is None or context.cooperative_id is None:
            raise NoTenantError(f"Saving {type(self).__name__} needs a cooperative in context.")
        if self._read_only_refused(context):
            raise ReadOnlyTenantError("This cooperative is open read-only.")
        if self.cooperative_id is None:
            self.cooperative_id = context.cooperative_id
        elif self.cooperative_id != context.cooperative_id:
            raise NoTenantError(f"{type(self).__name__} belongs to another cooperative than the one in context.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        context = current()
        if context is None or context.cooperative_id != self.cooperative_id:
            raise NoTenantError(f"Deleting {type(self).__name__} needs its own cooperative in context.")
        if self._read_only_refused(context):
            raise ReadOnlyTenantError("This cooperative is open read-only.")
        return super().delete(*args, **kwargs)

    def _read_only_refused(self, context) -> bool:
        own = self.assessor_writes and context.user_id is not None and context.user_id == self.assessor_id
        return context.read_only and not own


class Role(models.TextChoices):
    MANAGER = "manager", _("Manager (pengurus/manajer)")
    STAFF = "staff", _("Staff (kasir/petugas)")
    MEMBER = "member", _("Member (anggota)")
    ASSESSOR = "assessor", _("Assessor (penilai)")


# Roles a cooperative's manager can give; assessors are assigned by a platform admin.
ASSIGNABLE_ROLES = [(role.value, role.label) for role in (Role.MANAGER, Role.STAFF, Role.MEMBER)]


class RoleAssignmentQuerySet(TenantQuerySet):
    def in_force(self, on=None):
        """Active assignments whose validity period covers ``on`` (today by default)."""
        day = on or timezone.localdate()
        return self.filter(is_active=True).filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day),
        )


class RoleAssignment(TenantModel):
    """A user's role in one cooperative. Assessors are assigned by a platform admin for a period.

    A user may hold several roles in one cooperative (a manager is usually also a member).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = TenantManager.from_queryset(RoleAssignmentQuerySet)()

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "user", "role"], name="role_unique_per_user_cooperative"),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="role_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class RoleInvitation(TenantModel):
    """A role offered to whoever holds the e-mail address; it is given only when they accept.

    A manager cannot attach an existing account to their cooperative: they invite an address, the
    invitation link goes there, and its holder logs in (or creates an account for that address) and
    accepts. Only a hash of the link's token is kept. A member invitation names the member whose
    portal the account will open (``member_id``; the members app links them on acceptance).
    """

    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=ASSIGNABLE_ROLES)
    member_id = models.BigIntegerField(_("member"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("accepted by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} · {self.get_role_display()}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
