"""Importing the member register from a CSV or XLSX file — all rows or none.

Every row is checked first (required fields, NIK, dates, choices, duplicates inside the file and
against the cooperative's members). If any row is invalid nothing is imported and the caller gets
one :class:`RowError` per row and column, which :func:`error_report_csv` turns into a downloadable
report. A valid file is imported in one transaction, under the member-number lock.

Columns (first row; case, spaces and ``-`` do not matter; English names in brackets also work):

=================  =========  =================================================================
column             required   content
=================  =========  =================================================================
no_anggota         no         historic member number (whole number); empty → next free number
nik                yes        16 digits (format the column as *Text* in spreadsheets: Excel keeps
                              only 15 significant digits of numbers)
nama               yes        full name
jenis_kelamin      yes        L / P (also laki-laki, perempuan, pria, wanita)
tanggal_lahir      yes        YYYY-MM-DD or DD/MM/YYYY (or a spreadsheet date); must match the NIK
alamat             no         address
telepon            no         phone
pekerjaan          no         petani, peternak, nelayan, pedagang, pengrajin, karyawan, lainnya
                              (empty → lainnya)
kelompok_tani      no         farmer group name
tanggal_masuk      yes        join date, as tanggal_lahir; not in the future
status             no         anggota (default), calon anggota, keluar
tanggal_keluar     with       exit date (needed, and only allowed, when status is keluar)
                   keluar
alasan_keluar      with       reason for leaving (needed when status is keluar)
                   keluar
=================  =========  =================================================================

English aliases: member_no, nik, name, sex, birth_date, address, phone, occupation, farmer_group,
join_date, status, exit_date, exit_reason. Unknown columns are ignored. Row numbers in the report
are the spreadsheet's (the header is row 1).
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.core.spreadsheets import csv_text
from koperasi.tenancy.context import current_cooperative_id
from members import locks, services
from members.models import Member, MemberStatus, Occupation, Sex
from members.validators import nik_agreement_errors, nik_errors

MAX_ROWS = 10_000
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_SHEET_LINES = 2 * MAX_ROWS  # lines of a sheet read at most, blank ones included
MAX_COLUMNS = 60

COLUMNS = (
    "no_anggota",
    "nik",
    "nama",
    "jenis_kelamin",
    "tanggal_lahir",
    "alamat",
    "telepon",
    "pekerjaan",
    "kelompok_tani",
    "tanggal_masuk",
    "status",
    "tanggal_keluar",
    "alasan_keluar",
)
REQUIRED = ("nik", "nama", "jenis_kelamin", "tanggal_lahir", "tanggal_masuk")
ALIASES = {
    "member_no": "no_anggota",
    "nomor_anggota": "no_anggota",
    "no": "no_anggota",
    "name": "nama",
    "nama_lengkap": "nama",
    "sex": "jenis_kelamin",
    "jk": "jenis_kelamin",
    "l/p": "jenis_kelamin",
    "birth_date": "tanggal_lahir",
    "tgl_lahir": "tanggal_lahir",
    "address": "alamat",
    "phone": "telepon",
    "no_hp": "telepon",
    "hp": "telepon",
    "occupation": "pekerjaan",
    "farmer_group": "kelompok_tani",
    "join_date": "tanggal_masuk",
    "tgl_masuk": "tanggal_masuk",
    "exit_date": "tanggal_keluar",
    "exit_reason": "alasan_keluar",
}
MAX_LENGTHS = {"nama": 150, "telepon": 30, "kelompok_tani": 150, "alasan_keluar": 300}
SEXES = {"l": Sex.MALE, "laki-laki": Sex.MALE, "laki laki": Sex.MALE, "pria": Sex.MALE, "m": Sex.MALE}
SEXES |= {"p": Sex.FEMALE, "perempuan": Sex.FEMALE, "wanita": Sex.FEMALE, "f": Sex.FEMALE}
STATUSES = {
    "": MemberStatus.MEMBER,
    "anggota": MemberStatus.MEMBER,
    "calon": MemberStatus.CANDIDATE,
    "calon anggota": MemberStatus.CANDIDATE,
    "calon_anggota": MemberStatus.CANDIDATE,
    "keluar": MemberStatus.EXITED,
}
HEADER_ROW = 1


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    created: list[Member] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_rows(self) -> int:
        return len({error.row for error in self.errors})


class ImportFileError(ValueError):
    """The file cannot be read at all (wrong type, not a spreadsheet, too large)."""


def normalise_header(text: object) -> str:
    name = " ".join(str(text or "").replace("*", "").strip().lower().split())
    name = name.replace(" ", "_").replace("-", "_")
    return ALIASES.get(name, name)


def _cell(value: object) -> object:
    """Spreadsheet cells as text, except dates (kept as dates) and numbers with decimals (kept as Decimal:
    a number cell 20.125 is twenty and a bit; the text "20.125" is twenty thousand)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return Decimal(repr(value))
    return str(value).strip()


