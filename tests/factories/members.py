"""Members: create inside a cooperative's context (``with cooperative_context(coop.pk): MemberFactory()``)."""

import datetime

import factory

from members import locks, services
from members.models import Member, MemberSequence, MemberStatus, Occupation, Sex
from members.validators import make_nik


def _birth_date(n: int) -> datetime.date:
    return datetime.date(1960, 1, 1) + datetime.timedelta(days=(n * 97) % 14_000)


class MemberFactory(factory.django.DjangoModelFactory):
    """A prospective member with a valid NIK (Jawa Barat, Kab. Bandung) that agrees with the birth
    date and sex; the number comes from the cooperative's sequence, as the service gives it."""

    class Meta:
        model = Member

    name = factory.Faker("name", locale="id_ID")
    sex = factory.Sequence(lambda n: Sex.FEMALE if n % 2 else Sex.MALE)
    birth_date = factory.Sequence(_birth_date)
    nik = factory.LazyAttributeSequence(
        lambda member, n: make_nik("320410", member.birth_date, member.sex, n % 9999 + 1)
    )
    address = factory.Faker("address", locale="id_ID")
    phone = factory.Sequence(lambda n: f"0812{n:08d}")
    occupation = Occupation.FARMER
    join_date = datetime.date(2020, 1, 15)
    status = MemberStatus.CANDIDATE
    member_no = factory.LazyFunction(lambda: services.allocate_member_numbers(1)[0])


class ActiveMemberFactory(MemberFactory):
    status = MemberStatus.MEMBER
    admitted_on = datetime.date(2020, 2, 1)


class MemberSequenceFactory(factory.django.DjangoModelFactory):
    """The cooperative's member-number sequence row (one per cooperative: made once, then reused)."""

    class Meta:
        model = MemberSequence

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return locks.lock_member_sequence()
