"""A manager invites users by username or email, changes their role and deactivates them."""

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


def test_inviting_an_existing_user_by_username_gives_the_role(client, coop, manager):
    UserFactory(username="budi")
    client.force_login(manager)
    response = client.post(url("invite", coop), {"identifier": "budi", "role": "staff"})
    assert response.status_code == 302
    assert ("budi", "staff", True) in roles_in(coop)
    with cooperative_context(coop.pk):  # a cooperative's events are read in its context (RLS)
        assert AuditEvent.objects.filter(action="role.granted", cooperative_id=coop.pk).exists()


def test_inviting_a_new_email_creates_the_user_and_mails_a_set_password_link(
    client, coop, manager, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("invite", coop), {"identifier": "sri@example.org", "full_name": "Sri", "role": "member"})
    user = User.objects.get(email="sri@example.org")
    assert not user.has_usable_password()
    assert ("sri", "member", True) in roles_in(coop)
    assert len(mail.outbox) == 1
    link = next(word for word in mail.outbox[0].body.split() if "/accounts/invitation/" in word)
    path = link.split("testserver", 1)[1]
    client.logout()
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Kelapa-Muda-2026", "new_password2": "Kelapa-Muda-2026"}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Kelapa-Muda-2026")


def test_an_unknown_username_is_a_field_error_and_nothing_is_created(client, coop, manager):
    client.force_login(manager)
    response = client.post(url("invite", coop), {"identifier": "nobody", "role": "staff"})
    assert response.status_code == 400
    assert response.context["form"].errors["identifier"]
    assert response.context["form"]["identifier"].value() == "nobody"
    assert not User.objects.filter(username="nobody").exists()


def test_missing_role_is_a_field_error(client, coop, manager):
    client.force_login(manager)
    response = client.post(url("invite", coop), {"identifier": "x@example.org"})
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


def test_role_api_invites_changes_and_deactivates(client, coop, manager):
    UserFactory(username="ani")
    client.force_login(manager)
    base = f"/api/v1/k/{coop.slug}/roles/"
    created = client.post(base, {"identifier": "ani", "role": "staff"}, content_type="application/json")
    assert created.status_code == 201
    pk = created.json()["id"]
    changed = client.post(f"{base}{pk}/role/", {"role": "member"}, content_type="application/json")
    assert changed.json()["role"] == "member"
    assert client.post(f"{base}{pk}/deactivate/").json()["is_active"] is False
    listing = client.get(base, {"role": "member"}).json()
    assert [row["username"] for row in listing["results"]] == ["ani"]


def test_role_api_reports_field_errors(client, coop, manager):
    client.force_login(manager)
    response = client.post(
        f"/api/v1/k/{coop.slug}/roles/", {"identifier": "", "role": "boss"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"identifier", "role"}
    unknown = client.post(
        f"/api/v1/k/{coop.slug}/roles/", {"identifier": "ghost", "role": "staff"}, content_type="application/json"
    )
    assert unknown.status_code == 400
    assert "identifier" in unknown.json()["errors"]
