"""Logging in and out, with throttling after repeated failures (pages and API tokens alike)."""

import datetime

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse
from django.utils import timezone

from koperasi.accounts.models import AuditEvent, LoginThrottle
from koperasi.accounts.throttling import backoff_seconds
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def login(client, username, password, address="127.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_passwords_are_hashed_with_argon2():
    user = UserFactory()
    assert identify_hasher(user.password).algorithm == "argon2"


def test_a_user_logs_in_and_lands_on_home(client):
    user = UserFactory(username="siti")
    response = login(client, "siti", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.get(reverse("core:home")).context["user"] == user
    assert AuditEvent.objects.filter(action="login", actor=user).exists()


def test_a_wrong_password_shows_the_form_again_with_an_error(client):
    UserFactory(username="siti")
    response = login(client, "siti", "wrong-password")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_logout_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 302


def test_pages_need_a_login(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def _token(client, username, password, address="127.0.0.1", **headers):
    body = {"username": username, "password": password}
    return client.post(reverse("api-token"), body, content_type="application/json", REMOTE_ADDR=address, **headers)


def _wait_over():
    """As if the delay had passed."""
    LoginThrottle.objects.update(blocked_until=timezone.now() - datetime.timedelta(seconds=1))


def test_the_delay_starts_at_the_limit_and_doubles_up_to_the_cap():
    assert [backoff_seconds(n, 5, 30, 900) for n in (1, 4, 5, 6, 7, 9, 10, 40)] == [0, 0, 30, 60, 120, 480, 900, 900]


def test_made_up_usernames_from_one_address_do_not_lock_out_the_real_users_behind_it(client):
    """The hole: five wrong passwords for invented names locked everyone behind one proxy address."""
    UserFactory(username="manajer")
    for name in ("a1", "b2", "c3", "d4", "e5", "f6"):
        assert _token(client, name, "guess", "10.9.9.9").status_code in (400, 429)
    assert _token(client, "manajer", PASSWORD, "10.9.9.9").status_code == 200


def test_wrong_passwords_slow_down_that_client_only_and_say_when_to_retry(client):
    """The hole: five wrong passwords locked the real manager out everywhere for 15 minutes."""
    UserFactory(username="manajer")
    for _attempt in range(5):
        response = _token(client, "manajer", "guess", "10.6.6.6")
        assert response.status_code == 400
    assert response["Retry-After"] == "30" and response.json()["retry_after"] == 30
    refused = _token(client, "manajer", PASSWORD, "10.6.6.6")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 30
    assert refused.json()["code"] == "throttled" and "30 seconds" in refused.json()["detail"]
    assert _token(client, "manajer", PASSWORD, "10.0.0.7").status_code == 200  # the manager, elsewhere


def test_the_delay_grows_with_each_further_failure_and_success_clears_it(client):
    UserFactory(username="ani")
    for _attempt in range(5):
        _token(client, "ani", "guess")
    _wait_over()
    assert _token(client, "ani", "guess").json()["retry_after"] == 60
    _wait_over()
    assert _token(client, "ani", PASSWORD).status_code == 200
    assert LoginThrottle.objects.count() == 0
    assert _token(client, "ani", "guess").status_code == 400  # counting starts afresh
    assert "Retry-After" not in _token(client, "ani", "guess")


def test_many_usernames_from_one_client_slow_that_client(client, settings):
    settings.LOGIN_CLIENT_FAILURE_LIMIT = 4
    UserFactory(username="rina")
    for name in ("a", "b", "c", "d"):
        _token(client, name, "guess", "10.1.1.1")
    assert _token(client, "rina", PASSWORD, "10.1.1.1").status_code == 429
    assert _token(client, "rina", PASSWORD, "10.1.1.2").status_code == 200


def test_behind_a_trusted_proxy_the_address_it_appended_is_the_client(client, settings):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    UserFactory(username="budi")
    for _attempt in range(5):  # all through one proxy (REMOTE_ADDR), from one client, who forges a first hop
        _token(client, "budi", "guess", "10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    assert _token(client, "budi", PASSWORD, "10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    other = _token(client, "budi", PASSWORD, "10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert other.status_code == 200


@pytest.mark.indonesian
def test_the_login_page_says_when_to_try_again(client):
    UserFactory(username="siti")
    for _attempt in range(5):
        response = login(client, "siti", "guess")
    assert response.status_code == 200
    assert "Coba lagi dalam 30 detik" in response.content.decode()
    refused = login(client, "siti", PASSWORD)
    assert refused.status_code == 429 and int(refused["Retry-After"]) <= 30
    assert "_auth_user_id" not in client.session
    assert "Coba lagi dalam" in refused.content.decode()


def test_api_token_endpoint_gives_a_token(client):
    UserFactory(username="dewi")
    ok = _token(client, "dewi", PASSWORD)
    assert ok.status_code == 200
    me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {ok.json()['token']}")
    assert me.json()["username"] == "dewi"
    bad = _token(client, "dewi", "x")
    assert bad.status_code == 400 and "non_field_errors" in bad.json()["errors"]


def test_logging_in_and_its_throttle_need_neither_the_cache_nor_the_broker(client, settings):
    """The hole: with Redis down, the login page and the token API answered 500."""
    nothing_listens = "redis://127.0.0.1:1/0"
    redis_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": nothing_listens}
    settings.CACHES = {"default": redis_cache}
    from koperasi.celery import app as celery_app

    previous, celery_app.conf.broker_url = celery_app.conf.broker_url, nothing_listens
    try:
        UserFactory(username="siti")
        for _attempt in range(5):
            assert login(client, "siti", "guess").status_code == 200
        assert login(client, "siti", PASSWORD).status_code == 429
        _wait_over()
        assert login(client, "siti", PASSWORD).status_code == 302
        assert _token(client, "siti", PASSWORD).status_code == 200
    finally:
        celery_app.conf.broker_url = previous


def test_a_forgotten_password_is_set_again_through_a_mailed_link(client):
    from django.core import mail

    user = UserFactory(username="siti", email="siti@example.org")
    assert 'href="/accounts/password-reset/"' in client.get(LOGIN).content.decode()
    sent = client.post(reverse("accounts:password-reset"), {"email": "siti@example.org"})
    assert sent.status_code == 302
    unknown = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
    assert unknown["Location"] == sent["Location"]  # the same answer for any address
    (message,) = mail.outbox
    link = next(word for word in message.body.split() if "/accounts/reset/" in word)
    form_page = client.get(link.split("testserver", 1)[1], follow=True)
    new = "Kelapa-Tua-2026"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_a_failing_mail_server_does_not_break_the_password_reset(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2  # nothing listens
    UserFactory(username="siti", email="siti@example.org")
    response = client.post(reverse("accounts:password-reset"), {"email": "siti@example.org"}, follow=True)
    assert response.status_code == 200
    assert 'data-testid="reset-sent"' in response.content.decode()
