from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WaserdaConfig(AppConfig):
    name = "waserda"
    verbose_name = _("Waserda (shop)")

    def ready(self):
        from celery.schedules import crontab

        from koperasi.celery import register_periodic_task
        from koperasi.core.home import HomeSection
        from koperasi.core.home import register_section as register_home
        from koperasi.core.navigation import NavItem, register
        from koperasi.tenancy.models import CooperativeKind
        from koperasi.tenancy.services import register_cooperative_seeder
        from members.portal_sections import register_section
        from members.shu.sources import register_source as register_patronage
        from waserda import journal_sources
        from waserda.selectors import cashier_day, member_purchase_totals, portal_purchases
        from waserda.services.catalog import seed_shop_settings

        register_cooperative_seeder("waserda.settings", seed_shop_settings)
        journal_sources.register()
        register_section("purchases", portal_purchases)
        register_patronage("waserda", _("Shop purchases (net of returns)"), member_purchase_totals)

        def runs_a_shop(cooperative) -> bool:
            return cooperative.kind != CooperativeKind.KSP

        def cashier_home(request) -> dict:
            from django.utils import timezone

            return {"cashier": cashier_day(request.user, timezone.localdate())}

        cashiers = frozenset({"manager", "staff"})
        readers = frozenset({"manager", "staff", "assessor"})
        for label, url_name, roles in (
            (_("POS"), "waserda:pos", cashiers),
            (_("Waserda products"), "waserda:products", readers),
            (_("Waserda stock"), "waserda:stock", readers),
            (_("Waserda purchasing"), "waserda:orders", readers),
            (_("Waserda reports"), "waserda:reports", readers),
        ):
            register(NavItem(label, url_name, roles, True, group=_("Waserda"), offered_by=runs_a_shop))
        register_home(HomeSection("waserda.cashier", frozenset({"staff"}), "waserda/home/_cashier.html",
                                  cashier_home, offered_by=runs_a_shop))  # fmt: skip
        register_periodic_task(
            "waserda.nightly_reorder_points",
            "waserda.reorder_points_for_all_cooperatives",
            crontab(hour="2", minute="15"),
        )
