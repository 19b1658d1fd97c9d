"""Decimal helpers for Rupiah: rounding at business edges, parsing and formatting "Rp 1.234.567,00".

Money is always ``Decimal``; a float never reaches these functions silently (they raise TypeError).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

RUPIAH_PLACES = Decimal("0.01")
QUANTITY_DECIMALS = 3
QUANTITY_PLACES = Decimal(1).scaleb(-QUANTITY_DECIMALS)
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


# How people write a number: "1.500.000" / "1.500.000,50" (dots group thousands, a comma starts the
# decimals), "1500000" / "2,5" (no grouping), and "1500000.00" / "2.5" (a dot before one or two
# decimals cannot be grouping: what Python and the browser write, and an English-style decimal).
GROUPED_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
PLAIN_NUMBER = re.compile(r"\d+(?:,\d+)?")
DOT_DECIMAL_NUMBER = re.compile(r"\d+\.\d{1,2}")
# "1,500" or "1,500,000": English thousands, or 1,5 with three decimals? Nobody can tell.
AMBIGUOUS_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+")


class AmountError(ValueError):
    """Text that is not a number; ``ambiguous`` when it reads as two different numbers."""

    def __init__(self, text: str, *, ambiguous: bool = False):
        super().__init__(f"{'ambiguous' if ambiguous else 'not a'} number: {text!r}")
        self.ambiguous = ambiguous


def parse_number_id(text: str) -> Decimal:
    """The number a person means by ``text``, written the Indonesian way: ``"500.000"`` (five hundred
    thousand), ``"1.500.000,50"``, ``"1500000"``, ``"2,5"``, ``"-3"``; also ``"1500000.00"`` and
    ``"2.5"``. Raises :class:`AmountError` for anything else, with ``ambiguous`` set for ``"1,500"``
    and ``"1,500,000"`` (English grouping or Indonesian decimals?) — never a silent guess.
    """
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    negative = cleaned.startswith("-")
    digits = cleaned.removeprefix("-")
    if AMBIGUOUS_NUMBER.fullmatch(digits):
        raise AmountError(text, ambiguous=True)
    if DOT_DECIMAL_NUMBER.fullmatch(digits):
        number = Decimal(digits)
    elif GROUPED_NUMBER.fullmatch(digits) or PLAIN_NUMBER.fullmatch(digits):
        number = Decimal(digits.replace(".", "").replace(",", "."))
    else:
        raise AmountError(text)
    return -number if negative else number


def parse_rupiah(text: str) -> Decimal:
    """An amount as :func:`parse_number_id` reads it, with or without ``Rp`` (``"Rp. 5.000"``) and the
    ``,-`` of a written price (``"Rp 1.500.000,-"``); negatives also as ``"-Rp 5.000,5"`` or
    ``"(Rp 10.000)"``."""
    cleaned = text.strip()
    negative = cleaned.startswith("-") or cleaned.startswith("(")
    cleaned = cleaned.strip("() ").removesuffix(",-").strip("-").removeprefix("Rp").removeprefix("rp").strip()
    cleaned = cleaned.removeprefix(".").lstrip("-")  # "Rp. 5.000"
    try:
        amount = parse_number_id(cleaned)
    except AmountError as error:
        raise AmountError(text, ambiguous=error.ambiguous) from None
    return -amount if negative else amount


def format_number_trimmed(value: Decimal | int | str, max_places: int) -> str:
    """A number rounded (half up) to at most ``max_places`` decimals, without needless ones:
    ``36.000`` → ``"36"``, ``2.500`` → ``"2,5"``, ``1234.125`` → ``"1.234,125"``."""
    rounded = _require_decimal(value).quantize(Decimal(1).scaleb(-max_places), rounding=ROUND_HALF_UP)
    return format_number_id(rounded, max(-rounded.normalize().as_tuple().exponent, 0))


def format_amount_input(value: Decimal | int | str, places: int = 2) -> str:
    """An amount as a form shows it for editing: grouped, decimals only when there are any
    (``1500000.00`` → ``"1.500.000"``, ``1500000.5`` → ``"1.500.000,50"``)."""
    amount = _require_decimal(value)
    return format_number_id(amount, places if amount != amount.to_integral_value() else 0)
