from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from koperasi.accounts.views import ObtainTokenView
from koperasi.core import views as core_views
from koperasi.routing import api_routers, platform_page_patterns, tenant_page_patterns

platform_router, tenant_router, platform_api_urls = api_routers()

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
    path("accounts/", include("koperasi.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("k/<slug:slug>/", include(tenant_page_patterns())),
    *platform_page_patterns(),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: no inline script (Content-Security-Policy).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "koperasi.core.views.page_not_found"
handler500 = "koperasi.core.views.server_error"
