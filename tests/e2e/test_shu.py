"""A member on a phone (issue 20): sees last year's SHU on the portal and downloads the slip, whose text
carries the amount."""

import io

import pytest
from pypdf import PdfReader

from koperasi.tenancy.context import cooperative_context
from members import services as member_services
from members.shu import services
from tests.e2e.conftest import log_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.members.shu.worked_example import RAT, YEAR, build_year

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_sees_last_years_shu_on_a_phone_and_downloads_the_slip(live_server, phone_page, coop, manager):
    with cooperative_context(coop.pk):
        members = build_year()
        user = UserFactory(username="asep")
        member_services.link_user(actor=manager, member=members["a"], user=user)
        draft = services.compute_draft(actor=None, fiscal_year=YEAR)
        services.approve(actor=None, distribution=draft, rat_date=RAT, minutes_reference="BA-RAT/2026/01")
    page = phone_page
    log_in(page, live_server.url, user.username, PASSWORD)
    page.goto(f"{live_server.url}/k/{coop.slug}/members/portal/")
    assert "1.240.000" in page.get_by_test_id("shu").inner_text()
    with page.expect_navigation():
        page.click("a[href$='/members/portal/shu/']")
    assert "1.240.000" in page.get_by_test_id("shu-history").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    slip = page.locator("[data-testid=shu-history] a").first.get_attribute("href")
    response = page.request.get(f"{live_server.url}{slip}")
    assert response.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "1.240.000" in text and "Asep" in text and "BA-RAT/2026/01" in text
