"""The ratings of a cooperative (/k/<slug>/ratings/): assessors rate, managers read submitted ratings."""

from django.urls import path

from koperasi.tenancy.access import requires_role
from koperasi.tenancy.models import Role
from performance import views_ratings
from performance.models import Rating

READERS = (Role.MANAGER, Role.ASSESSOR)

urlpatterns = [
    path("", requires_role(*READERS)(views_ratings.rating_list), name="list"),
    path("new/", requires_role(Role.ASSESSOR, assessor_writes=True)(views_ratings.start), name="start"),
    path("<int:pk>/", requires_role(*READERS, model=Rating, assessor_writes=True)(views_ratings.detail), name="detail"),
    path("<int:pk>/pdf/", requires_role(*READERS, model=Rating)(views_ratings.report_pdf), name="pdf"),
    path("<int:pk>/evidence/", requires_role(*READERS, model=Rating)(views_ratings.evidence), name="evidence"),
    path("<int:pk>/xlsx/", requires_role(*READERS, model=Rating)(views_ratings.report_xlsx), name="xlsx"),
]
