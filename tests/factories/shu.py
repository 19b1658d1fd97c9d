"""SHU factories: one closed year shared, approved, posted and paid (the isolation suites ask for a row of
every SHU model)."""

import datetime
from decimal import Decimal

from koperasi.ledger.services import Line, close_year, post_entry
from members.savings.models import SavingsKind
from members.shu import services
from members.shu.models import ShuDistribution, ShuPayout, ShuRule, ShuShare
from tests.factories.members import ActiveMemberFactory, funded_account
from tests.factories.worlds import first_row_factory

YEAR = 2024


def shared_year(member=None) -> ShuDistribution:
    """Fiscal year 2024 of a member (by default a new one) with Rp 1.000.000 of simpanan wajib and a surplus
    of Rp 2.000.000, shared, approved, posted and paid in cash."""
    found = ShuDistribution.objects.filter(fiscal_year=YEAR).first()
    if found is not None:
        return found
    member = member or ActiveMemberFactory()
    funded_account("1000000", member=member, kind=SavingsKind.MANDATORY, day=datetime.date(YEAR, 2, 1))
    income = Decimal("2000000")
    post_entry(date=datetime.date(YEAR, 12, 31), source=("test.income", YEAR), purpose="test",
               lines=[Line("cash", debit=income), Line("other_income", credit=income)])  # fmt: skip
    close_year(actor=None, fiscal_year=YEAR)
    services.save_rule(actor=None, fiscal_year=YEAR, sources=[])
    draft = services.compute_draft(actor=None, fiscal_year=YEAR)
    rat = datetime.date(YEAR + 1, 3, 1)
    services.approve(actor=None, distribution=draft, rat_date=rat, minutes_reference="BA-RAT/01")
    services.post_distribution(actor=None, distribution=draft, on=rat)
    services.pay_all(actor=None, distribution=draft, on=rat, method="cash")
    return draft


def _one(model):
    return first_row_factory(model, shared_year)


ShuRuleFactory = _one(ShuRule)
ShuDistributionFactory = _one(ShuDistribution)
ShuShareFactory = _one(ShuShare)
ShuPayoutFactory = _one(ShuPayout)
