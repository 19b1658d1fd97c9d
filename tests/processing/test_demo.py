"""The processing demo: KPBS's milk unit gives seed 004's Hayami table; KPMK's three plants run a month
near their capacities; stock ties to the ledger."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from demo.members import members, savings_and_loans
from demo.processing import SEED004_CYCLES, processing
from demo.procurement import supply
from demo.tenancy import cooperatives, demo_cooperative
from koperasi.tenancy.context import cooperative_context
from performance.methods import hayami
from processing.models import Batch, BatchOutput, FinishedGoodsLot, Product, ProductionLine
from processing.selectors import hayami_payload, line_month
from tests.factories.processing import finished_stock_value
from tests.helpers import assert_ledger_balances, ledger_balance
from tests.performance.methods.seed_tables import SEED004_HAYAMI, SEED004_HAYAMI_OVERRIDES

pytestmark = pytest.mark.django_db
D = Decimal
PRODUCTS = {"PAS": "pasteurised_milk", "YOG": "yoghurt", "MOZ": "mozzarella"}


def test_the_processing_demo_gives_seed_004s_hayami_table_and_runs_kpmks_plants_near_capacity():
    cooperatives()
    members()
    savings_and_loans()
    supply()
    processing()
    processing()  # idempotent
    with cooperative_context(demo_cooperative("kpbs-pangalengan").pk):
        assert Batch.objects.count() == len(SEED004_CYCLES)
        for code, seed_name in PRODUCTS.items():
            batch = Batch.objects.get(recipe__product__code=code)
            inputs = hayami_payload(Product.objects.get(code=code), batch.finished_on, batch.finished_on)
            payload = inputs.payload
            assert (D(payload["raw_material_price"]), D(payload["wage_per_hok"])) == (D("6000"), D("124654"))
            seed = SEED004_HAYAMI[seed_name]
            ours = hayami.compute(
                {**payload, "overrides": SEED004_HAYAMI_OVERRIDES[seed_name], "published": seed["published"]}
            )
            assert ours["reconciliation"] == hayami.compute(seed)["reconciliation"], code
            assert ours["rows"]["11a"] == hayami.compute(seed)["rows"]["11a"], code
        assert_ledger_balances()
        assert finished_stock_value() == ledger_balance("finished_goods_inventory")
    with cooperative_context(demo_cooperative("kpmk-pangandaran").pk):
        month = Batch.objects.order_by("finished_on").first().finished_on
        for line in ProductionLine.objects.all():
            made = BatchOutput.objects.filter(batch__line=line, is_main=True).aggregate(q=Sum("quantity"))["q"]
            assert made / line.capacity_per_month > D("0.95"), line.name  # a month near capacity
        assert line_month(ProductionLine.objects.get(name="Lini tepung"), month).per_hok > 0
        assert FinishedGoodsLot.objects.filter(product__code="TPR").exists()  # shells, the flour's by-product
        assert_ledger_balances()
        assert finished_stock_value() == ledger_balance("finished_goods_inventory")
