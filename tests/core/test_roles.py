"""``migrate`` ends by granting the application role its privileges (koperasi.core.db.roles)."""

import pytest
from django.core.management.sql import emit_post_migrate_signal


@pytest.mark.django_db  # the other apps' receivers (content types, permissions) read the database
def test_the_end_of_migrate_grants_the_application_role_its_privileges(monkeypatch):
    granted = []
    monkeypatch.setattr("koperasi.core.db.roles.grant_app_role", lambda using="default": granted.append(using))
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert granted == ["default"]
