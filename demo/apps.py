from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

OPENING_SOURCE = "demo.opening"


class DemoConfig(AppConfig):
    """The demo data and its ``load_demo`` command (no models)."""

    name = "demo"
    verbose_name = "Demo"

    def ready(self):
        from koperasi.ledger.sources import SourceKind, register_source

        register_source(SourceKind(OPENING_SOURCE, _("Opening balance")))
