"""The navigation a user sees, by role. Apps add their entries through NAVIGATION below."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]  # "platform_admin", or roles in the current cooperative
    needs_cooperative: bool = False


NAVIGATION: list[NavItem] = [
    NavItem(_("Home"), "core:home", frozenset({"platform_admin", "manager", "staff", "member", "assessor"})),
    NavItem(_("API docs"), "api-docs", frozenset({"platform_admin", "manager", "staff"})),
    NavItem(_("Administration"), "admin:index", frozenset({"platform_admin"})),
]


def items_for(user, roles: set[str], url_kwargs: dict | None = None) -> list[dict]:
    """Menu entries whose roles meet the user's roles; entries whose URL cannot be built are left out."""
    if not user.is_authenticated:
        return []
    held = set(roles)
    if user.is_superuser:
        held.add("platform_admin")
    entries = []
    for item in NAVIGATION:
        if not held & item.roles:
            continue
        kwargs = url_kwargs if item.needs_cooperative else None
        if item.needs_cooperative and not url_kwargs:
            continue
        try:
            url = reverse(item.url_name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        entries.append({"label": item.label, "url": url, "url_name": item.url_name})
    return entries
