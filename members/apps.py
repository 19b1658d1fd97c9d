from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from koperasi.core.navigation import NavItem, register

        register(NavItem(_("Members"), "members:list", frozenset({"manager", "staff", "assessor"}), True))
