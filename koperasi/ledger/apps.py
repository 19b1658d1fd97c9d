from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "koperasi.ledger"
    label = "ledger"
    verbose_name = _("Ledger")

    def ready(self):
        from celery.schedules import crontab

        from koperasi.celery import register_periodic_task
        from koperasi.core.navigation import NavItem, register
        from koperasi.ledger import journal_sources
        from koperasi.ledger.services import seed_chart_of_accounts, seed_fiscal_year
        from koperasi.tenancy.services import register_cooperative_seeder

        register_cooperative_seeder("ledger.chart_of_accounts", seed_chart_of_accounts)
        register_cooperative_seeder("ledger.fiscal_year", seed_fiscal_year)
        journal_sources.register()
        # Cashiers (staff) may open the books but their menu leaves them out: they work at the counter.
        readers = frozenset({"manager", "assessor"})
        register(NavItem(_("Ledger"), "ledger:entries", readers, True, group=_("Ledger")))
        register(NavItem(_("Financial statements"), "ledger:trial-balance", readers, True, group=_("Ledger")))
        register_periodic_task(
            "ledger.monthly_depreciation",
            "ledger.depreciation_for_all_cooperatives",
            crontab(day_of_month="1", hour="1", minute="30"),
        )
        register_periodic_task(
            "ledger.open_fiscal_years",
            "ledger.open_fiscal_years_for_all_cooperatives",
            crontab(day_of_month="1", hour="0", minute="5"),
        )
