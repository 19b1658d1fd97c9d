"""Rubric versions (platform admins): a version is never changed once made — editing saves the next version of
the same name — so a submitted rating always names the exact rubric it used. Import and export as JSON, export
as XLSX (one row per indicator or component) for a Dinas to read the official table against."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from koperasi.core.spreadsheets import Sheet
from performance.methods import ksp_health, rating
from performance.methods._base import MethodInputError
from performance.models import RatingRubric, RubricKind


def next_version(kind: str, name: str) -> int:
    latest = RatingRubric.objects.filter(kind=kind, name=name).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


def check_definition(kind: str, definition) -> None:
    method = rating if kind == RubricKind.RATING else ksp_health
    try:
        method.parse_rubric(definition)
    except MethodInputError as problem:
        messages = [f"{key}: {' '.join(texts)}" for key, texts in problem.errors.items()]
        raise ValidationError({"definition": messages}) from None
    except ValueError as problem:
        raise ValidationError({"definition": [str(problem)]}) from problem


def save_version(*, actor, kind: str, name: str, definition, notes: str = "") -> RatingRubric:
    """The next version of ``name`` with ``definition`` (validated by the method that will use it)."""
    check_definition(kind, definition)
    return RatingRubric.objects.create(kind=kind, name=name.strip(), version=next_version(kind, name.strip()),
                                       definition=definition, notes=notes, created_by=actor)  # fmt: skip


def parse_json(text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationError({"definition": [_("Not valid JSON: %(problem)s") % {"problem": error.msg}]}) from error


def export_json(rubric: RatingRubric) -> str:
    document = {"kind": rubric.kind, "name": rubric.name, "version": rubric.version, "definition": rubric.definition}
    return json.dumps(document, ensure_ascii=False, indent=2)


def export_xlsx(rubric: RatingRubric) -> bytes:
    sheet = Sheet(f"{rubric.name} v{rubric.version}"[:31])
    sheet.append([str(rubric), rubric.get_kind_display()], bold=True)
    sheet.append([])
    definition = rubric.definition
    if rubric.kind == RubricKind.RATING:
        sheet.append(["Kode", "Aspek", "Indikator", "Alat ukur", "Jenis", "Sumber data", "Bobot", "Skala"], bold=True)
        for item in definition["indicators"]:
            scale = "; ".join(f"{b['score']}: [{b.get('lower') or '−∞'}, {b.get('upper') or '∞'})"
                              for b in item.get("scale", []))  # fmt: skip
            sheet.append([item["code"], item["aspect"], item["name"], item.get("instrument", ""), item["kind"],
                          item.get("source", ""), item["weight"], scale])  # fmt: skip
    else:
        sheet.append(["Kode", "Aspek", "Komponen", "Jenis", "Bobot", "Terburuk", "Terbaik", "Pertanyaan"], bold=True)
        for item in definition["components"]:
            sheet.append([item["code"], item["aspect"], item["name"], item.get("kind", "ratio"), item["weight"],
                          item.get("worst"), item.get("best"), "\n".join(item.get("questions", []))])  # fmt: skip
    sheet.append([])
    sheet.append(["Kategori", "Dari", "Sampai"], bold=True)
    for category in definition["categories"]:
        sheet.append([category["name"], category.get("lower"), category.get("upper")])
    sheet.widths({"A": 8, "B": 22, "C": 60, "D": 40, "E": 12, "F": 20, "G": 8, "H": 50})
    return sheet.to_bytes()
