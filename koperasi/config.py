"""Reading settings from the environment (12-factor), kept apart so tests can call it directly."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    """``DEBUG=1``/``true``/``yes``/``on`` → True; ``0``/``false``/``no``/``off``/empty → False."""
    if name not in env:
        return default
    value = env[name].strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {env[name]!r}")


def env_positive_int(env: Mapping[str, str], name: str, default: int, minimum: int = 1) -> int:
    """A whole number (of seconds, days…) from ``1`` up, or from ``minimum``; the default when unset."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {env[name]!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_list(env: Mapping[str, str], name: str, default: list[str]) -> list[str]:
    """Comma-separated list, blanks dropped: ``"a.example, b.example"`` → ``["a.example", "b.example"]``."""
    if name not in env:
        return list(default)
    return [item.strip() for item in env[name].split(",") if item.strip()]


def database_config(env: Mapping[str, str]) -> dict[str, Any]:
    """``DATABASE_URL`` (``postgres://user:password@host:port/name``) or, when unset, the embedded
    PostgreSQL server of ``koperasi.core.db.embedded`` (started now if it is down), as its app role."""
    # A kept connection is checked before a request reuses it: after a PostgreSQL restart the app reconnects.
    config = dj_database_url.parse(
        app_database_url(env), conn_max_age=int(env.get("CONN_MAX_AGE", "60")), conn_health_checks=True
    )
    if "postgresql" not in config["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...)")
    if env.get("TEST_DATABASE_NAME"):
        # Lets two test runs share one server without dropping each other's test database.
        config["TEST"] = {"NAME": env["TEST_DATABASE_NAME"]}
    return config


def app_database_url(env: Mapping[str, str]) -> str:
    """The app role's URL: ``DATABASE_URL``, or the embedded server's app role when it is unset."""
    return env.get("DATABASE_URL", "").strip() or _embedded_urls()[0]


def database_owner_url(env: Mapping[str, str]) -> str:
    """The owner role's URL (migrations, test databases): ``DATABASE_OWNER_URL``, or the embedded
    server's owner when ``DATABASE_URL`` is unset too; empty when only ``DATABASE_URL`` is set."""
    url = env.get("DATABASE_OWNER_URL", "").strip()
    if url or env.get("DATABASE_URL", "").strip():
        return url
    return _embedded_urls()[1]


def database_backup_url(env: Mapping[str, str]) -> str:
    """The backup role's URL (``manage.py backup``): ``DATABASE_BACKUP_URL``, or the embedded server's
    backup role when ``DATABASE_URL`` is unset too; empty when only ``DATABASE_URL`` is set."""
    url = env.get("DATABASE_BACKUP_URL", "").strip()
    if url or env.get("DATABASE_URL", "").strip():
        return url
    return _embedded_urls()[2]


def _embedded_urls() -> tuple[str, str, str]:
    from koperasi.core.db import embedded

    server = embedded.serve_this_process()
    return server.url(embedded.APP), server.url(embedded.OWNER), server.url(embedded.BACKUP)


def email_config(env: Mapping[str, str]) -> dict[str, Any]:
    """Mail settings from ``EMAIL_URL``: ``smtp://user:password@host:587`` (STARTTLS; ``smtps://`` for
    TLS from the start, port 465) or ``console:`` (the default: mail is printed, never lost in a failure)."""
    from urllib.parse import unquote, urlsplit

    url = env.get("EMAIL_URL", "").strip()
    settings: dict[str, Any] = {"DEFAULT_FROM_EMAIL": env.get("DEFAULT_FROM_EMAIL", "Koperasi ERP <noreply@localhost>")}
    if not url or url.startswith("console:"):
        return settings | {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ImproperlyConfigured("EMAIL_URL must be smtp://…, smtps://… or console:")
    return settings | {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 587),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": parts.scheme == "smtp",
        "EMAIL_TIMEOUT": 10,
    }


DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production-0123456789"  # noqa: S105


def secret_key(env: Mapping[str, str], required: bool) -> str:
    """``SECRET_KEY``, required whenever ``DEBUG`` is off (outside the tests): a server never starts on
    the development key, which development and tests get and ``check --deploy`` reports as insecure."""
    key = env.get("SECRET_KEY", "").strip()
    if key:
        return key
    if required:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (production)")
    return DEVELOPMENT_SECRET_KEY
