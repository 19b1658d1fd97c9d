"""A session unused for SESSION_IDLE_SECONDS ends (issue 25): the next page sends the user to the login
page saying why; a session in use goes on."""

import pytest
from django.urls import reverse

from koperasi.accounts import login_state
from koperasi.accounts.middleware import duration_text
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
SECURITY = reverse("accounts:security")


@pytest.fixture
def clock(monkeypatch):
    """The sessions' clock, moved forward by the test."""
    moments = {"now": login_state.now()}
    monkeypatch.setattr(login_state, "now", lambda: moments["now"])

    def advance(seconds: int) -> None:
        moments["now"] += seconds

    return advance


def test_an_idle_session_ends_and_the_login_page_says_why(client, clock, settings):
    settings.SESSION_IDLE_SECONDS = 3600
    user = UserFactory(username="siti")
    client.post(reverse("accounts:login"), {"username": "siti", "password": PASSWORD})
    assert client.get(SECURITY).status_code == 200
    clock(3601)
    response = client.get(SECURITY)
    assert response.status_code == 302 and response["Location"] == f"{reverse('accounts:login')}?next={SECURITY}"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Your session ended after 1 hour without activity. Please log in again." in page
    assert user.is_authenticated  # the account itself is untouched: logging in again works
    assert client.post(reverse("accounts:login"), {"username": "siti", "password": PASSWORD}).status_code == 302


def test_a_session_in_use_goes_on(client, clock, settings):
    settings.SESSION_IDLE_SECONDS = 3600
    client.force_login(UserFactory())
    for _hour in range(4):
        clock(3000)
        assert client.get(SECURITY).status_code == 200


def test_an_api_call_with_an_idle_session_is_anonymous(client, clock, settings):
    settings.SESSION_IDLE_SECONDS = 600
    client.force_login(UserFactory())
    assert client.get("/api/v1/me/").status_code == 200
    clock(601)
    assert client.get("/api/v1/me/").status_code == 401


def test_the_idle_time_is_said_in_hours_or_minutes():
    assert duration_text(8 * 3600) == "8 hours"
    assert duration_text(3600) == "1 hour"
    assert duration_text(90 * 60) == "90 minutes"
