"""SHU from the books: the year's surplus from its closing entry, bases from savings and deliveries, the
literature's worked examples; approval freezes; posting once empties SHU tahun berjalan; payouts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from koperasi.ledger.services import Line, post_entry
from members.shu import services
from members.shu.models import DistributionStatus, ShuShare
from tests.factories.members import funded_account
from tests.helpers import assert_ledger_balances, ledger_balance
from tests.members.shu.worked_example import RAT, YEAR, build_year

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def year(in_coop):
    return build_year()


def share_of(distribution, member) -> ShuShare:
    return distribution.shares.get(member=member)


def test_the_literatures_worked_examples_come_out_of_the_books(year):
    draft = services.compute_draft(actor=None, fiscal_year=YEAR)
    assert draft.surplus == D("5200000") and draft.status == DistributionStatus.DRAFT
    a, b = share_of(draft, year["a"]), share_of(draft, year["b"])
    assert (a.capital_amount, a.patronage_amount, a.total) == (D("1000000"), D("240000"), D("1240000"))
    assert (b.capital_amount, b.patronage_amount, b.total) == (D("40000"), D("20000"), D("60000"))
    assert sum(share.total for share in draft.shares.all()) == D(draft.pools["capital"]) + D(draft.pools["patronage"])


def test_a_year_not_closed_or_pools_not_making_100_are_refused(in_coop):
    with pytest.raises(ValidationError) as open_year:
        services.compute_draft(actor=None, fiscal_year=2024)
    assert open_year.value.code == "shu_year_not_closed"
    with pytest.raises(ValidationError) as bad_rule:
        services.save_rule(actor=None, fiscal_year=2024, reserve=D(45))
    assert bad_rule.value.code == "shu_rule_invalid"


def test_the_time_weighted_capital_counts_how_long_the_savings_were_held(year):
    services.save_rule(actor=None, fiscal_year=YEAR, capital_basis="average", sources=[{"key": "deliveries"}])
    draft = services.compute_draft(actor=None, fiscal_year=YEAR)
    held = (datetime.date(YEAR, 12, 31) - datetime.date(YEAR, 3, 1)).days + 1  # from 1 March to the year's end
    assert share_of(draft, year["a"]).capital_base == (D("5000000") * held / 365).quantize(D("0.01"))


def test_approval_freezes_and_posting_twice_posts_once_leaving_shu_tahun_berjalan_at_zero(year):
    draft = services.compute_draft(actor=None, fiscal_year=YEAR)
    approved = services.approve(actor=None, distribution=draft, rat_date=RAT, minutes_reference="BA-RAT/2026/01")
    with pytest.raises(ValidationError) as frozen:
        services.compute_draft(actor=None, fiscal_year=YEAR)
    assert frozen.value.code == "shu_distribution_frozen"
    with pytest.raises(ValidationError):
        services.save_rule(actor=None, fiscal_year=YEAR, sources=[{"key": "deliveries"}])
    posted = services.post_distribution(actor=None, distribution=approved, on=RAT)
    again = services.post_distribution(actor=None, distribution=posted, on=RAT)
    assert again.journal_entry_id == posted.journal_entry_id and again.status == DistributionStatus.POSTED
    assert ledger_balance("current_shu") == 0
    assert -ledger_balance("reserve") == D(draft.pools["reserve"]) + D(draft.pools["unshared"])
    assert -ledger_balance("shu_members") == draft.members_total
    assert_ledger_balances()


def test_payouts_in_cash_and_to_savings_settle_the_members_part(year):
    draft = services.compute_draft(actor=None, fiscal_year=YEAR)
    services.approve(actor=None, distribution=draft, rat_date=RAT, minutes_reference="BA-RAT/2026/01")
    with pytest.raises(ValidationError):
        services.pay(actor=None, share=share_of(draft, year["a"]), on=RAT)  # not posted yet
    services.post_distribution(actor=None, distribution=draft, on=RAT)
    voluntary = funded_account("10000", member=year["b"], day=RAT)
    services.pay(actor=None, share=share_of(draft, year["b"]), on=RAT, method="savings")
    voluntary.refresh_from_db()
    assert voluntary.balance == D("70000")  # 10.000 + SHU 60.000
    assert services.pay_all(actor=None, distribution=draft, on=RAT, method="cash") == 2  # Asep and Cucu
    assert services.pay(actor=None, share=share_of(draft, year["a"]), on=RAT) is None  # paid already
    assert ledger_balance("shu_members") == 0
    assert_ledger_balances()


def test_during_the_year_a_member_sees_an_estimate_from_the_books_to_date(year):
    from members.shu import selectors

    today = datetime.date(2026, 6, 30)
    post_entry(date=datetime.date(2026, 6, 1), source=("test.income", 2026), purpose="test",
               lines=[Line("cash", debit=D("1040000")), Line("other_income", credit=D("1040000"))])  # fmt: skip
    guess = selectors.estimate(year["a"], today)
    assert (guess.fiscal_year, guess.surplus) == (2026, D("1040000"))
    assert guess.capital == D("200000")  # 20 % = 208.000 shared 5.000.000 : 200.000
    assert guess.patronage == 0  # nothing delivered in 2026 yet


def test_a_draft_recomputed_after_a_rule_change_replaces_its_rows(year):
    first = services.compute_draft(actor=None, fiscal_year=YEAR)
    services.save_rule(actor=None, fiscal_year=YEAR, capital=D(30), patronage=D(10), sources=[{"key": "deliveries"}])
    again = services.compute_draft(actor=None, fiscal_year=YEAR)
    assert again.pk == first.pk and again.rule.version == 2
    assert share_of(again, year["a"]).capital_amount == D("1500000")  # 30 % = 1.560.000 × 5.000.000 ÷ 5.200.000
    assert again.shares.count() == 3
