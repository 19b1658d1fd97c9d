"""The assessor in Chromium: logs in, starts a rating of a cooperative, reads a computed indicator's data, scores
the assessed indicators, submits after confirming, and downloads the report PDF whose verification code the
public page resolves."""

import datetime
import io

import pytest
from pypdf import PdfReader

from koperasi.tenancy.context import cooperative_context
from performance.models import RatingScore
from tests.artifacts import artifacts_dir
from tests.e2e.conftest import log_in
from tests.factories.accounts import PASSWORD
from tests.factories.members import ActiveMemberFactory
from tests.factories.tenancy import CooperativeFactory, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kud(live_server):
    coop = CooperativeFactory(name="KUD Mina Bahari", slug="kud-mina", legal_entity_number="123/BH/XIV/2001")
    user_with_role(coop, "assessor", username="penilai", full_name="Penilai Dinas")
    with cooperative_context(coop.pk):
        ActiveMemberFactory.create_batch(5, admitted_on=datetime.date(2020, 1, 1))
        ActiveMemberFactory(admitted_on=datetime.date(2025, 5, 1))
    return coop


def test_an_assessor_rates_a_cooperative_submits_and_downloads_the_pdf(live_server, page, kud):
    shots = artifacts_dir()
    log_in(page, live_server.url, "penilai", PASSWORD)
    page.goto(f"{live_server.url}/k/kud-mina/ratings/")
    page.fill("#id_year", "2025")
    page.get_by_test_id("start-rating").click()
    page.wait_for_load_state("networkidle")
    k8 = page.locator('[data-indicator="K8"]')
    assert k8.get_by_test_id("value").inner_text() == "20,00"  # 5 members → 6
    with cooperative_context(kud.pk):
        unscored = list(RatingScore.objects.filter(computed_score__isnull=True).values_list("code", flat=True))
    for code in unscored:
        page.get_by_test_id(f"score-{code}").fill("4")
    page.fill("#notes", "Dokumen legal lengkap.")
    page.screenshot(path=str(shots / "rating-draft.png"), full_page=True)
    page.once("dialog", lambda dialog: dialog.accept())  # "Submit this rating? It is locked afterwards …"
    page.get_by_test_id("submit-rating").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("status").inner_text() == "Terkirim"
    category = page.get_by_test_id("category").inner_text()
    page.screenshot(path=str(shots / "rating-submitted.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_test_id("pdf").click()
    pdf = download.value.path().read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert category in text and "KUD Mina Bahari" in text
    code = next(word for word in text.split() if word.startswith(f"R{kud.pk}-"))
    page.goto(f"{live_server.url}/verify/{code}/")
    assert page.get_by_test_id("verified-category").inner_text() == category


def test_a_manager_reads_the_submitted_rating_and_sets_up_the_scorecard_on_a_phone(live_server, phone_page, kud):
    from decimal import Decimal

    from koperasi.accounts.models import User
    from koperasi.tenancy.access import assessor_cooperative_ids
    from performance import ratings

    assessor = User.objects.get(username="penilai")
    user_with_role(kud, "manager", username="manajer")
    with cooperative_context(kud.pk, read_only=True, readable_ids=assessor_cooperative_ids(assessor),
                             user_id=assessor.pk):  # fmt: skip
        rating = ratings.start_rating(assessor=assessor, kind="rating", year=2025)
        for row in rating.scores.filter(computed_score__isnull=True):
            ratings.score_indicator(assessor=assessor, row=row, score=Decimal(3), evidence="Dilihat di kantor")
        ratings.submit_rating(assessor=assessor, rating_=rating, notes="Perlu menyusun SOP.")
    log_in(phone_page, live_server.url, "manajer", PASSWORD)
    shots = artifacts_dir()
    for path, name in ((f"ratings/{rating.pk}/", "rating-manager-phone"), ("dashboards/scorecard/", "scorecard-phone")):
        phone_page.goto(f"{live_server.url}/k/kud-mina/{path}")
        assert phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, path
        phone_page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    phone_page.goto(f"{live_server.url}/k/kud-mina/ratings/{rating.pk}/")
    assert phone_page.get_by_test_id("category").inner_text() == rating.category
    assert phone_page.get_by_test_id("rating-form").locator("input[type=file]").count() == 0  # nothing to change
