"""The members demo step: plausible members in each demo cooperative, idempotent."""

import datetime

import pytest

from demo.ledger import opening_balances
from demo.members import MEMBERS, members
from demo.tenancy import DEMO_COOPERATIVES, cooperatives, demo_cooperative
from koperasi.tenancy.context import cooperative_context
from members.models import Member
from members.validators import nik_agreement_errors, nik_errors

pytestmark = pytest.mark.django_db


def test_demo_members_are_valid_and_loading_twice_changes_nothing():
    cooperatives()
    opening_balances()  # the books open before the members pay
    logins = members()
    assert len(logins) == len(DEMO_COOPERATIVES)
    counts = {}
    for slug in MEMBERS:
        with cooperative_context(demo_cooperative(slug).pk):
            rows = list(Member.objects.order_by("member_no"))
            counts[slug] = len(rows)
            assert 8 <= len(rows) <= 12
            assert [row.member_no for row in rows] == list(range(1, len(rows) + 1))
            for row in rows:
                assert nik_errors(row.nik) == []
                assert nik_agreement_errors(row.nik, row.birth_date, row.sex) == {}
            assert rows[0].user is not None
    with cooperative_context(demo_cooperative("kud-mina").pk):
        assert Member.objects.filter(occupation="nelayan").count() >= 6
    with cooperative_context(demo_cooperative("kpbs-pangalengan").pk):
        assert Member.objects.filter(occupation="peternak").count() >= 6
    members()
    for slug, count in counts.items():
        with cooperative_context(demo_cooperative(slug).pk):
            assert Member.objects.count() == count


def test_demo_savings_and_loans_are_plausible_and_idempotent():
    from demo.members import savings_and_loans
    from members.credit_lines.models import CreditLine
    from members.loans.models import Loan, LoanStatus
    from members.loans.selectors import arrears
    from members.savings.models import SavingsAccount, SavingsTransaction
    from members.savings.selectors import balances_by_ledger_key
    from tests.members.test_savings import ledger_balance

    cooperatives()

    opening_balances()  # the books open before the members pay
    logins = members()
    savings_and_loans()
    counts = {}
    for slug in MEMBERS:
        with cooperative_context(demo_cooperative(slug).pk):
            kinds = set(SavingsAccount.objects.filter(balance__gt=0).values_list("kind", flat=True))
            assert {"pokok", "wajib", "sukarela"} <= kinds
            assert Loan.objects.filter(status=LoanStatus.DISBURSED).count() >= 2
            assert Loan.objects.filter(status=LoanStatus.APPLIED).count() == 1
            assert arrears(datetime.date.today()), f"{slug}: no loan in arrears"
            for key, total in balances_by_ledger_key().items():
                assert ledger_balance(key) == total, (slug, key)
            portal_member = Member.objects.get(user__username=f"{slug.split('-')[0]}-anggota")
            assert portal_member.loans.exists() and portal_member.savings_accounts.exists()
            counts[slug] = (SavingsTransaction.objects.count(), Loan.objects.count())
    with cooperative_context(demo_cooperative("kud-mina").pk):
        seasonal = Loan.objects.get(product__code="musiman-nelayan")
        assert seasonal.principal_months == "4-10"
        weekly = Loan.objects.get(product__code="mingguan-pedagang")
        assert (weekly.frequency, weekly.rate_period) == ("weekly", "week") and weekly.installments.count() == 20
        line = CreditLine.objects.get()
        assert line.interest_billed_until is not None and line.movements.filter(kind="interest").count() == 3
    with cooperative_context(demo_cooperative("ksu-argopuro").pk):
        annuity = Loan.objects.get(product__code="anuitas-efektif")
        totals = {row.total for row in annuity.installments.all()[: annuity.term_periods - 1]}
        assert all(total % 1000 == 0 for total in totals)  # the instalment rounded up to Rp 1.000
    assert {login.username for login in logins} >= {"kud-anggota", "kpmk-anggota"}
    assert {login.password for login in logins} == {"demo-koperasi-2026"}
    savings_and_loans()
    for slug, expected in counts.items():
        with cooperative_context(demo_cooperative(slug).pk):
            assert (SavingsTransaction.objects.count(), Loan.objects.count()) == expected
