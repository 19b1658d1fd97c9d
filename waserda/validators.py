"""Barcodes: EAN-13 and EAN-8 (and UPC-A, read as EAN-13) must carry a correct check digit; other
codes — letters, other lengths — are the shop's internal codes and are accepted as they are."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

GTIN_LENGTHS = (8, 12, 13)


def gtin_check_digit(body: str) -> int:
    """The GS1 check digit of ``body`` (all digits but the last): weights 3,1,3,… from the right."""
    total = sum(int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    return code.isdigit() and len(code) in GTIN_LENGTHS and gtin_check_digit(code[:-1]) == int(code[-1])


def barcode_errors(code: str) -> list[str]:
    code = code.strip()
    if not code:
        return []
    if code.isdigit() and len(code) in GTIN_LENGTHS and not is_valid_gtin(code):
        kind = {8: "EAN-8", 12: "UPC-A", 13: "EAN-13"}[len(code)]
        expected = gtin_check_digit(code[:-1])
        return [_("%(kind)s check digit is wrong: the last digit should be %(d)s.") % {"kind": kind, "d": expected}]
    if any(ch.isspace() for ch in code):
        return [_("A barcode cannot contain spaces.")]
    return []


def validate_barcode(code: str) -> None:
    errors = barcode_errors(code)
    if errors:
        raise ValidationError(errors, code="waserda_invalid_barcode")


def internal_ean13(number: int) -> str:
    """An in-store EAN-13 (GS1 prefix 20, free for internal use) for item ``number``."""
    body = f"20{number:010d}"
    return body + str(gtin_check_digit(body))
