"""Logging in and out, with throttling after repeated failures (pages and API tokens alike)."""

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core.cache import cache
from django.urls import reverse

from koperasi.accounts.models import AuditEvent
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


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


def test_five_failures_lock_the_username_even_for_the_right_password(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    UserFactory(username="budi")
    for _ in range(5):
        assert login(client, "budi", "guess").status_code == 200
    response = login(client, "budi", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    errors = response.context["form"].non_field_errors()
    assert any("15" in str(error) for error in errors)  # "try again in 15 minutes"


def test_failures_below_the_limit_do_not_lock_and_success_resets_the_username(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    UserFactory(username="ani")
    login(client, "ani", "guess", "10.0.0.1")
    login(client, "ani", "guess", "10.0.0.1")
    assert login(client, "ani", PASSWORD, "10.0.0.1").status_code == 302
    client.logout()
    # The address keeps its two failures (a valid account must not wash an address clean),
    # but the username starts afresh: from another address two more failures do not lock it.
    login(client, "ani", "guess", "10.0.0.2")
    login(client, "ani", "guess", "10.0.0.2")
    assert login(client, "ani", PASSWORD, "10.0.0.2").status_code == 302


def test_guessing_many_usernames_from_one_address_is_throttled(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 4
    UserFactory(username="rina")
    for name in ["a", "b", "c", "d"]:
        login(client, name, "guess")
    assert login(client, "rina", PASSWORD).status_code == 429


def test_api_token_endpoint_gives_a_token_and_is_throttled_too(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    UserFactory(username="dewi")
    url = reverse("api-token")
    ok = client.post(url, {"username": "dewi", "password": PASSWORD}, content_type="application/json")
    assert ok.status_code == 200
    token = ok.json()["token"]
    me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.json()["username"] == "dewi"

    for _ in range(2):
        bad = client.post(url, {"username": "dewi", "password": "x"}, content_type="application/json")
        assert bad.status_code == 400
        assert "non_field_errors" in bad.json()["errors"]
    locked = client.post(url, {"username": "dewi", "password": PASSWORD}, content_type="application/json")
    assert locked.status_code == 429
    assert locked.json()["code"] == "throttled"
