from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from koperasi.accounts.views import ObtainTokenView
from koperasi.api_urls import router
from koperasi.core import views as core_views

api_v1 = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("", core_views.home, name="home-root"),
    path("", include(("koperasi.core.urls", "core"))),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("koperasi.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "koperasi.core.views.page_not_found"
handler500 = "koperasi.core.views.server_error"
