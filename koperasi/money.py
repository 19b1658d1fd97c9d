"""Decimal helpers for Rupiah: rounding at business edges, parsing and formatting "Rp 1.234.567,00".

Money is always ``Decimal``; a float never reaches these functions silently (they raise TypeError).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

RUPIAH_PLACES = Decimal("0.01")
QUANTITY_PLACES = Decimal("0.001")
WHOLE_RUPIAH = Decimal("1")
# The largest amount one journal line may carry: 15 integer digits, so that the sums the books keep in
# NUMERIC(18, 2) columns (account balances per month, entry totals) cannot overflow.
MAX_LINE_AMOUNT = Decimal("999999999999999.99")


def _require_decimal(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("Money must be Decimal, not float")
    return value if isinstance(value, Decimal) else Decimal(value)


def quantize_rupiah(value: Decimal | int | str) -> Decimal:
    """Round to 2 decimal places, half up (the edge where an amount becomes a posted figure)."""
    return _require_decimal(value).quantize(RUPIAH_PLACES, rounding=ROUND_HALF_UP)


def quantize_whole_rupiah(value: Decimal | int | str) -> Decimal:
    """Round to whole Rupiah, half up, keeping two decimal places (``1234.50`` → ``1235.00``)."""
    return _require_decimal(value).quantize(WHOLE_RUPIAH, rounding=ROUND_HALF_UP).quantize(RUPIAH_PLACES)


def quantize_quantity(value: Decimal | int | str) -> Decimal:
    """Round a quantity (kg, litre, pcs) to 3 decimal places, half up."""
    return _require_decimal(value).quantize(QUANTITY_PLACES, rounding=ROUND_HALF_UP)


def group_thousands(digits: str, separator: str = ".") -> str:
    """``"1234567"`` → ``"1.234.567"``."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return separator.join(parts)


def format_number_id(value: Decimal | int | str, places: int = 2) -> str:
    """Indonesian number style: thousands with ``.``, decimals with ``,`` (``-1234.5`` → ``-1.234,50``)."""
    amount = _require_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    integer, _, fraction = f"{abs(amount):.{places}f}".partition(".")
    text = group_thousands(integer)
    return f"{sign}{text},{fraction}" if places else f"{sign}{text}"


def format_rupiah(value: Decimal | int | str, places: int = 2) -> str:
    """``Decimal("1234567")`` → ``"Rp 1.234.567,00"``; negatives as ``"-Rp 1.234.567,00"``."""
    text = format_number_id(value, places)
    return f"-Rp {text[1:]}" if text.startswith("-") else f"Rp {text}"


def parse_rupiah(text: str) -> Decimal:
    """Parse ``"Rp 1.234.567,00"``, ``"1.234.567"``, ``"-Rp 5.000,5"`` into a Decimal.

    Indonesian style only: ``.`` groups thousands and ``,`` is the decimal mark.
    """
    cleaned = text.strip().replace("\u00a0", " ")
    negative = cleaned.startswith("-") or cleaned.startswith("(")
    cleaned = cleaned.strip("-() ").removeprefix("Rp").removeprefix("rp").strip().lstrip("-").strip()
    cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(f"not a Rupiah amount: {text!r}") from exc
    return -amount if negative else amount
