from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessingConfig(AppConfig):
    name = "processing"
    verbose_name = _("Processing")

    def ready(self) -> None:
        from koperasi.core.navigation import NavItem, register
        from members.shu.sources import register_source as register_patronage
        from processing import journal_sources
        from processing.selectors import patronage_sales, raw_material_capacity
        from procurement.capacity import register_capacity

        register_capacity(raw_material_capacity)
        register_patronage("processed_sales", _("Processed products bought (patronage orders)"), patronage_sales)
        workers = frozenset({"manager", "staff", "assessor"})
        group = _("Processing")
        register(NavItem(_("Plants"), "processing:plants", workers, True, group=group))
        register(NavItem(_("Batches"), "processing:batches", workers, True, group=group))
        register(NavItem(_("Products and recipes"), "processing:products", workers, True, group=group))
        register(NavItem(_("Product sales"), "processing:orders", workers, True, group=group))
        register(NavItem(_("Trace"), "processing:trace", workers, True, group=group))
        journal_sources.register()
