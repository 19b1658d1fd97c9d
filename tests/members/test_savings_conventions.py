"""Savings products with their interest conventions, through the monthly job and term deposits: the
withholding tax per member (PP 15/2009) posted to Hutang pajak PPh and shown on the statement, the
monthly admin fee, tiered rates, dated tax rules, term deposits paying monthly or at maturity and rolling
over (principal only, or principal and interest)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from koperasi.ledger.fiscal import Month
from koperasi.ledger.models import JournalEntry
from members.savings import interest_run, monthly, term_deposits
from members.savings import services as savings
from members.savings.models import SavingsAccount, SavingsProduct, SavingsTaxRule, SavingsTransaction
from members.savings.products import save_savings_product
from tests.factories.members import ActiveMemberFactory, funded_account
from tests.members.test_savings import ledger_balance, lines_of

pytestmark = pytest.mark.django_db
D = Decimal
FEB, MAR = Month(2026, 2), Month(2026, 3)


def movements(account, kind):
    return list(SavingsTransaction.objects.filter(account=account, kind=kind).values_list("amount", flat=True))


def test_jasa_above_rp_240_000_a_month_is_taxed_ten_percent_on_the_whole_amount(in_coop):
    rich = funded_account("100000000")  # 100.000.000 × 3 % / 12 = 250.000 > 240.000
    modest = funded_account("96000000")  # 96.000.000 × 3 % / 12 = 240.000: not above the threshold
    assert interest_run.credit_savings_interest(FEB) == 2
    assert (movements(rich, "interest"), movements(rich, "tax")) == ([D("250000")], [D("25000")])
    assert (movements(modest, "interest"), movements(modest, "tax")) == ([D("240000")], [])
    entry = JournalEntry.objects.get(purpose="savings.interest")
    assert lines_of(entry) == sorted(
        [
            ("savings_interest", D("490000.00"), D("0.00"), None),
            ("voluntary_savings", D("0.00"), D("225000.00"), rich.member_id),
            ("voluntary_savings", D("0.00"), D("240000.00"), modest.member_id),
            ("tax_payable", D("0.00"), D("25000.00"), None),
        ]
    )
    rich.refresh_from_db()
    assert rich.balance == D("100225000")
    assert ledger_balance("tax_payable") == D("25000")
    assert ledger_balance("voluntary_savings") == D("196465000")
    assert interest_run.credit_savings_interest(FEB) == 0  # once a month


def test_the_threshold_is_the_members_over_all_their_sukarela_accounts(in_coop):
    member = ActiveMemberFactory()
    first = funded_account("60000000", member=member)  # 150.000
    second_product = SavingsProduct.objects.create(code="hari-raya", name="Tabungan hari raya", kind="sukarela",
                                                   interest_rate=D("0.03"))  # fmt: skip
    second = SavingsAccount.objects.create(member=member, product=second_product, kind="sukarela",
                                           opened_on=datetime.date(2026, 1, 10))  # fmt: skip
    savings.deposit(account=second, amount=D("40000000"), date=datetime.date(2026, 1, 10))  # 100.000
    interest_run.credit_savings_interest(FEB)
    assert movements(first, "tax") == [D("15000")] and movements(second, "tax") == [D("10000")]


def test_a_dated_rule_takes_over_from_its_day(in_coop):
    SavingsTaxRule.objects.create(effective_from=datetime.date(2026, 3, 1), rate=D("0.20"), threshold=D("0"))
    account = funded_account("1200000")  # 3.000 a month
    interest_run.credit_savings_interest(FEB)
    interest_run.credit_savings_interest(MAR)
    # March only: 1.203.000 (February's 3.000 credited untaxed) × 3 % / 12 = 3.008, 20 % of it
    assert movements(account, "tax") == [D("602")]


def test_the_monthly_admin_fee_is_charged_and_never_overdraws(in_coop):
    product = SavingsProduct.objects.get(kind="sukarela")
    product.admin_fee = D("5000")
    product.save()
    account = funded_account("1000000")  # 2.500 interest
    poor = funded_account("1000")
    interest_run.credit_savings_interest(FEB)
    account.refresh_from_db()
    poor.refresh_from_db()
    assert movements(account, "admin_fee") == [D("5000")] and account.balance == D("997500")
    # 1.000 earns Rp 3 (2,5 rounded half up); the fee takes what there is, 1.003, and no more
    assert movements(poor, "admin_fee") == [D("1003")] and poor.balance == 0
    fee_entry = JournalEntry.objects.get(purpose="savings.admin_fee")
    assert ("admin_fee_income", D("0.00"), D("6003.00"), None) in lines_of(fee_entry)
    assert ledger_balance("voluntary_savings") == D("997500")


def test_tiered_rates_are_saved_from_the_form_text_and_checked(in_coop, manager):
    product = SavingsProduct.objects.get(kind="sukarela")
    tiers = [{"floor": "0", "rate": "0.01"}, {"floor": "5000000", "rate": "0.03"}]
    save_savings_product(actor=manager, product=product, rate_tiers=tiers, tier_mode="sliced")
    account = funded_account("8000000")  # 5.000.000 × 1 % + 3.000.000 × 3 %, / 12 = 4.166,67 + 7.500
    interest_run.credit_savings_interest(FEB)
    assert movements(account, "interest") == [D("11667")]
    with pytest.raises(ValidationError) as refused:
        save_savings_product(actor=manager, product=product, rate_tiers=[{"floor": "1000", "rate": "0.01"}])
    assert "rate_tiers" in refused.value.message_dict


def test_a_deposit_paying_monthly_pays_each_whole_month_once_then_matures(in_coop, staff):
    product = SavingsProduct.objects.get(kind="berjangka")
    product.interest_payout = "monthly"
    product.save()
    member = ActiveMemberFactory()
    deposit = term_deposits.open_term_deposit(actor=staff, member=member, product=product, amount=D("12000000"),
                                              date=datetime.date(2026, 1, 5), term_months=3)  # fmt: skip
    assert monthly.mature_term_deposits(datetime.date(2026, 2, 28)) == 0
    voluntary = SavingsAccount.objects.get(member=member, kind="sukarela")
    assert movements(voluntary, "interest") == [D("60000")]  # 12.000.000 × 6 % / 12, 5 Jan – 5 Feb
    monthly.mature_term_deposits(datetime.date(2026, 2, 28))
    assert movements(voluntary, "interest") == [D("60000")]
    assert monthly.mature_term_deposits(datetime.date(2026, 4, 30)) == 1
    deposit.refresh_from_db()
    voluntary.refresh_from_db()
    assert deposit.status == "closed" and voluntary.balance == D("12180000")
    assert ledger_balance("term_deposits") == 0


def test_aro_places_principal_and_interest_again_less_the_tax(in_coop, staff):
    product = SavingsProduct.objects.get(kind="berjangka")
    product.rollover = "principal_interest"
    product.save()
    deposit = term_deposits.open_term_deposit(
        actor=staff, member=ActiveMemberFactory(), product=product, amount=D("12000000"),
        date=datetime.date(2025, 1, 5), term_months=12,
    )  # fmt: skip
    assert monthly.mature_term_deposits(datetime.date(2026, 1, 31)) == 1
    deposit.refresh_from_db()
    # 720.000 interest for the year, above Rp 240.000: 72.000 withheld, 648.000 stays in the deposit
    assert deposit.status == "open" and deposit.balance == D("12648000")
    assert (deposit.term_started_on, deposit.maturity_date) == (datetime.date(2026, 1, 5), datetime.date(2027, 1, 5))
    assert movements(deposit, "tax") == [D("72000")] and ledger_balance("tax_payable") == D("72000")
    assert monthly.mature_term_deposits(datetime.date(2026, 1, 31)) == 0


def test_principal_rollover_pays_the_interest_out_and_keeps_the_principal(in_coop, staff):
    product = SavingsProduct.objects.get(kind="berjangka")
    product.rollover = "principal"
    product.save()
    member = ActiveMemberFactory()
    deposit = term_deposits.open_term_deposit(actor=staff, member=member, product=product, amount=D("2000000"),
                                              date=datetime.date(2025, 7, 1), term_months=6)  # fmt: skip
    monthly.mature_term_deposits(datetime.date(2026, 1, 31))
    deposit.refresh_from_db()
    voluntary = SavingsAccount.objects.get(member=member, kind="sukarela")
    assert deposit.balance == D("2000000") and deposit.maturity_date == datetime.date(2026, 7, 1)
    assert movements(voluntary, "interest") == [D("60000")]  # 2.000.000 × 6 % × 6 / 12, not taxed


def test_managers_add_dated_tax_rules_on_the_page_and_through_the_api(client, coop, manager, staff):
    from django.urls import reverse

    from koperasi.tenancy.context import cooperative_context

    page = reverse("members:savings-products", kwargs={"slug": coop.slug})
    client.force_login(staff)
    listed = client.get(page).content.decode()
    assert 'data-testid="tax-rules"' in listed and "PP 15/2009" in listed
    assert client.post(page, {"effective_from": "2027-01-01", "rate": "20", "threshold": "0"}).status_code == 403
    client.force_login(manager)
    saved = client.post(page, {"effective_from": "2027-01-01", "rate": "20", "threshold": "0", "note": "UU HPP"})
    assert saved.status_code == 302
    again = client.post(page, {"effective_from": "2027-01-01", "rate": "15", "threshold": "0"})
    assert again.status_code == 400 and "A rule already starts on this day." in again.content.decode()
    api = f"/api/v1/k/{coop.slug}/savings-tax-rules/"
    created = client.post(api, {"effective_from": "2028-01-01", "rate": "0.25", "threshold": "100000"},
                          content_type="application/json")  # fmt: skip
    assert created.status_code == 201, created.content
    refused = client.post(api, {"effective_from": "2028-01-01", "rate": "0.25", "threshold": "0"},
                          content_type="application/json")  # fmt: skip
    assert refused.status_code == 400 and "effective_from" in refused.json()["errors"]
    with cooperative_context(coop.pk):
        rules = list(SavingsTaxRule.objects.order_by("effective_from").values_list("rate", "threshold"))
    assert rules == [(D("0.10"), D("240000")), (D("0.20"), D("0")), (D("0.25"), D("100000"))]


def test_the_member_and_the_staff_see_how_last_months_jasa_was_worked_out(client, coop, staff, manager):
    from django.urls import reverse
    from django.utils import timezone

    from koperasi.tenancy.context import cooperative_context
    from members import services as member_services
    from tests.factories.accounts import UserFactory

    first_of_last_month = Month.of(timezone.localdate()).plus(-1).first_day
    with cooperative_context(coop.pk):
        member = ActiveMemberFactory()
        user = UserFactory(username="wati")
        member_services.link_user(actor=manager, member=member, user=user)
        account = SavingsAccount.objects.create(member=member, product=SavingsProduct.objects.get(kind="sukarela"),
                                                kind="sukarela", opened_on=first_of_last_month)  # fmt: skip
        savings.deposit(account=account, amount=D("1200000"), date=first_of_last_month)
    for who, name in ((staff, "members:savings-detail"), (user, "members:portal-savings")):
        client.force_login(who)
        html = client.get(reverse(name, kwargs={"slug": coop.slug, "pk": account.pk})).content.decode()
        assert 'data-testid="interest-explained"' in html
        assert "1200000 × 0.03 / 12" in html and "Rp 3.000,00" in html  # the lowest balance × 3 % / 12
