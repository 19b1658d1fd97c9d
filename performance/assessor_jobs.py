"""An assessor's work across all their cooperatives at once (Celery jobs with progress): start a year's drafts
with the computed indicators filled from each cooperative's books, and export a year's submitted reports as one
ZIP of PDFs with a summary workbook (category distribution and ranking).

Each cooperative is read in the read-only context of the assessor's visit (readable: exactly the cooperatives
assigned to them), so a job can neither read nor write a cooperative not assigned to its assessor.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone

from koperasi.accounts.models import User
from koperasi.core.data_export import exports_root
from koperasi.core.pdf import render_pdf
from koperasi.core.spreadsheets import Sheet
from koperasi.tenancy.access import assessor_cooperative_ids
from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.models import Cooperative
from performance import ratings
from performance.models import Rating, RatingStatus, RubricKind
from performance.rating_report import aspects_of, rows_of

Progress = Callable[[int, int], None]


def assigned(user) -> list[Cooperative]:
    ids = assessor_cooperative_ids(user)
    return list(Cooperative.objects.filter(pk__in=ids, is_active=True).order_by("name"))


def _visit(user, cooperative):
    return cooperative_context(
        cooperative.pk, read_only=True, readable_ids=assessor_cooperative_ids(user), user_id=user.pk
    )


def start_drafts(user: User, year: int, kind: str, progress: Progress | None = None) -> dict:
    """A draft of ``kind`` for ``year`` in every assigned cooperative that has none open (computed indicators
    filled); returns how many were started and which cooperatives already had one."""
    cooperatives = assigned(user)
    started, skipped = 0, []
    for done, cooperative in enumerate(cooperatives, start=1):
        with _visit(user, cooperative):
            try:
                ratings.start_rating(assessor=user, kind=kind, year=year)
                started += 1
            except ValidationError:
                skipped.append(cooperative.name)
        if progress:
            progress(done, len(cooperatives))
    return {"started": started, "skipped": skipped}


def export_path(user_id: int, task_id: str) -> Path:
    return exports_root() / "assessors" / str(user_id) / f"{task_id}.zip"


def report_pdf(cooperative, rating_: Rating) -> bytes:
    """The rating's report as the assessor's PDF prints it."""
    context = {"rating": rating_, "rows": rows_of(rating_), "aspects": aspects_of(rating_), "cooperative": cooperative,
               "generated": timezone.localdate(), "verify_url": f"/verify/{rating_.verification_code}/"}  # fmt: skip
    return render_pdf("performance/ratings/report_pdf.html", context)


def _summary(rows: list[tuple[Cooperative, Rating | None]], year: int) -> bytes:
    sheet = Sheet(f"Pemeringkatan {year}")
    sheet.append([f"Pemeringkatan koperasi {year}"], bold=True)
    sheet.append([])
    sheet.append(["Peringkat", "Koperasi", "Nomor badan hukum", "Total", "Kategori", "Kode verifikasi"], bold=True)
    rated = sorted((row for row in rows if row[1]), key=lambda row: -row[1].total)
    for rank, (cooperative, rating_) in enumerate(rated, start=1):
        sheet.append([rank, cooperative.name, cooperative.legal_entity_number, rating_.total, rating_.category,
                      rating_.verification_code])  # fmt: skip
    for cooperative, _rating in (row for row in rows if not row[1]):
        sheet.append(["", cooperative.name, cooperative.legal_entity_number, None, "belum dinilai", ""])
    sheet.append([])
    sheet.append(["Sebaran kategori", "Jumlah koperasi"], bold=True)
    for category, count in Counter(r.category for _c, r in rated).most_common():
        sheet.append([category, count])
    sheet.widths({"A": 22, "B": 48, "C": 24, "D": 10, "E": 22, "F": 20})
    return sheet.to_bytes()


def export_year(user: User, year: int, task_id: str, progress: Progress | None = None) -> dict:
    """Every assigned cooperative's latest submitted rating (and health assessment) of ``year`` as PDFs in one
    ZIP with a summary workbook; returns the file's path and how many reports it holds."""
    cooperatives = assigned(user)
    rows, files = [], {}
    for done, cooperative in enumerate(cooperatives, start=1):
        with _visit(user, cooperative):
            latest = {}
            for kind in (RubricKind.RATING, RubricKind.HEALTH):
                submitted = Rating.objects.filter(kind=kind, year=year, status=RatingStatus.SUBMITTED)
                rating_ = submitted.select_related("rubric", "supersedes").order_by("-version").first()
                latest[kind] = rating_
                if rating_ is not None:
                    files[f"{cooperative.slug}-{kind}-{year}-v{rating_.version}.pdf"] = report_pdf(cooperative, rating_)
        rows.append((cooperative, latest[RubricKind.RATING]))
        if progress:
            progress(done, len(cooperatives))
    path = export_path(user.pk, task_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
        archive.writestr(f"ringkasan-pemeringkatan-{year}.xlsx", _summary(rows, year))
    path.write_bytes(buffer.getvalue())
    return {"reports": len(files), "cooperatives": len(cooperatives)}
