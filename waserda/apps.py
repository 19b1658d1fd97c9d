from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WaserdaConfig(AppConfig):
    name = "waserda"
    verbose_name = _("Waserda (shop)")

    def ready(self):
        from celery.schedules import crontab

        from koperasi.celery import register_periodic_task
        from koperasi.core.navigation import NavItem, register
        from koperasi.tenancy.services import register_cooperative_seeder
        from members.portal_sections import register_section
        from waserda import journal_sources
        from waserda.selectors import member_purchases
        from waserda.services.catalog import seed_shop_settings

        register_cooperative_seeder("waserda.settings", seed_shop_settings)
        journal_sources.register()
        register_section("purchases", member_purchases)
        cashiers = frozenset({"manager", "staff"})
        readers = frozenset({"manager", "staff", "assessor"})
        register(NavItem(_("POS"), "waserda:pos", cashiers, True, group=_("Waserda")))
        register(NavItem(_("Waserda products"), "waserda:products", readers, True, group=_("Waserda")))
        register(NavItem(_("Waserda stock"), "waserda:stock", readers, True, group=_("Waserda")))
        register(NavItem(_("Waserda purchasing"), "waserda:orders", readers, True, group=_("Waserda")))
        register(NavItem(_("Waserda reports"), "waserda:reports", readers, True, group=_("Waserda")))
        register_periodic_task(
            "waserda.nightly_reorder_points",
            "waserda.reorder_points_for_all_cooperatives",
            crontab(hour="2", minute="15"),
        )
