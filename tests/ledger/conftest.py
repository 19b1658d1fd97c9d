"""Helpers of the ledger tests: a connection of its own (for COMMIT and concurrency tests)."""

import contextlib

import psycopg2
import pytest
from django.db import connection


@contextlib.contextmanager
def raw_connection(cooperative_id=None):
    """A separate psycopg2 connection as the app role, with the tenant setting for the session."""
    settings = connection.settings_dict
    conn = psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
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
