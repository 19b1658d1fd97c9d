"""The books' consistency checks behind ``manage.py verify_books``.

Every figure the product keeps twice, once as a running total and once as the movements that make
it, must agree: the ledger's monthly account balances with its journal lines, a savings account's
balance with its transactions, a shop product's stock with its stock card. The database keeps them
together when they are written; these checks prove afterwards that it did (after a load test, a
restore, a crash), for one cooperative at a time and under its row-level security.

Each app registers its checks in its own ``consistency`` module (found by :func:`discover`), so
this module needs no app above the core.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Discrepancy:
    """One place where a running total and its movements disagree."""

    check: str
    subject: str
    expected: str
    found: str

    def __str__(self) -> str:
        return f"{self.check}: {self.subject}: expected {self.expected}, found {self.found}"


@dataclass(frozen=True)
class Check:
    name: str
    description: str
    run: Callable[[], Iterable[Discrepancy]]


CHECKS: dict[str, Check] = {}


def register(name: str, description: str):
    """Decorator: ``fn()`` runs inside the cooperative's context and yields its discrepancies."""

    def decorate(fn: Callable[[], Iterable[Discrepancy]]):
        CHECKS[name] = Check(name, description, fn)
        return fn

    return decorate


def discover() -> dict[str, Check]:
    autodiscover_modules("consistency")
    return CHECKS


def run_checks(names: Iterable[str] | None = None) -> Iterator[tuple[Check, list[Discrepancy]]]:
    """Each check (in registration order) with what it found, in the cooperative of the context."""
    checks = discover()
    for name in names or list(checks):
        check = checks[name]
        yield check, list(check.run())


def verify_cooperatives(
    slugs: Iterable[str] | None = None, checks: Iterable[str] | None = None, *, figures: bool = False
) -> dict[str, dict]:
    """``{slug: {"findings": {check: [discrepancy, ...]}, "figures": ... or None}}`` of each cooperative
    (all when ``slugs`` is None), each read inside its own read-only context."""
    from koperasi.core.book_figures import book_figures
    from koperasi.tenancy.context import cooperative_context
    from koperasi.tenancy.models import Cooperative

    cooperatives = Cooperative.objects.order_by("slug")
    if slugs is not None:
        cooperatives = cooperatives.filter(slug__in=list(slugs))
    report = {}
    for cooperative in cooperatives:
        with cooperative_context(cooperative.pk, read_only=True):
            findings = {check.name: [str(d) for d in found] for check, found in run_checks(checks)}
            report[cooperative.slug] = {"findings": findings, "figures": book_figures() if figures else None}
    return report


def count_discrepancies(report: dict[str, dict]) -> int:
    return sum(len(found) for books in report.values() for found in books["findings"].values())
