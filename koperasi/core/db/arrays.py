"""PostgreSQL array literals (``'{1,2,NULL}'``) for the arguments of the hot-path functions.

One text literal per array, cast in SQL (``%s::numeric[]``), instead of psycopg2's ``ARRAY[...]``
of one expression per element; why: docs/performance.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal


def _text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


_FORMAT = {
    type(None): lambda _value: "NULL",
    bool: lambda value: "t" if value else "f",
    int: str,
    Decimal: str,
    str: _text,
}


def _element(value) -> str:
    try:
        return _FORMAT[type(value)](value)
    except KeyError:  # subclasses (text choices are str)
        for kind in (bool, int, Decimal, str):
            if isinstance(value, kind):
                return _FORMAT[kind](value)
        raise TypeError(f"no array literal for {type(value).__name__}") from None


def array_literal(values: Iterable) -> str:
    """``values`` (None, bool, int, Decimal or str) as the text of a one-dimensional array."""
    return "{" + ",".join(map(_element, values)) + "}"


def numbers_literal(values: Iterable[int | Decimal]) -> str:
    """``values``, ints or Decimals only (no None, no bool), as the text of a one-dimensional array:
    the columns of amounts and ids, written without looking at each element's type."""
    return "{" + ",".join(map(str, values)) + "}"
