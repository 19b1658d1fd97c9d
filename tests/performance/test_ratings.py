"""An assessor rates a cooperative: computed indicators pre-filled with the data behind them, the rest scored,
an override only with a reason, submitted and locked (by the database too), a new version revises it; managers
see submitted ratings only; the PDF carries the total, category and a verification code that resolves."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from pypdf import PdfReader

from koperasi.tenancy.context import cooperative_context
from performance.models import Rating, RatingScore
from tests.factories.ledger import post_simple
from tests.factories.members import ActiveMemberFactory
from tests.factories.tenancy import user_with_role

pytestmark = pytest.mark.django_db
ASSESSED = ("K1", "K2", "K3", "K4", "K5", "K6", "K7")


@pytest.fixture
def assessor(coop):
    return user_with_role(coop, "assessor", username="penilai", full_name="Penilai Dinas")


@pytest.fixture
def books(coop):
    with cooperative_context(coop.pk):
        ActiveMemberFactory.create_batch(8, admitted_on=datetime.date(2020, 1, 1))
        ActiveMemberFactory.create_batch(2, admitted_on=datetime.date(2025, 3, 1))
        post_simple("1000000.00", credit="principal_savings", date=datetime.date(2024, 12, 1))
        post_simple("400000.00", credit="sales_waserda", date=datetime.date(2025, 6, 1), unit="WSD")


def url(coop, path=""):
    return f"/k/{coop.slug}/ratings/{path}"


def start(client, coop, kind="rating", year=2025):
    response = client.post(url(coop, "new/"), {"kind": kind, "year": year, "nip": "19800101 200501 1 001"})
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def all_scores(coop, score="4"):
    """A score for every indicator the books could not score (the assessed ones among them)."""
    with cooperative_context(coop.pk):
        unscored = list(RatingScore.objects.filter(computed_score__isnull=True).values_list("code", flat=True))
    assert set(ASSESSED) <= set(unscored)
    data = {"action": "submit", "notes": "Dokumen lengkap; RAT 2025 dihadiri 60 % anggota."}
    for code in unscored:
        data |= {f"{code}-present": "1", f"{code}-score": score, f"{code}-evidence": "Dilihat di kantor"}
    return data


def test_a_rating_starts_with_the_computed_indicators_filled_from_the_books(client, coop, assessor, books):
    client.force_login(assessor)
    location = start(client, coop)
    page = client.get(location)
    assert page.status_code == 200
    with cooperative_context(coop.pk):
        rating = Rating.objects.get()
        rows = {row.code: row for row in RatingScore.objects.filter(rating=rating)}
    assert len(rows) == 23 and rating.version == 1 and rating.verification_code.startswith(f"R{coop.pk}-")
    assert rows["K8"].value == Decimal("25.0000")  # 8 members at the start of 2025, 10 at its end
    assert rows["K8"].computed_score == 5 and rows["K8"].figures == {
        "members at the start": "8",
        "members at the end": "10",
    }
    assert rows["K9"].value is None and "attendance" in rows["K9"].data_note
    assert rows["U4"].value is not None and rows["F1"].value is not None
    assert "The data behind it" in page.content.decode() and 'data-testid="missing"' in page.content.decode()


def test_an_assessor_scores_submits_and_the_rating_is_locked_then_revised_as_a_new_version(
    client, coop, assessor, manager, books
):
    client.force_login(assessor)
    location = start(client, coop)
    override = all_scores(coop) | {"action": "submit", "U4-present": "1", "U4-score": "1"}
    refused = client.post(location, override)
    assert refused.status_code == 400 and "reason" in refused.content.decode()  # an override needs its reason
    submitted = client.post(location, override | {"U4-reason": "Aset naik karena hibah"})
    assert submitted.status_code == 302, [str(m) for m in submitted.context["messages"]]
    with cooperative_context(coop.pk):
        rating = Rating.objects.get()
    assert rating.status == "submitted" and rating.category and rating.total is not None
    u4 = next(row for row in rating.result["indicators"] if row["code"] == "U4")
    assert (u4["score"], u4["overridden"]) == ("1", True) and u4["computed_score"] is not None
    # locked: the page offers nothing to change, the database refuses a change even from the assessor
    assert client.post(location, all_scores(coop, "5")).status_code == 400
    with cooperative_context(coop.pk, read_only=True, user_id=assessor.pk):
        with pytest.raises(DatabaseError, match="submitted"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE performance_rating SET total = 500 WHERE id = %s", [rating.pk])
        with pytest.raises(DatabaseError, match="submitted"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE performance_ratingscore SET score = 5 WHERE rating_id = %s", [rating.pk])
    again = start(client, coop)
    with cooperative_context(coop.pk):
        revised = Rating.objects.get(version=2)
    assert again.endswith(f"/{revised.pk}/") and revised.supersedes_id == rating.pk
    client.force_login(manager)
    listed = client.get(url(coop)).context["ratings"]
    assert [r.pk for r in listed] == [rating.pk]  # the manager does not see the new draft
    assert client.get(url(coop, f"{revised.pk}/")).status_code == 404
    assert client.post(url(coop, "new/"), {"kind": "rating", "year": 2025}).status_code == 403


def test_the_report_pdf_carries_the_total_category_and_a_verification_code_that_resolves(
    client, coop, assessor, manager, books
):
    client.force_login(assessor)
    location = start(client, coop)
    client.post(location, all_scores(coop))
    with cooperative_context(coop.pk):
        rating = Rating.objects.get()
    client.force_login(manager)
    pdf = client.get(url(coop, f"{rating.pk}/pdf/"))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert rating.verification_code in text and rating.category in text and "Penilai Dinas" in text
    assert f"{rating.total:.2f}".replace(".", ",") in text
    client.logout()
    verified = client.get(f"/verify/{rating.verification_code}/")
    assert verified.status_code == 200 and rating.category in verified.content.decode()
    assert client.get(f"/verify/R{coop.pk}-XXXX-XXXX/").status_code == 404
    assert client.get("/verify/nonsense/").status_code == 404
    assert client.get(url(coop, f"{rating.pk}/xlsx/")).status_code == 302  # logged out: to the login page


def test_assessors_cannot_rate_or_read_a_cooperative_not_assigned_to_them(client, coop, other_coop, assessor):
    client.force_login(assessor)
    assert client.get(f"/k/{other_coop.slug}/ratings/").status_code == 404
    assert client.post(f"/k/{other_coop.slug}/ratings/new/", {"kind": "rating", "year": 2025}).status_code == 404
    # and their read-only visit still writes nothing but their rating
    assert client.post(f"/k/{coop.slug}/members/new/", {"name": "X"}).status_code == 403


def test_a_health_assessment_takes_ratios_from_the_books_and_the_questionnaire_from_the_assessor(
    client, coop, assessor, books
):
    client.force_login(assessor)
    location = start(client, coop, kind="ksp_health")
    data = {"action": "submit", "M1-present": "1", "M1-questions": "10", **{f"M1-q{i}": "on" for i in range(8)}}
    assert client.post(location, data).status_code == 302
    with cooperative_context(coop.pk):
        rating = Rating.objects.get()
    manajemen = rating.result["aspects"]["manajemen"]
    assert Decimal(manajemen["score"]) == 12 and rating.category  # 8 of 10 yes × 15
    p1 = next(row for row in rating.result["components"] if row["code"] == "P1")
    assert p1["value"] is not None  # own capital / total assets from the ledger


def test_an_evidence_document_is_uploaded_checked_by_its_content_and_read_by_the_manager(
    client, coop, assessor, manager, books
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(assessor)
    location = start(client, coop)
    fake = SimpleUploadedFile("akta.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = client.post(location, {"action": "save", "K1-present": "1", "K1-score": "4", "K1-file": fake})
    assert refused.status_code == 400 and "PDF, JPEG or PNG" in refused.content.decode()
    deed = SimpleUploadedFile("akta pendirian.pdf", b"%PDF-1.4\n% akta\n", content_type="application/pdf")
    saved = client.post(location, {"action": "save", "K1-present": "1", "K1-score": "4", "K1-evidence": "Akta",
                                   "K1-file": deed})  # fmt: skip
    assert saved.status_code == 302
    client.post(location, all_scores(coop))
    with cooperative_context(coop.pk):
        rating = Rating.objects.get()
        row = RatingScore.objects.get(rating=rating, code="K1")
    assert row.evidence_file.name.startswith(f"ratings/{coop.pk}/{rating.pk}/K1-") and row.evidence_file.name.endswith(
        ".pdf"
    )
    client.force_login(manager)
    document = client.get(url(coop, f"{rating.pk}/evidence/"), {"code": "K1"})
    assert document.status_code == 200 and b"".join(document.streaming_content).startswith(b"%PDF")
    assert client.get(url(coop, f"{rating.pk}/evidence/"), {"code": "K2"}).status_code == 404
