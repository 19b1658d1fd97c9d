"""The assessor's pages outside any cooperative (/assessor/)."""

from django.urls import path

from performance import views_assessor

urlpatterns = [
    path("exports/", views_assessor.exports, name="exports"),
    path("exports/start/", views_assessor.start_job, name="start-job"),
    path("exports/<str:job>/download/", views_assessor.download, name="download"),
]
