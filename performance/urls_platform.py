"""Calculator pages under /calculators/: the index and one page per analytics method."""

from django.urls import path

from performance import views
from performance.calculators import CALCULATORS

urlpatterns = [
    path("", views.index, name="index"),
    *(path(f"{slug}/", views.calculator_page, {"method": slug}, name=slug) for slug in CALCULATORS),
]
