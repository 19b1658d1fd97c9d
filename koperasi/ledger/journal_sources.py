"""The ledger's own kinds of journal source (see :mod:`koperasi.ledger.sources`)."""

from django.utils.translation import gettext_lazy as _

from koperasi.ledger.assets import PURPOSE_PREFIX
from koperasi.ledger.services import MANUAL_SOURCE, REVERSAL_PURPOSE, YEAR_END_SOURCE
from koperasi.ledger.sources import SourceKind, register_source


def register() -> None:
    register_source(SourceKind(MANUAL_SOURCE, _("Manual journal entry")))
    register_source(SourceKind(YEAR_END_SOURCE, _("Year-end closing")))
    register_source(
        SourceKind(
            "ledger.JournalEntry",
            _("Reversal"),
            purposes={REVERSAL_PURPOSE: _("Reversal of")},
            number=lambda entry: entry.display_number,
            link=lambda entry: ("ledger:entry", {"pk": entry.pk}),
        )
    )
    register_source(
        SourceKind(
            "ledger.FixedAsset",
            _("Fixed asset"),
            purposes={"acquisition": _("Fixed asset acquisition"), PURPOSE_PREFIX.rstrip(":"): _("Depreciation")},
            number=lambda asset: asset.code,
            link=lambda asset: ("ledger:assets", {}),
        )
    )
