"""Helpers that mount what each app declares; ``koperasi/urls.py`` names the apps.

An app owns:

* ``<app>.urls_tenant`` — page URL patterns under ``/k/<slug>/``; views are wrapped by ``requires_role``;
* ``<app>.urls_platform`` — page URL patterns under ``/`` for platform-level pages;
* in ``<app>.api``: ``TENANT_ROUTES`` (prefix, viewset, basename) under ``/api/v1/k/<slug>/``,
  ``PLATFORM_ROUTES`` under ``/api/v1/``, and ``PLATFORM_API_URLS`` (plain patterns under ``/api/v1/``).

``koperasi/urls.py`` imports those modules by name, with the prefix and namespace of each, so a
reader sees where a URL goes and a misnamed module fails at start-up instead of leaving a page out.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType

from django.urls import include, path
from rest_framework.routers import DefaultRouter, SimpleRouter


def pages(mounts: Iterable[tuple[str, ModuleType, str]]) -> list:
    """``(prefix, urls module, namespace)`` → the included URL patterns."""
    return [path(prefix, include((module.urlpatterns, namespace))) for prefix, module, namespace in mounts]


def api_routers(modules: Iterable[ModuleType]) -> tuple[DefaultRouter, SimpleRouter, list]:
    """The platform router, the tenant router and the plain platform API patterns of ``modules``."""
    platform, tenant, extra = DefaultRouter(), SimpleRouter(), []
    for module in modules:
        declared = [name for name in ("PLATFORM_ROUTES", "TENANT_ROUTES", "PLATFORM_API_URLS") if hasattr(module, name)]
        if not declared:
            raise ValueError(f"{module.__name__} declares no API routes")
        for prefix, viewset, basename in getattr(module, "PLATFORM_ROUTES", []):
            platform.register(prefix, viewset, basename=basename)
        for prefix, viewset, basename in getattr(module, "TENANT_ROUTES", []):
            tenant.register(prefix, viewset, basename=f"k-{basename}")
        extra += getattr(module, "PLATFORM_API_URLS", [])
    return platform, tenant, extra
