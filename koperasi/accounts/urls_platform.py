from django.urls import path

from koperasi.accounts import views_audit

urlpatterns = [
    path("platform/cooperatives/<int:pk>/audit/", views_audit.platform_event_list, name="cooperative-events"),
]
