"""The SHU demo: KUD Mina's last fiscal year closed, shared by the default rule, approved, posted and paid;
its first member sees the year's SHU on the portal."""

from decimal import Decimal

import pytest

from demo.ledger import opening_balances
from demo.members import members, savings_and_loans
from demo.shu import shu
from demo.tenancy import cooperatives, demo_cooperative
from koperasi.tenancy.context import cooperative_context
from members.models import Member
from members.shu.models import DistributionStatus, ShuDistribution
from members.shu.selectors import member_history
from tests.helpers import assert_ledger_balances

pytestmark = pytest.mark.django_db


def test_kud_mina_shares_last_years_surplus_and_its_member_sees_it():
    cooperatives()
    opening_balances()
    members()
    savings_and_loans()
    shu()
    shu()  # idempotent
    with cooperative_context(demo_cooperative("kud-mina").pk):
        distribution = ShuDistribution.objects.get()
        assert distribution.status == DistributionStatus.POSTED and distribution.surplus == Decimal("54000000")
        shares = list(distribution.shares.all())
        assert shares and sum(s.total for s in shares) == distribution.members_total == Decimal(
            distribution.pools["capital"]
        )
        assert all(s.paid == s.total for s in shares)
        first = Member.objects.order_by("member_no").first()
        assert [share.total for share in member_history(first)] == [distribution.shares.get(member=first).total]
        assert_ledger_balances()
