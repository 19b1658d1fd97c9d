"""/healthz reports whether the database and the Celery broker answer."""

import pytest
from django.db import DatabaseError, IntegrityError, OperationalError

from koperasi.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_when_database_and_broker_answer(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True
    expected_mode = "eager" if settings.CELERY_TASK_ALWAYS_EAGER else "broker"
    assert body["broker"]["mode"] == expected_mode


def test_healthz_needs_no_login_and_is_not_cached(client):
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_reports_an_unreachable_broker_with_503(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/healthz")
    finally:
        celery_app.conf.broker_url = previous
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["broker"] == {"ok": False, "mode": "broker", "error": body["broker"]["error"]}
    assert body["database"]["ok"] is True


def test_healthz_reaches_the_real_redis_broker(client, settings):
    """CI sets REDIS_URL: the broker check talks to the real Redis."""
    if not settings.REDIS_URL:
        pytest.fail("CI must provide REDIS_URL")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"]["mode"] == "broker"
    assert response.json()["database"]["ok"] is True


@pytest.mark.parametrize(
    ("error", "closed", "outage"),
    [
        # psycopg2's report of a server that closed the connection mid-query (found by the restart fault test)
        (DatabaseError("server closed the connection unexpectedly"), 2, True),
        (DatabaseError("some other database error"), 0, False),
        (IntegrityError("duplicate key value"), 2, False),  # the request's own fault, whatever the connection
        (OperationalError("connection refused"), 0, True),
    ],
)
def test_what_counts_as_the_database_being_unreachable(monkeypatch, error, closed, outage):
    from types import SimpleNamespace

    from koperasi.core import middleware

    monkeypatch.setattr(
        middleware, "connections", {"default": SimpleNamespace(connection=SimpleNamespace(closed=closed))}
    )
    assert middleware.is_database_outage(error) is outage
