from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

import koperasi.accounts.api
import koperasi.accounts.urls_platform
import koperasi.accounts.urls_tenant
import koperasi.core.urls_tenant
import koperasi.ledger.api
import koperasi.ledger.urls_tenant
import koperasi.tenancy.api
import koperasi.tenancy.urls_platform
import koperasi.tenancy.urls_tenant
import members.api
import members.shu.api
import members.urls_tenant
import performance.api
import performance.urls_assessor
import performance.urls_dashboards
import performance.urls_platform
import performance.urls_ratings
import performance.urls_tenant
import performance.urls_verify
import processing.api
import processing.api_sales
import processing.urls_tenant
import procurement.api
import procurement.urls_tenant
import waserda.api
import waserda.urls_tenant
from koperasi.accounts.views import ObtainTokenView
from koperasi.core import views as core_views
from koperasi.routing import api_routers, pages

# The apps this project mounts, each with its own pages and API routes (koperasi/routing.py).
TENANT_PAGES = [  # under /k/<slug>/: (prefix, module, namespace)
    ("", koperasi.tenancy.urls_tenant, "tenancy"),
    ("ledger/", koperasi.ledger.urls_tenant, "ledger"),
    ("members/", members.urls_tenant, "members"),
    ("waserda/", waserda.urls_tenant, "waserda"),
    ("supply/", procurement.urls_tenant, "procurement"),
    ("processing/", processing.urls_tenant, "processing"),
    ("calculators/", performance.urls_tenant, "performance"),
    ("dashboards/", performance.urls_dashboards, "dashboards"),
    ("ratings/", performance.urls_ratings, "ratings"),
    ("audit/", koperasi.accounts.urls_tenant, "audit"),
    ("export/", koperasi.core.urls_tenant, "export"),
]
PLATFORM_PAGES = [
    ("", koperasi.tenancy.urls_platform, "tenancy-platform"),
    ("", koperasi.accounts.urls_platform, "audit-platform"),
    ("calculators/", performance.urls_platform, "calculators"),
    ("verify/", performance.urls_verify, "verify"),
    ("assessor/", performance.urls_assessor, "assessor"),
]
API_MODULES = [
    koperasi.accounts.api,
    koperasi.tenancy.api,
    koperasi.ledger.api,
    members.api,
    members.shu.api,
    waserda.api,
    procurement.api,
    processing.api,
    processing.api_sales,
    performance.api,
]

platform_router, tenant_router, platform_api_urls = api_routers(API_MODULES)

api_v1 = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("k/<slug:slug>/", include(tenant_router.urls)),
    *platform_api_urls,
    path("", include(platform_router.urls)),
]

urlpatterns = [
    path("", core_views.home, name="home-root"),
    path("", include(("koperasi.core.urls", "core"))),
    path("healthz", core_views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that name no icon (API docs, PDFs opened inline).
    path("favicon.ico", core_views.favicon),
    path("accounts/", include("koperasi.accounts.urls")),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("k/<slug:slug>/", include(pages(TENANT_PAGES))),
    *pages(PLATFORM_PAGES),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: no inline script (Content-Security-Policy).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "koperasi.core.views.page_not_found"
handler500 = "koperasi.core.views.server_error"
