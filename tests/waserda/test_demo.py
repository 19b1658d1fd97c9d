"""The waserda demo step: the KUD Mina Bahari shop is stocked once, and its books tie."""

import pytest
from django.utils.translation import gettext

from demo.members import members
from demo.tenancy import cooperatives, demo_cooperative
from demo.waserda import PRODUCTS, waserda
from koperasi.tenancy.context import cooperative_context
from tests.helpers import assert_ledger_balances, assert_stock_ties_to_ledger
from waserda.models import CashSession, GoodsReceipt, Product, PurchaseOrder, Sale, Supplier

pytestmark = pytest.mark.django_db


def test_demo_shop_is_stocked_once_and_ties_to_the_ledger():
    cooperatives()
    members()
    waserda()
    with cooperative_context(demo_cooperative("kud-mina").pk):
        counts = (Product.objects.count(), Sale.objects.count(), GoodsReceipt.objects.count())
        assert counts[0] == len(PRODUCTS)
        assert Supplier.objects.filter(member__isnull=False).exists()
        assert PurchaseOrder.objects.filter(status="partial").exists()
        assert Sale.objects.filter(lines__member_price_applied=True).exists()
        assert Sale.objects.filter(payment_method="credit").exists()
        assert CashSession.objects.filter(status="open").count() == 1
        flagged = Sale.objects.filter(needs_reconciliation=True)  # the reconciliation list has something to show
        note = gettext("Credit limit exceeded.")  # notes are written in the language in force
        assert flagged.exists() and all(note in sale.reconciliation_note for sale in flagged)
        assert_stock_ties_to_ledger()
        assert_ledger_balances()
    waserda()
    with cooperative_context(demo_cooperative("kud-mina").pk):
        assert (Product.objects.count(), Sale.objects.count(), GoodsReceipt.objects.count()) == counts