def read_table(content: bytes, filename: str) -> list[list[object]]:
    """The file's first sheet as rows of cells (header first)."""
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError(_("The file is larger than 5 MB."))
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(content)
    if suffix in (".csv", ".txt"):
        return _read_csv(content)
    raise ImportFileError(_("Upload a .csv or .xlsx file."))


def _read_csv(content: bytes) -> list[list[object]]:
    """UTF-8 (with or without a byte-order mark), UTF-16 with its mark (spreadsheet programmes' "Unicode
    text"), else Windows-1252 (their "CSV" on Windows)."""
    try:
        if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = content.decode("utf-16")
        else:
            text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    # Spreadsheet programmes in Indonesian locales save CSV with ";" (the decimal mark is ",").
    delimiter = max((";", ",", "\t"), key=first_line.count)
    return [[_cell(value) for value in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(content: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several types for a broken or foreign file
        raise ImportFileError(_("The file is not a readable .xlsx workbook.")) from error
    try:
        sheet = workbook.worksheets[0]
        # A few compressed megabytes can hold millions of rows (a "zip bomb"): stop reading past
        # MAX_SHEET_LINES (blank lines included) and refuse the file, rather than truncate it.
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        table = [[_cell(value) for value in row] for row in itertools.islice(rows, MAX_SHEET_LINES + 1)]
    except Exception as error:  # a sheet that opens but does not read (broken XML inside the zip)
        raise ImportFileError(_("The file is not a readable .xlsx workbook.")) from error
    finally:
        workbook.close()
    if len(table) > MAX_SHEET_LINES:
        raise ImportFileError(_("The sheet has more than %(count)d lines.") % {"count": MAX_SHEET_LINES})
    return table


def parse_date(value: object) -> datetime.date | None:
    """YYYY-MM-DD, DD/MM/YYYY (also DD-MM-YYYY) or a spreadsheet date; None when unreadable."""
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _occupation(text: str) -> str | None:
    key = text.strip().lower()
    if not key:
        return Occupation.OTHER
    for value, label in Occupation.choices:
        if key in (value, str(label).lower()):
            return value
    return None


@dataclass
class _Row:
    number: int
    raw: dict[str, object]
    fields: dict[str, object] = field(default_factory=dict)


class _Checker:
    """Collects errors per row and column while turning raw cells into member fields."""

    def __init__(self) -> None:
        self.errors: list[RowError] = []

    def add(self, row: _Row, column: str, message: str) -> None:
        value = row.raw.get(column, "")
        text = value.isoformat() if isinstance(value, datetime.date) else str(value)
        self.errors.append(RowError(row.number, column, text, str(message)))

    def text(self, row: _Row, column: str) -> str:
        value = row.raw.get(column, "")
        return value.isoformat() if isinstance(value, datetime.date) else str(value).strip()

    def check_row(self, row: _Row, today: datetime.date) -> None:
        fields = row.fields
        for column in REQUIRED:
            if not self.text(row, column):
                self.add(row, column, _("This column is required."))
        for column, limit in MAX_LENGTHS.items():
            if len(self.text(row, column)) > limit:
                self.add(row, column, _("At most %(count)d characters.") % {"count": limit})

        number = self.text(row, "no_anggota")
        if number:
            if number.isdigit() and 0 < int(number) < 2**31:
                fields["member_no"] = int(number)
            else:
                self.add(row, "no_anggota", _("The member number must be a whole number above 0."))

        nik = self.text(row, "nik")
        fields["nik"] = nik
        if nik:
            for message in nik_errors(nik, today=today):
                self.add(row, "nik", message)
        fields["name"] = self.text(row, "nama")

        sex_text = self.text(row, "jenis_kelamin")
        fields["sex"] = SEXES.get(sex_text.lower())
        if sex_text and fields["sex"] is None:
            self.add(row, "jenis_kelamin", _("Use L (male) or P (female)."))

        for column, name in (("tanggal_lahir", "birth_date"), ("tanggal_masuk", "join_date")):
            fields[name] = self.date(row, column)
        birth, joined = fields["birth_date"], fields["join_date"]
        if birth and birth > today:
            self.add(row, "tanggal_lahir", _("The birth date cannot be in the future."))
        if joined and joined > today:
            self.add(row, "tanggal_masuk", _("The join date cannot be in the future."))
        if birth and joined and joined <= birth:
            self.add(row, "tanggal_masuk", _("The join date must be after the birth date."))
        if nik and not nik_errors(nik, today=today):
            agreement = nik_agreement_errors(nik, birth, fields["sex"], today=today)
            for name, messages in agreement.items():
                for message in messages:
                    self.add(row, "tanggal_lahir" if name == "birth_date" else "jenis_kelamin", message)

        fields["address"] = self.text(row, "alamat")
        fields["phone"] = self.text(row, "telepon")
        fields["farmer_group"] = self.text(row, "kelompok_tani")
        fields["occupation"] = _occupation(self.text(row, "pekerjaan"))
        if fields["occupation"] is None:
            choices = ", ".join(Occupation.values)
            self.add(row, "pekerjaan", _("Unknown occupation; use one of: %(choices)s.") % {"choices": choices})

        status = STATUSES.get(self.text(row, "status").lower())
        fields["status"] = status
        if status is None:
            self.add(row, "status", _("Use anggota, calon anggota or keluar."))
        exit_text, reason = self.text(row, "tanggal_keluar"), self.text(row, "alasan_keluar")
        fields["exit_date"], fields["exit_reason"] = None, reason
        if status == MemberStatus.EXITED:
            if not exit_text:
                self.add(row, "tanggal_keluar", _("A member who left needs the exit date."))
            else:
                fields["exit_date"] = self.date(row, "tanggal_keluar")
                if fields["exit_date"] and joined and fields["exit_date"] < joined:
                    self.add(row, "tanggal_keluar", _("The exit date cannot be before the join date."))
                if fields["exit_date"] and fields["exit_date"] > today:
                    self.add(row, "tanggal_keluar", _("The exit date cannot be in the future."))
            if not reason:
                self.add(row, "alasan_keluar", _("A member who left needs the reason for leaving."))
        elif status is not None and (exit_text or reason):
            column = "tanggal_keluar" if exit_text else "alasan_keluar"
            self.add(row, column, _("Only a member with status keluar has an exit date and reason."))

    def date(self, row: _Row, column: str) -> datetime.date | None:
        value = row.raw.get(column, "")
        if value == "" or value is None:
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.add(row, column, _("Write the date as YYYY-MM-DD or DD/MM/YYYY."))
        return parsed


def _rows_of(table: list[list[object]], checker: _Checker) -> list[_Row]:
    if not table:
        checker.errors.append(RowError(HEADER_ROW, "", "", _("The file is empty.")))
        return []
    headers = [normalise_header(cell) for cell in table[0]]
    for column in REQUIRED:
        if column not in headers:
            checker.errors.append(RowError(HEADER_ROW, column, "", _("The required column is missing.")))
    seen: set[str] = set()
    for header in headers:
        if header in COLUMNS and header in seen:
            checker.errors.append(RowError(HEADER_ROW, header, "", _("The column appears twice.")))
        seen.add(header)
    rows = []
    for index, cells in enumerate(table[1:], start=HEADER_ROW + 1):
        raw = {
            header: cells[position]
            for position, header in enumerate(headers)
            if header in COLUMNS and position < len(cells)
        }
        if all(value in ("", None) for value in raw.values()):
            continue  # blank lines between or after the rows
        rows.append(_Row(index, raw))
    if not rows and not checker.errors:
        checker.errors.append(RowError(HEADER_ROW, "", "", _("The file has no member rows.")))
    if len(rows) > MAX_ROWS:
        checker.errors.append(RowError(HEADER_ROW, "", "", _("At most %(count)d rows per file.") % {"count": MAX_ROWS}))
    return rows


def _check_duplicates(rows: list[_Row], checker: _Checker) -> None:
    """Duplicates inside the file, then against the cooperative's members (two queries)."""
    first_nik: dict[str, int] = {}
    first_number: dict[int, int] = {}
    for row in rows:
        nik, number = row.fields.get("nik"), row.fields.get("member_no")
        if nik:
            if nik in first_nik:
                checker.add(row, "nik", _("The same NIK is also in row %(row)d.") % {"row": first_nik[nik]})
            else:
                first_nik[nik] = row.number
        if number:
            if number in first_number:
                checker.add(
                    row,
                    "no_anggota",
                    _("The same member number is also in row %(row)d.") % {"row": first_number[number]},
                )
            else:
                first_number[number] = row.number
    taken_niks = dict(Member.objects.filter(nik__in=list(first_nik)).values_list("nik", "member_no"))
    taken_numbers = set(Member.objects.filter(member_no__in=list(first_number)).values_list("member_no", flat=True))
    for row in rows:
        nik, number = row.fields.get("nik"), row.fields.get("member_no")
        if nik in taken_niks and first_nik.get(nik) == row.number:
            checker.add(
                row,
                "nik",
                _("Member no. %(number)s already has this NIK.") % {"number": taken_niks[nik]},
            )
        if number in taken_numbers and first_number.get(number) == row.number:
            checker.add(row, "no_anggota", _("This member number is already taken."))


def check_table(table: list[list[object]], *, today: datetime.date | None = None) -> tuple[list[_Row], list[RowError]]:
    """Every row checked: the rows with their member fields, and every error found."""
    today = today or timezone.localdate()
    checker = _Checker()
    rows = _rows_of(table, checker)
    if checker.errors:
        return rows, sorted(checker.errors, key=lambda error: error.row)
    for row in rows:
        checker.check_row(row, today)
    _check_duplicates(rows, checker)
    order = {column: index for index, column in enumerate(COLUMNS)}
    return rows, sorted(checker.errors, key=lambda error: (error.row, order.get(error.column, -1)))


def import_members(*, actor, content: bytes, filename: str, today: datetime.date | None = None) -> ImportResult:
    """Check the whole file; import every row in one transaction, or nothing and report the errors.

    Raises :class:`ImportFileError` when the file cannot be read at all.
    """
    table = read_table(content, filename)
    with transaction.atomic():
        # Registrations take the same lock, so no NIK or number can be taken between check and insert.
        locks.lock_member_sequence()
        rows, errors = check_table(table, today=today)
        result = ImportResult(rows=len(rows), errors=errors)
        if errors:
            return result
        given = [row.fields["member_no"] for row in rows if row.fields.get("member_no")]
        if given:
            services.raise_sequence_to(max(given))
        fresh = iter(services.allocate_member_numbers(sum(1 for row in rows if not row.fields.get("member_no"))))
        cooperative_id = current_cooperative_id()
        members = []
        for row in rows:
            fields = dict(row.fields)
            status = fields.pop("status")
            member = Member(**{key: value for key, value in fields.items() if key != "member_no"})
            member.cooperative_id = cooperative_id
            member.member_no = fields.get("member_no") or next(fresh)
            member.status = status
            if status in (MemberStatus.MEMBER, MemberStatus.EXITED):
                member.admitted_on = member.join_date
            members.append(member)
        created = Member.objects.bulk_create(members, batch_size=500)
        numbers = [member.member_no for member in created]
        record_event(
            "member.imported",
            actor=actor,
            cooperative_id=cooperative_id,
            after={
                "file": PurePath(filename).name[:100],
                "count": len(created),
                "numbers": [min(numbers), max(numbers)],
            },
        )
        result.created = created
        return result


REPORT_HEADERS = ("baris", "kolom", "nilai", "pesan")


def error_report_csv(errors: list[RowError]) -> str:
    """The per-row, per-column error report (columns baris, kolom, nilai, pesan), UTF-8 with BOM so
    spreadsheet programmes open it with the right characters; values echoed from the upload cannot
    run as formulas (``koperasi.core.spreadsheets``)."""
    return csv_text([REPORT_HEADERS, *((error.row, error.column, error.value, error.message) for error in errors)])
