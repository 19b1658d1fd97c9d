import time

from django.core.management.base import BaseCommand

from demo import DEMO_TOTP_SECRET
from koperasi.accounts import totp


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo's platform admin, managers and assessor."

    def handle(self, *args, **options):
        left = totp.STEP_SECONDS - int(time.time()) % totp.STEP_SECONDS
        self.stdout.write(totp.code_at(DEMO_TOTP_SECRET))
        self.stderr.write(f"(valid for {left} more seconds, and the 30 seconds after; key {DEMO_TOTP_SECRET})")
