"""Test-wide fixtures.

The test database is created and migrated as the owner role (``settings.DATABASE_OWNER_URL``) and
the tests then run as the application role (``DATABASE_URL``), which owns nothing, so row-level
security and the table triggers apply to the tests exactly as to the app. With ``DATABASE_URL``
unset both are roles of the embedded PostgreSQL server (``koperasi/core/db/embedded.py``).
"""

from __future__ import annotations

import dj_database_url
import pytest
from django.conf import settings
from django.db import connections


def _use_credentials(settings_dict: dict, url: str) -> None:
    parsed = dj_database_url.parse(url)
    settings_dict["USER"], settings_dict["PASSWORD"] = parsed["USER"], parsed["PASSWORD"]


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_keepdb, django_db_modify_db_settings
):
    from django.test.utils import setup_databases, teardown_databases

    from koperasi.core.db.roles import grant_app_role

    owner_url = settings.DATABASE_OWNER_URL
    default = connections["default"]
    app_credentials = (default.settings_dict["USER"], default.settings_dict["PASSWORD"])
    use_owner = bool(owner_url)
    with django_db_blocker.unblock():
        if use_owner:
            _use_credentials(default.settings_dict, owner_url)
            default.close()
        config = setup_databases(verbosity=request.config.option.verbose, interactive=False, keepdb=django_db_keepdb)
        if use_owner:
            # Tests flush tables between transactional tests, so the app role may TRUNCATE here.
            grant_app_role("default", extra_table_privileges="TRUNCATE")
            default.close()
            default.settings_dict["USER"], default.settings_dict["PASSWORD"] = app_credentials
    yield
    with django_db_blocker.unblock():
        if use_owner:
            default.close()
            _use_credentials(default.settings_dict, owner_url)
        teardown_databases(config, verbosity=request.config.option.verbose)


@pytest.fixture
def coop(db):
    """A seeded cooperative ("A" in isolation tests)."""
    from tests.factories.tenancy import CooperativeFactory

    return CooperativeFactory(name="Koperasi A", slug="koperasi-a")


@pytest.fixture
def other_coop(db):
    """A second cooperative ("B") whose data must never reach A's users."""
    from tests.factories.tenancy import CooperativeFactory

    return CooperativeFactory(name="Koperasi B", slug="koperasi-b")


@pytest.fixture
def in_coop(coop):
    """Run the test body inside cooperative A's tenant context."""
    from koperasi.tenancy.context import cooperative_context

    with cooperative_context(coop.pk):
        yield coop


@pytest.fixture
def manager(coop):
    from tests.factories.tenancy import user_with_role

    return user_with_role(coop, "manager", username="manajer", full_name="Manajer A")


@pytest.fixture
def staff(coop):
    from tests.factories.tenancy import user_with_role

    return user_with_role(coop, "staff", username="kasir", full_name="Kasir A")


@pytest.fixture(autouse=True, scope="session")
def _celery_runs_tasks_in_process():
    """Tasks enqueued by code under test run at once in-process; the one test that needs the
    real broker and a worker switches this off for itself."""
    from koperasi.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _english_unless_marked_indonesian(request, settings):
    """Tests read messages in the source language (English). The product's default, Bahasa
    Indonesia, is tested by tests marked ``indonesian`` and by the browser tests (which send
    Accept-Language: id)."""
    if request.node.get_closest_marker("indonesian") is None:
        settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _test_logins_passed_the_second_factor(request, monkeypatch):
    """``client.force_login``/``client.login`` stand for a complete login, as a real one that also typed
    the authenticator code would be: the session is marked as having passed the second factor. Tests of
    the second factor itself are marked ``real_two_factor`` and log in through the pages."""
    if request.node.get_closest_marker("real_two_factor") is not None:
        return
    from django.test.client import ClientMixin

    from koperasi.accounts.login_state import mark_verified

    original = ClientMixin._login

    def _login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        mark_verified(session)
        session.save()

    monkeypatch.setattr(ClientMixin, "_login", _login)
