"""What the plants can take of a raw material per month, for the supply plan page.

The processing app knows its lines' capacities; procurement sits below it and must not import it, so
the processing app registers a provider here (in its ``AppConfig.ready``): ``provider(material, months)``
returns the quantity of ``material`` (in its unit) its plants can process in each month, or nothing (an
empty dict) when no plant takes the material. When no provider answers for it — no plant processes the
material yet — the page shows no capacity.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from decimal import Decimal

CapacityProvider = Callable[[object, Sequence[datetime.date]], dict[datetime.date, Decimal]]
_providers: list[CapacityProvider] = []


def register_capacity(provider: CapacityProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def unregister_capacity(provider: CapacityProvider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def monthly_capacity(material, months: Sequence[datetime.date]) -> dict[datetime.date, Decimal] | None:
    """The capacity for ``material`` per month summed over every provider, or None when none answers."""
    total = dict.fromkeys(months, Decimal(0))
    answered = False
    for provider in _providers:
        for month, quantity in provider(material, months).items():
            answered = True
            if month in total:
                total[month] += quantity
    return total if answered else None
