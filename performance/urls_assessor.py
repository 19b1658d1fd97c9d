"""The assessor's pages outside any cooperative (/assessor/), and the rubrics platform admins keep."""

from django.urls import path

from performance import views_assessor, views_rubrics

urlpatterns = [
    path("exports/", views_assessor.exports, name="exports"),
    path("exports/start/", views_assessor.start_job, name="start-job"),
    path("exports/<str:job>/download/", views_assessor.download, name="download"),
    path("rubrics/", views_rubrics.rubric_list, name="rubrics"),
    path("rubrics/new/", views_rubrics.rubric_new, name="rubric-new"),
    path("rubrics/<int:pk>/json/", views_rubrics.rubric_export, {"kind": "json"}, name="rubric-json"),
    path("rubrics/<int:pk>/xlsx/", views_rubrics.rubric_export, {"kind": "xlsx"}, name="rubric-xlsx"),
]
