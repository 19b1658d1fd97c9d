"""Login throttling: after too many failures for a username or from one address, refuse for a while.

Counts live in the cache (Redis in production), keyed by username and by client address, so
spreading guesses over many usernames from one address is throttled too.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _keys(username: str, ip_address: str | None) -> list[str]:
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    keys = [f"login-fail:user:{digest}"]
    if ip_address:
        keys.append(f"login-fail:ip:{ip_address}")
    return keys


def is_locked(username: str, ip_address: str | None) -> bool:
    limit = settings.LOGIN_FAILURE_LIMIT
    return any((cache.get(key) or 0) >= limit for key in _keys(username, ip_address))


def record_failure(username: str, ip_address: str | None) -> None:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    for key in _keys(username, ip_address):
        # add() starts the window on the first failure; incr() keeps its expiry.
        if not cache.add(key, 1, timeout=window):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=window)


def clear_failures(username: str, ip_address: str | None) -> None:
    cache.delete(_keys(username, None)[0])


def lockout_minutes() -> int:
    return max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")
