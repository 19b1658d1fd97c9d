"""Member services: numbering, NIK uniqueness per cooperative, admission, exit, portal users."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from koperasi.accounts.models import AuditEvent
from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.models import Role, RoleAssignment
from members import services
from members.models import Member, MemberSequence, MemberStatus
from members.validators import make_nik
from tests.factories.accounts import UserFactory
from tests.factories.members import MemberFactory

pytestmark = pytest.mark.django_db


def fields(serial=1, **overrides):
    born = overrides.pop("birth_date", datetime.date(1980, 5, 17))
    sex = overrides.pop("sex", "L")
    base = {
        "nik": make_nik("320410", born, sex, serial),
        "name": f"Anggota {serial}",
        "sex": sex,
        "birth_date": born,
        "occupation": "petani",
        "join_date": datetime.date(2024, 1, 2),
    }
    return {**base, **overrides}


def test_register_gives_sequential_numbers_and_a_candidate_status(in_coop, manager):
    first = services.register_member(actor=manager, **fields(1))
    second = services.register_member(actor=manager, **fields(2))
    assert (first.member_no, second.member_no) == (1, 2)
    assert first.status == MemberStatus.CANDIDATE and first.admitted_on is None
    assert AuditEvent.objects.filter(action="member.registered", cooperative_id=in_coop.pk).count() == 2


def test_a_failed_registration_leaves_no_gap(in_coop, manager):
    services.register_member(actor=manager, **fields(1))
    with pytest.raises(ValidationError):
        services.register_member(actor=manager, **fields(1, name="Dup"))  # same NIK
    with pytest.raises(ValidationError):
        services.register_member(actor=manager, **{**fields(2), "sex": "P"})  # the NIK encodes a man
    assert services.register_member(actor=manager, **fields(3)).member_no == 2
    assert MemberSequence.objects.get().last_number == 2


def test_nik_is_unique_per_cooperative_but_may_repeat_in_another(coop, other_coop, manager):
    with cooperative_context(coop.pk):
        services.register_member(actor=manager, **fields(1))
        with pytest.raises(ValidationError) as caught:
            services.register_member(actor=manager, **fields(1))
        assert "nik" in caught.value.message_dict
        assert caught.value.error_dict["nik"][0].code == "member_duplicate_nik"
    with cooperative_context(other_coop.pk):
        member = services.register_member(actor=manager, **fields(1))
        assert member.member_no == 1  # numbering is per cooperative


def test_register_checks_nik_agreement_and_field_errors(in_coop, manager):
    with pytest.raises(ValidationError) as caught:
        services.register_member(actor=manager, **fields(1, birth_date=datetime.date(1980, 5, 17), nik="1"))
    assert "nik" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.register_member(actor=manager, **{**fields(1), "birth_date": datetime.date(1981, 5, 17)})
    assert "birth_date" in caught.value.message_dict
    assert Member.objects.count() == 0


def test_admit_only_candidates_and_not_before_joining(in_coop, manager):
    member = services.register_member(actor=manager, **fields(1))
    with pytest.raises(ValidationError):
        services.admit_member(actor=manager, member=member, on=datetime.date(2023, 12, 31))
    member = services.admit_member(actor=manager, member=member, on=datetime.date(2024, 2, 1))
    assert (member.status, member.admitted_on) == (MemberStatus.MEMBER, datetime.date(2024, 2, 1))
    with pytest.raises(ValidationError) as caught:
        services.admit_member(actor=manager, member=member)
    assert caught.value.error_dict["status"][0].code == "member_not_candidate"


def test_update_records_only_what_changed(in_coop, manager):
    member = services.register_member(actor=manager, **fields(1))
    services.update_member(actor=manager, member=member, phone="081234", name="Anggota Satu")
    event = AuditEvent.objects.get(action="member.updated")
    assert event.before == {"name": "Anggota 1", "phone": ""}
    assert event.after == {"name": "Anggota Satu", "phone": "081234"}
    services.update_member(actor=manager, member=member, phone="081234")
    assert AuditEvent.objects.filter(action="member.updated").count() == 1
    with pytest.raises(TypeError):
        services.update_member(actor=manager, member=member, status="keluar")


def test_update_refuses_another_members_nik(in_coop, manager):
    services.register_member(actor=manager, **fields(1))
    other = services.register_member(actor=manager, **fields(2))
    with pytest.raises(ValidationError):
        services.update_member(actor=manager, member=other, nik=fields(1)["nik"])
    other.refresh_from_db()
    assert other.nik == fields(2)["nik"]


def test_record_exit(in_coop, manager):
    member = services.register_member(actor=manager, **fields(1))
    with pytest.raises(ValidationError) as caught:
        services.record_exit(actor=manager, member=member, exit_date=datetime.date(2023, 1, 1), reason="")
    assert set(caught.value.message_dict) == {"exit_date", "exit_reason"}
    member = services.record_exit(actor=manager, member=member, exit_date=datetime.date(2025, 6, 1), reason="Pindah")
    assert (member.status, member.exit_date, member.exit_reason) == ("keluar", datetime.date(2025, 6, 1), "Pindah")
    with pytest.raises(ValidationError):
        services.record_exit(actor=manager, member=member, exit_date=datetime.date(2025, 6, 2), reason="Lagi")


def test_link_user_grants_the_member_role_and_relinking_moves_it(in_coop, manager):
    member = services.register_member(actor=manager, **fields(1))
    first, second = UserFactory(username="budi"), UserFactory(username="budi2")
    services.link_user(actor=manager, member=member, user=first)
    assert RoleAssignment.objects.get(user=first, role=Role.MEMBER).is_active
    services.link_user(actor=manager, member=member, user=second)
    assert not RoleAssignment.objects.get(user=first, role=Role.MEMBER).is_active
    assert RoleAssignment.objects.get(user=second, role=Role.MEMBER).is_active
    member.refresh_from_db()
    assert member.user == second


def test_a_user_links_to_one_member_per_cooperative(in_coop, manager):
    user = UserFactory(username="siti")
    services.link_user(actor=manager, member=MemberFactory(), user=user)
    with pytest.raises(ValidationError) as caught:
        services.link_user(actor=manager, member=MemberFactory(), user=user)
    assert caught.value.error_dict["user"][0].code == "member_user_already_linked"


def test_factory_numbers_come_from_the_sequence(in_coop, manager):
    assert [MemberFactory().member_no for _ in range(3)] == [1, 2, 3]
    assert services.register_member(actor=manager, **fields(9)).member_no == 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_gap_free_numbers(coop, manager):
    """Eight threads register at once; the sequence row lock serialises the numbers."""
    errors, barrier = [], threading.Barrier(8)

    def register(serial):
        try:
            with cooperative_context(coop.pk):
                barrier.wait(timeout=10)
                services.register_member(actor=manager, **fields(serial))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(serial,)) for serial in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with cooperative_context(coop.pk):
        assert sorted(Member.objects.values_list("member_no", flat=True)) == list(range(1, 9))


def test_the_database_refuses_a_duplicate_nik_in_one_cooperative(in_coop, manager):
    member = services.register_member(actor=manager, **fields(1))
    duplicate = Member(**fields(1), member_no=99)
    with pytest.raises(Exception, match="member_nik_unique_per_cooperative"), transaction.atomic():
        duplicate.save()
    assert member.pk
