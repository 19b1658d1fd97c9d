"""Every file the product hands to a browser (PDF, XLSX, CSV) goes out through here.

The file name is plain ASCII (``kud-mina-bahari-neraca-saldo-2026-01_2026-03.pdf``): a name with an en dash or an
accented letter would need RFC 5987 encoding, and browsers that get it wrong save ``download.xlsx`` instead.
"""

from __future__ import annotations

import re
import unicodedata

from django.http import HttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
PDF_TYPE = "application/pdf"
_NOT_IN_NAME = re.compile(r"[^0-9A-Za-z._-]+")


def ascii_filename(name: str) -> str:
    """``name`` with accents dropped and every run of other characters (spaces, dashes, slashes) as one ``-``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    stem, dot, extension = plain.rpartition(".")
    stem = _NOT_IN_NAME.sub("-", stem if dot else plain).strip("-._") or "download"
    return f"{stem}.{_NOT_IN_NAME.sub('', extension)}" if dot else stem


def file_response(content: bytes | str, *, filename: str, content_type: str, inline: bool = False) -> HttpResponse:
    """``content`` as a download named ``filename`` (made ASCII); ``inline`` lets the browser show it (receipts)."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{ascii_filename(filename)}"'
    return response
