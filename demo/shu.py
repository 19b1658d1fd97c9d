"""Demo SHU: KUD Mina Bahari (seed 001, whose members ask to see "their part of the SHU") shares last
fiscal year's surplus.

KUD Mina began its daily bookkeeping in the system this year; last year's results are entered as one
summary entry (the shop's sales and cost of goods, loan interest, wages, utilities: illustrative figures,
the paper gives none), the year is closed, and the SHU is shared by the default AD/ART rule, approved at
a RAT in March, posted and paid in cash. Jasa modal goes by each member's simpanan pokok and wajib at the
year's end; last year's patronage was not recorded in the system, so the jasa usaha pool goes to the
reserve (the page says so), as in a cooperative's first year on new books. The member portal then shows
last year's SHU with its slip, and this year's estimate.

Running the step again changes nothing: the summary entry has its source key, a closed year stays closed,
an approved distribution is not recomputed.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from demo import DemoLogin, demo_step, ensure_user
from demo.tenancy import PASSWORD, demo_cooperative
from koperasi.ledger.fiscal import fiscal_year_of
from koperasi.ledger.services import Line, close_year, post_entry
from koperasi.tenancy.context import cooperative_context
from members.shu import services
from members.shu.models import DistributionStatus, ShuDistribution

D = Decimal
# Last year's results of KUD Mina, summarised: (account, debit, credit).
RESULTS = [
    ("cash", D("54000000"), 0),
    ("cogs", D("396000000"), 0),
    ("salaries", D("42000000"), 0),
    ("utilities", D("6000000"), 0),
    ("sales_waserda", 0, D("480000000")),
    ("loan_interest_income", 0, D("18000000")),
]


@demo_step("SHU: KUD Mina shares last year's surplus")
def shu() -> list[DemoLogin]:
    today = datetime.date.today()
    manager = ensure_user("kud-manajer", PASSWORD)
    cooperative = demo_cooperative("kud-mina")
    year = fiscal_year_of(today, cooperative.fiscal_year_start_month) - 1
    rat = min(datetime.date(year + 1, 3, 15), today)
    with cooperative_context(cooperative.pk, user_id=manager.pk):
        done = ShuDistribution.objects.filter(fiscal_year=year, status=DistributionStatus.POSTED).first()
        if done is not None:
            return []
        post_entry(
            date=datetime.date(year, 12, 31), source=("demo.results", year), purpose="demo.results", actor=manager,
            memo=f"Ringkasan hasil usaha {year} (sebelum pencatatan harian di sistem)",
            lines=[Line(account, debit=D(debit), credit=D(credit)) for account, debit, credit in RESULTS],
        )  # fmt: skip
        try:
            services.year_surplus(year)
        except ValidationError:  # not closed yet
            close_year(actor=manager, fiscal_year=year)
        if services.rule_for(year) is None:
            services.save_rule(actor=manager, fiscal_year=year, sources=[{"key": "waserda"}, {"key": "loan_interest"}])
        draft = ShuDistribution.objects.filter(fiscal_year=year).first()
        if draft is None or not draft.frozen:
            draft = services.compute_draft(actor=manager, fiscal_year=year)
            services.approve(actor=manager, distribution=draft, rat_date=rat, minutes_reference=f"BA-RAT/{year + 1}/01")
        services.post_distribution(actor=manager, distribution=draft, on=rat)
        services.pay_all(actor=manager, distribution=draft, on=rat, method="cash")
    return []
