"""Rubric versions (platform admins): a version is never changed once made — editing saves the next version of
the same name — so a submitted rating always names the exact rubric it used. Import and export as JSON, export
as XLSX (one row per indicator or component), and import that workbook back once a Dinas has edited it to the
official table."""

from __future__ import annotations

import io
import json
import re

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


def _cell(value) -> str:
    return "" if value is None else str(value).strip()


def _number_text(value) -> str | None:
    text = _cell(value)
    return None if text in ("", "−∞", "∞", "-∞", "None") else text.replace(",", ".")


SCALE_BAND = re.compile(r"^\s*(\d+)\s*:\s*\[\s*([^,]+?)\s*,\s*([^)]+?)\s*\)\s*$")


def _scale(text: str, row: int) -> list[dict]:
    bands = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        match = SCALE_BAND.match(part)
        if not match:
            raise ValidationError({"file": [_("Row %(row)s: the scale “%(part)s” is not “score: [from, to)”.")
                                            % {"row": row, "part": part}]})  # fmt: skip
        bands.append({"score": int(match[1]), "lower": _number_text(match[2]), "upper": _number_text(match[3])})
    return bands


def import_xlsx(kind: str, content: bytes) -> dict:
    """A definition from a workbook laid out as :func:`export_xlsx` writes it (a Dinas edits the exported file):
    the indicator (or component) rows under the header, then the categories under "Kategori"."""
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    except Exception as error:  # openpyxl raises several kinds for a file that is not a workbook
        raise ValidationError({"file": [_("The file is not an XLSX workbook.")]}) from error
    rows = [[_cell(v) for v in row] for row in sheet.iter_rows(min_row=1, values_only=True)]
    try:
        start = next(i for i, row in enumerate(rows) if row and row[0] == "Kode") + 1
        categories_at = next(i for i, row in enumerate(rows) if row and row[0] == "Kategori")
    except StopIteration:
        raise ValidationError({"file": [_("The workbook has no “Kode” and “Kategori” headers.")]}) from None
    items = []
    for number, row in enumerate(rows[start:categories_at], start=start + 1):
        if not row or not row[0]:
            continue
        row = (row + [""] * 8)[:8]
        if kind == RubricKind.RATING:
            code, aspect, name, instrument, kind_, source, weight, scale = row
            item = {"code": code, "aspect": aspect, "name": name, "instrument": instrument, "kind": kind_,
                    "source": source, "weight": _number_text(weight)}  # fmt: skip
            if kind_ == "computed":
                item["scale"] = _scale(scale, number)
        else:
            code, aspect, name, kind_, weight, worst, best, questions = row
            item = {
                "code": code,
                "aspect": aspect,
                "name": name,
                "kind": kind_ or "ratio",
                "weight": _number_text(weight),
            }
            if item["kind"] == "questionnaire":
                item["questions"] = [q.strip() for q in questions.splitlines() if q.strip()]
            else:
                item |= {"worst": _number_text(worst), "best": _number_text(best)}
        items.append(item)
    categories = [
        {"name": row[0], "lower": _number_text(row[1] if len(row) > 1 else None),
         "upper": _number_text(row[2] if len(row) > 2 else None)}
        for row in rows[categories_at + 1:] if row and row[0]
    ]  # fmt: skip
    key = "indicators" if kind == RubricKind.RATING else "components"
    definition = {key: items, "categories": categories}
    if kind == RubricKind.RATING:
        definition["max_score"] = 5
    return definition
