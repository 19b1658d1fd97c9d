"""Login throttling: a growing delay after repeated failures, never a lock for everyone.

Failures are counted per (username, client) pair, so guesses at made-up usernames, or at a real one
from one place, slow down only that client for that username; and per client across usernames (a
higher limit), so one client cannot try many usernames quickly. From the ``limit``-th failure on, the
next attempt must wait ``backoff_seconds`` (30 s, doubling with every further failure, at most 15
minutes); an attempt during the wait is refused with the time left (HTTP 429 and ``Retry-After``)
without looking at the password. Counts older than the window start afresh; a successful login
clears the pair's and the client's counts.

The client is ``REMOTE_ADDR``, or, behind a proxy named in ``TRUSTED_PROXY_HEADER`` (for example
``X-Forwarded-For``), the address that proxy appended last. The counts live in PostgreSQL
(``LoginThrottle``): logging in needs no cache and no broker.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.db import connection
from django.utils import timezone

from koperasi.accounts.models import LoginThrottle


def backoff_seconds(failures: int, limit: int, base: int, cap: int) -> int:
    """The wait after ``failures`` failures: none below ``limit``, then ``base`` doubling per failure,
    at most ``cap``. ``backoff_seconds(5, 5, 30, 900) == 30``, ``(6, …) == 60``, ``(10, …) == 900``."""
    if failures < limit:
        return 0
    return min(cap, base * 2 ** min(failures - limit, 20))


def client_address(request) -> str:
    """The client's address: the last one the trusted proxy appended to its header, else REMOTE_ADDR."""
    header = settings.TRUSTED_PROXY_HEADER
    if header:
        forwarded = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR") or ""


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:64]


def _keys(username: str, client: str) -> dict[str, int]:
    """Each counter's key and its failure limit."""
    name = username.strip().lower()
    return {
        f"pair:{_digest(name + chr(0) + client)}": settings.LOGIN_FAILURE_LIMIT,
        f"client:{_digest(client)}": settings.LOGIN_CLIENT_FAILURE_LIMIT,
    }


def wait_seconds(username: str, client: str) -> int:
    """Seconds before this username may be tried again from this client (0: now)."""
    now = timezone.now()
    blocked = LoginThrottle.objects.filter(key__in=_keys(username, client), blocked_until__gt=now)
    latest = max((row.blocked_until for row in blocked), default=None)
    return 0 if latest is None else max(1, int((latest - now).total_seconds() + 0.999))


_COUNT_FAILURE = """
INSERT INTO accounts_loginthrottle (key, failures, last_failure_at, blocked_until)
VALUES (%s, 1, %s, NULL)
ON CONFLICT (key) DO UPDATE SET
    failures = CASE WHEN accounts_loginthrottle.last_failure_at < %s THEN 1
                    ELSE accounts_loginthrottle.failures + 1 END,
    last_failure_at = EXCLUDED.last_failure_at
RETURNING failures
"""


def record_failure(username: str, client: str) -> int:
    """Count a failed attempt; returns the seconds the next attempt must wait."""
    now = timezone.now()
    window_start = now - datetime.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    wait = 0
    with connection.cursor() as cursor:
        for key, limit in _keys(username, client).items():
            cursor.execute(_COUNT_FAILURE, [key, now, window_start])
            failures = cursor.fetchone()[0]
            delay = backoff_seconds(
                failures, limit, settings.LOGIN_BACKOFF_SECONDS, settings.LOGIN_BACKOFF_MAX_SECONDS
            )
            if delay:
                blocked_until = now + datetime.timedelta(seconds=delay)
                LoginThrottle.objects.filter(key=key).update(blocked_until=blocked_until)
                wait = max(wait, delay)
    return wait


def clear_failures(username: str, client: str) -> None:
    LoginThrottle.objects.filter(key__in=_keys(username, client)).delete()


def retry_message(seconds: int) -> str:
    """"Try again in 2 minutes (at 14:05)." in the active language."""
    from django.utils.formats import time_format
    from django.utils.translation import gettext, ngettext

    at = time_format(timezone.localtime() + datetime.timedelta(seconds=seconds), "H:i")
    if seconds < 60:
        text = ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    else:
        minutes = (seconds + 59) // 60
        text = ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    return gettext("Too many failed attempts. Try again in %(wait)s (at %(time)s).") % {"wait": text, "time": at}
