"""Checks of the NIK (Nomor Induk Kependudukan, the 16-digit Indonesian identity number).

Layout of a NIK, digit by digit (1-based):

* 1–2   province code (kode provinsi, Kemendagri), one of ``PROVINCE_CODES``
* 3–4   regency/city (kabupaten/kota) within the province — not ``00``
* 5–6   district (kecamatan) within the regency — not ``00``
* 7–12  birth date as DDMMYY; women have 40 added to the day (a woman born on the 5th has ``45``)
* 13–16 serial number of people registered with that date in that district — not ``0000``

The functions here are pure (no database); they return error messages per field, translated with
gettext, so forms, the API and the importer report the same messages. The two-digit year is read as
the latest century that does not put the birth in the future.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Kemendagri province codes. 91–96: Papua and Papua Barat, and the provinces split from them in 2022
# (Papua Selatan, Papua Tengah, Papua Pegunungan, Papua Barat Daya); NIKs issued before keep 91/92.
PROVINCE_CODES: dict[str, str] = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}

FEMALE_DAY_OFFSET = 40
MALE, FEMALE = "L", "P"


@dataclass(frozen=True)
class NikInfo:
    province_code: str
    regency_code: str  # 4 digits: province + regency
    district_code: str  # 6 digits: province + regency + district
    birth_date: datetime.date
    sex: str  # "L" or "P"
    serial: str

    @property
    def province(self) -> str:
        return PROVINCE_CODES[self.province_code]


def _birth_date(day: int, month: int, year_2: int, today: datetime.date) -> datetime.date | None:
    """The date for DDMMYY: the latest century that is not in the future (2000s, else 1900s)."""
    for century in (2000, 1900):
        try:
            candidate = datetime.date(century + year_2, month, day)
        except ValueError:
            continue  # 29 Feb of a non-leap century year: try the other century
        if candidate <= today:
            return candidate
    return None


def nik_errors(nik: str, *, today: datetime.date | None = None) -> list[str]:
    """Messages for everything wrong with ``nik`` alone; an empty list when it is plausible."""
    today = today or datetime.date.today()
    if len(nik) != 16 or not nik.isascii() or not nik.isdigit():
        return [_("The NIK must be exactly 16 digits.")]
    errors = []
    if nik[:2] not in PROVINCE_CODES:
        errors.append(_("The NIK starts with %(code)s, which is not an Indonesian province code.") % {"code": nik[:2]})
    if nik[2:4] == "00" or nik[4:6] == "00":
        errors.append(_("Digits 3–6 of the NIK must name a regency and a district (not 00)."))
    day, month, year_2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > FEMALE_DAY_OFFSET:
        day -= FEMALE_DAY_OFFSET
    if _birth_date(day, month, year_2, today) is None:
        errors.append(
            _("Digits 7–12 of the NIK do not encode a birth date (DDMMYY, with 40 added to the day for women).")
        )
    if nik[12:] == "0000":
        errors.append(_("The last four digits of the NIK cannot be 0000."))
    return errors


def decode_nik(nik: str, *, today: datetime.date | None = None) -> NikInfo | None:
    """What the NIK encodes, or None when it is not plausible (see :func:`nik_errors`)."""
    today = today or datetime.date.today()
    if nik_errors(nik, today=today):
        return None
    day, month, year_2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = FEMALE if day > FEMALE_DAY_OFFSET else MALE
    if sex == FEMALE:
        day -= FEMALE_DAY_OFFSET
    birth = _birth_date(day, month, year_2, today)
    assert birth is not None  # nik_errors checked it
    return NikInfo(nik[:2], nik[:4], nik[:6], birth, sex, nik[12:])


def nik_agreement_errors(
    nik: str, birth_date: datetime.date | None, sex: str | None, *, today: datetime.date | None = None
) -> dict[str, list[str]]:
    """Field errors when the birth date or sex disagree with what a plausible NIK encodes.

    The NIK carries only two digits of the year, so the year is compared modulo 100.
    """
    info = decode_nik(nik, today=today)
    if info is None:
        return {}
    errors: dict[str, list[str]] = {}
    if birth_date is not None and (birth_date.day, birth_date.month, birth_date.year % 100) != (
        info.birth_date.day,
        info.birth_date.month,
        info.birth_date.year % 100,
    ):
        errors["birth_date"] = [
            _("The birth date does not match the NIK, which encodes %(date)s.")
            % {"date": info.birth_date.strftime("%d-%m-") + nik[10:12]}
        ]
    if sex in (MALE, FEMALE) and sex != info.sex:
        errors["sex"] = [_("The sex does not match the NIK (for women 40 is added to the day of birth).")]
    return errors


def validate_nik(value: str) -> None:
    """Django field validator: the NIK on its own (format, province, birth date, serial)."""
    errors = nik_errors(value or "")
    if errors:
        raise ValidationError([ValidationError(message, code="invalid_nik") for message in errors])


def make_nik(district_code: str, birth_date: datetime.date, sex: str, serial: int) -> str:
    """A NIK with these parts (demo data and test factories): ``make_nik("320410", date, "P", 1)``."""
    if len(district_code) != 6 or not district_code.isdigit():
        raise ValueError("district_code must be 6 digits (province, regency, district)")
    if not 1 <= serial <= 9999:
        raise ValueError("serial must be between 1 and 9999")
    day = birth_date.day + (FEMALE_DAY_OFFSET if sex == FEMALE else 0)
    return f"{district_code}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"
