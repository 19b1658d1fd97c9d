"""Issue 17 item 2: every file the product hands out has a name a browser saves as it is."""

from __future__ import annotations

import pytest

from koperasi.core.downloads import PDF_TYPE, ascii_filename, file_response


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("kud-mina-trial_balance-2026-01_2026-02.pdf", "kud-mina-trial_balance-2026-01_2026-02.pdf"),
        ("Neraca Saldo Januari – Februari 2026.xlsx", "Neraca-Saldo-Januari-Februari-2026.xlsx"),
        ("Koperasi Sékar Melati/Tunggakan.xlsx", "Koperasi-Sekar-Melati-Tunggakan.xlsx"),
        ("–.pdf", "download.pdf"),
    ],
)
def test_file_names_are_plain_ascii(name, expected):
    assert ascii_filename(name) == expected


def test_a_receipt_opens_in_the_browser_and_a_report_downloads():
    receipt = file_response(b"%PDF", filename="BS-0000001.pdf", content_type=PDF_TYPE, inline=True)
    report = file_response(b"%PDF", filename="Laba – rugi.pdf", content_type=PDF_TYPE)
    assert receipt["Content-Disposition"] == 'inline; filename="BS-0000001.pdf"'
    assert report["Content-Disposition"] == 'attachment; filename="Laba-rugi.pdf"'
