"""Helpers of the ledger tests: a connection of its own (for COMMIT and concurrency tests)."""

import contextlib

import dj_database_url
import psycopg2
import pytest
from django.conf import settings as django_settings
from django.db import connection


@contextlib.contextmanager
def raw_connection(cooperative_id=None, *, owner=False):
    """A separate psycopg2 connection as the app role (or the owner role, which may write journal rows
    directly: the triggers are what stops it), with the tenant setting for the session."""
    settings = connection.settings_dict
    user, password = settings["USER"], settings["PASSWORD"]
    owner_url = django_settings.DATABASE_OWNER_URL
    if owner and owner_url:
        parsed = dj_database_url.parse(owner_url)
        user, password = parsed["USER"], parsed["PASSWORD"]
    conn = psycopg2.connect(
        dbname=settings["NAME"],
        user=user,
        password=password,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
    )
    try:
        if cooperative_id is not None:
            with conn.cursor() as cursor:
                cursor.execute("SELECT set_config('app.cooperative_id', %s, false)", [str(cooperative_id)])
            conn.commit()
        yield conn
    finally:
        conn.close()


@pytest.fixture
def raw_db():
    return raw_connection
