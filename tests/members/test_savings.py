"""Savings (simpanan): products, deposits and withdrawals with their entries, balances that never go
negative (row lock + CHECK), the shop interface, term deposits, and the ledger agreeing with them."""

import datetime
import inspect
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from koperasi.ledger.fiscal import Month
from koperasi.ledger.models import JournalEntry, JournalLine
from koperasi.ledger.statements import Range, trial_balance
from koperasi.tenancy.context import cooperative_context
from members.savings import products, shop, term_deposits
from members.savings import services as savings
from members.savings.models import AccountStatus, SavingsAccount, SavingsProduct, SavingsTransaction
from members.savings.selectors import balances_by_ledger_key, member_savings_total
from tests.factories.members import DAY, ActiveMemberFactory, funded_account

pytestmark = pytest.mark.django_db
D = Decimal


def lines_of(entry):
    return sorted(
        (line.account.system_key, line.debit, line.credit, line.party_id)
        for line in entry.lines.select_related("account")
    )


def ledger_balance(key: str) -> Decimal:
    """Credit-positive balance of a ledger account from the trial balance (all of 2020–2030)."""
    report = trial_balance(Range(Month(2020, 1), Month(2030, 12)))
    from koperasi.ledger.selectors import account_for

    code = account_for(key).code
    for row in report.rows:
        if row.kind == "account" and row.code == code:
            _opening, _debit, _credit, closing_debit, closing_credit = row.values
            return closing_credit - closing_debit
    return D("0.00")


def test_each_new_cooperative_gets_the_four_savings_products(in_coop):
    kinds = {product.kind: product for product in SavingsProduct.objects.all()}
    assert set(kinds) == {"pokok", "wajib", "sukarela", "berjangka"}
    assert kinds["pokok"].ledger_key == "principal_savings" and not kinds["pokok"].withdrawable
    assert kinds["wajib"].ledger_key == "mandatory_savings" and not kinds["wajib"].withdrawable
    assert kinds["sukarela"].ledger_key == "voluntary_savings" and kinds["sukarela"].withdrawable
    assert kinds["berjangka"].ledger_key == "term_deposits" and kinds["berjangka"].term_months == 12
    products.seed_savings_products(in_coop)  # idempotent
    assert SavingsProduct.objects.count() == 4


def test_deposit_posts_cash_against_the_savings_account_and_a_retry_is_a_no_op(in_coop, staff):
    member = ActiveMemberFactory()
    account = products.account_for(member, "sukarela", opened_on=DAY)
    first = savings.deposit(account=account, amount=D("250000"), date=DAY, actor=staff, key="k-1")
    again = savings.deposit(account=account, amount=D("250000"), date=DAY, actor=staff, key="k-1")
    assert again.pk == first.pk
    account.refresh_from_db()
    assert account.balance == D("250000.00") and first.balance_after == D("250000.00")
    assert lines_of(first.journal_entry) == [
        ("cash", D("250000.00"), D("0.00"), None),
        ("voluntary_savings", D("0.00"), D("250000.00"), member.pk),
    ]
    assert first.journal_entry.purpose == "savings.deposit"


def test_withdrawal_and_a_refused_overdraft(in_coop, staff):
    account = funded_account("100000")
    withdrawal = savings.withdraw(account=account, amount=D("40000"), date=DAY, actor=staff)
    assert withdrawal.balance_after == D("60000.00")
    assert lines_of(withdrawal.journal_entry) == [
        ("cash", D("0.00"), D("40000.00"), None),
        ("voluntary_savings", D("40000.00"), D("0.00"), account.member_id),
    ]
    with pytest.raises(ValidationError) as caught:
        savings.withdraw(account=account, amount=D("60000.01"), date=DAY, actor=staff)
    assert caught.value.code == "insufficient_savings"
    assert caught.value.error_dict["amount"][0].code == "insufficient_savings"
    account.refresh_from_db()
    assert account.balance == D("60000.00") and account.transactions.count() == 2


def test_pokok_and_wajib_are_not_withdrawable_and_pokok_is_capped(in_coop, staff):
    member = ActiveMemberFactory()
    pokok = products.account_for(member, "pokok", opened_on=DAY)
    savings.deposit(account=pokok, amount=D("60000"), date=DAY)
    with pytest.raises(ValidationError) as caught:
        savings.deposit(account=pokok, amount=D("50000"), date=DAY)
    assert caught.value.code == "savings_principal_exceeded"
    savings.deposit(account=pokok, amount=D("40000"), date=DAY)
    wajib = funded_account("20000", member=member, kind="wajib")
    for account in (pokok, wajib):
        with pytest.raises(ValidationError) as caught:
            savings.withdraw(account=account, amount=D("1000"), date=DAY)
        assert caught.value.code == "savings_withdrawal_not_allowed"


