"""Members (anggota) of a cooperative.

Savings (simpanan) and loans (pinjaman) build on :class:`Member` and keep their models in
``members/savings/models.py`` and ``members/loans/models.py`` (registered by ``MembersConfig``);
this module imports neither, so they can import it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel
from members.validators import nik_agreement_errors, validate_nik


class PostedMovement(models.Model):
    """What a savings movement or a loan repayment keeps of the business event behind it: the source
    document and purpose that make it idempotent, the journal entry it posted, and who recorded it."""

    source_type = models.CharField(_("source document type"), max_length=60)
    source_id = models.CharField(_("source document id"), max_length=64)
    purpose = models.CharField(_("purpose"), max_length=60)
    journal_entry = models.ForeignKey(
        "ledger.JournalEntry",
        verbose_name=_("journal entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True


class Sex(models.TextChoices):
    MALE = "L", _("Male (laki-laki)")
    FEMALE = "P", _("Female (perempuan)")


class Occupation(models.TextChoices):
    FARMER = "petani", _("Farmer (petani)")
    LIVESTOCK = "peternak", _("Livestock farmer (peternak)")
    FISHER = "nelayan", _("Fisher (nelayan)")
    TRADER = "pedagang", _("Trader (pedagang)")
    CRAFTSPERSON = "pengrajin", _("Craftsperson (pengrajin)")
    EMPLOYEE = "karyawan", _("Employee (karyawan)")
    OTHER = "lainnya", _("Other (lainnya)")


class MemberStatus(models.TextChoices):
    """calon anggota → anggota → keluar (a prospective member may also withdraw straight to keluar)."""

    CANDIDATE = "calon", _("Prospective member (calon anggota)")
    MEMBER = "anggota", _("Member (anggota)")
    EXITED = "keluar", _("Left (keluar)")


class Member(TenantModel):
    """A person in the cooperative's member register.

    ``member_no`` is given by :func:`members.services.register_member` from the cooperative's
    :class:`MemberSequence` (gap-free; imported historic numbers are kept as they are).
    ``farmer_group`` is free text for now: the supply-network issue adds a ``FarmerGroup`` model and
    migrates these names into it (a foreign key then replaces this field).
    """

    member_no = models.PositiveIntegerField(_("member number"), editable=False)
    nik = models.CharField(
        _("NIK"), max_length=16, validators=[validate_nik], help_text=_("16-digit national identity number")
    )
    name = models.CharField(_("name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    occupation = models.CharField(_("occupation"), max_length=20, choices=Occupation.choices, default=Occupation.OTHER)
    farmer_group = models.CharField(_("farmer group"), max_length=150, blank=True)
    join_date = models.DateField(_("join date"), default=datetime.date.today)
    admitted_on = models.DateField(_("admitted as member on"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.CANDIDATE, editable=False
    )
    exit_date = models.DateField(_("exit date"), null=True, blank=True, editable=False)
    exit_reason = models.CharField(_("exit reason"), max_length=300, blank=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_records",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["member_no"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "member_no"], name="member_no_unique_per_cooperative"),
            models.UniqueConstraint(fields=["cooperative", "nik"], name="member_nik_unique_per_cooperative"),
            models.UniqueConstraint(
                fields=["cooperative", "user"],
                condition=models.Q(user__isnull=False),
                name="member_user_unique_per_cooperative",
            ),
            models.CheckConstraint(
                condition=(models.Q(status="keluar") & models.Q(exit_date__isnull=False))
                | (~models.Q(status="keluar") & models.Q(exit_date__isnull=True)),
                name="member_exit_date_iff_exited",
            ),
            models.CheckConstraint(
                condition=models.Q(admitted_on__isnull=False) | ~models.Q(status="anggota"),
                name="member_admitted_on_when_member",
            ),
        ]
        indexes = [models.Index(fields=["cooperative", "name"], name="member_name_idx")]

    def __str__(self) -> str:
        return f"{self.member_no} · {self.name}"

    def clean(self) -> None:
        errors = nik_agreement_errors(self.nik or "", self.birth_date, self.sex)
        if self.birth_date and self.join_date and self.birth_date >= self.join_date:
            errors.setdefault("join_date", []).append(_("The join date must be after the birth date."))
        if self.birth_date and self.birth_date > datetime.date.today():
            errors.setdefault("birth_date", []).append(_("The birth date cannot be in the future."))
        if errors:
            raise ValidationError(errors)

    @property
    def is_active_member(self) -> bool:
        return self.status == MemberStatus.MEMBER


# The member fields a form, the API or the importer may set; number, status, exit and user have their own services.
EDITABLE_FIELDS = (
    "nik",
    "name",
    "sex",
    "birth_date",
    "address",
    "phone",
    "occupation",
    "farmer_group",
    "join_date",
)


class MemberSequence(TenantModel):
    """The last member number given in a cooperative; its row lock makes numbers gap-free."""

    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("member number sequence")
        verbose_name_plural = _("member number sequences")
        constraints = [models.UniqueConstraint(fields=["cooperative"], name="member_sequence_one_per_cooperative")]

    def __str__(self) -> str:
        return str(self.last_number)
