from django.urls import path

from koperasi.tenancy import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("users/", views.role_list, name="roles"),
    path("users/invite/", views.invite, name="invite"),
    path("users/<int:pk>/role/", views.change_role, name="change-role"),
    path("users/<int:pk>/deactivate/", views.deactivate, name="deactivate"),
]
