"""What a production server checks before it answers a single request."""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def refuse_an_unsafe_production_start() -> None:
    """With DEBUG off, the server starts only if Django's deployment checklist (``check --deploy``)
    finds nothing, warnings included; development (DEBUG on) starts as it is."""
    if settings.DEBUG:
        return
    problems = [
        message
        for message in checks.run_checks(include_deployment_checks=True)
        if message.level >= checks.WARNING and not message.is_silenced()
    ]
    if problems:
        listed = "\n".join(f"  {message}" for message in problems)
        raise ImproperlyConfigured(f"Refusing to serve with DEBUG off: `manage.py check --deploy` reports\n{listed}")
