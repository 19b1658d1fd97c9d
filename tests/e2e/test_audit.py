"""The audit trail and the data export in Chromium, on a 360 px phone: a manager reads the cooperative's
events (each a card, nothing wider than the screen), opens a member's history from the member's page,
and exports the cooperative's data, watching the job and downloading the ZIP."""

import zipfile

import pytest

from koperasi.tenancy.context import cooperative_context
from tests.artifacts import artifacts_dir
from tests.e2e.conftest import log_in
from tests.factories.accounts import PASSWORD
from tests.factories.members import funded_account
from tests.factories.tenancy import CooperativeFactory, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kud(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    coop = CooperativeFactory(name="KUD Mina Bahari", slug="kud-mina")
    user_with_role(coop, "manager", username="manajer", full_name="Manajer KUD")
    with cooperative_context(coop.pk):
        account = funded_account("1250000.00")
        account.member.name = "Siti Nurhaliza Binti Abdullah Panjang Sekali Namanya"
        account.member.save(update_fields=["name"])
    return {"coop": coop, "account": account}


def test_a_manager_reads_the_trail_and_exports_on_a_phone(live_server, phone_page, kud):
    page, base = phone_page, f"{live_server.url}/k/kud-mina"
    log_in(page, live_server.url, "manajer", PASSWORD)
    shots = artifacts_dir()
    page.goto(f"{base}/audit/")
    assert page.get_by_test_id("audit-events").locator("tbody tr").count() >= 2
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.screenshot(path=str(shots / "audit-trail-phone.png"), full_page=True)
    page.goto(f"{base}/members/savings/{kud['account'].pk}/")
    page.get_by_test_id("audit-link").click()
    page.wait_for_load_state("networkidle")
    trail = page.get_by_test_id("audit-trail").inner_text()
    assert "Rekening simpanan dibuka" in trail and "Setoran simpanan" in trail  # words, not codes
    assert "Jumlah: 1.250.000,00" in trail
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.screenshot(path=str(shots / "audit-document-phone.png"), full_page=True)
    page.goto(f"{base}/export/")
    page.locator("form[action$='/export/start/'] button").click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    with page.expect_download() as download:
        page.get_by_test_id("download").click()
    path = download.value.path()
    with zipfile.ZipFile(path) as archive:
        assert "manifest.json" in archive.namelist() and "tables/members.Member.csv" in archive.namelist()
