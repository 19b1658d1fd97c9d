"""Audit events are appended, never changed or removed — by the ORM or, on PostgreSQL, by SQL."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from koperasi.accounts.models import AppendOnlyError, AuditEvent
from koperasi.accounts.services import record_event
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_record_event_keeps_who_what_which_object_and_the_change(in_coop):
    actor = UserFactory()
    target = UserFactory(username="target")
    event = record_event(
        "user.role_changed",
        actor=actor,
        cooperative_id=in_coop.pk,
        obj=target,
        before={"role": "staff"},
        after={"role": "manager"},
        ip_address="10.0.0.9",
    )
    event.refresh_from_db()
    assert (event.actor, event.cooperative_id, event.action) == (actor, in_coop.pk, "user.role_changed")
    assert (event.object_type, event.object_id, event.object_repr) == ("accounts.User", str(target.pk), str(target))
    assert (event.before, event.after) == ({"role": "staff"}, {"role": "manager"})
    assert event.created_at is not None


def test_a_saved_event_cannot_be_saved_again():
    event = record_event("x")
    event.action = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()


def test_an_event_cannot_be_deleted():
    event = record_event("x")
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_bulk_update_and_delete_through_the_orm_are_refused():
    record_event("x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(action="y")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().action == "x"


def test_postgresql_refuses_update_and_delete_by_raw_sql():
    event = record_event("x")
    for statement in (
        "UPDATE accounts_auditevent SET action = 'y' WHERE id = %s",
        "DELETE FROM accounts_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "x"


def test_an_event_about_a_cooperatives_row_belongs_to_that_cooperative_unless_told_otherwise(in_coop):
    from tests.factories.members import MemberFactory

    member = MemberFactory()
    assert record_event("member.noted", obj=member).cooperative_id == in_coop.pk  # never a platform event
    assert record_event("rating.noted", obj=member, cooperative_id=None).cooperative_id is None
    assert record_event("login", actor=UserFactory()).cooperative_id is None
