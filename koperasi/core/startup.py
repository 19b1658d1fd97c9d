"""What a production server checks before it answers a single request."""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
# The checks that ask for HTTPS: meaningless for a server only this machine can reach (the demo).
HTTPS_CHECKS = {"security.W004", "security.W008", "security.W012", "security.W016"}


def refuse_an_unsafe_production_start() -> None:
    """With DEBUG off, the server starts only if Django's deployment checklist (``check --deploy``)
    finds nothing, warnings included — except the HTTPS ones when every allowed host is this machine
    (the demo, served on loopback); development (DEBUG on) starts as it is."""
    if settings.DEBUG:
        return
    loopback_only = bool(settings.ALLOWED_HOSTS) and set(settings.ALLOWED_HOSTS) <= LOOPBACK_HOSTS
    problems = [
        message
        for message in checks.run_checks(include_deployment_checks=True)
        if message.level >= checks.WARNING
        and not message.is_silenced()
        and not (loopback_only and message.id in HTTPS_CHECKS)
    ]
    if problems:
        listed = "\n".join(f"  {message}" for message in problems)
        raise ImproperlyConfigured(f"Refusing to serve with DEBUG off: `manage.py check --deploy` reports\n{listed}")
