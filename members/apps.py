from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Savings and loans keep their models in their sub-packages, under this app's label ("members").
# members/models.py does not import them (they import it), so the app registers them when it is ready.
SUB_MODEL_MODULES = (
    "members.loans.models",
    "members.savings.models",
    "members.shu.models",
    "members.credit_lines.models",
)


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from celery.schedules import crontab

        from koperasi.celery import register_periodic_task
        from koperasi.core.home import HOME_PAGES
        from koperasi.core.navigation import NavItem, register
        from koperasi.tenancy.invitations import ACCEPT_HANDLERS
        from koperasi.tenancy.models import Role
        from koperasi.tenancy.services import register_cooperative_seeder
        from members import journal_sources
        from members.loans.services import seed_loan_products
        from members.portal_sections import register_section
        from members.savings.products import seed_savings_products
        from members.services import link_invited_user

        HOME_PAGES["member"] = "members:portal"  # a member's home is their portal
        from members.shu.patronage import loan_interest_paid
        from members.shu.selectors import portal_shu
        from members.shu.sources import register_source as register_patronage

        for module in SUB_MODEL_MODULES:
            import_module(module)
        journal_sources.register()
        register_section("shu", portal_shu)
        register_patronage("loan_interest", _("Loan interest paid (jasa pinjaman)"), loan_interest_paid)
        ACCEPT_HANDLERS[Role.MEMBER] = link_invited_user
        register_cooperative_seeder("members.savings_products", seed_savings_products)
        register_cooperative_seeder("members.loan_products", seed_loan_products)
        workers = frozenset({"manager", "staff", "assessor"})
        register(NavItem(_("Members"), "members:list", workers, True, group=_("Members")))
        register(NavItem(_("Savings"), "members:savings-list", workers, True, group=_("Members")))
        register(NavItem(_("Loans"), "members:loan-list", workers, True, group=_("Members")))
        register(NavItem(_("Credit lines"), "members:credit-lines", workers, True, group=_("Members")))
        register(NavItem(_("Arrears"), "members:arrears", workers, True, group=_("Members")))
        register(NavItem(_("SHU"), "members:shu", workers, True, group=_("Members")))
        register(NavItem(_("My savings and loans"), "members:portal", frozenset({"member"}), True))
        register_periodic_task(
            "members.monthly_savings",
            "members.monthly_savings_for_all_cooperatives",
            crontab(day_of_month="1", hour="2", minute="0"),
        )
