"""Dashboards and the scorecard setup inside a cooperative (/k/<slug>/dashboards/)."""

from django.urls import path

from koperasi.tenancy.access import requires_role
from koperasi.tenancy.models import Role
from performance import views_dashboards, views_scorecard
from performance.models import ScorecardMeasure, Snapshot

READERS = (Role.MANAGER, Role.STAFF, Role.ASSESSOR)
MANAGERS = (Role.MANAGER,)

urlpatterns = [
    path("", requires_role(*READERS)(views_dashboards.index), name="index"),
    path("snapshots/<int:pk>/", requires_role(*READERS, model=Snapshot)(views_dashboards.snapshot_detail),
         name="snapshot"),
    path("snapshots/<int:pk>/recompute/",
         requires_role(*MANAGERS, model=Snapshot)(views_dashboards.recompute_snapshot), name="snapshot-recompute"),
    path("recompute/", requires_role(*MANAGERS)(views_dashboards.recompute_month), name="recompute"),
    path("scorecard/", requires_role(*READERS)(views_scorecard.setup), name="scorecard"),
    path("scorecard/adopt/", requires_role(*MANAGERS)(views_scorecard.adopt), name="scorecard-adopt"),
    path("scorecard/measures/new/", requires_role(*MANAGERS)(views_scorecard.measure_form), name="measure-new"),
    path("scorecard/measures/<int:pk>/", requires_role(*MANAGERS, model=ScorecardMeasure)(views_scorecard.measure_form),
         name="measure"),
    path("scorecard/measures/<int:pk>/values/",
         requires_role(*MANAGERS, model=ScorecardMeasure)(views_scorecard.enter_value), name="measure-value"),
    path("<slug:method>/", requires_role(*READERS)(views_dashboards.board), name="board"),
]  # fmt: skip
