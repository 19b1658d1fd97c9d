"""Importing members from CSV and XLSX: every row checked, all imported or none."""

import csv
import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook

from koperasi.accounts.models import AuditEvent
from members import importing
from members.models import Member, MemberSequence, MemberStatus
from members.validators import make_nik
from tests.factories.members import MemberFactory

pytestmark = pytest.mark.django_db

HEADER = "no_anggota,nik,nama,jenis_kelamin,tanggal_lahir,alamat,telepon,pekerjaan,kelompok_tani,tanggal_masuk,status"
ASEP = make_nik("321805", datetime.date(1972, 3, 14), "L", 1)
EUIS = make_nik("321805", datetime.date(1979, 6, 21), "P", 2)
DEDI = make_nik("321805", datetime.date(1968, 11, 2), "L", 3)

VALID_CSV = f"""{HEADER}
,{ASEP},Asep Saepudin,L,1972-03-14,Desa Cikalong,0812,petani,Mekarsari,2019-01-15,anggota
,{EUIS},Euis Kurniasih,P,21/06/1979,,,pengrajin,,15/01/2019,calon anggota
,{DEDI},Dedi Supriadi,laki-laki,1968-11-02,,,Petani,Mekarsari,2019-01-15,
"""


def run(content, filename="anggota.csv", actor=None):
    if isinstance(content, str):
        content = content.encode()
    return importing.import_members(actor=actor, content=content, filename=filename, today=datetime.date(2026, 1, 1))


def test_a_valid_csv_imports_every_row_in_order(in_coop, manager):
    result = run(VALID_CSV, actor=manager)
    assert result.ok and len(result.created) == 3
    members = list(Member.objects.order_by("member_no"))
    assert [(m.member_no, m.name, m.status) for m in members] == [
        (1, "Asep Saepudin", MemberStatus.MEMBER),
        (2, "Euis Kurniasih", MemberStatus.CANDIDATE),
        (3, "Dedi Supriadi", MemberStatus.MEMBER),
    ]
    assert members[0].admitted_on == datetime.date(2019, 1, 15) and members[1].admitted_on is None
    assert members[1].birth_date == datetime.date(1979, 6, 21) and members[1].sex == "P"
    assert members[2].occupation == "petani" and members[2].farmer_group == "Mekarsari"
    assert MemberSequence.objects.get().last_number == 3
    event = AuditEvent.objects.get(action="member.imported")
    assert event.after["count"] == 3 and event.actor == manager


def test_semicolon_csv_with_english_headers_and_bom(in_coop):
    text = f"\ufeffname;nik;sex;birth_date;join_date\nAsep;{ASEP};L;14/03/1972;2019-01-15\n"
    result = run(text.encode("utf-8"))
    assert result.ok
    assert Member.objects.get().name == "Asep"


def test_any_invalid_row_imports_nothing_and_reports_each_row_and_column(in_coop):
    bad = VALID_CSV + (
        f",{ASEP},Duplikat,L,1972-03-14,,,petani,,2019-01-15,\n"  # row 5: NIK also in row 2
        ",1234,,X,31/02/1980,,,tukang,,2030-01-01,pensiun\n"  # row 6: many problems
        f",{EUIS},Euis,L,1979-06-22,,,,,2019-01-15,\n"  # row 7: sex and birth date disagree with the NIK
    )
    result = run(bad)
    assert not result.ok
    assert Member.objects.count() == 0
    assert MemberSequence.objects.filter(last_number__gt=0).count() == 0
    by_row = {}
    for error in result.errors:
        by_row.setdefault(error.row, set()).add(error.column)
    assert set(by_row) == {5, 6, 7}
    assert by_row[5] == {"nik"}
    assert by_row[6] == {"nik", "nama", "jenis_kelamin", "tanggal_lahir", "tanggal_masuk", "pekerjaan", "status"}
    assert by_row[7] == {"nik", "tanggal_lahir", "jenis_kelamin"}  # nik: also in row 3
    assert result.error_rows == 3
    assert "row 2" in next(e.message for e in result.errors if e.row == 5)


def test_duplicates_against_existing_members_and_numbers(in_coop):
    existing = MemberFactory(nik=ASEP, birth_date=datetime.date(1972, 3, 14), sex="L")
    text = f"{HEADER}\n{existing.member_no},{ASEP},Asep,L,1972-03-14,,,,,2019-01-15,\n"
    result = run(text)
    assert {(e.row, e.column) for e in result.errors} == {(2, "nik"), (2, "no_anggota")}
    assert Member.objects.count() == 1


def test_given_numbers_are_kept_and_new_ones_continue_above_them(in_coop, manager):
    text = f"{HEADER}\n120,{ASEP},Asep,L,1972-03-14,,,,,2019-01-15,\n,{EUIS},Euis,P,1979-06-21,,,,,2019-01-15,\n"
    assert run(text).ok
    assert sorted(Member.objects.values_list("member_no", flat=True)) == [120, 121]
    assert MemberFactory().member_no == 122


def test_exited_members_need_an_exit_date_and_reason(in_coop):
    header = HEADER + ",tanggal_keluar,alasan_keluar"
    text = (
        f"{header}\n,{ASEP},Asep,L,1972-03-14,,,,,2019-01-15,keluar,2024-05-01,Pindah domisili\n"
        f",{EUIS},Euis,P,1979-06-21,,,,,2019-01-15,keluar,,\n"
        f",{DEDI},Dedi,L,1968-11-02,,,,,2019-01-15,anggota,2024-05-01,\n"
    )
    result = run(text)
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "tanggal_keluar"),
        (3, "alasan_keluar"),
        (4, "tanggal_keluar"),
    }
    ok = run(f"{header}\n,{ASEP},Asep,L,1972-03-14,,,,,2019-01-15,keluar,2024-05-01,Pindah domisili\n")
    assert ok.ok
    member = Member.objects.get()
    assert (member.status, member.exit_date, member.exit_reason) == (
        "keluar",
        datetime.date(2024, 5, 1),
        "Pindah domisili",
    )


