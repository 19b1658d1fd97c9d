"""Tenant models are scoped to the cooperative in context, and refuse to work without one."""

import pytest

from koperasi.tenancy.context import NoTenantError, ReadOnlyTenantError, cooperative_context, current
from koperasi.tenancy.models import Role, RoleAssignment
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_querying_a_tenant_model_without_a_cooperative_raises(coop):
    with pytest.raises(NoTenantError):
        list(RoleAssignment.objects.all())


def test_saving_a_tenant_row_without_a_cooperative_raises(coop):
    with pytest.raises(NoTenantError):
        RoleAssignment(user=UserFactory(), role=Role.STAFF).save()


def test_the_cooperative_is_filled_from_the_context(coop):
    with cooperative_context(coop.pk):
        assignment = RoleAssignment.objects.create(user=UserFactory(), role=Role.STAFF)
    assert assignment.cooperative_id == coop.pk


def test_queries_see_only_the_current_cooperative(coop, other_coop):
    with cooperative_context(coop.pk):
        RoleAssignment.objects.create(user=UserFactory(username="a1"), role=Role.STAFF)
    with cooperative_context(other_coop.pk):
        RoleAssignment.objects.create(user=UserFactory(username="b1"), role=Role.STAFF)
        assert list(RoleAssignment.objects.values_list("user__username", flat=True)) == ["b1"]
    with cooperative_context(coop.pk):
        assert list(RoleAssignment.objects.values_list("user__username", flat=True)) == ["a1"]


def test_a_row_of_another_cooperative_cannot_be_saved_in_this_context(coop, other_coop):
    with cooperative_context(other_coop.pk):
        foreign = RoleAssignment.objects.create(user=UserFactory(), role=Role.STAFF)
    with cooperative_context(coop.pk), pytest.raises(NoTenantError):
        foreign.save()
    with cooperative_context(coop.pk), pytest.raises(NoTenantError):
        foreign.delete()


def test_read_only_context_refuses_writes(coop):
    with cooperative_context(coop.pk, read_only=True), pytest.raises(ReadOnlyTenantError):
        RoleAssignment.objects.create(user=UserFactory(), role=Role.STAFF)


def test_unscoped_is_the_explicit_way_to_every_row_python_side(coop, other_coop, settings):
    with cooperative_context(coop.pk):
        RoleAssignment.objects.create(user=UserFactory(), role=Role.STAFF)
    with cooperative_context(other_coop.pk):
        RoleAssignment.objects.create(user=UserFactory(), role=Role.STAFF)
        # The ORM does not filter unscoped(); on PostgreSQL row-level security still applies.
        visible = set(RoleAssignment.objects.unscoped().values_list("cooperative_id", flat=True))
    expected = {other_coop.pk} if "postgresql" in settings.DATABASES["default"]["ENGINE"] else {coop.pk, other_coop.pk}
    assert visible == expected


def test_nested_contexts_restore_the_outer_one(coop, other_coop):
    with cooperative_context(coop.pk):
        with cooperative_context(other_coop.pk):
            assert current().cooperative_id == other_coop.pk
        assert current().cooperative_id == coop.pk
        assert RoleAssignment.objects.count() == 0
    assert current() is None


def test_a_queryset_built_without_context_binds_to_the_cooperative_where_it_is_used(coop, other_coop):
    """Django builds ModelForm choice fields at import time: such a queryset must neither fail
    then nor ever run unscoped later."""
    template = RoleAssignment.objects.filter(role=Role.STAFF)
    with cooperative_context(coop.pk):
        RoleAssignment.objects.create(user=UserFactory(username="a1"), role=Role.STAFF)
    with cooperative_context(other_coop.pk):
        RoleAssignment.objects.create(user=UserFactory(username="b1"), role=Role.STAFF)
    with pytest.raises(NoTenantError):
        template.count()
    with pytest.raises(NoTenantError):
        list(template)
    with cooperative_context(other_coop.pk):
        assert [a.user.username for a in template.all()] == ["b1"]
        assert template.count() == 1
    with cooperative_context(coop.pk):
        assert [a.user.username for a in template.all()] == ["a1"]
        assert template.exists()


