"""A manager invites an e-mail address to a role (given when its owner accepts), changes roles and
deactivates them."""

import pytest
from django.core import mail
from django.urls import reverse

from koperasi.accounts.models import AuditEvent, User
from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.models import RoleAssignment
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def url(name, coop, **kwargs):
    return reverse(f"tenancy:{name}", kwargs={"slug": coop.slug, **kwargs})


def roles_in(coop):
    with cooperative_context(coop.pk):
        return {(a.user.username, a.role, a.is_active) for a in RoleAssignment.objects.select_related("user")}


def _invite(client, coop, email, capture, role="staff"):
    """Invite through the users page (mail leaves after commit); returns the response and the path of
    the link mailed."""
    with capture(execute=True):
        response = client.post(url("invite", coop), {"email": email, "role": role})
    link = next(word for word in mail.outbox[-1].body.split() if "/invitations/" in word)
    return response, link.split("testserver", 1)[1]


def test_an_invitation_gives_nothing_until_its_owner_accepts(
    client, coop, manager, django_capture_on_commit_callbacks
):
    budi = UserFactory(username="budi", email="budi@example.org")
    client.force_login(manager)
    response, path = _invite(client, coop, "budi@example.org", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert ("budi", "staff", True) not in roles_in(coop)
    assert path in client.get(response["Location"]).content.decode()  # the link to pass on by hand
    client.force_login(budi)
    page = client.get(path)
    assert page.status_code == 200 and "Accept the invitation" in page.content.decode()
    assert client.post(path).status_code == 302
    assert ("budi", "staff", True) in roles_in(coop)
    assert client.get(path).status_code == 404  # used once
    with cooperative_context(coop.pk):  # a cooperative's events are read in its context (RLS)
        actions = set(AuditEvent.objects.filter(cooperative_id=coop.pk).values_list("action", flat=True))
    assert {"role.invited", "role.granted", "role.invitation_accepted"} <= actions


def test_a_new_address_creates_its_own_account_on_the_link(client, coop, manager, django_capture_on_commit_callbacks):
    client.force_login(manager)
    _response, path = _invite(client, coop, "sri@example.org", django_capture_on_commit_callbacks, role="member")
    assert not User.objects.filter(email="sri@example.org").exists()  # nothing made before acceptance
    client.logout()
    password = "Kelapa-Muda-2026"
    done = client.post(path, {"username": "sri", "full_name": "Sri", "password1": password, "password2": password})
    assert done.status_code == 302
    user = User.objects.get(username="sri")
    assert user.email == "sri@example.org" and user.check_password(password)
    assert ("sri", "member", True) in roles_in(coop)


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(client, coop, manager):
    """The hole: attaching anyone by username or e-mail answered 201 with that person's full name."""
    UserFactory(username="admin", email="admin@example.org", full_name="Platform Admin", is_superuser=True)
    client.force_login(manager)
    base = f"/api/v1/k/{coop.slug}/roles/"
    known = client.post(base, {"email": "admin@example.org", "role": "staff"}, content_type="application/json")
    unknown = client.post(base, {"email": "nobody@example.org", "role": "staff"}, content_type="application/json")
    assert known.status_code == unknown.status_code == 202
    assert set(known.json()) == set(unknown.json()) == {"detail", "email", "role", "invitation_link"}
    assert "Platform Admin" not in known.content.decode()
    assert ("admin", "staff", True) not in roles_in(coop)
    by_username = client.post(base, {"email": "admin", "role": "staff"}, content_type="application/json")
    assert by_username.status_code == 400 and "email" in by_username.json()["errors"]


def test_platform_admins_and_assessors_cannot_take_a_cooperative_role(client, coop, other_coop, manager):
    from koperasi.tenancy.models import Role

    admin = UserFactory(username="admin", email="admin@example.org", is_superuser=True)
    assessor = UserFactory(username="penilai", email="penilai@example.org")
    with cooperative_context(other_coop.pk):
        RoleAssignment.objects.create(user=assessor, role=Role.ASSESSOR)
    client.force_login(manager)
    for person in (admin, assessor):
        link = client.post(
            f"/api/v1/k/{coop.slug}/roles/", {"email": person.email, "role": "staff"}, content_type="application/json"
        ).json()["invitation_link"]
        client.force_login(person)
        refused = client.post(link.split("testserver", 1)[1], follow=True)
        assert "cannot take a role" in refused.content.decode()
        assert (person.username, "staff", True) not in roles_in(coop)
        client.force_login(manager)


def test_an_invitation_is_for_its_address_only(client, coop, manager):
    client.force_login(manager)
    body = {"email": "ani@example.org", "role": "manager"}
    link = client.post(f"/api/v1/k/{coop.slug}/roles/", body, content_type="application/json").json()["invitation_link"]
    client.force_login(UserFactory(username="eko", email="eko@example.org"))
    page = client.post(link.split("testserver", 1)[1], follow=True)
    assert "This invitation is for ani@example.org" in page.content.decode()
    assert ("eko", "manager", True) not in roles_in(coop)


def test_a_mail_server_that_fails_is_no_error_and_the_link_is_shown(
    client, coop, manager, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2  # nothing listens
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("invite", coop), {"email": "sri@example.org", "role": "staff"}, follow=True)
    assert response.status_code == 200
    assert "/invitations/" in response.content.decode()


def test_missing_role_is_a_field_error(client, coop, manager):
    client.force_login(manager)
    response = client.post(url("invite", coop), {"email": "x@example.org"})
    assert response.status_code == 400
    assert "role" in response.context["form"].errors


def test_changing_a_role_and_deactivating(client, coop, manager, staff):
    client.force_login(manager)
    with cooperative_context(coop.pk):
        assignment = RoleAssignment.objects.get(user=staff)
    client.post(url("change-role", coop, pk=assignment.pk), {"role": "manager"})
    assert ("kasir", "manager", True) in roles_in(coop)
    client.post(url("deactivate", coop, pk=assignment.pk))
    assert ("kasir", "manager", False) in roles_in(coop)
    with cooperative_context(coop.pk):
        actions = list(AuditEvent.objects.filter(cooperative_id=coop.pk).values_list("action", flat=True))
    assert "role.changed" in actions and "role.deactivated" in actions


def test_a_manager_cannot_demote_or_deactivate_themselves(client, coop, manager):
    client.force_login(manager)
    with cooperative_context(coop.pk):
        own = RoleAssignment.objects.get(user=manager)
    client.post(url("change-role", coop, pk=own.pk), {"role": "staff"})
    client.post(url("deactivate", coop, pk=own.pk))
    assert ("manajer", "manager", True) in roles_in(coop)


def test_role_api_changes_and_deactivates(client, coop, manager, staff):
    client.force_login(manager)
    base = f"/api/v1/k/{coop.slug}/roles/"
    with cooperative_context(coop.pk):
        pk = RoleAssignment.objects.get(user=staff).pk
    changed = client.post(f"{base}{pk}/role/", {"role": "member"}, content_type="application/json")
    assert changed.json()["role"] == "member"
    assert client.post(f"{base}{pk}/deactivate/").json()["is_active"] is False
    listing = client.get(base, {"role": "member"}).json()
    assert [row["username"] for row in listing["results"]] == ["kasir"]


def test_role_api_reports_field_errors(client, coop, manager):
    client.force_login(manager)
    body = {"email": "", "role": "boss"}
    response = client.post(f"/api/v1/k/{coop.slug}/roles/", body, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"email", "role"}


def test_the_users_page_lists_invitations_not_yet_accepted_and_offers_staff_first(client, coop, manager):
    client.force_login(manager)
    page = client.get(url("roles", coop)).content.decode()
    assert 'data-testid="open-invitations"' not in page
    assert '<option value="staff" selected>' in page  # the safe role first, not manager
    client.post(url("invite", coop), {"email": "sri@example.org", "role": "member"})
    page = client.get(url("roles", coop)).content.decode()
    assert 'data-testid="open-invitations"' in page and "sri@example.org" in page
