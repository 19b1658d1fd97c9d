from django.urls import path

from koperasi.core import views_export

urlpatterns = [
    path("", views_export.export_page, name="page"),
    path("start/", views_export.export_start, name="start"),
    path("<str:job>/download/", views_export.export_download, name="download"),
]
