"""Demo cooperatives, one per seed paper, each with a manager, a staff user and an assessor.

Later issues fill them with the data of their papers (members, ledgers, deliveries, sales).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from demo import DemoLogin, demo_step, ensure_demo_authenticator, ensure_user
from koperasi.tenancy import services
from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.models import Cooperative, Role, RoleAssignment

PASSWORD = "demo-koperasi-2026"

DEMO_COOPERATIVES = [
    {
        "slug": "kpmk-pangandaran",
        "name": "Koperasi Produsen Mitra Kelapa (KPMK) Pangandaran",
        "kind": "produsen",
        "province": "Jawa Barat",
        "regency": "Pangandaran",
        "ppn_rate": Decimal("11"),  # a PKP: its domestic sales carry PPN
        "seed": "000",
    },
    {
        "slug": "kud-mina",
        "name": "KUD Mina Bahari (koperasi nelayan)",
        "kind": "kud",
        "province": "Jawa Tengah",
        "regency": "Rembang",
        "seed": "001",
    },
    {
        "slug": "ksu-argopuro",
        "name": "KSU Argopuro Jaya Abadi",
        "kind": "ksu",
        "province": "Jawa Timur",
        "regency": "Jember",
        "seed": "003",
    },
    {
        "slug": "kpbs-pangalengan",
        "name": "Koperasi Peternakan Bandung Selatan (KPBS) Pangalengan",
        "kind": "produsen",
        "province": "Jawa Barat",
        "regency": "Bandung",
        "seed": "004",
    },
]


def demo_cooperative(slug: str) -> Cooperative:
    return Cooperative.objects.get(slug=slug)


@demo_step("cooperatives, managers, staff and an assessor")
def cooperatives() -> list[DemoLogin]:
    admin = ensure_user("admin", "unused")
    assessor = ensure_user("penilai", PASSWORD, full_name="Penilai Dinas Koperasi")
    ensure_demo_authenticator(assessor)
    logins = []
    today = datetime.date.today()
    for spec in DEMO_COOPERATIVES:
        fields = {key: value for key, value in spec.items() if key != "seed"}
        cooperative = Cooperative.objects.filter(slug=spec["slug"]).first()
        if cooperative is None:
            cooperative = services.create_cooperative(actor=admin, **fields)
        short = spec["slug"].split("-")[0]
        manager = ensure_user(f"{short}-manajer", PASSWORD, full_name=f"Manajer {short.upper()}")
        ensure_demo_authenticator(manager)
        staff = ensure_user(f"{short}-kasir", PASSWORD, full_name=f"Kasir {short.upper()}")
        with cooperative_context(cooperative.pk):
            for user, role in ((manager, Role.MANAGER), (staff, Role.STAFF)):
                RoleAssignment.objects.get_or_create(user=user, role=role)
            RoleAssignment.objects.get_or_create(
                user=assessor,
                role=Role.ASSESSOR,
                defaults={"valid_from": today, "valid_until": today.replace(year=today.year + 1)},
            )
        logins += [
            DemoLogin(
                f"manager, seed {spec['seed']}", manager.username, PASSWORD, f"{cooperative.name}; code: demo_code"
            ),
            DemoLogin(f"staff, seed {spec['seed']}", staff.username, PASSWORD),
        ]
    logins.append(DemoLogin("assessor (all four)", assessor.username, PASSWORD, "code: manage.py demo_code"))
    return logins
