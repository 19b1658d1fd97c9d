"""The demo: one cooperative per seed paper, with data entered so that their published tables come
out of the product. ``manage.py load_demo`` (the README's first command) runs the steps of
``SEEDERS`` in order, each in its own transaction.

Steps are registered with :func:`demo_step`; they must be idempotent (running the command twice
changes nothing) and return the demo logins they created, so the command can print them. A new
app with demo data adds its module here and to ``SEEDERS``.
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
SEEDERS = (
    "demo.platform",
    "demo.tenancy",
    "demo.ledger",
    "demo.members",
    "demo.waserda",
    "demo.procurement",
    "demo.processing",
    "demo.sales",
    "demo.market_prices",
    "demo.shu",
    "demo.performance",
)
STEPS: list[tuple[str, DemoStep]] = []


def demo_step(name: str) -> Callable[[DemoStep], DemoStep]:
    def register(function: DemoStep) -> DemoStep:
        STEPS.append((name, function))
        return function

    return register


def ordered_steps() -> list[tuple[str, DemoStep]]:
    """The steps in ``SEEDERS`` order (a module's own steps in their order), whatever order the modules
    happened to be imported in: a test that imports ``demo.tenancy`` first must not make the
    cooperatives before the platform admin exists."""
    return sorted(STEPS, key=lambda step: SEEDERS.index(step[1].__module__))


def ensure_user(username: str, password: str, **fields):
    """Create the user once with this password; later runs leave it as it is."""
    from koperasi.accounts.models import User

    user, created = User.objects.get_or_create(username=username, defaults=fields)
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user
