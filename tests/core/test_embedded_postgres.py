"""The embedded PostgreSQL server of the demo and the tests: started on first use, reused while it
runs, with the production roles, and stopped cleanly."""

import tempfile
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from koperasi.core.db import embedded


def _role(url: str) -> tuple:
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, rolsuper, rolbypassrls, rolcreatedb FROM pg_roles WHERE rolname = current_user"
        )
        return cursor.fetchone()


def test_a_fresh_server_starts_once_has_the_production_roles_and_stops(tmp_path):
    server, started = embedded.ensure_running(tmp_path)
    try:
        assert started and (server.data_dir / "PG_VERSION").exists()
        assert embedded.ensure_running(tmp_path) == (server, False)  # running: reused, not started again
        assert _role(server.url(embedded.APP)) == ("koperasi_app", False, False, False)
        assert _role(server.url(embedded.OWNER)) == ("koperasi_owner", False, False, True)
    finally:
        assert embedded.stop(tmp_path)
    assert not embedded.is_running(server)
    assert embedded.stop(tmp_path) is False  # nothing left to stop


@pytest.mark.django_db
def test_the_tests_connect_as_the_app_role_that_row_level_security_applies_to():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (settings.DATABASE_APP_ROLE, False, False)


def test_a_socket_directory_too_long_for_a_socket_moves_under_tmp(tmp_path):
    deep = tmp_path / ("x" * 120)
    assert embedded.server(deep).socket_dir.parent == Path(tempfile.gettempdir())
    assert embedded.server(tmp_path).socket_dir == tmp_path / "data"
