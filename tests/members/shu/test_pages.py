"""The SHU pages: staff compute the draft, the manager approves it at the RAT, posts it and pays; every
member's slip prints; a member sees their own SHU and slip on the portal, and no one else's."""

from decimal import Decimal

import pytest
from django.urls import reverse

from koperasi.tenancy.context import cooperative_context
from members import services as member_services
from members.shu import services
from members.shu.models import DistributionStatus, ShuDistribution
from tests.factories.accounts import UserFactory
from tests.members.shu.worked_example import RAT, YEAR, build_year

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def books(coop, manager):
    with cooperative_context(coop.pk):
        members = build_year()
        user = UserFactory(username="budi")
        member_services.link_user(actor=manager, member=members["b"], user=user)
        return members | {"user": user}


def test_the_shu_goes_from_draft_to_payment_on_the_pages(client, coop, staff, manager, books):
    page = reverse("members:shu", kwargs={"slug": coop.slug}) + f"?year={YEAR}"
    client.force_login(staff)
    shown = client.get(page)
    assert shown.status_code == 200 and "40" in shown.content.decode()  # the default rule's reserve
    pools = {"reserve": "45", "capital": "20", "patronage": "20", "fund_board": "5", "fund_employees": "5",
             "fund_education": "5", "fund_social": "5", "fund_regional_development": "0"}  # fmt: skip
    rest = {"capital_kinds": ["pokok", "wajib"], "capital_basis": "year_end", "patronage_mode": "pooled",
            "deliveries_on": "on"}  # fmt: skip
    bad = client.post(page, {"action": "rule", **pools, **rest})
    assert bad.status_code == 400 and "100" in bad.content.decode()
    assert client.post(page, {"action": "compute"}).status_code == 302  # runs eagerly here
    with cooperative_context(coop.pk):
        distribution = ShuDistribution.objects.get()
        budi = distribution.shares.get(member=books["b"])
    assert budi.total == D("60000")
    listing = client.get(page).content.decode()
    assert "Budi" in listing and "60.000" in listing
    decide = reverse("members:shu-decide", kwargs={"slug": coop.slug}) + f"?year={YEAR}"
    assert client.post(decide, {"action": "approve", "rat_date": "2026-03-20", "minutes_reference": "BA-RAT/1"}
                       ).status_code == 403  # staff cannot approve  # fmt: skip
    client.force_login(manager)
    client.post(decide, {"action": "approve", "rat_date": "2026-03-20", "minutes_reference": "BA-RAT/1"})
    client.post(decide, {"action": "post", "on": "2026-03-21"})
    client.post(decide, {"action": "pay", "on": "2026-03-22", "method": "cash"})
    with cooperative_context(coop.pk):
        distribution.refresh_from_db()
        assert distribution.status == DistributionStatus.POSTED
        assert all(share.paid == share.total for share in distribution.shares.all())
    export = client.get(reverse("members:shu-export", kwargs={"slug": coop.slug}), {"year": YEAR})
    assert export.content.startswith(b"PK")
    slip = client.get(reverse("members:shu-slip", kwargs={"slug": coop.slug, "pk": budi.pk}), {"format": "pdf"})
    assert slip["Content-Type"] == "application/pdf"


def test_a_member_sees_their_own_shu_and_slip_on_the_portal(client, coop, manager, books):
    with cooperative_context(coop.pk):
        draft = services.compute_draft(actor=None, fiscal_year=YEAR)
        services.approve(actor=None, distribution=draft, rat_date=RAT, minutes_reference="BA-RAT/1")
        asep = draft.shares.get(member=books["a"])
    client.force_login(books["user"])
    portal = client.get(reverse("members:portal-shu", kwargs={"slug": coop.slug})).content.decode()
    assert "60.000" in portal and "1.240.000" not in portal
    slip = client.get(reverse("members:portal-shu-slip", kwargs={"slug": coop.slug, "year": YEAR}), {"format": "pdf"})
    assert slip.status_code == 200 and slip.content.startswith(b"%PDF")
    other = client.get(reverse("members:shu-slip", kwargs={"slug": coop.slug, "pk": asep.pk}))
    assert other.status_code in (403, 404)  # staff pages are not a member's
