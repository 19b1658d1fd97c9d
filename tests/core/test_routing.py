"""Routing fails loudly: ``koperasi/urls.py`` names every app module it mounts, and every app module
that declares pages or API routes is mounted there."""

import importlib.util
import types

import pytest
from django.apps import apps
from django.urls import reverse

from koperasi import urls
from koperasi.routing import api_routers

MOUNTED = {module.__name__ for _prefix, module, _ns in urls.TENANT_PAGES + urls.PLATFORM_PAGES}
MOUNTED |= {module.__name__ for module in urls.API_MODULES}


def _project_apps():
    return [config for config in apps.get_app_configs() if not config.name.startswith(("django.", "rest_", "drf_"))]


@pytest.mark.parametrize("kind", ["urls_tenant", "urls_platform", "api"])
def test_every_app_module_with_pages_or_routes_is_mounted(kind):
    for config in _project_apps():
        name = f"{config.name}.{kind}"
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        declares = hasattr(module, "urlpatterns") or any(
            hasattr(module, attr) for attr in ("TENANT_ROUTES", "PLATFORM_ROUTES", "PLATFORM_API_URLS")
        )
        assert not declares or name in MOUNTED, f"{name} declares URLs but koperasi/urls.py does not mount it"


def test_a_module_without_routes_is_an_error_not_a_missing_api():
    with pytest.raises(ValueError, match="declares no API routes"):
        api_routers([types.ModuleType("members.apii")])


def test_each_app_keeps_its_prefix_and_namespace():
    assert reverse("ledger:periods", kwargs={"slug": "kud"}) == "/k/kud/ledger/periods/"
    assert reverse("waserda:pos", kwargs={"slug": "kud"}).startswith("/k/kud/waserda/")
    assert reverse("members:list", kwargs={"slug": "kud"}).startswith("/k/kud/members/")
    assert reverse("tenancy:roles", kwargs={"slug": "kud"}) == "/k/kud/users/"
    assert reverse("calculators:index") == "/calculators/"
    assert reverse("tenancy-platform:mine") == "/k/"
