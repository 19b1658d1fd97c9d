"""Recipes: a new version each time one changes; batches keep the version they were made by."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.money import quantize_quantity, quantize_rupiah
from processing.error_codes import ProcessingErrorCode, refuse
from processing.models import Product, Recipe, RecipeInput, RecipeOtherInput, RecipeOutput


@dataclass(frozen=True)
class MaterialLine:
    material: object  # procurement.RawMaterial
    quantity: Decimal
    is_principal: bool = False


@dataclass(frozen=True)
class OtherLine:
    name: str
    kind: str = "other"
    quantity: Decimal = Decimal(0)
    unit: str = ""
    cost: Decimal = Decimal(0)


@dataclass(frozen=True)
class OutputLine:
    product: Product
    quantity: Decimal
    is_main: bool = False


@transaction.atomic
def create_recipe(
    *,
    actor,
    product: Product,
    inputs: list[MaterialLine],
    outputs: list[OutputLine],
    other_inputs: list[OtherLine] = (),
    standard_labour_hok: Decimal = Decimal(0),
    note: str = "",
) -> Recipe:
    """The next version of ``product``'s recipe. One principal input (the first when none is marked) and one
    main output, which must be ``product`` itself."""
    if not inputs or any(line.quantity <= 0 for line in inputs):
        raise refuse("inputs", _("A recipe needs raw materials, each above zero."), ProcessingErrorCode.RECIPE_INPUTS)
    if sum(1 for line in inputs if line.is_principal) > 1:
        raise refuse("inputs", _("Only one raw material can be the principal one."), ProcessingErrorCode.RECIPE_INPUTS)
    mains = [line for line in outputs if line.is_main]
    if len(mains) != 1 or mains[0].product != product or any(line.quantity < 0 for line in outputs):
        raise refuse(
            "outputs",
            _("A recipe has exactly one main output, its own product, and no negative yield."),
            ProcessingErrorCode.RECIPE_OUTPUTS,
        )
    Product.objects.select_for_update().filter(pk=product.pk).first()  # versions are numbered one at a time
    version = (Recipe.objects.filter(product=product).aggregate(v=Max("version"))["v"] or 0) + 1
    recipe = Recipe.objects.create(
        product=product, version=version, standard_labour_hok=quantize_quantity(standard_labour_hok), note=note
    )
    principal = next((i for i, line in enumerate(inputs) if line.is_principal), 0)
    RecipeInput.objects.bulk_create(
        RecipeInput(
            cooperative_id=recipe.cooperative_id,
            recipe=recipe,
            material=line.material,
            quantity=quantize_quantity(line.quantity),
            is_principal=i == principal,
        )
        for i, line in enumerate(inputs)
    )
    RecipeOtherInput.objects.bulk_create(
        RecipeOtherInput(
            cooperative_id=recipe.cooperative_id,
            recipe=recipe,
            name=line.name,
            kind=line.kind,
            quantity=quantize_quantity(line.quantity),
            unit=line.unit,
            standard_cost=quantize_rupiah(line.cost),
        )
        for line in other_inputs
    )
    RecipeOutput.objects.bulk_create(
        RecipeOutput(
            cooperative_id=recipe.cooperative_id,
            recipe=recipe,
            product=line.product,
            quantity=quantize_quantity(line.quantity),
            is_main=line.is_main,
        )
        for line in outputs
    )
    record_event("processing.recipe_created", actor=actor, obj=recipe, after={"version": version})
    return recipe


def current_recipe(product: Product) -> Recipe | None:
    """The newest recipe of ``product`` in use."""
    return Recipe.objects.filter(product=product, is_active=True).order_by("-version").first()
