from django.urls import path

from members import views

url_prefix = "members/"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("new/", views.member_create, name="create"),
    path("import/", views.member_import, name="import"),
    path("import/report.csv", views.import_report, name="import-report"),
    path("import/template.csv", views.import_template, name="import-template"),
    path("loan-simulation/", views.loan_simulation, name="loan-simulation"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/admit/", views.member_admit, name="admit"),
    path("<int:pk>/exit/", views.member_exit, name="exit"),
    path("<int:pk>/portal-user/", views.member_link_user, name="link-user"),
]
