"""What a rating's page and report show: the rubric's indicators in order with their stored rows and results, and
the score of each aspect (with a bar length against the largest aspect)."""

from __future__ import annotations

from decimal import Decimal

from performance.models import Rating, RubricKind

ASPECT_LABELS = {
    "kelembagaan": "Kelembagaan", "usaha": "Usaha", "keuangan": "Keuangan",
    "manfaat_anggota": "Manfaat terhadap anggota", "manfaat_masyarakat": "Manfaat terhadap masyarakat",
    "permodalan": "Permodalan", "kualitas_aktiva_produktif": "Kualitas aktiva produktif", "manajemen": "Manajemen",
    "efisiensi": "Efisiensi", "likuiditas": "Likuiditas", "kemandirian_pertumbuhan": "Kemandirian dan pertumbuhan",
    "jatidiri": "Jatidiri koperasi",
}  # fmt: skip


def _questions(item: dict, row) -> list[tuple[int, str, bool]]:
    answers = (row.answers if row is not None else None) or []
    return [(i, q, i < len(answers) and bool(answers[i])) for i, q in enumerate(item.get("questions", []))]


def rows_of(rating_: Rating) -> list[dict]:
    """The rubric's indicators in order, each with its stored row and, once submitted, its result."""
    stored = {row.code: row for row in rating_.scores.all()}
    key = "indicators" if rating_.kind == RubricKind.RATING else "components"
    results = {row["code"]: row for row in rating_.result.get(key, [])}
    items = rating_.rubric.definition[key]
    return [
        {"item": item, "row": stored.get(item["code"]), "result": results.get(item["code"]),
         "aspect": ASPECT_LABELS.get(item["aspect"], item["aspect"]),
         "questions": _questions(item, stored.get(item["code"]))}
        for item in items
    ]  # fmt: skip


def aspects_of(rating_: Rating) -> list[dict]:
    aspects = rating_.result.get("aspects", {})
    top = max((Decimal(a.get("maximum") or a["weight"]) for a in aspects.values()), default=Decimal(1))
    return [
        {"name": ASPECT_LABELS.get(name, name), "score": a["score"], "maximum": a.get("maximum") or a["weight"],
         "bar": (Decimal(a["score"]) * 100 / top).quantize(Decimal("0.1")) if top else 0}
        for name, a in aspects.items()
    ]  # fmt: skip
