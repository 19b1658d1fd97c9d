"""Where jasa usaha comes from: each app that holds a kind of member patronage registers, from its
``AppConfig.ready()``, a function summing it per member over a period with SQL aggregation. Members
imports none of those apps (waserda purchases, procurement deliveries, processing sales); the loans'
interest is members' own and registers here too."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

PatronageQuery = Callable[[datetime.date, datetime.date], dict[int, Decimal]]  # (start, end) → {member id: value}


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    query: PatronageQuery


_sources: dict[str, Source] = {}


def register_source(key: str, label, query: PatronageQuery) -> None:
    _sources[key] = Source(key, label, query)


def registered() -> dict[str, Source]:
    return dict(_sources)


def patronage(key: str, start: datetime.date, end: datetime.date) -> dict[int, Decimal]:
    """Each member's value of source ``key`` from ``start`` to ``end`` (inclusive); a source no app
    registers counts nothing."""
    source = _sources.get(key)
    return source.query(start, end) if source else {}
