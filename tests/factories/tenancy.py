import datetime

import factory
from django.utils import timezone

from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.models import Cooperative, CooperativeKind, Role, RoleAssignment, RoleInvitation
from koperasi.tenancy.services import seed_cooperative
from tests.factories.accounts import UserFactory


class CooperativeFactory(factory.django.DjangoModelFactory):
    """A cooperative with its defaults seeded, as ``create_cooperative`` leaves it."""

    class Meta:
        model = Cooperative
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Koperasi Uji {n}")
    slug = factory.Sequence(lambda n: f"koperasi-uji-{n}")
    kind = CooperativeKind.KSU
    province = "Jawa Barat"
    regency = "Pangandaran"

    @factory.post_generation
    def seeded(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            seed_cooperative(obj)
            open_fiscal_years_since(obj, BOOKS_OPEN_FROM)


BOOKS_OPEN_FROM = 2020  # test cooperatives keep books from this fiscal year on


def open_fiscal_years_since(cooperative: Cooperative, first: int) -> None:
    from koperasi.ledger.fiscal import fiscal_year_of
    from koperasi.ledger.services import open_fiscal_year

    with cooperative_context(cooperative.pk):
        for fiscal_year in range(first, fiscal_year_of(timezone.localdate(), cooperative.fiscal_year_start_month) + 1):
            open_fiscal_year(actor=None, fiscal_year=fiscal_year)


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    """Create inside the cooperative's context: ``with cooperative_context(coop.pk): ...``."""

    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.STAFF


class RoleInvitationFactory(factory.django.DjangoModelFactory):
    """Create inside the cooperative's context."""

    class Meta:
        model = RoleInvitation

    email = factory.Sequence(lambda n: f"undangan{n}@example.org")
    role = Role.STAFF
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


def user_with_role(cooperative: Cooperative, role: str, **user_fields):
    """A user holding ``role`` in ``cooperative`` (the role row is written in its context)."""
    user = UserFactory(**user_fields)
    with cooperative_context(cooperative.pk):
        RoleAssignment.objects.create(user=user, role=role)
    return user
