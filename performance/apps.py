from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "performance"

    def ready(self) -> None:
        from celery.schedules import crontab
        from django.utils.translation import gettext

        from koperasi.celery import register_periodic_task
        from koperasi.core.home import HomeSection, register_section
        from koperasi.core.navigation import EVERYONE, STAFF_AND_ASSESSOR, NavItem, register
        from performance.methods._base import use_translation
        from performance.platform import assessor_overview, platform_overview
        from performance.views_dashboards import home_context

        # Inside a cooperative the calculators keep its menus; outside one, the platform's pages.
        use_translation(gettext)  # the methods' error messages read in the request's language
        register(NavItem(_("Calculators"), "performance:index", STAFF_AND_ASSESSOR, True))
        register(NavItem(_("Calculators"), "calculators:index", EVERYONE, outside_cooperative=True))
        register(NavItem(_("Dashboards"), "dashboards:index", STAFF_AND_ASSESSOR, True), before="performance:index")
        register_section(
            HomeSection("performance.manager", frozenset({"manager", "assessor"}), "performance/home/_manager.html",
                        home_context)
        )  # fmt: skip
        register_section(
            HomeSection("performance.platform", frozenset({"platform_admin"}), "performance/home/_platform.html",
                        lambda request: {"platform": platform_overview()}, platform=True)
        )  # fmt: skip
        register_section(
            HomeSection("performance.assessor", frozenset({"assessor"}), "performance/home/_assessor.html",
                        lambda request: {"assessed": assessor_overview(request.user)}, platform=True)
        )  # fmt: skip
        register(NavItem(_("Rating rubrics"), "assessor:rubrics", frozenset({"platform_admin"})))
        register(NavItem(_("Ratings"), "ratings:list", frozenset({"manager", "assessor"}), True),
                 before="performance:index")  # fmt: skip
        register_periodic_task(
            "performance.monthly_snapshots",
            "performance.monthly_snapshots_for_all_cooperatives",
            crontab(day_of_month="1", hour="4", minute="0"),
        )
