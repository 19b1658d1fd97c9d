"""What the journal calls each kind of source document, and where that document is shown.

A journal entry names its business event by ``(source_type, source_id, purpose)``: ``source_type``
is a model label such as ``members.SavingsTransaction``. The app that owns a source registers it
here in its ``AppConfig.ready()`` — a label per purpose, the document's number and page — so the
journal says "Setoran simpanan BS-0000259" and links to the receipt without the ledger importing
the apps above it. An unregistered source shows its raw type and id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.apps import apps
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class SourceKind:
    """A registered kind of source document.

    ``purposes`` maps a purpose (or the part of it before ``:``, e.g. ``depreciation`` for
    ``depreciation:2026-01``) to what the entry is; ``label`` serves the other purposes and the
    journal's filter. ``number`` gives a document's number, ``link`` its page as ``(url name,
    kwargs)`` without the cooperative's slug; both read the instance of ``model`` (the source type
    itself unless given, e.g. a member for an exit settlement) whose key is the source id.
    """

    source_type: str
    label: str
    purposes: Mapping[str, str] = field(default_factory=dict)
    model: str = ""
    number: Callable[[object], str] | None = None
    link: Callable[[object], tuple[str, dict]] | None = None

    def label_for(self, purpose: str) -> str:
        return self.purposes.get(purpose) or self.purposes.get(purpose.split(":", 1)[0]) or self.label


@dataclass(frozen=True)
class SourceDocument:
    """What the journal shows for one entry's source: "Setoran simpanan" "BS-0000259" → url."""

    label: str
    number: str
    url: str | None = None

    def __str__(self) -> str:
        return f"{self.label} {self.number}".strip()


SOURCES: dict[str, SourceKind] = {}


def register_source(kind: SourceKind) -> None:
    SOURCES[kind.source_type] = kind


def source_choices() -> list[tuple[str, str]]:
    """The registered kinds for a filter, by label."""
    return sorted(((kind.source_type, str(kind.label)) for kind in SOURCES.values()), key=lambda choice: choice[1])


def source_documents(entries: Iterable, slug: str) -> dict[int, SourceDocument]:
    """Each entry's source document by entry id, with one query per kind of source among them."""
    entries = list(entries)
    ids_by_type: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        ids_by_type[entry.source_type].add(entry.source_id)
    instances = {source_type: _instances(source_type, ids) for source_type, ids in ids_by_type.items()}
    return {entry.pk: _document(entry, instances[entry.source_type].get(entry.source_id), slug) for entry in entries}


def _instances(source_type: str, ids: set[str]) -> dict[str, object]:
    kind = SOURCES.get(source_type)
    if kind is None or (kind.number is None and kind.link is None):
        return {}
    model = apps.get_model(kind.model or source_type)
    keys = [int(key) for key in ids if key.isdigit()]
    return {str(instance.pk): instance for instance in model.objects.filter(pk__in=keys)}


def _document(entry, instance, slug: str) -> SourceDocument:
    kind = SOURCES.get(entry.source_type)
    if kind is None:
        return SourceDocument(entry.source_type, entry.source_id)
    if instance is None:
        return SourceDocument(str(kind.label_for(entry.purpose)), "")
    number = kind.number(instance) if kind.number else ""
    return SourceDocument(str(kind.label_for(entry.purpose)), number, _url(kind, instance, slug))


def _url(kind: SourceKind, instance, slug: str) -> str | None:
    if kind.link is None:
        return None
    name, kwargs = kind.link(instance)
    try:
        return reverse(name, kwargs={"slug": slug, **kwargs})
    except NoReverseMatch:
        return None
