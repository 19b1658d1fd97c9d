"""Raw materials with their units, the quality readings taken at intake and the price rules that turn
a delivery's grade and readings into its price."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel
from procurement.models.network import MONEY, QTY

READING = {"max_digits": 18, "decimal_places": 4}


class Unit(models.TextChoices):
    PIECE = "butir", _("piece (butir)")
    KG = "kg", _("kg")
    LITRE = "liter", _("litre")
    HEAD = "ekor", _("head (ekor)")


class RawMaterial(TenantModel):
    """Coconuts, milk, coffee cherries, copra, fish: bought in ``unit``; ``alternate_unit`` is another unit
    people count in (a sack, a can) worth ``per_alternate_unit`` units."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    alternate_unit = models.CharField(_("other unit"), max_length=20, blank=True)
    per_alternate_unit = models.DecimalField(_("units per other unit"), **QTY, null=True, blank=True)
    season_months = ArrayField(
        models.PositiveSmallIntegerField(),
        verbose_name=_("season months"),
        default=list,
        blank=True,
        help_text=_("The months (1–12) of the harvest or fishing season; empty: all year."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("raw material")
        verbose_name_plural = _("raw materials")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "code"], name="procurement_material_code_unique"),
            models.CheckConstraint(
                condition=Q(per_alternate_unit__isnull=True) | Q(per_alternate_unit__gt=0),
                name="procurement_material_conversion_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class QualityParameter(TenantModel):
    """A reading taken at intake: milk fat % or bacteria count, coffee moisture %, copra moisture %."""

    material = models.ForeignKey(
        RawMaterial, verbose_name=_("raw material"), on_delete=models.CASCADE, related_name="parameters"
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=20, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("quality parameter")
        verbose_name_plural = _("quality parameters")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "material", "code"], name="procurement_parameter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name


class PriceRule(TenantModel):
    """The price of a material (and grade) from ``valid_from`` until the next rule: a base price per unit
    plus the steps of its quality parameters. Rules are never edited once deliveries use them: a change is a
    new rule (a new version), so every delivery keeps the price it was given."""

    material = models.ForeignKey(
        RawMaterial, verbose_name=_("raw material"), on_delete=models.PROTECT, related_name="rules"
    )
    grade = models.CharField(_("grade"), max_length=20, blank=True, help_text=_("Empty: every grade."))
    valid_from = models.DateField(_("valid from"))
    version = models.PositiveIntegerField(_("version"), editable=False)
    base_price = models.DecimalField(_("base price per unit"), **MONEY)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["material", "grade", "-valid_from"]
        verbose_name = _("price rule")
        verbose_name_plural = _("price rules")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "material", "grade", "valid_from"], name="procurement_rule_one_per_start"
            ),
            models.UniqueConstraint(fields=["cooperative", "material", "version"], name="procurement_rule_version"),
            models.CheckConstraint(condition=Q(base_price__gte=0), name="procurement_rule_base_nonnegative"),
        ]

    def __str__(self) -> str:
        grade = f" {self.grade}" if self.grade else ""
        return f"{self.material}{grade} v{self.version} ({self.valid_from:%Y-%m-%d})"


class StepDirection(models.TextChoices):
    ABOVE = "above", _("for every step above the threshold")
    BELOW = "below", _("for every step below the threshold")


class PriceStep(TenantModel):
    """``amount`` (Rp per unit; negative for a penalty) for every whole ``step`` a reading lies above (or
    below) ``threshold``: milk + Rp 50 per 0,1 % fat above 3,5 %; − Rp 100 per 500.000 bacteria above 1 juta."""

    rule = models.ForeignKey(PriceRule, verbose_name=_("price rule"), on_delete=models.CASCADE, related_name="steps")
    parameter = models.ForeignKey(
        QualityParameter, verbose_name=_("quality parameter"), on_delete=models.PROTECT, related_name="+"
    )
    direction = models.CharField(_("direction"), max_length=5, choices=StepDirection.choices)
    threshold = models.DecimalField(_("threshold"), **READING)
    step = models.DecimalField(_("step"), **READING)
    amount = models.DecimalField(_("Rp per unit per step"), **MONEY)

    class Meta:
        ordering = ["id"]
        verbose_name = _("price step")
        verbose_name_plural = _("price steps")
        constraints = [models.CheckConstraint(condition=Q(step__gt=0), name="procurement_step_positive")]
