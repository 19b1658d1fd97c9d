from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

import demo


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        for module in demo.SEEDERS:  # each registers its steps
            import_module(module)
        logins: list[demo.DemoLogin] = []
        for name, step in demo.ordered_steps():
            with transaction.atomic():
                logins += step()
            self.stdout.write(f"  demo: {name} ready")
        self.stdout.write(self.style.SUCCESS("\nDemo logins (http://127.0.0.1:8000/accounts/login/):"))
        for login in logins:
            note = f"  ({login.note})" if login.note else ""
            self.stdout.write(f"  {login.role:<28} {login.username:<22} {login.password}{note}")
        self.stdout.write(
            "\nThe platform admin, managers and assessor also type a two-factor code: `manage.py demo_code`"
            f" prints it, or add the key {demo.DEMO_TOTP_SECRET} to an authenticator app."
        )
