"""The navigation a user sees, by role. Apps add their entries through NAVIGATION below."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]  # "platform_admin", or roles in the current cooperative
    needs_cooperative: bool = False
    group: str = ""  # entries of one group share a drop-down menu (e.g. an app's pages)
    # Whether the cooperative has this part at all (a KSP runs no shop); None: every cooperative.
    offered_by: Callable[[object], bool] | None = None
    # Shown only on pages outside any cooperative (a platform page that a cooperative mounts as its own).
    outside_cooperative: bool = False


EVERYONE = frozenset({"platform_admin", "manager", "staff", "member", "assessor", "user"})
STAFF_AND_ASSESSOR = frozenset({"manager", "staff", "assessor"})

# Apps append their entries in AppConfig.ready() with register(); order is menu order.
NAVIGATION: list[NavItem] = [
    NavItem(_("My cooperatives"), "tenancy-platform:mine", EVERYONE),
    NavItem(_("Dashboard"), "tenancy:dashboard", frozenset({"manager", "staff", "member", "assessor"}), True),
    NavItem(_("Users and roles"), "tenancy:roles", frozenset({"manager"}), True),
    NavItem(_("Audit trail"), "audit:events", frozenset({"manager", "assessor"}), True),
    NavItem(_("Data export"), "export:page", frozenset({"manager"}), True),
    NavItem(_("Cooperatives"), "tenancy-platform:cooperatives", frozenset({"platform_admin"})),
    NavItem(_("API docs"), "api-docs", frozenset({"platform_admin", "manager"})),
    NavItem(_("Administration"), "admin:index", frozenset({"platform_admin"})),
]


def register(item: NavItem, before: str = "api-docs") -> None:
    """Add an app's menu entry, by default before the API docs entry."""
    names = [existing.url_name for existing in NAVIGATION]
    if item.url_name in names:
        return
    NAVIGATION.insert(names.index(before) if before in names else len(NAVIGATION), item)


def items_for(user, roles: set[str], url_kwargs: dict | None = None, cooperative=None) -> list[dict]:
    """Menu entries whose roles meet the user's roles and that the cooperative offers; entries whose
    URL cannot be built are left out."""
    if not user.is_authenticated:
        return []
    held = set(roles) | {"user"}
    if user.is_superuser:
        held.add("platform_admin")
    entries = []
    for item in NAVIGATION:
        if not held & item.roles:
            continue
        kwargs = url_kwargs if item.needs_cooperative else None
        if (item.needs_cooperative and not url_kwargs) or (item.outside_cooperative and url_kwargs):
            continue
        if item.offered_by is not None and cooperative is not None and not item.offered_by(cooperative):
            continue
        try:
            url = reverse(item.url_name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        entries.append({"label": item.label, "url": url, "url_name": item.url_name, "group": item.group})
    return entries


def menu(entries: list[dict]) -> list[dict]:
    """Entries as the menu shows them: ungrouped ones as links, each group as one drop-down
    (at the place of its first entry); a group with a single visible entry stays a plain link."""
    sections: list[dict] = []
    by_group: dict[str, dict] = {}
    for entry in entries:
        group = entry["group"]
        if not group:
            sections.append({"entry": entry})
        elif group in by_group:
            by_group[group]["entries"].append(entry)
        else:
            by_group[group] = {"group": group, "entries": [entry]}
            sections.append(by_group[group])
    return [
        {"entry": section["entries"][0]} if "group" in section and len(section["entries"]) == 1 else section
        for section in sections
    ]
