"""Array literals for the hot-path functions: what goes in comes back out of PostgreSQL unchanged."""

from decimal import Decimal

import pytest
from django.db import connection, models

from koperasi.core.db.arrays import array_literal, numbers_literal


class Kind(models.TextChoices):
    SALE = "sale", "Sale"


def test_numbers_booleans_and_nulls_are_written_bare():
    assert array_literal([1, None, Decimal("-61000.50")]) == "{1,NULL,-61000.50}"
    assert array_literal([True, False]) == "{t,f}"
    assert array_literal([]) == "{}"


def test_texts_are_quoted_and_escaped():
    assert array_literal(['a "b"', "c\\d", "NULL", Kind.SALE]) == '{"a \\"b\\"","c\\\\d","NULL","sale"}'


def test_anything_else_is_refused():
    with pytest.raises(TypeError, match="float"):
        array_literal([1.5])


@pytest.mark.django_db
def test_postgresql_reads_back_exactly_what_was_written():
    texts = ['quote " and \\ backslash', "comma, {brace}", "NULL", "", "Rp 1.000 — ✓", None]
    numbers = [Decimal("0.00"), Decimal("-61000.50"), None, 12]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT %s::text[], %s::numeric[], %s::boolean[]",
            [array_literal(texts), array_literal(numbers), array_literal([True, None, False])],
        )
        assert cursor.fetchone() == (texts, numbers, [True, None, False])


@pytest.mark.django_db
def test_numbers_travel_as_written():
    values = [1, Decimal("-2.500"), Decimal("1E+3"), 0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::numeric[]", [numbers_literal(values)])
        assert cursor.fetchone()[0] == [Decimal("1"), Decimal("-2.500"), Decimal("1000"), Decimal("0")]
