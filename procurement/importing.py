"""Importing deliveries from a CSV or XLSX file (a collection point's book, a scale's export) — all rows
or none, each row through ``record_delivery`` exactly as the intake form records it.

Columns (first row; case, spaces and ``-`` do not matter; English names in brackets also work):

==============  ========  ============================================================================
column          required  content
==============  ========  ============================================================================
tanggal         yes       delivery date: YYYY-MM-DD or DD/MM/YYYY (or a spreadsheet date), not ahead
pemasok         yes       supplier number (P-00012 or 12) or exact name
bahan           yes       raw-material code (e.g. SUSU, KELAPA)
jumlah          yes       quantity delivered in the material's unit ("20,5" or a number cell)
ditolak         no        quantity rejected
mutu            no        grade
petani          no        the original farmer when a group or collector delivers (number or name)
titik_setor     no        collection point
<parameter>     no        a quality reading, the column named by the parameter's code (fat, ts, tpc)
==============  ========  ============================================================================

English aliases: date, supplier, material, quantity, rejected, grade, farmer, collection_point. Each row
gets a key made from the file's content and the row's number, so uploading the same file twice records
its deliveries once. The error report is the members import's (baris, kolom, nilai, pesan).
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koperasi.accounts.services import record_event
from koperasi.money import AmountError, parse_number_id
from members import importing as members_importing
from members.importing import ImportFileError, RowError, parse_date, read_table
from procurement.models import Delivery, RawMaterial, Supplier
from procurement.selectors import delivery_basis
from procurement.services import deliveries

MAX_ROWS = 5_000
HEADER_ROW = 1
IMPORT_KEYS = uuid.UUID("5d0b1c9e-7c1a-4d55-9a8e-2f4a3b6c8d10")
COLUMNS = ("tanggal", "pemasok", "bahan", "jumlah", "ditolak", "mutu", "petani", "titik_setor")
REQUIRED = ("tanggal", "pemasok", "bahan", "jumlah")
ALIASES = {
    "date": "tanggal",
    "supplier": "pemasok",
    "material": "bahan",
    "quantity": "jumlah",
    "rejected": "ditolak",
    "grade": "mutu",
    "farmer": "petani",
    "collection_point": "titik_setor",
}
SERVICE_FIELDS = {  # record_delivery's field → the file's column
    "supplier": "pemasok",
    "material": "bahan",
    "date": "tanggal",
    "quantity": "jumlah",
    "rejected_quantity": "ditolak",
    "grade": "mutu",
    "farmer": "petani",
    "readings": "",
}

__all__ = ["ImportFileError", "ImportResult", "import_deliveries"]


@dataclass
class ImportResult(members_importing.ImportResult):
    already: int = 0  # rows of a file uploaded before, recorded then


def _header(text: object) -> str:
    name = "_".join(str(text or "").replace("*", "").strip().lower().replace("-", " ").split())
    return ALIASES.get(name, name)


class _Lookups:
    """Suppliers and materials the file names, each read once."""

    def __init__(self) -> None:
        self.materials = {m.code.upper(): m for m in RawMaterial.objects.prefetch_related("parameters")}
        self.suppliers: dict[str, Supplier | str] = {}
        self.prices: dict[tuple, bool] = {}

    def priced(self, material: RawMaterial, grade: str, day: datetime.date) -> bool:
        key = (material.pk, grade, day)
        if key not in self.prices:
            self.prices[key] = delivery_basis(material.pk, grade, day).rule is not None
        return self.prices[key]

    def supplier(self, text: str) -> Supplier | str:
        """The supplier ``text`` names, or why none."""
        key = " ".join(text.split()).lower()
        if key not in self.suppliers:
            number = key.upper().removeprefix("P-")
            found = list(Supplier.objects.filter(pk=int(number))) if number.isdigit() else []
            found = found or list(Supplier.objects.filter(name__iexact=" ".join(text.split()))[:2])
            if len(found) == 1:
                self.suppliers[key] = found[0]
            else:
                self.suppliers[key] = (
                    _("Several suppliers have this name; write the number.")
                    if found
                    else _("No supplier has this number or name.")
                )
        return self.suppliers[key]


def _number(value: object) -> Decimal:
    return value if isinstance(value, Decimal) else parse_number_id(str(value))


class _Row:
    def __init__(self, number: int, raw: dict[str, object]):
        self.number, self.raw, self.errors = number, raw, []
        self.fields: dict[str, object] = {}

    def text(self, column: str) -> str:
        value = self.raw.get(column, "")
        return value.isoformat() if isinstance(value, datetime.date) else str(value).strip()

    def refuse(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, self.text(column), str(message)))


def _check(row: _Row, lookups: _Lookups, today: datetime.date) -> None:
    """Turn the row's cells into record_delivery's arguments, noting every cell that cannot be."""
    day = parse_date(row.raw.get("tanggal", ""))
    if day is None:
        row.refuse("tanggal", _("Write the date as YYYY-MM-DD or DD/MM/YYYY."))
    elif day > today:
        row.refuse("tanggal", _("The date is in the future."))
    row.fields["date"] = day
    material = lookups.materials.get(row.text("bahan").upper())
    if material is None:
        row.refuse("bahan", _("No raw material has this code."))
    row.fields["material"] = material
    for column, name in (("pemasok", "supplier"), ("petani", "farmer")):
        if column == "petani" and not row.text(column):
            continue
        found = lookups.supplier(row.text(column))
        if isinstance(found, str):
            row.refuse(column, found)
        row.fields[name] = found if isinstance(found, Supplier) else None
    for column, name in (("jumlah", "quantity"), ("ditolak", "rejected_quantity")):
        if column == "ditolak" and not row.text(column):
            continue
        try:
            row.fields[name] = _number(row.raw.get(column, ""))
        except (AmountError, ArithmeticError):
            row.refuse(column, _("Write a number such as 20 or 20,5."))
    row.fields["grade"] = row.text("mutu")
    if material is not None and day is not None and not lookups.priced(material, row.fields["grade"], day):
        row.refuse("tanggal", _("%(material)s has no price on this day yet.") % {"material": material.name})
    row.fields["collection_point"] = row.text("titik_setor")
    readings = {}
    for parameter in material.parameters.all() if material else ():
        if row.text(parameter.code):
            try:
                readings[parameter.code] = _number(row.raw[parameter.code])
            except (AmountError, ArithmeticError):
                row.refuse(parameter.code, _("Write a number such as 3,8."))
    row.fields["readings"] = readings


def _rows(table: list[list[object]], errors: list[RowError]) -> list[_Row]:
    if not table:
        errors.append(RowError(HEADER_ROW, "", "", _("The file is empty.")))
        return []
    headers = [_header(cell) for cell in table[0]]
    errors.extend(
        RowError(HEADER_ROW, column, "", _("The required column is missing.")) for column in REQUIRED
        if column not in headers
    )  # fmt: skip
    rows = []
    for number, cells in enumerate(table[1:], start=HEADER_ROW + 1):
        raw = {header: cells[i] for i, header in enumerate(headers) if header and i < len(cells)}
        if any(value not in ("", None) for value in raw.values()):
            rows.append(_Row(number, raw))
    if not rows and not errors:
        errors.append(RowError(HEADER_ROW, "", "", _("The file has no delivery rows.")))
    if len(rows) > MAX_ROWS:
        errors.append(RowError(HEADER_ROW, "", "", _("At most %(count)d rows per file.") % {"count": MAX_ROWS}))
    return rows


def _service_errors(row: _Row, error: ValidationError) -> None:
    for name, messages in error.message_dict.items():
        column = SERVICE_FIELDS.get(name, "")
        for message in messages:
            row.refuse(column, message)


def import_deliveries(*, actor, content: bytes, filename: str, today: datetime.date | None = None) -> ImportResult:
    """Check every row, then record every delivery in one transaction — or none, with each row's errors.
    Raises :class:`ImportFileError` when the file cannot be read at all."""
    table = read_table(content, filename)
    errors: list[RowError] = []
    rows = _rows(table, errors)
    result = ImportResult(rows=len(rows), errors=errors)
    if errors:
        return result
    lookups, today = _Lookups(), today or timezone.localdate()
    for row in rows:
        _check(row, lookups, today)
    result.errors = [error for row in rows for error in row.errors]
    if result.errors:
        return result
    digest = hashlib.sha256(content).hexdigest()
    keys = {row.number: uuid.uuid5(IMPORT_KEYS, f"{digest}:{row.number}") for row in rows}
    with transaction.atomic():
        result.already = Delivery.objects.filter(key__in=keys.values()).count()
        for row in rows:
            key = keys[row.number]
            try:
                result.created.append(deliveries.record_delivery(actor=actor, key=key, **row.fields))
            except ValidationError as error:
                _service_errors(row, error)
        result.errors = [error for row in rows for error in row.errors]
        if result.errors:
            transaction.set_rollback(True)
            result.created = []
            return result
        record_event(
            "procurement.deliveries.imported",
            actor=actor,
            after={"file": PurePath(filename).name[:100], "count": len(result.created)},
        )
    return result
