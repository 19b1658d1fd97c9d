from django.urls import path

from koperasi.accounts import views_audit

urlpatterns = [
    path("", views_audit.event_list, name="events"),
    path("<str:label>/<str:key>/", views_audit.document_trail, name="trail"),
]
