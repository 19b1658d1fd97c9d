"""Celery tasks on tenant data take cooperative_id, refuse to run without it, and see only that tenant."""

import pytest

from koperasi.celery import CooperativeTask, MissingCooperativeError
from koperasi.celery import app as celery_app
from koperasi.tenancy.models import Role, RoleAssignment
from tests.factories.tenancy import user_with_role


@celery_app.task(base=CooperativeTask, name="tests.tenancy.visible_role_cooperatives", ignore_result=False)
def visible_role_cooperatives(*, cooperative_id: int) -> list[int]:
    """What a tenant task sees: the cooperatives of the role rows it can read (scoped and unscoped)."""
    scoped = set(RoleAssignment.objects.values_list("cooperative_id", flat=True))
    unscoped = set(RoleAssignment.objects.unscoped().values_list("cooperative_id", flat=True))
    return sorted(scoped | unscoped)


@pytest.fixture
def roles_in_both(coop, other_coop):
    user_with_role(coop, Role.STAFF)
    user_with_role(other_coop, Role.STAFF)


@pytest.mark.django_db
def test_a_tenant_task_without_cooperative_id_fails_loudly(roles_in_both):
    with pytest.raises(MissingCooperativeError, match="cooperative_id"):
        visible_role_cooperatives.apply(kwargs={}, throw=True)
    with pytest.raises(MissingCooperativeError):
        visible_role_cooperatives()


@pytest.mark.django_db
def test_a_tenant_task_sees_only_its_cooperative(roles_in_both, coop, other_coop):
    assert visible_role_cooperatives.apply(kwargs={"cooperative_id": coop.pk}, throw=True).get() == [coop.pk]
    assert visible_role_cooperatives.apply(kwargs={"cooperative_id": other_coop.pk}, throw=True).get() == [
        other_coop.pk
    ]


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_over_redis_runs_the_task_in_the_tenant_context(roles_in_both, coop, settings):
    """Through the real Redis broker and a worker thread with its own database connection."""
    from celery.contrib.testing.worker import start_worker

    if not settings.REDIS_URL:
        pytest.fail("CI provides REDIS_URL")
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            result = visible_role_cooperatives.delay(cooperative_id=coop.pk)
            assert result.get(timeout=20) == [coop.pk]
    finally:
        celery_app.conf.task_always_eager = previous
