"""The monthly savings jobs: wajib billing and arrears, jasa simpanan, maturing term deposits — each
idempotent per month (run twice → one effect) — and their Celery tasks with the fan-out."""

import datetime
from decimal import Decimal

import pytest

from koperasi.celery import MissingCooperativeError
from koperasi.ledger.fiscal import Month
from koperasi.ledger.models import JournalEntry
from koperasi.tenancy.context import cooperative_context
from members import tasks
from members.models import Member
from members.savings import interest_run, monthly, term_deposits
from members.savings import services as savings
from members.savings.models import MandatoryBill, SavingsAccount, SavingsProduct, SavingsTransaction
from members.savings.selectors import mandatory_arrears, with_mandatory_arrears
from tests.factories.members import ActiveMemberFactory, MemberFactory, funded_account
from tests.members.test_savings import ledger_balance, lines_of

pytestmark = pytest.mark.django_db
D = Decimal
FEB = Month(2026, 2)


def test_wajib_is_billed_once_a_month_to_members_only_and_arrears_follow(in_coop):
    paying, owing = ActiveMemberFactory(), ActiveMemberFactory()
    MemberFactory()  # a prospective member is not billed
    assert monthly.bill_mandatory_savings(FEB) == 2
    assert monthly.bill_mandatory_savings(FEB) == 0
    assert MandatoryBill.objects.count() == 2
    funded_account("30000", member=paying, kind="wajib")
    assert (mandatory_arrears(paying), mandatory_arrears(owing)) == (D("0"), D("20000"))
    monthly.bill_mandatory_savings(FEB.plus(1))
    assert (mandatory_arrears(paying), mandatory_arrears(owing)) == (D("10000"), D("40000"))
    rows = {m.pk: m.wajib_billed - m.wajib_paid for m in with_mandatory_arrears(Member.objects.all())}
    assert rows[paying.pk] == D("10000") and rows[owing.pk] == D("40000")


def test_interest_on_the_lowest_balance_of_the_month_is_credited_once(in_coop):
    account = funded_account("1000000")  # 10 Jan 2026
    savings.withdraw(account=account, amount=D("200000"), date=datetime.date(2026, 2, 15))
    assert interest_run.credit_savings_interest(FEB) == 1
    assert interest_run.credit_savings_interest(FEB) == 0
    credit = SavingsTransaction.objects.get(kind="interest")
    assert (credit.amount, credit.date) == (D("2000"), datetime.date(2026, 2, 28))  # 800,000 × 3 % / 12
    assert lines_of(credit.journal_entry) == [
        ("savings_interest", D("2000.00"), D("0.00"), None),
        ("voluntary_savings", D("0.00"), D("2000.00"), account.member_id),
    ]
    assert JournalEntry.objects.filter(purpose="savings.interest").count() == 1
    account.refresh_from_db()
    assert account.balance == D("802000") == ledger_balance("voluntary_savings")


def test_interest_on_the_average_daily_balance(in_coop):
    product = SavingsProduct.objects.get(kind="sukarela")
    product.balance_method, product.day_basis = "daily", "365"
    product.save()
    account = funded_account("1000000")
    savings.withdraw(account=account, amount=D("200000"), date=datetime.date(2026, 2, 15))
    interest_run.credit_savings_interest(FEB)
    # 14 days at 1,000,000 and 14 days at 800,000: 25,200,000 balance-days × 3 % / 365 = 2,071.23
    assert SavingsTransaction.objects.get(kind="interest").amount == D("2071")


def test_term_deposits_mature_once(in_coop, staff):
    member = ActiveMemberFactory()
    deposit = term_deposits.open_term_deposit(
        actor=staff,
        member=member,
        product=SavingsProduct.objects.get(kind="berjangka"),
        amount=D("1000000"),
        date=datetime.date(2025, 2, 20),
        term_months=12,
    )
    assert monthly.mature_term_deposits(datetime.date(2026, 1, 31)) == 0
    assert monthly.mature_term_deposits(datetime.date(2026, 2, 28)) == 1
    assert monthly.mature_term_deposits(datetime.date(2026, 2, 28)) == 0
    deposit.refresh_from_db()
    assert deposit.status == "closed"
    assert SavingsAccount.objects.get(member=member, kind="sukarela").balance == D("1060000")


def test_tasks_run_in_the_cooperatives_context_and_twice_is_once(coop):
    with cooperative_context(coop.pk):
        account = funded_account("1200000")
    for _ in range(2):
        assert tasks.bill_mandatory_savings.delay(cooperative_id=coop.pk, month="2026-02").get() in (0, 1)
        tasks.credit_savings_interest.delay(cooperative_id=coop.pk, month="2026-02").get()
        tasks.mature_term_deposits.delay(cooperative_id=coop.pk, month="2026-02").get()
    with cooperative_context(coop.pk):
        assert MandatoryBill.objects.count() == 1
        assert SavingsTransaction.objects.filter(kind="interest").count() == 1
        account.refresh_from_db()
        assert account.balance == D("1203000")
    with pytest.raises(MissingCooperativeError):
        tasks.bill_mandatory_savings(month="2026-02")


def test_the_fan_out_enqueues_every_active_cooperative(coop, other_coop):
    assert tasks.monthly_savings_for_all_cooperatives.delay().get() == 2
    from koperasi.celery import app

    assert app.conf.beat_schedule["members.monthly_savings"]["task"] == "members.monthly_savings_for_all_cooperatives"
