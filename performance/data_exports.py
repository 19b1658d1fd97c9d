"""A cooperative's data export (koperasi.core.data_export) carries the report of its latest submitted
rating and health assessment, as the assessor's PDF prints it."""

from __future__ import annotations

from koperasi.core.data_export import register_documents
from performance.assessor_jobs import report_pdf
from performance.models import Rating, RatingStatus, RubricKind


@register_documents("performance.ratings")
def latest_rating_reports(cooperative) -> dict[str, bytes]:
    files = {}
    for kind in (RubricKind.RATING, RubricKind.HEALTH):
        submitted = Rating.objects.filter(kind=kind, status=RatingStatus.SUBMITTED)
        rating_ = submitted.select_related("rubric", "supersedes").order_by("-year", "-version").first()
        if rating_ is not None:
            files[f"{cooperative.slug}-{kind}-{rating_.year}-v{rating_.version}.pdf"] = report_pdf(cooperative, rating_)
    return files
