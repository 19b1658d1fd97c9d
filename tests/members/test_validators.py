"""NIK checks and the member model's own validation."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from members.models import Member, Sex
from members.validators import decode_nik, make_nik, nik_agreement_errors, nik_errors, validate_nik

TODAY = datetime.date(2026, 11, 25)
# Jawa Barat, Kab. Bandung, a district; a man born 17 Aug 1975; serial 0001.
MAN = "3204101708750001"
# The same district, a woman born 5 Mar 1990 (day 05 + 40 = 45).
WOMAN = "3204104503900002"


def test_a_plausible_nik_decodes_to_province_birth_date_and_sex():
    info = decode_nik(MAN, today=TODAY)
    assert (info.province, info.birth_date, info.sex, info.serial) == (
        "Jawa Barat",
        datetime.date(1975, 8, 17),
        "L",
        "0001",
    )
    woman = decode_nik(WOMAN, today=TODAY)
    assert (woman.birth_date, woman.sex) == (datetime.date(1990, 3, 5), "P")


def test_two_digit_year_is_the_latest_century_not_in_the_future():
    assert decode_nik("3204101708050001", today=TODAY).birth_date == datetime.date(2005, 8, 17)
    assert decode_nik("3204101712260001", today=TODAY).birth_date == datetime.date(1926, 12, 17)


@pytest.mark.parametrize(
    ("nik", "fragment"),
    [
        ("320410170875000", "16 digits"),
        ("32041017087500011", "16 digits"),
        ("3204101708750O01", "16 digits"),
        ("３２０４１０１７０８７５０００１", "16 digits"),
        ("9904101708750001", "province"),
        ("2004101708750001", "province"),
        ("3200101708750001", "regency"),
        ("3204001708750001", "regency"),
        ("3204103208750001", "birth date"),
        ("3204107208750001", "birth date"),
        ("3204101713750001", "birth date"),
        ("3204102902010001", "birth date"),
        ("3204101708750000", "0000"),
    ],
)
def test_implausible_niks_are_named(nik, fragment):
    errors = nik_errors(nik, today=TODAY)
    assert errors and fragment in " ".join(errors)


def test_a_leap_day_is_read_in_the_century_that_has_it():
    assert decode_nik("3204102902000001", today=TODAY).birth_date == datetime.date(2000, 2, 29)


def test_birth_date_and_sex_must_agree_with_the_nik():
    assert nik_agreement_errors(MAN, datetime.date(1975, 8, 17), "L", today=TODAY) == {}
    errors = nik_agreement_errors(MAN, datetime.date(1975, 8, 18), "P", today=TODAY)
    assert set(errors) == {"birth_date", "sex"}
    assert "17-08-75" in errors["birth_date"][0]
    # The century is not in the NIK: only the last two digits of the year are compared.
    assert nik_agreement_errors(MAN, datetime.date(1875, 8, 17), "L", today=TODAY) == {}


def test_make_nik_round_trips():
    nik = make_nik("331708", datetime.date(1980, 12, 19), "P", 4)
    assert nik == "3317085912800004"
    assert decode_nik(nik).sex == "P"
    with pytest.raises(ValueError):
        make_nik("33170", datetime.date(1980, 1, 1), "L", 1)


def test_django_validator_raises_with_code():
    validate_nik(MAN)
    with pytest.raises(ValidationError) as caught:
        validate_nik("123")
    assert caught.value.error_list[0].code == "invalid_nik"


def test_messages_are_translated(settings):
    from django.utils import translation

    with translation.override("en"):
        assert nik_errors("1")[0] == "The NIK must be exactly 16 digits."


def test_member_clean_checks_nik_agreement_and_date_order():
    member = Member(
        nik=MAN, name="Budi", sex=Sex.FEMALE, birth_date=datetime.date(1975, 8, 17), join_date=datetime.date(1970, 1, 1)
    )
    with pytest.raises(ValidationError) as caught:
        member.clean()
    assert set(caught.value.message_dict) == {"sex", "join_date"}
