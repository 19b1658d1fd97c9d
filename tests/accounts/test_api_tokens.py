"""API tokens (issue 25): made with a password (and the authenticator code when two-factor login
applies) or on the API tokens page, kept only as a hash, expiring and revocable; an expired or revoked
token is answered 401 saying so."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from koperasi.accounts import totp
from koperasi.accounts.models import ApiToken, AuditEvent
from koperasi.accounts.services import api_key_hash
from tests.factories.accounts import PASSWORD, UserFactory, api_token_for, with_authenticator

pytestmark = pytest.mark.django_db
ME = "/api/v1/me/"
TOKENS = "/api/v1/tokens/"


def obtain(client, username, password=PASSWORD, **extra):
    body = {"username": username, "password": password, **extra}
    return client.post(reverse("api-token"), body, content_type="application/json")


def auth(key):
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def test_a_token_is_kept_as_a_hash_with_a_visible_prefix_and_expires_after_the_configured_days(client, settings):
    settings.API_TOKEN_DAYS = 30
    UserFactory(username="dewi")
    response = obtain(client, "dewi", name="POS tablet")
    assert response.status_code == 200
    body = response.json()
    key = body["token"]
    token = ApiToken.objects.get(pk=body["id"])
    assert token.name == body["name"] == "POS tablet"
    assert token.key_hash == api_key_hash(key) and key not in token.key_hash
    assert token.prefix == key[:8]
    expected = timezone.now() + datetime.timedelta(days=30)
    assert abs(token.expires_at - expected) < datetime.timedelta(minutes=1)
    assert client.get(ME, **auth(key)).json()["username"] == "dewi"
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert AuditEvent.objects.filter(action="api_token", object_id=str(token.pk)).exists()


def test_each_login_makes_its_own_token(client):
    UserFactory(username="dewi")
    first, second = obtain(client, "dewi").json(), obtain(client, "dewi").json()
    assert first["token"] != second["token"]
    assert ApiToken.objects.filter(user__username="dewi").count() == 2


def test_an_expired_token_is_refused_with_a_clear_401(client):
    user = UserFactory()
    key = api_token_for(user)
    ApiToken.objects.filter(user=user).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(ME, **auth(key))
    assert response.status_code == 401
    assert response.json()["code"] == "token_expired" and "expired" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Token")


def test_a_revoked_token_is_refused_with_a_clear_401(client):
    user = UserFactory()
    key = api_token_for(user, name="laptop")
    other_key = api_token_for(user, name="tablet")
    token = ApiToken.objects.get(name="laptop")
    revoked = client.post(f"{TOKENS}{token.pk}/revoke/", **auth(other_key))
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] and revoked.json()["usable"] is False
    response = client.get(ME, **auth(key))
    assert response.status_code == 401 and response.json()["code"] == "token_revoked"
    assert "revoked" in response.json()["detail"]
    assert client.get(ME, **auth(other_key)).status_code == 200
    assert AuditEvent.objects.filter(action="api_token_revoked", object_id=str(token.pk)).exists()


def test_an_unknown_key_is_refused(client):
    response = client.get(ME, **auth("not-a-key"))
    assert response.status_code == 401 and response.json()["code"] == "token_invalid"


def test_the_token_list_shows_only_the_callers_tokens_and_never_a_key(client):
    user, other = UserFactory(), UserFactory()
    key = api_token_for(user, name="mine")
    api_token_for(other, name="theirs")
    rows = client.get(TOKENS, **auth(key)).json()["results"]
    assert [row["name"] for row in rows] == ["mine"]
    assert "key" not in rows[0] and "key_hash" not in rows[0] and rows[0]["prefix"] == key[:8]
    theirs = ApiToken.objects.get(name="theirs")
    assert client.post(f"{TOKENS}{theirs.pk}/revoke/", **auth(key)).status_code == 404
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None


@pytest.mark.real_two_factor
def test_a_user_with_two_factor_login_also_sends_the_code(client, manager):
    secret = with_authenticator(manager)
    missing = obtain(client, manager.username)
    assert missing.status_code == 400 and "code" in missing.json()["errors"]
    wrong = obtain(client, manager.username, code="000000" if totp.code_at(secret) != "000000" else "111111")
    assert wrong.status_code == 400 and "code" in wrong.json()["errors"]
    ok = obtain(client, manager.username, code=totp.code_at(secret))
    assert ok.status_code == 200
    assert client.get(ME, **auth(ok.json()["token"])).json()["username"] == manager.username
    replayed = obtain(client, manager.username, code=totp.code_at(secret))
    assert replayed.status_code == 400
    assert not ApiToken.objects.filter(user=manager).exclude(pk=ok.json()["id"]).exists()


@pytest.mark.real_two_factor
def test_a_manager_without_an_authenticator_app_sets_it_up_on_the_web_first(client, manager):
    response = obtain(client, manager.username, code="123456")
    assert response.status_code == 400 and "set up" in response.json()["errors"]["code"][0]
    assert not ApiToken.objects.filter(user=manager).exists()


def test_the_tokens_page_makes_a_token_shows_its_key_once_and_revokes_it(client):
    user = UserFactory()
    client.force_login(user)
    page = reverse("accounts:api-tokens")
    made = client.post(page, {"name": "Tablet kasir", "days": "7"})
    key = made.context["new_key"]
    assert key in made.content.decode()
    token = ApiToken.objects.get(user=user)
    assert token.name == "Tablet kasir"
    assert abs(token.expires_at - token.created_at - datetime.timedelta(days=7)) < datetime.timedelta(seconds=5)
    listed = client.get(page).content.decode()
    assert key not in listed and f"{key[:8]}…" in listed and "data-confirm" in listed
    assert client.get(ME, **auth(key)).status_code == 200
    client.post(reverse("accounts:api-token-revoke", kwargs={"pk": token.pk}))
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    client.logout()
    assert client.get(ME, **auth(key)).status_code == 401


def test_nobody_revokes_another_users_token_from_the_page(client):
    owner, intruder = UserFactory(), UserFactory()
    api_token_for(owner)
    token = ApiToken.objects.get(user=owner)
    client.force_login(intruder)
    assert client.post(reverse("accounts:api-token-revoke", kwargs={"pk": token.pk})).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
