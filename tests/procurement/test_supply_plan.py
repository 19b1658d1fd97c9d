"""Seasons and supply plans: expected vs delivered vs the plants' capacity, month by month."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from koperasi.tenancy.context import cooperative_context
from procurement import capacity
from procurement.models import PlanBasis, SupplyPlan
from procurement.selectors import supply_outlook
from procurement.services import plans
from tests.factories.procurement import SupplierFactory, coconut, delivery
from tests.factories.tenancy import user_with_role

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def season(in_coop):
    """Coconuts delivered by two farmers in March and April 2025, and 2026 so far."""
    material = coconut(valid_from=datetime.date(2025, 1, 1))
    ujang, dedi = SupplierFactory(name="Ujang"), SupplierFactory(name="Dedi")
    delivery(ujang, material, "1000", on=datetime.date(2025, 3, 4))
    delivery(ujang, material, "500", on=datetime.date(2025, 3, 20), rejected_quantity=D("20"))
    delivery(dedi, material, "800", on=datetime.date(2025, 4, 2))
    delivery(ujang, material, "1200", on=datetime.date(2026, 3, 5))
    return material, ujang, dedi


def test_last_years_deliveries_become_this_years_plan_keeping_what_was_entered(season):
    material, ujang, dedi = season
    plans.save_plan(actor=None, material=material, month=datetime.date(2026, 4, 17), quantity=D("900"), supplier=dedi)
    assert plans.plan_from_history(actor=None, material=material, year=2026) == 1  # Ujang's March; Dedi's April kept
    assert plans.plan_from_history(actor=None, material=material, year=2026) == 1  # again: replaced, not doubled
    rows = {(p.supplier, p.month): (p.expected_quantity, p.basis) for p in SupplyPlan.objects.all()}
    assert rows == {
        (ujang, datetime.date(2026, 3, 1)): (D("1480.000"), PlanBasis.HISTORY),  # 1000 + 500 − 20 rejected
        (dedi, datetime.date(2026, 4, 1)): (D("900.000"), PlanBasis.ENTERED),
    }


def test_the_outlook_compares_expected_delivered_and_capacity(season):
    material, _ujang, _dedi = season
    plans.set_season(actor=None, material=material, months=[3, 4, 5])
    plans.plan_from_history(actor=None, material=material, year=2026)
    plans.save_plan(actor=None, material=material, month=datetime.date(2026, 3, 1), quantity=D("100"))  # the rest
    months = supply_outlook(material, 2026)
    march = months[2]
    assert (march.in_season, march.expected, march.actual, march.capacity) == (True, D("1580"), D("1200"), None)
    assert not months[0].in_season and months[4].in_season

    def plant(material_, months_):
        return dict.fromkeys(months_, D("1500"))

    capacity.register_capacity(plant)
    try:
        march = supply_outlook(material, 2026)[2]
    finally:
        capacity.unregister_capacity(plant)
    assert (march.capacity, march.room) == (D("1500"), D("-80"))  # more expected than the plant takes


def test_a_season_is_months_of_the_year(season):
    material, _ujang, _dedi = season
    with pytest.raises(ValidationError):
        plans.set_season(actor=None, material=material, months=[4, 13])


def test_staff_plan_on_the_page_and_the_assessor_only_reads(client, coop, staff):
    with cooperative_context(coop.pk):
        material = coconut()
        SupplierFactory(name="Ujang")
    page = reverse("procurement:plan", kwargs={"slug": coop.slug})
    client.force_login(staff)
    query = f"?material={material.pk}&year=2026"
    saved = client.post(page + query, {"action": "entry", "month": "2026-05-10", "supplier": "Ujang",
                                       "expected_quantity": "1.500"})  # fmt: skip
    assert saved.status_code == 302
    client.post(page + query, {"action": "season", "season_months": ["4", "5"]})
    bad = client.post(page + query, {"action": "entry", "month": "", "expected_quantity": "banyak"})
    assert bad.status_code == 400
    shown = client.get(page + query).content.decode()
    assert "1.500" in shown and "in season" in shown and 'data-testid="chart"' in shown
    with cooperative_context(coop.pk):
        material.refresh_from_db()
        assert material.season_months == [4, 5] and SupplyPlan.objects.get().expected_quantity == D("1500")
    client.force_login(user_with_role(coop, "assessor"))
    assert "Save the plan" not in client.get(page + query).content.decode()


def test_plans_and_the_outlook_through_the_api(client, coop, staff):
    with cooperative_context(coop.pk):
        material = coconut()
    client.force_login(staff)
    base = f"/api/v1/k/{coop.slug}/supply/"
    body = {"material": material.pk, "month": "2026-06-15", "expected_quantity": "700"}
    first = client.post(base + "supply-plans/", body, content_type="application/json")
    again = client.post(base + "supply-plans/", body | {"expected_quantity": "750"}, content_type="application/json")
    assert first.status_code == again.status_code == 201 and again.json()["month"] == "2026-06-01"
    outlook = client.get(base + f"raw-materials/{material.pk}/outlook/", {"year": 2026}).json()
    assert outlook[5]["expected"] == "750.000" and outlook[5]["capacity"] is None
