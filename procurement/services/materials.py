"""Raw materials, their quality parameters and price rules."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from procurement import locks
from procurement.error_codes import ProcurementErrorCode, refuse
from procurement.models import PriceRule, PriceStep, QualityParameter, RawMaterial


def create_material(*, code: str, name: str, unit: str, parameters: Sequence[tuple[str, str, str]] = (), **extra):
    """A raw material with its quality parameters, ``(code, name, unit)`` each."""
    material = RawMaterial(code=code, name=name, unit=unit, **extra)
    material.full_clean(exclude=["cooperative"], validate_unique=False)
    material.save()
    for parameter_code, parameter_name, parameter_unit in parameters:
        QualityParameter.objects.create(
            material=material, code=parameter_code, name=parameter_name, unit=parameter_unit
        )
    return material


@transaction.atomic
def add_price_rule(
    *,
    actor,
    material: RawMaterial,
    valid_from: datetime.date,
    base_price: Decimal,
    grade: str = "",
    steps: Sequence[dict] = (),
    note: str = "",
) -> PriceRule:
    """A new price from ``valid_from`` (a new version of the material's prices); deliveries already
    priced keep the rule they were priced by. ``steps``: ``{"parameter": code, "direction": "above"|"below",
    "threshold", "step", "amount"}``."""
    material = locks.lock_material(material.pk)
    if PriceRule.objects.filter(material=material, grade=grade, valid_from=valid_from).exists():
        raise refuse(
            "valid_from",
            _("A price of this material and grade already starts on that day; start the new one on another day."),
            ProcurementErrorCode.RULE_DATE_TAKEN,
        )
    version = (PriceRule.objects.filter(material=material).aggregate(v=Max("version"))["v"] or 0) + 1
    rule = PriceRule.objects.create(
        material=material, grade=grade, valid_from=valid_from, version=version, base_price=base_price, note=note
    )
    parameters = {p.code: p for p in material.parameters.all()}
    for step in steps:
        parameter = parameters.get(step["parameter"])
        if parameter is None:
            raise refuse(
                "steps",
                _("%(code)s is not a quality parameter of this material.") % {"code": step["parameter"]},
                ProcurementErrorCode.UNKNOWN_READING,
            )
        PriceStep.objects.create(
            rule=rule,
            parameter=parameter,
            direction=step["direction"],
            threshold=step["threshold"],
            step=step["step"],
            amount=step["amount"],
        )
    record_event(
        "procurement.price_rule_added",
        actor=actor,
        cooperative_id=rule.cooperative_id,
        obj=rule,
        after={"material": material.code, "grade": grade, "valid_from": str(valid_from), "base": str(base_price)},
    )
    return rule
