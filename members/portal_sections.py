"""Sections that apps above members add to the member portal: the member's shop purchases (waserda),
deliveries of raw material (procurement), SHU per year. Members never imports those apps; each
registers, from its ``AppConfig.ready()``, a function answering one member's section: their newest
rows and, where the app keeps one, a balance or two (what the member owes the shop). A section without
a provider is not shown."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

SECTIONS = ("purchases", "deliveries", "shu")


@dataclass(frozen=True)
class PortalRow:
    """One line of a section: when, what (a document number, a product), how much, and a short note."""

    date: datetime.date | None
    text: str
    amount: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class PortalSection:
    rows: list[PortalRow]
    balances: list[tuple[str, Decimal]] = field(default_factory=list)  # (label, amount), shown above the rows


SectionProvider = Callable[[object, int], PortalSection]  # (member, how many rows at most)
_providers: dict[str, SectionProvider] = {}


def register_section(name: str, provider: SectionProvider) -> None:
    if name not in SECTIONS:
        raise ValueError(f"unknown portal section {name!r}; the portal shows {', '.join(SECTIONS)}")
    _providers[name] = provider


def portal_section(name: str, member, limit: int) -> PortalSection | None:
    """The section for ``member`` with at most ``limit`` rows, or None when no app provides it."""
    provider = _providers.get(name)
    return None if provider is None else provider(member, limit)