def test_a_model_form_on_a_tenant_foreign_key_offers_only_this_cooperatives_rows(coop, other_coop):
    from django import forms

    class PickAssignment(forms.Form):
        assignment = forms.ModelChoiceField(queryset=RoleAssignment.objects.all())

    with cooperative_context(coop.pk):
        mine = RoleAssignment.objects.create(user=UserFactory(), role=Role.STAFF)
    with cooperative_context(other_coop.pk):
        theirs = RoleAssignment.objects.create(user=UserFactory(), role=Role.STAFF)
    with cooperative_context(coop.pk):
        form = PickAssignment({"assignment": theirs.pk})
        assert not form.is_valid()
        assert list(PickAssignment().fields["assignment"].queryset) == [mine]


def test_an_unbound_queryset_keeps_no_result_cache_between_cooperatives(coop, other_coop):
    template = RoleAssignment.objects.all()
    with cooperative_context(coop.pk):
        RoleAssignment.objects.create(user=UserFactory(username="a1"), role=Role.STAFF)
    with cooperative_context(other_coop.pk):
        RoleAssignment.objects.create(user=UserFactory(username="b1"), role=Role.STAFF)
    with cooperative_context(coop.pk):
        assert [a.user.username for a in template] == ["a1"]
        assert len(template) == 1 and bool(template)
    with cooperative_context(other_coop.pk):
        assert [a.user.username for a in template] == ["b1"]
        assert template[0].user.username == "b1"


# --- how the settings reach PostgreSQL ------------------------------------------------------------


def _database_settings(cursor) -> tuple[str, str]:
    cursor.execute("SELECT current_setting('app.cooperative_id', true), current_setting('app.readable_ids', true)")
    return cursor.fetchone()


def test_the_settings_travel_with_the_first_statement_of_the_block(coop):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def statements(captured) -> list[str]:  # the test's own transaction makes the block a savepoint
        return [query["sql"] for query in captured if "SAVEPOINT" not in query["sql"]]

    with CaptureQueriesContext(connection) as sent, cooperative_context(coop.pk):
        assert statements(sent.captured_queries) == []  # entering sends nothing by itself
        assert RoleAssignment.objects.count() == 0
    [count] = statements(sent.captured_queries)
    assert count.startswith(f"SELECT set_config('app.cooperative_id', '{coop.pk}', true)")
    assert 'FROM "tenancy_roleassignment"' in count


def test_settings_never_sent_do_not_outlive_their_block(coop):
    from django.db import connection, transaction

    with pytest.raises(RuntimeError), cooperative_context(coop.pk):
        raise RuntimeError("before any query")
    with transaction.atomic(), connection.cursor() as cursor:
        assert _database_settings(cursor) in {(None, None), ("", "")}


def test_a_nested_block_that_sent_nothing_leaves_the_outer_settings(coop, other_coop):
    from django.db import connection

    with cooperative_context(coop.pk):
        with cooperative_context(other_coop.pk):
            pass
        with connection.cursor() as cursor:
            assert _database_settings(cursor) == (str(coop.pk), str(coop.pk))


def test_a_server_side_cursor_gets_the_settings_first(coop, other_coop):
    with cooperative_context(coop.pk):
        RoleAssignment.objects.create(user=UserFactory(username="a1"), role=Role.STAFF)
    with cooperative_context(other_coop.pk):
        RoleAssignment.objects.create(user=UserFactory(username="b1"), role=Role.STAFF)
    with cooperative_context(coop.pk):
        names = [a.user.username for a in RoleAssignment.objects.select_related("user").iterator(chunk_size=1)]
    assert names == ["a1"]


def test_only_ids_can_become_settings():
    from koperasi.tenancy.context import _settings_sql

    assert "'1,2'" in _settings_sql(("1", "1,2", ""))
    with pytest.raises(ValueError, match="must be ids"):
        _settings_sql(("1'; DROP TABLE x; --", "", ""))
