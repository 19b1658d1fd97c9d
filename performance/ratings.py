"""The assessor's rating of a cooperative (services; the scoring itself is ``methods.rating`` / ``ksp_health``).

Run in the cooperative's read-only context of the assessor's visit: the books are read, and only the
assessor's own rating rows are written (row-level security admits nothing else). A rating starts as a draft
with the computed indicators filled from the books; the assessor scores the rest and submits; submitting
computes the result with the method and locks the rating (a database trigger refuses any later change).
Rating the same year again starts a new version that revises the submitted one, which is kept.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.tenancy.context import current_cooperative_id
from koperasi.tenancy.models import Role
from performance.methods import ksp_health, rating
from performance.methods._base import MethodInputError
from performance.models import Rating, RatingRubric, RatingScore, RatingStatus, RubricKind
from performance.rating_sources import SOURCES, health_values
from performance.rubrics import default_health_rubric, default_rating_rubric

METHODS = {RubricKind.RATING: rating, RubricKind.HEALTH: ksp_health}
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed from paper


def new_verification_code() -> str:
    """``R<cooperative id>-XXXX-XXXX``: the cooperative it belongs to, and 40 random bits."""
    random = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"R{current_cooperative_id()}-{random[:4]}-{random[4:]}"


DEFAULT_RUBRICS = {
    RubricKind.RATING: ("Pemeringkatan koperasi, Permen KUKM 21/2015 (bawaan)", default_rating_rubric),
    RubricKind.HEALTH: ("Kesehatan KSP/USP (bawaan)", default_health_rubric),
}


def ensure_default_rubric(kind: str) -> RatingRubric:
    """The built-in first version of ``kind`` (made when the platform has no rubric of that kind at all)."""
    name, definition = DEFAULT_RUBRICS[kind]
    rubric, _created = RatingRubric.objects.get_or_create(kind=kind, name=name, version=1,
                                                          defaults={"definition": definition()})  # fmt: skip
    return rubric


def default_rubric(kind: str) -> RatingRubric:
    """The newest rubric of ``kind`` offered to assessors (the built-in one when there is none yet)."""
    if not RatingRubric.objects.filter(kind=kind).exists():
        ensure_default_rubric(kind)
    rubric = RatingRubric.objects.filter(kind=kind, is_active=True).order_by("-created_at", "-version").first()
    if rubric is None:
        raise ValidationError({"rubric": _("No rubric of this kind is offered to assessors.")})
    return rubric


def _items(rating_: Rating) -> list[dict]:
    definition = rating_.rubric.definition
    return definition["indicators"] if rating_.kind == RubricKind.RATING else definition["components"]


def _fill(rating_: Rating) -> None:
    """One row per indicator: for a computed indicator, its value from the books, the figures behind it and the
    score its scale gives."""
    health = health_values(rating_.year) if rating_.kind == RubricKind.HEALTH else {}
    parsed = rating.parse_rubric(rating_.rubric.definition) if rating_.kind == RubricKind.RATING else None
    scales = {ind["code"]: ind for ind in parsed["indicators"]} if parsed else {}
    rows = []
    for item in _items(rating_):
        row = RatingScore(rating=rating_, assessor=rating_.assessor, code=item["code"])
        measured = None
        if rating_.kind == RubricKind.RATING and item["kind"] == "computed" and item.get("source") in SOURCES:
            measured = SOURCES[item["source"]](rating_.year)
        elif rating_.kind == RubricKind.HEALTH and item.get("kind", "ratio") == "ratio":
            measured = health.get(item["code"])
        if measured is not None:
            row.value, row.figures, row.data_note = measured.value, measured.figures, measured.note
            if measured.value is not None and item["code"] in scales:
                try:
                    row.computed_score = rating.score_of(scales[item["code"]], measured.value)
                except MethodInputError:
                    row.data_note = _("The value lies outside the indicator's scale: score it by hand.")
        rows.append(row)
    for row in rows:
        row.save()


@transaction.atomic
def start_rating(*, assessor, kind: str, year: int, nip: str = "", rubric: RatingRubric | None = None) -> Rating:
    """A new draft of ``kind`` for ``year`` (a new version when one was submitted before)."""
    rubric = rubric or default_rubric(kind)
    if rubric.kind != kind:
        raise ValidationError({"rubric": _("The rubric is not of this kind.")})
    previous = Rating.objects.filter(kind=kind, year=year).order_by("-version").first()
    if previous is not None and previous.status == RatingStatus.DRAFT:
        raise ValidationError({"year": _("A draft of this year is open already: continue it.")})
    rating_ = Rating.objects.create(
        rubric=rubric, kind=kind, year=year, version=previous.version + 1 if previous else 1, assessor=assessor,
        assessor_name=assessor.display_name, assessor_nip=nip, verification_code=new_verification_code(),
        supersedes=previous,
    )  # fmt: skip
    _fill(rating_)
    _audit("performance.rating_started", assessor, rating_, kind=kind, year=year, rubric=str(rubric))
    return rating_


def visible_ratings(user, roles):
    """The cooperative's ratings a user may read: managers the submitted ones, an assessor also their own drafts
    (newest year first)."""
    from django.db.models import Q

    mine = Q(assessor=user) if Role.ASSESSOR in roles else Q(pk__in=[])
    return (
        Rating.objects.select_related("rubric")
        .filter(mine | Q(status=RatingStatus.SUBMITTED))
        .order_by("-year", "kind", "-version")
    )


def _audit(action: str, assessor, rating_: Rating, **after) -> None:
    """An assessor's act is the Dinas's, not the cooperative's: a platform event naming the cooperative (the
    assessor's visit is read-only, so the cooperative's own audit trail admits nothing from it)."""
    after |= {"cooperative": rating_.cooperative_id, "rating": rating_.pk, "version": rating_.version}
    record_event(action, actor=assessor, cooperative_id=None, obj=rating_, after=after)


def _editable(rating_: Rating, assessor) -> None:
    if rating_.is_locked:
        raise ValidationError(_("This rating is submitted and can no longer change; start a new version."))
    if rating_.assessor_id != assessor.pk:
        raise ValidationError(_("Only the assessor who started this rating may change it."))


EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
# What an evidence file may be, known by its first bytes (not by the name the uploader gave it).
EVIDENCE_KINDS = {b"%PDF": ".pdf", b"\xff\xd8\xff": ".jpg", b"\x89PNG": ".png"}


def check_evidence(upload) -> str:
    """The file's extension by its content; refuse anything larger than 5 MB or not a PDF, JPEG or PNG."""
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError({"evidence_file": _("The evidence file is larger than 5 MB.")})
    head = upload.read(8)
    upload.seek(0)
    for magic, suffix in EVIDENCE_KINDS.items():
        if head.startswith(magic):
            return suffix
    raise ValidationError({"evidence_file": _("The evidence must be a PDF, JPEG or PNG file.")})


