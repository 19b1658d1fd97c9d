"""Redis stops while the app runs (the app under gunicorn, its broker and cache a private Redis): pages and
the API go on working, starting background work is refused with a message (a 503 in the API) and nothing
is lost — started again once Redis is back, the job is queued — and /healthz says the broker is down."""

from __future__ import annotations

import re
import time
import uuid
from decimal import Decimal

import pytest
import requests
from django.utils import timezone

from koperasi.accounts import totp
from koperasi.tenancy.context import cooperative_context
from members.savings.models import SavingsTransaction
from tests.factories.accounts import PASSWORD, with_authenticator
from tests.factories.members import ActiveMemberFactory, funded_account
from tests.faults.processes import AppServer, RedisServer, app_environment, database_url

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]
D = Decimal
TIMEOUT = 20  # seconds, for every request


@pytest.fixture
def redis_and_app(processes, tmp_path):
    redis = RedisServer(tmp_path)
    processes.append(redis)
    redis.start()
    app = AppServer(app_environment(database=database_url(), redis=redis.url), tmp_path)
    processes.append(app)
    app.start()
    return redis, app


def logged_in(app: AppServer, user) -> requests.Session:
    """A browser session: the login page's form, then the code of the user's authenticator app, in
    English (the language cookie)."""
    browser = requests.Session()
    browser.cookies.set("django_language", "en")
    page = browser.get(app.url + "/accounts/login/", timeout=TIMEOUT)
    answer = browser.post(
        app.url + "/accounts/login/",
        {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(page.text)},
        headers={"Referer": app.url + "/accounts/login/"},
        timeout=TIMEOUT,
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[:2000]
    page = browser.get(app.url + "/accounts/two-factor/", timeout=TIMEOUT)
    answer = browser.post(
        app.url + "/accounts/two-factor/",
        {"code": totp.code_at(user.authenticator), "csrfmiddlewaretoken": csrf_token(page.text)},
        headers={"Referer": app.url + "/accounts/two-factor/"},
        timeout=TIMEOUT,
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[:2000]
    return browser


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def api_token(app: AppServer, user) -> dict:
    answer = requests.post(
        app.url + "/api/v1/auth/token/",
        # the next step's code: the browser's login used this step's, and a code passes once
        json={
            "username": user.username,
            "password": PASSWORD,
            "code": totp.code_at(user.authenticator, time.time() + 30),
        },
        timeout=TIMEOUT,
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Token {answer.json()['token']}"}


def healthz(app: AppServer) -> requests.Response:
    return requests.get(app.url + "/healthz", timeout=TIMEOUT)


def test_with_redis_down_pages_and_the_api_work_and_background_work_is_refused_not_lost(redis_and_app, coop, manager):
    redis, app = redis_and_app
    manager.authenticator = with_authenticator(manager)  # managers log in with a code from their phone
    with cooperative_context(coop.pk):
        account = funded_account("100000.00", member=ActiveMemberFactory(name="Siti Aminah"))
    assert healthz(app).status_code == 200 and healthz(app).json()["broker"]["ok"]

    redis.stop()
    assert not redis.answers()

    health = healthz(app)
    assert health.status_code == 503
    assert health.json()["status"] == "fail"
    assert health.json()["broker"]["ok"] is False and health.json()["database"]["ok"] is True

    # pages: logging in, the member list, a deposit at the counter
    browser = logged_in(app, manager)
    members = browser.get(f"{app.url}/k/{coop.slug}/members/", timeout=TIMEOUT)
    assert members.status_code == 200 and "Siti Aminah" in members.text
    detail = browser.get(f"{app.url}/k/{coop.slug}/members/savings/{account.pk}/", timeout=TIMEOUT)
    assert detail.status_code == 200
    deposit = browser.post(
        f"{app.url}/k/{coop.slug}/members/savings/{account.pk}/deposit/",
        {"deposit-amount": "25000", "deposit-date": timezone.localdate().isoformat(), "deposit-memo": "Setoran",
         "deposit-key": str(uuid.uuid4()), "csrfmiddlewaretoken": csrf_token(detail.text)},
        headers={"Referer": detail.url},
        timeout=TIMEOUT,
    )  # fmt: skip
    assert deposit.status_code == 200 and "/members/savings/receipts/" in deposit.url, deposit.text[:3000]

    # the API: a token, the member list, a deposit
    token = api_token(app, manager)
    listed = requests.get(f"{app.url}/api/v1/k/{coop.slug}/members/", headers=token, timeout=TIMEOUT)
    assert listed.status_code == 200 and listed.json()["count"] == 1
    moved = requests.post(
        f"{app.url}/api/v1/k/{coop.slug}/savings-accounts/{account.pk}/deposit/",
        json={"amount": "5000", "idempotency_key": str(uuid.uuid4())},
        headers=token,
        timeout=TIMEOUT,
    )
    assert moved.status_code == 201, moved.text
    with cooperative_context(coop.pk):
        account.refresh_from_db()
        assert account.balance == D("130000.00")
        assert SavingsTransaction.objects.filter(account=account).count() == 3

    # background work: refused with a message on the page, a 503 in the API; nothing queued
    board = f"{app.url}/k/{coop.slug}/dashboards/hayami/"
    recompute_api = f"{app.url}/api/v1/k/{coop.slug}/snapshots/recompute/"
    page = browser.get(board, timeout=TIMEOUT)
    assert page.status_code == 200, page.text[:2000]
    refused = browser.post(
        f"{app.url}/k/{coop.slug}/dashboards/recompute/",
        {"month": "2026-03", "board": "hayami", "csrfmiddlewaretoken": csrf_token(page.text)},
        headers={"Referer": board},
        timeout=TIMEOUT,
    )
    assert refused.status_code == 200 and refused.url == board, refused.text[:2000]
    assert "Background work cannot be started right now" in refused.text
    api_refused = requests.post(recompute_api, json={"month": "2026-03"}, headers=token, timeout=TIMEOUT)
    assert api_refused.status_code == 503, api_refused.text
    assert api_refused.json()["code"] == "background_unavailable" and api_refused.headers["Retry-After"]

    # Redis is back: the same click queues the job, and the broker is healthy again
    redis.start()
    assert redis.queue_length() == 0  # nothing half-queued by the refused attempts
    page = browser.get(board, timeout=TIMEOUT)
    queued = browser.post(
        f"{app.url}/k/{coop.slug}/dashboards/recompute/",
        {"month": "2026-03", "board": "hayami", "csrfmiddlewaretoken": csrf_token(page.text)},
        headers={"Referer": board},
        timeout=TIMEOUT,
        allow_redirects=False,
    )
    assert queued.status_code == 302 and "?job=" in queued.headers["Location"]
    accepted = requests.post(recompute_api, json={"month": "2026-03"}, headers=token, timeout=TIMEOUT)
    assert accepted.status_code == 202 and accepted.json()["state"] == "PENDING"
    assert redis.queue_length() == 2  # both jobs wait for a worker
    assert healthz(app).status_code == 200
