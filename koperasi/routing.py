"""URL discovery: each app declares its own pages and API routes, the project assembles them.

An app may provide:

* ``<app>.urls_tenant`` — page URL patterns under ``/k/<slug>/<url_prefix>`` (``url_prefix``
  defaults to the app label + "/"). Views must be wrapped by ``requires_role``.
* ``<app>.urls_platform`` — page URL patterns under ``/`` for platform-level pages.
* in ``<app>.api``: ``TENANT_ROUTES`` (prefix, viewset, basename) under ``/api/v1/k/<slug>/``,
  ``PLATFORM_ROUTES`` under ``/api/v1/``, and ``PLATFORM_API_URLS`` (plain patterns under ``/api/v1/``).

So adding an app's pages and API touches only that app's files.
"""

from __future__ import annotations

import importlib
import importlib.util

from django.apps import apps
from django.urls import include, path
from rest_framework.routers import DefaultRouter, SimpleRouter


def _module(name: str):
    try:
        if importlib.util.find_spec(name) is None:
            return None
    except ModuleNotFoundError:
        return None
    return importlib.import_module(name)


def _project_configs():
    return [config for config in apps.get_app_configs() if not config.name.startswith(("django.", "rest_", "drf_"))]


def tenant_page_patterns() -> list:
    patterns = []
    for config in _project_configs():
        module = _module(f"{config.name}.urls_tenant")
        if module is not None:
            prefix = getattr(module, "url_prefix", f"{config.label}/")
            patterns.append(path(prefix, include((module.urlpatterns, config.label))))
    return patterns


def platform_page_patterns() -> list:
    patterns = []
    for config in _project_configs():
        module = _module(f"{config.name}.urls_platform")
        if module is not None:
            prefix = getattr(module, "url_prefix", f"{config.label}/")
            namespace = getattr(module, "app_name", f"{config.label}-platform")
            patterns.append(path(prefix, include((module.urlpatterns, namespace))))
    return patterns


def api_routers() -> tuple[DefaultRouter, SimpleRouter, list]:
    platform, tenant, extra = DefaultRouter(), SimpleRouter(), []
    for config in _project_configs():
        module = _module(f"{config.name}.api")
        if module is None:
            continue
        for prefix, viewset, basename in getattr(module, "PLATFORM_ROUTES", []):
            platform.register(prefix, viewset, basename=basename)
        for prefix, viewset, basename in getattr(module, "TENANT_ROUTES", []):
            tenant.register(prefix, viewset, basename=f"k-{basename}")
        extra += getattr(module, "PLATFORM_API_URLS", [])
    return platform, tenant, extra
