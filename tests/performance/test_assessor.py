"""An assessor's work across their cooperatives: the start page lists them with the latest rating and health
category; one job starts drafts everywhere; another exports a year's reports as a ZIP of PDFs and a ranking —
never including a cooperative not assigned to them."""

import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from koperasi.tenancy.access import assessor_cooperative_ids
from koperasi.tenancy.context import cooperative_context
from performance import ratings
from performance.models import Rating
from tests.factories.tenancy import CooperativeFactory, user_with_role

pytestmark = pytest.mark.django_db


def rate(cooperative, assessor, score: str, year=2025):
    """Start, score every indicator the books left unscored, and submit."""
    with cooperative_context(cooperative.pk, read_only=True, readable_ids=assessor_cooperative_ids(assessor),
                             user_id=assessor.pk):  # fmt: skip
        rating = ratings.start_rating(assessor=assessor, kind="rating", year=year)
        for row in rating.scores.filter(computed_score__isnull=True):
            ratings.score_indicator(assessor=assessor, row=row, score=Decimal(score))
        return ratings.submit_rating(assessor=assessor, rating_=rating)


@pytest.fixture
def world(coop, other_coop):
    assessor = user_with_role(coop, "assessor", username="penilai")
    with cooperative_context(other_coop.pk):
        from koperasi.tenancy.models import RoleAssignment

        RoleAssignment.objects.create(user=assessor, role="assessor")
    stranger = CooperativeFactory(name="Koperasi Lain", slug="koperasi-lain")
    someone = user_with_role(stranger, "assessor", username="penilai-lain")
    return {"assessor": assessor, "stranger": stranger, "someone": someone}


def test_the_start_page_lists_my_cooperatives_with_their_latest_rating(client, coop, other_coop, world):
    rated = rate(coop, world["assessor"], "5")
    client.force_login(world["assessor"])
    page = client.get("/?all")
    [section] = [s for s in page.context["sections"] if s["name"] == "performance.assessor"]
    rows = {row["cooperative"].pk: row for row in section["assessed"]}
    assert set(rows) == {coop.pk, other_coop.pk}
    assert rows[coop.pk]["rating"].pk == rated.pk and rows[other_coop.pk]["rating"] is None
    assert rated.category in page.content.decode()


def test_one_job_starts_a_draft_in_every_assigned_cooperative(client, coop, other_coop, world):
    client.force_login(world["assessor"])
    started = client.post("/assessor/exports/start/", {"year": "2025", "kind": "rating", "action": "drafts"})
    page = client.get(started["Location"])
    assert page.context["job"]["state"] == "SUCCESS" and page.context["job"]["started"] == 2
    for cooperative in (coop, other_coop):
        with cooperative_context(cooperative.pk):
            assert Rating.objects.get().status == "draft"
    with cooperative_context(world["stranger"].pk):
        assert not Rating.objects.exists()


def test_the_export_holds_my_cooperatives_reports_and_a_ranking_and_nothing_else(client, coop, other_coop, world):
    rate(coop, world["assessor"], "5")
    rate(other_coop, world["assessor"], "2")
    rate(world["stranger"], world["someone"], "4")
    client.force_login(world["assessor"])
    started = client.post("/assessor/exports/start/", {"year": "2025", "action": "export"})
    page = client.get(started["Location"])
    job = page.context["job"]
    assert job["state"] == "SUCCESS" and job["reports"] == 2 and 'data-testid="download"' in page.content.decode()
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(client.get(f"/assessor/exports/{job['id']}/download/").streaming_content))
    )
    names = sorted(archive.namelist())
    assert names == [
        "koperasi-a-rating-2025-v1.pdf",
        "koperasi-b-rating-2025-v1.pdf",
        "ringkasan-pemeringkatan-2025.xlsx",
    ]
    sheet = load_workbook(io.BytesIO(archive.read("ringkasan-pemeringkatan-2025.xlsx"))).active
    ranking = [(row[0], row[1]) for row in sheet.iter_rows(min_row=4, max_row=5, values_only=True)]
    assert ranking == [(1, "Koperasi A"), (2, "Koperasi B")]
    client.force_login(world["someone"])
    assert client.get(f"/assessor/exports/{job['id']}/download/").status_code == 404  # not theirs


def test_only_assessors_reach_the_assessor_pages(client, manager):
    client.force_login(manager)
    assert client.get("/assessor/exports/").status_code == 403
