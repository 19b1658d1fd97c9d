"""Concurrency on PostgreSQL: threads with their own connections, each inside the cooperative's context."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from koperasi.ledger.models import JournalEntry
from koperasi.tenancy.context import cooperative_context
from tests.factories.accounts import UserFactory
from tests.factories.waserda import stocked_product
from tests.helpers import assert_ledger_balances, assert_stock_ties_to_ledger, ledger_balance, run_at_once
from waserda.error_codes import WaserdaError, WaserdaErrorCode
from waserda.models import Product, RejectedSale, Sale, SaleLine
from waserda.services import sales, sessions
from waserda.services.sales import LineInput, SaleInput

pytestmark = pytest.mark.django_db(transaction=True)
D = Decimal


def test_twenty_online_sales_compete_for_the_last_five_units(coop):
    with cooperative_context(coop.pk):
        product = stocked_product("5", "8250.50")
        cashiers = [UserFactory() for _n in range(20)]
        session_ids = [sessions.open_session(cashier=cashier).pk for cashier in cashiers]
        average = product.avg_cost

    def sell(index):
        try:
            with cooperative_context(coop.pk):
                sales.record_sale(
                    cashier=cashiers[index],
                    data=SaleInput(
                        lines=[LineInput(product.pk, D("1"))], payment_method="cash", session_id=session_ids[index]
                    ),
                )
            return "sold"
        except WaserdaError as error:
            return error.error_code

    results = run_at_once(20, sell)
    assert results.count("sold") == 5
    assert results.count(WaserdaErrorCode.INSUFFICIENT_STOCK) == 15
    with cooperative_context(coop.pk):
        product = Product.objects.get(pk=product.pk)
        assert (product.qty_on_hand, product.stock_value) == (D("0"), D("0.00"))
        assert Sale.objects.count() == 5 and SaleLine.objects.count() == 5
        assert ledger_balance("cogs") == 5 * average == D("41252.50")
        assert ledger_balance("sales_waserda") == D("-50000.00")
        assert_ledger_balances()
        assert_stock_ties_to_ledger()


def test_the_same_online_sale_sent_by_four_connections_at_once_is_recorded_once(coop):
    with cooperative_context(coop.pk):
        product = stocked_product("10", "5000")
        cashier = UserFactory()
        session_id = sessions.open_session(cashier=cashier).pk
    key = uuid.uuid4()

    def sell(_index):
        with cooperative_context(coop.pk):
            sale, created = sales.record_sale(
                cashier=cashier,
                data=SaleInput(
                    lines=[LineInput(product.pk, D("2"))], payment_method="cash", session_id=session_id, client_uuid=key
                ),
            )
            return sale.pk, created

    results = run_at_once(4, sell)
    assert len({pk for pk, _created in results}) == 1
    assert [created for _pk, created in results].count(True) == 1
    with cooperative_context(coop.pk):
        assert Product.objects.get(pk=product.pk).qty_on_hand == D("8")
        assert JournalEntry.objects.filter(purpose="pos.sale").count() == 1
        assert_ledger_balances()
        assert_stock_ties_to_ledger()


def test_the_same_offline_batch_synced_concurrently_and_again_records_each_sale_once(coop):
    with cooperative_context(coop.pk):
        beras = stocked_product("10", "12000")
        es = stocked_product("2", "4000")
        cashier = UserFactory()
        session = sessions.open_session(cashier=cashier)
    sold_at = timezone.now() - datetime.timedelta(hours=2)
    keys = [uuid.uuid4() for _n in range(4)]

    def batch():
        return [
            SaleInput(
                lines=[LineInput(beras.pk, D("2")), LineInput(es.pk, D("1"))],
                payment_method="cash",
                session_id=session.pk,
                client_uuid=keys[0],
                sold_at=sold_at,
                offline=True,
            ),
            SaleInput(
                lines=[LineInput(es.pk, D("3"))],
                payment_method="cash",
                session_id=session.pk,
                client_uuid=keys[1],
                sold_at=sold_at,
                offline=True,
            ),
            SaleInput(
                lines=[LineInput(beras.pk, D("1"))],
                payment_method="qris",
                payment_reference="QR-1",
                session_id=session.pk,
                client_uuid=keys[2],
                sold_at=sold_at,
                offline=True,
            ),
            SaleInput(
                lines=[LineInput(es.pk, D("1"))],
                payment_method="cash",
                session_id=session.pk,
                client_uuid=keys[3],
                offline=False,
            ),
        ]

    def sync(_index):
        with cooperative_context(coop.pk):
            return [r.as_dict() for r in sales.sync_sales(cashier=cashier, sales=batch())]

    concurrent = run_at_once(3, sync)
    again = [sync(n) for n in range(3)]
    assert all(result == concurrent[0] for result in concurrent + again)
    assert [r["status"] for r in concurrent[0]] == ["recorded", "recorded", "recorded", "rejected"]
    with cooperative_context(coop.pk):
        assert sorted(Sale.objects.values_list("client_uuid", flat=True)) == sorted(keys[:3])
        assert RejectedSale.objects.count() == 1
        assert JournalEntry.objects.filter(source_type="waserda.Sale").count() == 3  # one pos.sale entry per sale
        es = Product.objects.get(pk=es.pk)
        assert es.qty_on_hand == D("-2")
        assert Sale.objects.get(client_uuid=keys[1]).needs_reconciliation
        assert_ledger_balances()
        assert_stock_ties_to_ledger()