def test_amounts_must_be_positive_with_two_decimals(in_coop):
    account = funded_account("1000")
    for bad in (D("0"), D("-5"), D("1.001")):
        with pytest.raises(ValidationError) as caught:
            savings.deposit(account=account, amount=bad, date=DAY)
        assert caught.value.code == "invalid_amount"
    with pytest.raises(TypeError):
        savings.deposit(account=account, amount=1.5, date=DAY)


def test_the_database_refuses_a_negative_balance(in_coop):
    account = funded_account("1000")
    with pytest.raises(IntegrityError, match=r"savings_balance_nonnegative|CHECK"), transaction.atomic():
        SavingsAccount.objects.filter(pk=account.pk).update(balance=D("-0.01"))


@pytest.mark.django_db(transaction=True)
def test_concurrent_withdrawals_that_would_overdraw_let_exactly_one_through(coop):
    """Six threads, each with its own connection, withdraw 70 of 100 at once: one succeeds."""
    with cooperative_context(coop.pk):
        account = funded_account("100000")
    threads_count = 6
    barrier = threading.Barrier(threads_count)
    outcomes: list[str] = []

    def attempt():
        try:
            with cooperative_context(coop.pk):
                barrier.wait(timeout=10)
                savings.withdraw(account=account, amount=D("70000"), date=DAY)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.code)
        except Exception as error:  # reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["insufficient_savings"] * (threads_count - 1) + ["ok"]
    with cooperative_context(coop.pk):
        account.refresh_from_db()
        assert account.balance == D("30000.00")
        assert account.transactions.filter(kind="withdrawal").count() == 1
        assert ledger_balance("voluntary_savings") == D("30000.00")


# --- the interface for the waserda shop -------------------------------------------------------


def test_charge_voluntary_savings_has_the_agreed_signature():
    parameters = inspect.signature(shop.charge_voluntary_savings).parameters
    assert list(parameters) == ["member", "amount", "date", "source", "purpose", "memo"]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters.values())
    assert parameters["memo"].default == ""
    refund = inspect.signature(shop.refund_voluntary_savings).parameters
    assert list(refund) == list(parameters)


def test_charge_takes_a_purchase_from_sukarela_without_posting_and_is_idempotent(in_coop):
    account = funded_account("50000")
    member = account.member
    entries_before = JournalEntry.objects.count()
    charge = shop.charge_voluntary_savings(
        member=member, amount=D("12500"), date=DAY, source=("waserda.Sale", 7), purpose="pos.savings_payment"
    )
    assert isinstance(charge, SavingsTransaction)
    assert (charge.kind, charge.amount, charge.balance_after, charge.journal_entry) == (
        "purchase",
        D("12500.00"),
        D("37500.00"),
        None,
    )
    assert JournalEntry.objects.count() == entries_before
    again = shop.charge_voluntary_savings(
        member=member, amount=D("12500"), date=DAY, source=("waserda.Sale", 7), purpose="pos.savings_payment"
    )
    assert again.pk == charge.pk
    account.refresh_from_db()
    assert account.balance == D("37500.00")
    # The shop's own entry carries the matching debit: the ledger then agrees with the accounts.
    from koperasi.ledger.services import Line, post_entry

    post_entry(
        date=DAY,
        source=("waserda.Sale", 7),
        purpose="pos.sale",
        lines=[Line("voluntary_savings", debit=D("12500"), party=member), Line("sales_waserda", credit=D("12500"))],
    )
    assert ledger_balance("voluntary_savings") == balances_by_ledger_key()["voluntary_savings"] == D("37500.00")


def test_charge_refuses_a_short_balance_with_the_agreed_error(in_coop):
    account = funded_account("10000")
    with pytest.raises(ValidationError) as caught:
        shop.charge_voluntary_savings(
            member=account.member, amount=D("10000.01"), date=DAY, source=("waserda.Sale", 8), purpose="pos"
        )
    assert caught.value.code == "insufficient_savings"
    assert list(caught.value.message_dict) == ["amount"]
    assert caught.value.error_dict["amount"][0].code == "insufficient_savings"
    with pytest.raises(ValidationError) as caught:  # a member without a sukarela account has nothing
        shop.charge_voluntary_savings(
            member=ActiveMemberFactory(), amount=D("1"), date=DAY, source=("waserda.Sale", 9), purpose="pos"
        )
    assert caught.value.code == "insufficient_savings"


