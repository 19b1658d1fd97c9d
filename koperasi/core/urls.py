from django.urls import path

from koperasi.core import views

urlpatterns = [
    path("home/", views.home, name="home"),
]
