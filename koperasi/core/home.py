"""What a cooperative's home page (``tenancy:dashboard``) shows each role. Apps register their sections in
AppConfig.ready(), as they register menu entries (``koperasi.core.navigation``): the manager's figures come
from performance, the cashier's day from the waserda. A role whose home is a page of its own (the member's
portal) registers a redirect instead. The platform's start page (``/``) shows the sections of the roles
``platform_admin`` and ``assessor`` the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class HomeSection:
    name: str
    roles: frozenset[str]
    template: str
    context: Callable[[HttpRequest], dict]
    offered_by: Callable[[object], bool] | None = None  # whether the cooperative has this part at all
    platform: bool = False  # shown on the platform's start page instead of inside a cooperative


HOME_SECTIONS: list[HomeSection] = []
# role → URL name of the page that is that role's home when it is the user's only role
HOME_PAGES: dict[str, str] = {}


def register_section(section: HomeSection) -> None:
    if section.name not in {existing.name for existing in HOME_SECTIONS}:
        HOME_SECTIONS.append(section)


def sections_for(request: HttpRequest, roles: set[str]) -> list[dict]:
    """The sections the user's roles see, each with its template and context: in a cooperative (its roles),
    or on the platform's start page (``platform_admin``, or ``assessor`` for a user assessing anywhere)."""
    cooperative = getattr(request, "cooperative", None)
    return [
        {"name": section.name, "template": section.template, **section.context(request)}
        for section in HOME_SECTIONS
        if roles & section.roles
        and section.platform == (cooperative is None)
        and (section.offered_by is None or section.offered_by(cooperative))
    ]