@transaction.atomic
def score_indicator(
    *, assessor, row: RatingScore, score=None, answers=None, reason="", evidence="", notes="", evidence_file=None
):
    """The assessor's score (or questionnaire answers) of one indicator, with the reason for overriding a
    computed score, the evidence (what was seen, and the document itself) and notes."""
    _editable(row.rating, assessor)
    if score is not None and row.computed_score is not None and score != row.computed_score and not reason.strip():
        raise ValidationError({"reason": _("Overriding a computed score needs a written reason.")})
    row.score, row.answers = score, answers
    row.reason, row.evidence, row.notes = reason.strip(), evidence.strip(), notes.strip()
    if evidence_file is not None:
        row.evidence_file.save(f"evidence{check_evidence(evidence_file)}", evidence_file, save=False)
    row.save()
    return row


def payload(rating_: Rating) -> dict:
    """What the method is given: the rubric and, per indicator, the value, the score and the reason."""
    rows = {row.code: row for row in rating_.scores.all()}
    if rating_.kind == RubricKind.HEALTH:
        values = {code: (row.answers if row.answers is not None else (None if row.value is None else str(row.value)))
                  for code, row in rows.items()}  # fmt: skip
        return {"rubric": rating_.rubric.definition, "values": values}
    scores = {}
    for code, row in rows.items():
        given = {} if row.value is None else {"value": str(row.value)}
        if row.score is not None:
            given["score"] = str(row.score)
        given["reason"] = row.reason
        scores[code] = given
    return {"rubric": rating_.rubric.definition, "scores": scores}


def preview(rating_: Rating) -> tuple[dict | None, dict]:
    """The result as it stands, or the method's field errors (what is still missing)."""
    try:
        return METHODS[rating_.kind].compute(payload(rating_)), {}
    except MethodInputError as problem:
        return None, problem.errors


@transaction.atomic
def submit_rating(*, assessor, rating_: Rating, notes: str = "") -> Rating:
    """Compute the result and lock the rating; refused with what is missing."""
    _editable(rating_, assessor)
    result, errors = preview(rating_)
    if result is None:
        raise ValidationError([f"{key}: {' '.join(messages)}" for key, messages in errors.items()])
    rating_.result, rating_.total = result, Decimal(result["total"]).quantize(Decimal("0.01"))
    rating_.category, rating_.notes = result["category"], notes.strip()
    rating_.status, rating_.submitted_at = RatingStatus.SUBMITTED, timezone.now()
    rating_.save()
    _audit("performance.rating_submitted", assessor, rating_, total=str(rating_.total), category=rating_.category,
           code=rating_.verification_code)  # fmt: skip
    return rating_
