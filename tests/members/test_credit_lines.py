"""Revolving credit lines: draws and repayments within the limit, interest daily on what is drawn billed
month by month (the pure ``credit_line_interest``), repayments paying billed interest first, and the pages
and API that record them."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from koperasi.ledger.fiscal import Month
from koperasi.tenancy.context import cooperative_context
from members.credit_lines import services
from members.credit_lines.models import CreditLine
from tests.factories.members import ActiveMemberFactory
from tests.members.test_savings import ledger_balance

pytestmark = pytest.mark.django_db
D = Decimal
MARCH = Month(2026, 3)


@pytest.fixture
def line(in_coop, manager):
    member = ActiveMemberFactory()
    return services.open_credit_line(
        actor=manager, member=member, limit=D("10000000"), rate=D("0.18"), on=datetime.date(2026, 3, 1)
    )


def test_interest_runs_daily_on_what_is_drawn_and_is_paid_first(line, staff):
    services.draw(actor=staff, line=line, amount=D("4000000"), date=datetime.date(2026, 3, 10))
    services.repay(actor=staff, line=line, amount=D("1000000"), date=datetime.date(2026, 3, 25))
    billed = services.bill_interest(line, MARCH)
    # 4.000.000 × 15 days (10–24 March) + 3.000.000 × 7 days (25–31 March) = 81.000.000 balance-days;
    # × 18 % / 365 = 39.945,21 → Rp 39.945
    assert billed.interest == D("39945")
    assert services.bill_interest(line, MARCH) is None  # once a month
    line.refresh_from_db()
    assert (line.drawn, line.interest_due, line.interest_billed_until) == (D("3000000"), D("39945"), MARCH.last_day)
    paid = services.repay(actor=staff, line=line, amount=D("100000"), date=datetime.date(2026, 4, 2))
    assert (paid.interest, paid.principal) == (D("39945"), D("60055"))
    line.refresh_from_db()
    assert (line.drawn, line.interest_due) == (D("2939945"), 0)
    assert ledger_balance("loan_interest_income") == D("39945")
    assert ledger_balance("loan_receivable") == D("-2939945")  # an asset: debit-positive


def test_the_limit_the_billed_month_and_overpayment_are_refused(line, staff):
    services.draw(actor=staff, line=line, amount=D("9000000"), date=datetime.date(2026, 3, 2))
    with pytest.raises(ValidationError) as over:
        services.draw(actor=staff, line=line, amount=D("1000001"), date=datetime.date(2026, 3, 3))
    assert over.value.code == "credit_line_over_limit"
    services.bill_interest(line, MARCH)
    with pytest.raises(ValidationError) as billed:
        services.draw(actor=staff, line=line, amount=D("1000"), date=datetime.date(2026, 3, 31))
    assert billed.value.code == "credit_line_month_billed"
    line.refresh_from_db()
    with pytest.raises(ValidationError) as too_much:
        services.repay(
            actor=staff, line=line, amount=line.drawn + line.interest_due + 1, date=datetime.date(2026, 4, 1)
        )
    assert too_much.value.code == "loan_overpayment"


def test_a_draw_with_the_same_key_is_recorded_once(line, staff):
    key = uuid.uuid4()
    for _ in range(2):
        services.draw(actor=staff, line=line, amount=D("500000"), date=datetime.date(2026, 3, 5), key=key)
    line.refresh_from_db()
    assert line.drawn == D("500000") and line.movements.count() == 1


def test_the_monthly_job_bills_every_open_line(line, staff):
    services.draw(actor=staff, line=line, amount=D("3650000"), date=datetime.date(2026, 3, 1))
    assert services.bill_all(MARCH) == 1 and services.bill_all(MARCH) == 0
    line.refresh_from_db()
    assert line.interest_due == D("55800")  # 3.650.000 × 31 days × 18 % / 365


def test_staff_draw_and_repay_on_the_page_and_managers_open_lines_there_and_through_the_api(
    client, coop, manager, staff
):
    with cooperative_context(coop.pk):
        member = ActiveMemberFactory(name="Rahmat")
    client.force_login(staff)
    listing = reverse("members:credit-lines", kwargs={"slug": coop.slug})
    form = {"member": member.member_no, "limit": "5.000.000", "rate": "18", "day_count": "act/365",
            "rounding": "whole", "on": "2026-03-01"}  # fmt: skip
    assert client.post(listing, form).status_code == 403
    client.force_login(manager)
    opened = client.post(listing, form)
    assert opened.status_code == 302
    with cooperative_context(coop.pk):
        line = CreditLine.objects.get(member=member)
    client.force_login(staff)
    draw = reverse("members:credit-line-draw", kwargs={"slug": coop.slug, "pk": line.pk})
    refused = client.post(draw, {"draw-amount": "6.000.000", "draw-date": "2026-03-02"})
    assert refused.status_code == 400 and "left under the limit" in refused.content.decode()
    assert client.post(draw, {"draw-amount": "1.000.000", "draw-date": "2026-03-02"}).status_code == 302
    page = client.get(reverse("members:credit-line-detail", kwargs={"slug": coop.slug, "pk": line.pk}))
    assert 'data-testid="drawn">Rp 1.000.000,00' in page.content.decode()
    api = f"/api/v1/k/{coop.slug}/credit-lines/"
    body = {"amount": "250000", "date": "2026-03-20", "idempotency_key": str(uuid.uuid4())}
    repaid = client.post(f"{api}{line.pk}/repay/", body, content_type="application/json")
    assert repaid.status_code == 200, repaid.json()
    assert repaid.json()["drawn"] == "750000.00"
    assert client.post(api, {"member": member.pk, "limit": "1000", "rate": "0.1"},
                       content_type="application/json").status_code == 403  # fmt: skip
    client.force_login(manager)
    created = client.post(api, {"member": member.pk, "limit": "1000000", "rate": "0.12", "day_count": "act/act"},
                          content_type="application/json")  # fmt: skip
    assert created.status_code == 201 and created.json()["day_count"] == "act/act"


def test_a_member_sees_their_own_credit_line_in_the_portal(client, coop, manager, staff):
    from members import services as member_services
    from tests.factories.accounts import UserFactory

    with cooperative_context(coop.pk):
        mine, other = ActiveMemberFactory(), ActiveMemberFactory()
        user = UserFactory(username="tuti")
        member_services.link_user(actor=manager, member=mine, user=user)
        for member, amount in ((mine, "700000"), (other, "900000")):
            line = services.open_credit_line(
                actor=manager, member=member, limit=D("2000000"), rate=D("0.12"), on=datetime.date(2026, 3, 1)
            )
            services.draw(actor=staff, line=line, amount=D(amount), date=datetime.date(2026, 3, 2))
    client.force_login(user)
    html = client.get(reverse("members:portal", kwargs={"slug": coop.slug})).content.decode()
    lines = html[html.index('data-testid="portal-credit-lines"') :]
    assert "Rp 700.000" in lines and "Rp 900.000" not in lines
