"""Demo data: each app contributes a step; ``manage.py load_demo`` runs them in order.

Steps must be idempotent (running the command twice changes nothing) and return the demo
logins they created, so the command can print them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    note: str = ""


DemoStep = Callable[[], list[DemoLogin]]
STEPS: list[tuple[str, DemoStep]] = []


def demo_step(name: str) -> Callable[[DemoStep], DemoStep]:
    def register(function: DemoStep) -> DemoStep:
        STEPS.append((name, function))
        return function

    return register


def ensure_user(username: str, password: str, **fields):
    """Create the user once with this password; later runs leave it as it is."""
    from koperasi.accounts.models import User

    user, created = User.objects.get_or_create(username=username, defaults=fields)
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


@demo_step("platform admin")
def platform_admin() -> list[DemoLogin]:
    password = "admin-koperasi-2026"
    ensure_user(
        "admin", password, full_name="Admin Platform", email="admin@example.org", is_staff=True, is_superuser=True
    )
    return [DemoLogin("platform admin", "admin", password)]
