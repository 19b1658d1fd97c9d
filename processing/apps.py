from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessingConfig(AppConfig):
    name = "processing"
    verbose_name = _("Processing")

    def ready(self) -> None:
        from koperasi.ledger.sources import SourceKind, register_source
        from processing.selectors import raw_material_capacity
        from procurement.capacity import register_capacity

        register_capacity(raw_material_capacity)
        register_source(SourceKind("processing.Batch", _("Production batch"), number=lambda batch: batch.number))
