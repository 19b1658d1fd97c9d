"""Recipes (bill of materials), versioned per product: a batch keeps the version it was made by."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel
from processing.models.plants import MONEY, QTY, Product


class Recipe(TenantModel):
    """How a batch of ``product`` is made: its raw-material inputs, other inputs, standard labour and its
    outputs with standard yields. A change makes a new version; the newest active one is in use."""

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="recipes")
    version = models.PositiveIntegerField(_("version"), editable=False)
    standard_labour_hok = models.DecimalField(_("standard labour (HOK per batch)"), **QTY, default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["product", "-version"]
        verbose_name = _("recipe")
        verbose_name_plural = _("recipes")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "product", "version"], name="processing_recipe_version"),
        ]

    def __str__(self) -> str:
        return f"{self.product.name} v{self.version}"


class RecipeInput(TenantModel):
    """A raw or semi-finished material a batch takes, ``quantity`` per batch in the material's unit. The
    principal one is the raw material of the Hayami table (yield = output ÷ principal input)."""

    recipe = models.ForeignKey(Recipe, verbose_name=_("recipe"), on_delete=models.CASCADE, related_name="inputs")
    material = models.ForeignKey(
        "procurement.RawMaterial", verbose_name=_("raw material"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(_("quantity per batch"), **QTY)
    is_principal = models.BooleanField(_("principal raw material"), default=False)

    class Meta:
        ordering = ["-is_principal", "id"]
        verbose_name = _("recipe input")
        verbose_name_plural = _("recipe inputs")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="processing_recipe_input_positive"),
            models.UniqueConstraint(
                fields=["cooperative", "recipe"], condition=Q(is_principal=True), name="processing_one_principal_input"
            ),
        ]


class InputKind(models.TextChoices):
    FUEL = "fuel", _("Fuel")
    ELECTRICITY = "electricity", _("Electricity")
    PACKAGING = "packaging", _("Packaging")
    ADDITIVE = "additive", _("Additive")
    OTHER = "other", _("Other")


class RecipeOtherInput(TenantModel):
    """Fuel, electricity, packaging or an additive a batch uses, with its standard cost per batch."""

    recipe = models.ForeignKey(Recipe, verbose_name=_("recipe"), on_delete=models.CASCADE, related_name="other_inputs")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=InputKind.choices, default=InputKind.OTHER)
    quantity = models.DecimalField(_("quantity per batch"), **QTY, default=0)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    standard_cost = models.DecimalField(_("standard cost per batch"), **MONEY, default=0)

    class Meta:
        ordering = ["id"]
        verbose_name = _("other input")
        verbose_name_plural = _("other inputs")


class RecipeOutput(TenantModel):
    """A product a batch gives, ``quantity`` per batch (the standard yield); one is the main product,
    the others are by-products."""

    recipe = models.ForeignKey(Recipe, verbose_name=_("recipe"), on_delete=models.CASCADE, related_name="outputs")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(_("standard quantity per batch"), **QTY)
    is_main = models.BooleanField(_("main product"), default=False)

    class Meta:
        ordering = ["-is_main", "id"]
        verbose_name = _("recipe output")
        verbose_name_plural = _("recipe outputs")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0), name="processing_recipe_output_nonnegative"),
            models.UniqueConstraint(
                fields=["cooperative", "recipe"], condition=Q(is_main=True), name="processing_one_main_output"
            ),
        ]
