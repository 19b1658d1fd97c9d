"""PostgreSQL keeps a cooperative's stock card and sale lines to its own products, whatever the SQL."""

import pytest
from django.db import IntegrityError, connection, transaction

from koperasi.tenancy.context import cooperative_context
from tests.factories.waserda import ProductFactory, SaleFactory

pytestmark = pytest.mark.django_db

MOVEMENT = (
    "INSERT INTO waserda_stockmovement (cooperative_id, product_id, kind, quantity, value, quantity_after,"
    " value_after, occurred_at, recorded_at, source_type, source_id, reference)"
    " VALUES (%s, %s, 'adjustment', 1, 0, 1, 0, now(), now(), 'test', 1, '')"
)


def test_a_stock_card_row_cannot_name_another_cooperatives_product(coop, other_coop):
    with cooperative_context(other_coop.pk):
        theirs = ProductFactory()
    with cooperative_context(coop.pk):
        mine = ProductFactory()
        with connection.cursor() as cursor:
            cursor.execute(MOVEMENT, [coop.pk, mine.pk])  # its own product: accepted
            with pytest.raises(IntegrityError, match="waserda_movement_product_same_coop"), transaction.atomic():
                cursor.execute(MOVEMENT, [coop.pk, theirs.pk])


def test_a_sale_line_cannot_name_another_cooperatives_product(coop, other_coop):
    with cooperative_context(other_coop.pk):
        theirs = ProductFactory()
    with cooperative_context(coop.pk):
        sale = SaleFactory()
        with (
            connection.cursor() as cursor,
            pytest.raises(IntegrityError, match="waserda_saleline_product_same_coop"),
            transaction.atomic(),
        ):
            cursor.execute(
                "INSERT INTO waserda_saleline (cooperative_id, sale_id, product_id, quantity, unit_price,"
                " member_price_applied, amount, cost, returned_quantity) VALUES (%s, %s, %s, 1, 1, false, 1, 0, 0)",
                [coop.pk, sale.pk, theirs.pk],
            )
