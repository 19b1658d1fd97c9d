"""Rupiah and dates are shown the Indonesian way: Rp 1.234.567,00 and 24 Nov 2026."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from koperasi.core.form_fields import AmountField
from koperasi.core.templatetags.formatting import angka, kuantitas, rupiah, tanggal
from koperasi.money import AmountError, format_rupiah, parse_rupiah, quantize_rupiah, quantize_whole_rupiah
from members.templatetags.members_tags import persen


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("1234567"), "Rp 1.234.567,00"),
        (Decimal("1234567.5"), "Rp 1.234.567,50"),
        (Decimal("0"), "Rp 0,00"),
        (Decimal("-0.004"), "Rp 0,00"),
        (Decimal("-1234567.89"), "-Rp 1.234.567,89"),
        (Decimal("999.995"), "Rp 1.000,00"),
        (Decimal("12"), "Rp 12,00"),
        (123456789012, "Rp 123.456.789.012,00"),
    ],
)
def test_rupiah_format(amount, shown):
    assert rupiah(amount) == shown


def test_rupiah_filter_in_a_template_and_empty_values():
    template = Template("{{ a|rupiah }}|{{ b|rupiah }}|{{ c|rupiah:0 }}")
    assert template.render(Context({"a": Decimal("5000"), "b": None, "c": Decimal("7500.4")})) == (
        "Rp 5.000,00||Rp 7.500"
    )


def test_numbers_use_dot_thousands_and_comma_decimals():
    assert angka(Decimal("3026")) == "3.026"
    assert angka(Decimal("31.3725"), 2) == "31,37"
    assert angka(Decimal("-0.5"), 1) == "-0,5"


def test_money_refuses_floats():
    with pytest.raises(TypeError):
        format_rupiah(0.1)
    with pytest.raises(TypeError):
        quantize_rupiah(0.1)


def test_rounding_edges_are_half_up():
    assert quantize_rupiah(Decimal("0.005")) == Decimal("0.01")
    assert quantize_rupiah(Decimal("-0.005")) == Decimal("-0.01")
    assert quantize_whole_rupiah(Decimal("933333.5")) == Decimal("933334.00")


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Rp 1.234.567,00", Decimal("1234567.00")),
        ("1.234.567", Decimal("1234567")),
        ("-Rp 5.000,5", Decimal("-5000.5")),
        ("(Rp 10.000)", Decimal("-10000")),
        ("Rp0", Decimal("0")),
    ],
)
def test_parse_rupiah(text, amount):
    assert parse_rupiah(text) == amount


def test_parse_rupiah_rejects_text():
    with pytest.raises(ValueError):
        parse_rupiah("seribu")


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("500.000", Decimal("500000")),  # five hundred thousand, not five hundred
        ("1.500.000", Decimal("1500000")),
        ("1.500.000,50", Decimal("1500000.50")),
        ("1500000", Decimal("1500000")),
        ("1500000,5", Decimal("1500000.5")),
        ("1500000.00", Decimal("1500000.00")),  # what Python and the browser write
        (" Rp 1.500.000 ", Decimal("1500000")),
        ("Rp 1.500.000,-", Decimal("1500000")),
        ("Rp. 25.000", Decimal("25000")),
    ],
)
def test_item_4_amounts_are_read_as_the_person_means_them(text, amount):
    assert parse_rupiah(text) == amount


@pytest.mark.parametrize("text", ["1,500", "1,500,000", "10,000"])
def test_item_4_english_grouping_is_refused_as_ambiguous(text):
    with pytest.raises(AmountError) as refused:
        parse_rupiah(text)
    assert refused.value.ambiguous


@pytest.mark.parametrize("text", ["1.50.000", "1.5.0", "Rp", "1.500.000,5,0"])
def test_item_4_malformed_amounts_are_refused(text):
    with pytest.raises(AmountError) as refused:
        parse_rupiah(text)
    assert not refused.value.ambiguous


@pytest.mark.parametrize(
    ("quantity", "shown"),
    [("36.000", "36"), ("2.500", "2,5"), ("1234.125", "1.234,125"), ("0.000", "0")],
)
def test_item_4_quantities_print_without_needless_decimals(quantity, shown):
    assert kuantitas(Decimal(quantity)) == shown


@pytest.mark.parametrize(
    ("rate", "shown"), [("0.18", "18 %"), ("0.015", "1,5 %"), ("0.0125", "1,25 %"), ("0.123456", "12,35 %")]
)
def test_item_4_rates_print_without_needless_decimals(rate, shown):
    assert persen(Decimal(rate)) == shown


def test_item_4_an_amount_field_shows_grouping_and_explains_what_it_refuses():
    field = AmountField()
    assert field.prepare_value(Decimal("1500000.00")) == "1.500.000"
    assert field.prepare_value(Decimal("1500000.50")) == "1.500.000,50"
    assert field.clean("1.500.000") == Decimal("1500000")
    with pytest.raises(ValidationError) as refused:
        field.clean("1,500,000")
    assert refused.value.code == "ambiguous" and "1.500.000,50" in refused.value.messages[0]
    html = field.widget.render("amount", field.prepare_value(Decimal("250000")))
    assert 'inputmode="decimal"' in html and "data-amount" in html and 'value="250.000"' in html


def test_dates_in_indonesian_by_default_and_english_on_request():
    day = datetime.date(2026, 8, 24)
    with translation.override("id"):
        assert tanggal(day) == "24 Agu 2026"
        assert tanggal(datetime.date(2026, 11, 24)) == "24 Nov 2026"
    with translation.override("en"):
        assert tanggal(day) == "24 Aug 2026"
    assert tanggal(None) == ""


def test_aware_datetimes_are_shown_on_the_jakarta_calendar():
    late_utc = datetime.datetime(2026, 11, 24, 20, 0, tzinfo=datetime.UTC)  # 03:00 next day in WIB
    with translation.override("id"):
        assert tanggal(late_utc) == "25 Nov 2026"
