from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def grant_after_migrate(sender, using="default", **kwargs):
    from koperasi.core.db.roles import grant_app_role

    grant_app_role(using)


class CoreConfig(AppConfig):
    name = "koperasi.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # Infrastructure, not business logic: post_migrate fires once all migrations (run as the
        # owner role) are applied, and the app role then gets its privileges on the new tables.
        post_migrate.connect(grant_after_migrate, sender=self)
        from celery.schedules import crontab

        from koperasi.celery import register_periodic_task

        register_periodic_task(
            "core.delete_expired_exports", "core.delete_expired_exports", crontab(hour="3", minute="15")
        )
