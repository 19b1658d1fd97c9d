"""The member portal: a member sees their own balances, history, loans with schedule and arrears,
and simulations — nothing of another member, ever (their ids answer 404)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.models import Role, RoleAssignment
from members import portal_sections, services
from members.loans.models import LoanProduct
from members.portal import SECTION_ROWS
from members.portal_sections import PortalRow, PortalSection
from tests.factories.accounts import UserFactory
from tests.factories.members import ActiveMemberFactory, disbursed_loan, funded_account
from tests.factories.tenancy import user_with_role
from tests.members.page_errors import page_errors
from waserda.selectors import portal_purchases

pytestmark = pytest.mark.django_db
D = Decimal


def url(name, coop, **kwargs):
    return reverse(f"members:{name}", kwargs={"slug": coop.slug, **kwargs})


@pytest.fixture
def two_members(coop, manager):
    """Members X (linked to user "siti") and Y (linked to "budi"), each with savings and a loan."""
    with cooperative_context(coop.pk):
        result = {}
        for username, name in (("siti", "Siti Aminah"), ("budi", "Budi Santoso")):
            member = ActiveMemberFactory(name=name)
            user = UserFactory(username=username)
            services.link_user(actor=manager, member=member, user=user)
            account = funded_account("150000", member=member)
            funded_account("100000", member=member, kind="pokok")
            loan = disbursed_loan("1200000", 12, member=member, on=datetime.date(2026, 1, 10))
            result[username] = {"member": member, "user": user, "account": account, "loan": loan}
        return result


def test_a_member_sees_their_balances_loans_and_arrears(client, coop, two_members):
    me = two_members["siti"]
    client.force_login(me["user"])
    html = client.get(url("portal", coop)).content.decode()
    assert "Siti Aminah" in html and "Budi Santoso" not in html
    assert 'data-testid="balance-sukarela"' in html and "Rp 150.000" in html
    assert 'data-testid="savings-total"' in html and "Rp 250.000" in html
    assert me["loan"].number in html and two_members["budi"]["loan"].number not in html
    assert "badge bad" in html  # the loan is in arrears (no instalment paid since February)
    history = client.get(url("portal-savings", coop, pk=me["account"].pk)).content.decode()
    assert "Rp 150.000" in history
    loan_page = client.get(url("portal-loan", coop, pk=me["loan"].pk)).content.decode()
    assert 'data-testid="schedule"' in loan_page and 'data-testid="arrears"' in loan_page


def test_member_x_asking_for_member_ys_ids_gets_404(client, coop, two_members):
    client.force_login(two_members["siti"]["user"])
    other = two_members["budi"]
    assert client.get(url("portal-savings", coop, pk=other["account"].pk)).status_code == 404
    assert client.get(url("portal-loan", coop, pk=other["loan"].pk)).status_code == 404
    for name, pk in (("savings-detail", other["account"].pk), ("loan-detail", other["loan"].pk)):
        assert client.get(url(name, coop, pk=pk)).status_code == 403  # staff pages are not for members
    assert client.get(f"/api/v1/k/{coop.slug}/loans/{other['loan'].pk}/").status_code == 403


def test_a_member_role_without_a_linked_member_sees_nothing(client, coop):
    user = user_with_role(coop, Role.MEMBER, username="tanpa-anggota")
    client.force_login(user)
    assert client.get(url("portal", coop)).status_code == 404


def test_staff_cannot_open_the_portal_without_the_member_role(client, coop, staff):
    client.force_login(staff)
    assert client.get(url("portal", coop)).status_code == 403


def test_the_portal_simulates_a_loan_with_the_cooperatives_products(client, coop, two_members):
    client.force_login(two_members["siti"]["user"])
    with cooperative_context(coop.pk):
        product = LoanProduct.objects.get(code="umum")
    response = client.get(
        url("portal-simulation", coop), {"product": product.pk, "amount": "1200000", "term_periods": 12}
    )
    assert response.status_code == 200 and 'data-testid="simulation-result"' in response.content.decode()
    assert "Rp 118.000" in response.content.decode()  # 100,000 + 1.5 % × 1,200,000
    refused = client.get(url("portal-simulation", coop), {"product": product.pk, "amount": "x"})
    assert refused.status_code == 400
    assert page_errors(refused) == {
        "amount": ["Write an amount such as 1.500.000 or 1.500.000,50."],
        "term_periods": ["Give either the number of instalments or the instalment."],
    }



def test_item_8_the_portal_quotes_a_loan_exactly_as_the_counter_records_it(client, coop, two_members, staff):
    """The simulation ignored the product's term range and fees; it now goes through the application's
    own checks and pricing (``quote_loan``)."""
    from koperasi.money import format_rupiah
    from members.loans.services import apply_for_loan

    siti = two_members["siti"]
    with cooperative_context(coop.pk):
        product = LoanProduct.objects.get(code="umum")
        product.max_term_periods, product.admin_fee_rate, product.fees_deducted = 12, D("0.01"), True
        product.save()
    client.force_login(siti["user"])
    asked = {"product": product.pk, "amount": "1.000.000"}
    too_long = client.get(url("portal-simulation", coop), {**asked, "term_periods": 24})
    assert too_long.status_code == 400
    expected = f"The number of instalments must be between {product.min_term_periods} and 12."
    assert page_errors(too_long) == {"term_periods": [expected]}

    quoted = client.get(url("portal-simulation", coop), {**asked, "term_periods": 10}).content.decode()
    with cooperative_context(coop.pk):
        loan = apply_for_loan(
            actor=staff, member=siti["member"], product=product, amount=D("1000000"), term_periods=10,
            applied_on=datetime.date.today(),
        )  # fmt: skip
    assert loan.admin_fee == D("10000")
    shown = quoted.split('data-testid="simulation-cash"')[1].split("</dd>")[0]
    assert format_rupiah(loan.cash_handed_over, places=0) in shown
    assert format_rupiah(loan.admin_fee, places=0) in quoted


def test_sections_other_apps_provide_show_only_when_registered(client, coop, two_members, monkeypatch):
    assert portal_sections._providers["purchases"] is portal_purchases  # registered by the waserda app
    monkeypatch.delitem(portal_sections._providers, "shu", raising=False)
    client.force_login(two_members["siti"]["user"])
    assert 'data-testid="shu"' not in client.get(url("portal", coop)).content.decode()

    def fake_purchases(member, limit):
        assert member == two_members["siti"]["member"] and limit == SECTION_ROWS
        row = PortalRow(date=datetime.date(2026, 3, 2), text="Struk 0001", amount=D("42500"), note="Tunai")
        return PortalSection(rows=[row], balances=[("Utang belanja", D("12500"))])

    monkeypatch.setitem(portal_sections._providers, "purchases", fake_purchases)
    monkeypatch.delitem(portal_sections._providers, "deliveries", raising=False)
    html = client.get(url("portal", coop)).content.decode()
    assert 'data-testid="purchases"' in html and "2 Mar 2026 · Struk 0001" in html and "Rp 42.500" in html
    assert "Utang belanja" in html and "Rp 12.500" in html
    assert 'data-testid="deliveries"' not in html
    with pytest.raises(ValueError, match="unknown portal section"):
        portal_sections.register_section("dividends", fake_purchases)


def test_member_role_is_per_cooperative(client, coop, other_coop, two_members):
    client.force_login(two_members["siti"]["user"])
    assert client.get(url("portal", other_coop)).status_code == 404
    with cooperative_context(coop.pk):
        assert RoleAssignment.objects.filter(user=two_members["siti"]["user"], role=Role.MEMBER).exists()


def test_item_10_a_member_downloads_their_savings_book_and_sees_shop_credit(client, coop, two_members):
    """The portal had no savings book (buku simpanan) and showed purchases without dates or what the
    member owes the shop."""
    import io

    from pypdf import PdfReader

    siti = two_members["siti"]
    client.force_login(siti["user"])
    page = client.get(url("portal-savings", coop, pk=siti["account"].pk)).content.decode()
    assert 'href="?format=pdf"' in page
    book = client.get(url("portal-savings", coop, pk=siti["account"].pk), {"format": "pdf"})
    assert book["Content-Disposition"] == f'attachment; filename="buku-simpanan-{siti["account"].number}.pdf"'
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(book.content)).pages)
    assert "Koperasi A" in text and siti["member"].name in text and "150.000" in text
    other = two_members["budi"]["account"]
    assert client.get(url("portal-savings", coop, pk=other.pk), {"format": "pdf"}).status_code == 404

    html = client.get(url("portal", coop)).content.decode()
    assert 'data-testid="purchases-balance-1"' in html  # what the member owes the shop on credit