def test_missing_required_columns_and_empty_files_are_reported(in_coop):
    result = run("nama,nik\nAsep,1\n")
    assert {(e.row, e.column) for e in result.errors} == {
        (1, "jenis_kelamin"),
        (1, "tanggal_lahir"),
        (1, "tanggal_masuk"),
    }
    assert run(HEADER + "\n\n,,,\n").errors[0].message == "The file has no member rows."
    assert run("").errors[0].row == 1


def test_unreadable_files_raise(in_coop):
    with pytest.raises(importing.ImportFileError):
        run(b"PK\x03\x04garbage", filename="anggota.xlsx")
    with pytest.raises(importing.ImportFileError):
        run(b"%PDF", filename="anggota.pdf")


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


XLSX_HEADER = ["No Anggota", "NIK", "Nama", "Jenis Kelamin", "Tanggal Lahir", "Pekerjaan", "Tanggal Masuk"]


def test_xlsx_with_date_cells_and_numeric_nik_imports(in_coop):
    content = xlsx(
        [
            XLSX_HEADER,
            [None, ASEP, "Asep", "L", datetime.datetime(1972, 3, 14), "petani", datetime.date(2019, 1, 15)],
            [7, int(EUIS), "Euis", "P", "21/06/1979", "pengrajin", "2019-01-15"],
        ]
    )
    result = run(content, filename="ANGGOTA.XLSX")
    assert result.ok, result.errors
    assert sorted(Member.objects.values_list("member_no", "nik")) == [(7, EUIS), (8, ASEP)]


def test_xlsx_errors_are_all_or_nothing_too(in_coop):
    content = xlsx(
        [
            XLSX_HEADER,
            [None, ASEP, "Asep", "L", datetime.date(1972, 3, 14), "petani", datetime.date(2019, 1, 15)],
            [None, "3218051403720009", "Salah", "L", datetime.date(1972, 3, 15), "petani", datetime.date(2019, 1, 15)],
        ]
    )
    result = run(content, filename="anggota.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [(3, "tanggal_lahir")]
    assert Member.objects.count() == 0


def test_error_report_csv_has_one_line_per_error_and_defuses_formulas():
    errors = [importing.RowError(2, "nik", "=HYPERLINK(1)", "The NIK must be exactly 16 digits.")]
    text = importing.error_report_csv(errors)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [
        ["baris", "kolom", "nilai", "pesan"],
        ["2", "nik", "'=HYPERLINK(1)", "The NIK must be exactly 16 digits."],
    ]


# --- hostile and odd files (issue 25): a clear report or refusal, and nothing half-imported ---------------------


def test_a_file_over_5_mb_is_refused_before_it_is_read(in_coop):
    with pytest.raises(importing.ImportFileError, match="larger than 5 MB"):
        run(VALID_CSV.encode() + b"," * (5 * 1024 * 1024))
    assert not Member.objects.exists()


def test_a_workbook_of_more_lines_than_a_file_may_have_is_refused_not_truncated(in_coop, monkeypatch):
    # A few compressed megabytes of XLSX can unpack to millions of rows: reading stops at the limit.
    monkeypatch.setattr(importing, "MAX_SHEET_LINES", 40)
    rows = [["Anggota", ASEP, f"Anggota {n}", "L", "1972-03-14", "", "2019-01-15"] for n in range(60)]
    with pytest.raises(importing.ImportFileError, match="more than 40 lines"):
        run(xlsx([XLSX_HEADER, *rows]), filename="anggota.xlsx")
    assert not Member.objects.exists()


def test_a_zip_that_opens_as_a_workbook_but_holds_broken_xml_is_refused(in_coop):
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx([XLSX_HEADER])), "r") as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, b"<worksheet><sheetData><row>" if item.filename.endswith("sheet1.xml") else data)
    with pytest.raises(importing.ImportFileError, match=r"not a readable \.xlsx"):
        run(buffer.getvalue(), filename="anggota.xlsx")


def test_wrong_types_in_cells_are_reported_per_row_and_column(in_coop):
    text = f"{HEADER}\n,{ASEP},Asep,L,kemarin,,,petani,,2019-01-15,anggota\n,12AB,Euis,X,1979-06-21,,,,,2019-01-15,\n"
    result = run(text)
    assert not result.ok and not Member.objects.exists()
    assert {(e.row, e.column) for e in result.errors} >= {(2, "tanggal_lahir"), (3, "nik"), (3, "jenis_kelamin")}


def test_a_formula_in_a_cell_is_kept_as_text_and_every_csv_we_write_defuses_it(in_coop):
    formula = '=HYPERLINK("http://contoh.invalid","klik")'
    result = run(f'{HEADER}\n,{ASEP},"{formula.replace(chr(34), chr(34) * 2)}",L,1972-03-14,,,petani,,2019-01-15,\n')
    assert result.ok and Member.objects.get().name == formula  # stored as typed, never evaluated
    from koperasi.core.spreadsheets import csv_text

    assert next(csv.reader(io.StringIO(csv_text([[formula]], bom=False)))) == ["'" + formula]


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252", "utf-8-sig"])
def test_the_encodings_spreadsheet_programmes_save_in_are_read(in_coop, encoding):
    text = f"nama;nik;jenis_kelamin;tanggal_lahir;tanggal_masuk\nSiti Ma’rifah;{EUIS};P;21/06/1979;2019-01-15\n"
    assert run(text.encode(encoding)).ok
    assert Member.objects.get().name == "Siti Ma’rifah"
