from django.urls import path

from koperasi.tenancy import views

urlpatterns = [
    path("k/", views.my_cooperatives, name="mine"),
    # Opened by someone with no role there yet: the cooperative is named, but this is no tenant page.
    path("invitations/<slug:cooperative>/<str:token>/", views.invitation, name="invitation"),
    path("platform/cooperatives/", views.cooperative_list, name="cooperatives"),
    path("platform/cooperatives/new/", views.cooperative_create, name="cooperative-create"),
    path("platform/cooperatives/<int:pk>/", views.cooperative_detail, name="cooperative"),
    path("platform/cooperatives/<int:pk>/edit/", views.cooperative_edit, name="cooperative-edit"),
]
