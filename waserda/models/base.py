"""What the waserda models share: field sizes (Rupiah amounts, quantities, unit costs), the user
who acted, and the idempotent business documents and payments."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel

MONEY = {"max_digits": 18, "decimal_places": 2}
QTY = {"max_digits": 18, "decimal_places": 3}
COST = {"max_digits": 18, "decimal_places": 4}


class SettlementMethod(models.TextChoices):
    CREDIT = "credit", _("On credit (hutang usaha)")
    CASH = "cash", _("Cash")
    BANK = "bank", _("Bank transfer")


def user_field(verbose_name: str, **options) -> models.ForeignKey:
    """The user who did something; kept as history when the user is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **options,
    )


class IdempotentDocument(TenantModel):
    """A document a client may send twice (a retried request, a replayed till batch): its ``key``,
    unique per cooperative, names it, so the second send finds the first instead of recording it
    again (goods receipts, supplier payments, member credit payments, sale returns)."""

    key = models.UUIDField(_("idempotency key"), default=uuid.uuid4)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "key"], name="%(app_label)s_%(class)s_key_unique"),
        ]

    @classmethod
    def already_recorded(cls, key: uuid.UUID | None):
        """The document recorded under ``key`` in the current cooperative, or None."""
        return None if key is None else cls.objects.filter(key=key).first()


class IdempotentPayment(IdempotentDocument):
    """Money paid once per key: a positive amount on a day, in cash or by bank (member credit
    payments, supplier payments)."""

    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **MONEY)
    method = models.CharField(_("paid by"), max_length=10, choices=SettlementMethod.choices[1:])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-date", "-id"]
        constraints = [
            *IdempotentDocument.Meta.constraints,
            models.CheckConstraint(condition=Q(amount__gt=0), name="%(app_label)s_%(class)s_amount_positive"),
        ]
