"""The processing demo: KPBS's milk unit gives seed 004's Hayami table; KPMK's three plants run a month
near their capacities; stock ties to the ledger."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from demo.ledger import opening_balances
from demo.members import members, savings_and_loans
from demo.processing import SEED004_CYCLES, processing
from demo.procurement import supply
from demo.sales import product_sales
from demo.tenancy import cooperatives, demo_cooperative
from koperasi.tenancy.context import cooperative_context
from performance.methods import hayami
from processing.models import Batch, BatchOutput, FinishedGoodsLot, Invoice, Product, ProductionLine
from processing.selectors import hayami_payload, line_month, patronage_sales
from tests.factories.processing import finished_stock_value
from tests.helpers import assert_ledger_balances, ledger_balance
from tests.performance.methods.seed_tables import SEED004_HAYAMI, SEED004_HAYAMI_OVERRIDES

pytestmark = pytest.mark.django_db
D = Decimal
PRODUCTS = {"PAS": "pasteurised_milk", "YOG": "yoghurt", "MOZ": "mozzarella"}


def test_the_processing_demo_gives_seed_004s_hayami_table_and_runs_kpmks_plants_near_capacity():
    cooperatives()
    opening_balances()  # the books open before the members pay
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


def test_the_sales_demo_sells_kpmks_products_and_ksus_kopi_hs_and_ksus_pulper_works_416_litres_an_hour():
    cooperatives()
    opening_balances()  # the books open before the members pay
    members()
    savings_and_loans()
    supply()
    processing()
    product_sales()
    product_sales()  # idempotent
    with cooperative_context(demo_cooperative("kpmk-pangandaran").pk):
        invoices = {
            i.shipment.order.customer.kind: i for i in Invoice.objects.select_related("shipment__order__customer")
        }
        assert invoices["domestic"].ppn == invoices["domestic"].subtotal * D("0.11")  # KPMK is a PKP
        assert invoices["exporter"].ppn == 0 and invoices["exporter"].subtotal == D("468000000")
        assert list(patronage_sales(*_year()).values()) == [D("2400000")]  # the member's shells
        assert_ledger_balances()
        assert finished_stock_value() == ledger_balance("finished_goods_inventory")
        assert ledger_balance("accounts_receivable") == sum(i.outstanding for i in Invoice.objects.all())
    with cooperative_context(demo_cooperative("ksu-argopuro").pk):
        line = ProductionLine.objects.get(name="Lini pulper")
        days = Batch.objects.filter(line=line).values_list("finished_on", flat=True)
        figures = line_month(line, max(days))
        assert figures.per_hour == D("416.50") and figures.yield_actual == D("0.7500")  # seed 003: 416 L/hour
        inputs = hayami_payload(Product.objects.get(code="HS"), min(days), datetime.date.today())
        assert inputs.output_price_source == "sales" and D(inputs.payload["output_price"]) == D("8000")
        assert D(inputs.payload["raw_material_price"]) == D("5000")
        assert_ledger_balances()


def _year():
    today = datetime.date.today()
    return today.replace(month=1, day=1) - datetime.timedelta(days=40), today
