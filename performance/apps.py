from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "performance"

    def ready(self) -> None:
        from koperasi.core.navigation import EVERYONE, NavItem, register

        register(NavItem(_("Calculators"), "calculators:index", EVERYONE))
