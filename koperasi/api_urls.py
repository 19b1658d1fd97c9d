"""The ``/api/v1/`` router: apps register their platform-level viewsets here."""

from rest_framework.routers import DefaultRouter

from koperasi.accounts.api import MeViewSet

router = DefaultRouter()
router.register("me", MeViewSet, basename="me")