def test_refund_mirrors_the_charge(in_coop):
    account = funded_account("10000")
    member = account.member
    shop.charge_voluntary_savings(member=member, amount=D("4000"), date=DAY, source=("waserda.Sale", 1), purpose="p")
    refund = shop.refund_voluntary_savings(
        member=member, amount=D("1500"), date=DAY, source=("waserda.Return", 1), purpose="p"
    )
    again = shop.refund_voluntary_savings(
        member=member, amount=D("1500"), date=DAY, source=("waserda.Return", 1), purpose="p"
    )
    assert refund.pk == again.pk and refund.kind == "refund" and refund.journal_entry is None
    account.refresh_from_db()
    assert account.balance == D("7500.00")


# --- term deposits -----------------------------------------------------------------------------


def term_product():
    return SavingsProduct.objects.get(kind="berjangka")


def test_a_term_deposit_matures_into_sukarela_with_its_interest(in_coop, staff):
    member = ActiveMemberFactory()
    deposit = term_deposits.open_term_deposit(
        actor=staff, member=member, product=term_product(), amount=D("2000000"), date=DAY, term_months=6
    )
    assert deposit.maturity_date == datetime.date(2026, 7, 10) and deposit.interest_rate == D("0.06")
    term_deposits.mature_term_deposit(deposit)
    term_deposits.mature_term_deposit(deposit)  # again: nothing more
    deposit.refresh_from_db()
    assert (deposit.status, deposit.balance) == (AccountStatus.CLOSED, D("0.00"))
    sukarela = SavingsAccount.objects.get(member=member, kind="sukarela")
    assert sukarela.balance == D("2060000.00")  # 2,000,000 × 6 % × 6/12 = 60,000
    assert ledger_balance("term_deposits") == D("0.00")
    assert ledger_balance("voluntary_savings") == D("2060000.00")
    assert ledger_balance("savings_interest") == D("-60000.00")  # an expense: debit balance


def test_closing_a_term_deposit_early_keeps_the_penalty_and_pays_no_interest(in_coop, staff):
    member = ActiveMemberFactory()
    deposit = term_deposits.open_term_deposit(
        actor=staff, member=member, product=term_product(), amount=D("1000000"), date=DAY
    )
    term_deposits.close_term_deposit(account=deposit, date=datetime.date(2026, 3, 1), actor=staff)
    deposit.refresh_from_db()
    assert deposit.status == AccountStatus.CLOSED
    entry = deposit.transactions.get(kind="withdrawal").journal_entry
    assert lines_of(entry) == [
        ("cash", D("0.00"), D("990000.00"), None),
        ("penalty_income", D("0.00"), D("10000.00"), None),
        ("term_deposits", D("1000000.00"), D("0.00"), member.pk),
    ]
    with pytest.raises(ValidationError) as caught:
        savings.deposit(account=deposit, amount=D("1000"), date=DAY)
    assert caught.value.code == "savings_account_closed"


def test_ledger_agrees_with_the_savings_accounts_after_many_operations(in_coop, staff):
    members = [ActiveMemberFactory() for _ in range(3)]
    for index, member in enumerate(members, start=1):
        funded_account("100000", member=member, kind="pokok")
        funded_account(str(20000 * index), member=member, kind="wajib")
        account = funded_account(str(300000 * index), member=member)
        savings.withdraw(account=account, amount=D("50000"), date=DAY)
    term_deposits.open_term_deposit(
        actor=staff, member=members[0], product=term_product(), amount=D("1500000"), date=DAY
    )
    totals = balances_by_ledger_key()
    assert totals == {
        "principal_savings": D("300000.00"),
        "mandatory_savings": D("120000.00"),
        "voluntary_savings": D("1650000.00"),
        "term_deposits": D("1500000.00"),
    }
    for key, total in totals.items():
        assert ledger_balance(key) == total, key
    report = trial_balance(Range(Month(2026, 1), Month(2026, 1)))
    assert report.checks["balanced"]
    assert member_savings_total(members[0]) == D("100000") + D("20000") + D("250000") + D("1500000")
    assert JournalLine.objects.filter(account__system_key="voluntary_savings", party_id=members[2].pk).count() == 2
