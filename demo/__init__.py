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

# The demo's platform admin, managers and assessor log in with a second factor like everyone in their
# place; their authenticator apps all share this published key, so anyone can try the demo: add it to
# an authenticator app, or print the current code with ``manage.py demo_code``. Never load the demo
# into a database real users log in to.
DEMO_TOTP_SECRET = "KOPERASIDEMOKOPERASIDEMOKOPERASI"


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


def ensure_demo_authenticator(user) -> None:
    """Give a demo user who needs a second factor the demo's shared authenticator key (once)."""
    from koperasi.accounts.models import TotpDevice
    from koperasi.accounts.services import install_device

    if not TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists():
        install_device(user, DEMO_TOTP_SECRET)
