from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "koperasi.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from koperasi.accounts import login_state  # noqa: F401  (connects its login signal)
