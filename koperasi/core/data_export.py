"""A cooperative's whole data as one ZIP: a CSV per tenant table, its audit events and the users who hold
its roles, a JSON manifest (the cooperative, when, rows per table, the ledger's totals) and the PDFs the
product already prints (the statements, the latest rating report), so a cooperative can take its books
elsewhere or keep them outside the product.

Everything is read inside the cooperative's context, under its row-level security: a table lists no other
cooperative's rows whatever the code asks. Every text cell goes through ``koperasi.core.spreadsheets``
(no formula injection). Apps add the documents they print through a ``data_exports`` module (found by
:func:`discover`), so this module needs no app above the core.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from koperasi.core.book_figures import ledger_totals, tenant_models
from koperasi.core.jobs import JOB_TIMEOUT
from koperasi.core.spreadsheets import write_csv

Progress = Callable[[int, int], None]
# name → build(cooperative) → {file name: bytes}; each app registers its printed documents.
DOCUMENTS: dict[str, Callable[[object], dict[str, bytes]]] = {}
CHUNK = 2000


def register_documents(name: str):
    """Decorator: ``build(cooperative)`` answers the PDFs (file name → bytes) to put under ``documents/``."""

    def decorate(build):
        DOCUMENTS[name] = build
        return build

    return decorate


def discover() -> dict[str, Callable]:
    autodiscover_modules("data_exports")
    return DOCUMENTS


def exports_root() -> Path:
    """Where every export ZIP is written: a cooperative's data exports and an assessor's report bundles."""
    return Path(settings.MEDIA_ROOT) / "exports"


def export_path(cooperative_id: int, task_id: str) -> Path:
    return exports_root() / "cooperatives" / str(cooperative_id) / f"{task_id}.zip"


def delete_expired_exports(now: float | None = None) -> int:
    """Delete the export ZIPs last written longer ago than a job's state is kept (``JOB_TIMEOUT``); how many.

    Once the state is gone no page offers the file any more, and a copy of every member's data should not
    outlive its download. A job still writing its ZIP touches it, so a running export is never taken."""
    oldest = (time.time() if now is None else now) - JOB_TIMEOUT
    expired = [path for path in exports_root().rglob("*.zip") if path.stat().st_mtime < oldest]
    for path in expired:
        path.unlink(missing_ok=True)
    return len(expired)


def columns_of(model: type[models.Model]) -> list[str]:
    """The table's columns as the CSV files name them (``member_id`` for a foreign key)."""
    return [field.attname for field in model._meta.concrete_fields]


def _cell(value):
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, default=str, ensure_ascii=False)
    if isinstance(value, memoryview | bytes):
        return bytes(value).hex()
    return value


def write_table(archive: zipfile.ZipFile, name: str, queryset, columns: list[str] | None = None) -> int:
    """``queryset``'s ``columns`` (default: all of its table's) as the CSV file ``name`` in the archive, read
    in chunks; returns the rows written."""
    columns = columns or columns_of(queryset.model)
    count = 0

    def rows():
        nonlocal count
        yield columns
        for row in queryset.values_list(*columns).iterator(chunk_size=CHUNK):
            count += 1
            yield [_cell(value) for value in row]

    with archive.open(name, "w") as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
        write_csv(text, rows())
    return count


def _documents(cooperative) -> tuple[dict[str, bytes], list[str]]:
    files, failures = {}, []
    for name, build in discover().items():
        try:
            with transaction.atomic():  # a failed query rolls back to here, and the export goes on
                files.update(build(cooperative))
        except Exception as error:  # a document that cannot be printed leaves a note, not a failed export
            failures.append(f"{name}: {error}"[:300])
    return files, failures


def write_export(cooperative, target: Path, progress: Progress | None = None) -> dict:
    """Write the cooperative's ZIP to ``target`` (in its context: the caller enters it) and answer its
    manifest."""
    from koperasi.accounts.models import AuditEvent, User
    from koperasi.tenancy.models import RoleAssignment

    models_ = tenant_models()
    total = len(models_) + 2
    rows: dict[str, int] = {}
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, model in enumerate(models_, start=1):
            queryset = model.objects.order_by("pk")
            rows[model._meta.label] = write_table(archive, f"tables/{model._meta.label}.csv", queryset)
            if progress:
                progress(done, total)
        events = AuditEvent.objects.filter(cooperative_id=cooperative.pk).order_by("pk")
        rows[AuditEvent._meta.label] = write_table(archive, "tables/accounts.AuditEvent.csv", events)
        users = User.objects.filter(pk__in=RoleAssignment.objects.values("user_id")).order_by("pk")
        rows["accounts.User"] = write_table(archive, "tables/accounts.User.csv", users, ["id", "username", "full_name"])
        if progress:
            progress(total - 1, total)
        documents, failures = _documents(cooperative)
        for name, content in sorted(documents.items()):
            archive.writestr(f"documents/{name}", content)
        manifest = {
            "cooperative": {
                "id": cooperative.pk,
                "name": cooperative.name,
                "slug": cooperative.slug,
                "kind": cooperative.kind,
                "legal_entity_number": cooperative.legal_entity_number,
            },
            "generated_at": timezone.now().isoformat(),
            "rows": rows,
            "ledger": ledger_totals(),  # the rows are counted above, as written
            "documents": sorted(documents),
            "documents_not_made": failures,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        if progress:
            progress(total, total)
    partial.replace(target)
    return manifest
