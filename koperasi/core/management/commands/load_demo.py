from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from koperasi.core import demo


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        autodiscover_modules("demo")  # each app's demo.py registers its steps
        logins: list[demo.DemoLogin] = []
        for name, step in demo.STEPS:
            with transaction.atomic():
                logins += step()
            self.stdout.write(f"  demo: {name} ready")
        self.stdout.write(self.style.SUCCESS("\nDemo logins (http://127.0.0.1:8000/accounts/login/):"))
        for login in logins:
            note = f"  ({login.note})" if login.note else ""
            self.stdout.write(f"  {login.role:<28} {login.username:<22} {login.password}{note}")
