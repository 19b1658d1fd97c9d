from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("Raw-material supply")

    def ready(self) -> None:
        from koperasi.core.navigation import NavItem, register
        from members.portal_sections import register_section
        from members.shu.sources import register_source as register_patronage
        from procurement import journal_sources
        from procurement.selectors import patronage_deliveries, portal_deliveries

        journal_sources.register()
        register_section("deliveries", portal_deliveries)
        register_patronage("deliveries", _("Raw material delivered"), patronage_deliveries)
        workers = frozenset({"manager", "staff", "assessor"})
        group = _("Supply")
        register(NavItem(_("Deliveries"), "procurement:deliveries", workers, True, group=group))
        register(NavItem(_("Suppliers"), "procurement:suppliers", workers, True, group=group))
        register(NavItem(_("Payment runs"), "procurement:runs", workers, True, group=group))
        register(NavItem(_("Market prices"), "procurement:channels", workers, True, group=group))
