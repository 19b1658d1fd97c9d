"""Sections that apps above members add to the member portal: the member's shop purchases (waserda),
deliveries of raw material (procurement), SHU per year. Members never imports those apps; each
registers, from its ``AppConfig.ready()``, a function answering one member's rows, newest first. A
section without a provider is not shown."""

from __future__ import annotations

from collections.abc import Callable, Sequence

SECTIONS = ("purchases", "deliveries", "shu")
SectionProvider = Callable[[object], Sequence]
_providers: dict[str, SectionProvider] = {}


def register_section(name: str, provider: SectionProvider) -> None:
    if name not in SECTIONS:
        raise ValueError(f"unknown portal section {name!r}; the portal shows {', '.join(SECTIONS)}")
    _providers[name] = provider


def section_rows(name: str, member, limit: int) -> list | None:
    """The first ``limit`` rows of the section for ``member``, or None when no app provides it."""
    provider = _providers.get(name)
    return None if provider is None else list(provider(member)[:limit])
