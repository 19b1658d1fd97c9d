"""Roles decide who reaches which page and API: default deny, 404 outside one's cooperatives,
403 for the wrong role, and read-only access for assessors."""

import datetime

import pytest
from django.urls import reverse

from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.models import Role, RoleAssignment
from tests.factories.accounts import UserFactory
from tests.factories.tenancy import user_with_role

pytestmark = pytest.mark.django_db


def dashboard(coop):
    return reverse("tenancy:dashboard", kwargs={"slug": coop.slug})


def roles_page(coop):
    return reverse("tenancy:roles", kwargs={"slug": coop.slug})


def test_a_cooperative_the_user_has_no_role_in_is_not_found(client, coop, other_coop):
    client.force_login(user_with_role(coop, Role.MANAGER))
    assert client.get(dashboard(other_coop)).status_code == 404
    assert client.get(f"/api/v1/k/{other_coop.slug}/roles/").status_code == 404


def test_an_unknown_or_inactive_cooperative_is_not_found(client, coop):
    client.force_login(user_with_role(coop, Role.MANAGER))
    assert client.get("/k/no-such-coop/").status_code == 404
    coop.is_active = False
    coop.save()
    assert client.get(dashboard(coop)).status_code == 404


def test_anonymous_users_are_sent_to_log_in_or_refused(client, coop):
    response = client.get(dashboard(coop))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get(f"/api/v1/k/{coop.slug}/roles/").status_code in (401, 403)


def test_member_reaches_member_pages_but_not_staff_pages(client, coop):
    client.force_login(user_with_role(coop, Role.MEMBER))
    assert client.get(dashboard(coop))["Location"] == f"/k/{coop.slug}/members/portal/"  # their home
    assert client.get(roles_page(coop)).status_code == 403
    assert client.get(f"/api/v1/k/{coop.slug}/roles/").status_code == 403


def test_staff_cannot_manage_roles(client, coop, staff):
    client.force_login(staff)
    assert client.get(roles_page(coop)).status_code == 403
    response = client.post(
        reverse("tenancy:invite", kwargs={"slug": coop.slug}), {"identifier": "x@example.org", "role": "manager"}
    )
    assert response.status_code == 403
    api = client.post(
        f"/api/v1/k/{coop.slug}/roles/",
        {"identifier": "x@example.org", "role": "manager"},
        content_type="application/json",
    )
    assert api.status_code == 403


def test_manager_manages_roles(client, coop, manager):
    client.force_login(manager)
    page = client.get(roles_page(coop))
    assert page.status_code == 200
    assert manager.username in page.content.decode()
    assert reverse("tenancy:invite", kwargs={"slug": coop.slug}) in page.content.decode()


def assessor_of(coop, **period):
    user = UserFactory(username="penilai")
    with cooperative_context(coop.pk):
        RoleAssignment.objects.create(user=user, role=Role.ASSESSOR, **period)
    return user


def test_assessor_reads_staff_pages_and_api(client, coop):
    client.force_login(assessor_of(coop))
    page = client.get(roles_page(coop))
    assert page.status_code == 200
    assert client.get(dashboard(coop)).status_code == 200
    assert client.get(f"/api/v1/k/{coop.slug}/roles/").status_code == 200


def test_every_write_of_an_assessor_is_forbidden(client, coop, manager):
    client.force_login(assessor_of(coop))
    with cooperative_context(coop.pk):
        target = RoleAssignment.objects.get(user=manager)
    writes = [
        client.post(reverse("tenancy:invite", kwargs={"slug": coop.slug}), {"identifier": "a", "role": "staff"}),
        client.post(reverse("tenancy:deactivate", kwargs={"slug": coop.slug, "pk": target.pk})),
        client.post(
            f"/api/v1/k/{coop.slug}/roles/", {"identifier": "a", "role": "staff"}, content_type="application/json"
        ),
        client.post(f"/api/v1/k/{coop.slug}/roles/{target.pk}/deactivate/"),
        client.put(f"/api/v1/k/{coop.slug}/roles/{target.pk}/", {}, content_type="application/json"),
        client.patch(f"/api/v1/k/{coop.slug}/roles/{target.pk}/", {}, content_type="application/json"),
        client.delete(f"/api/v1/k/{coop.slug}/roles/{target.pk}/"),
    ]
    assert [response.status_code for response in writes] == [403] * len(writes)
    with cooperative_context(coop.pk):
        assert RoleAssignment.objects.get(pk=target.pk).is_active


def test_an_expired_assessor_assignment_gives_no_access(client, coop):
    last_year = datetime.date.today() - datetime.timedelta(days=365)
    client.force_login(assessor_of(coop, valid_from=last_year, valid_until=last_year + datetime.timedelta(days=30)))
    assert client.get(dashboard(coop)).status_code == 404


def test_a_deactivated_role_gives_no_access(client, coop):
    user = user_with_role(coop, Role.STAFF)
    with cooperative_context(coop.pk):
        RoleAssignment.objects.filter(user=user).update(is_active=False)
    client.force_login(user)
    assert client.get(dashboard(coop)).status_code == 404


def test_platform_admin_pages_are_for_platform_admins_only(client, coop, manager):
    client.force_login(manager)
    response = client.get(reverse("tenancy-platform:cooperatives"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post("/api/v1/cooperatives/", {"name": "X", "slug": "x", "kind": "ksu"}).status_code == 403


def test_the_switcher_lists_my_cooperatives_with_roles(client, coop, other_coop):
    user = user_with_role(coop, Role.MANAGER)
    with cooperative_context(other_coop.pk):
        RoleAssignment.objects.create(user=user, role=Role.MEMBER)
    client.force_login(user)
    page = client.get(reverse("tenancy-platform:mine"))
    assert [entry[0] for entry in page.context["entries"]] == [coop, other_coop]
    api = client.get("/api/v1/cooperatives/").json()
    assert [row["slug"] for row in api["results"]] == ["koperasi-a", "koperasi-b"]


def test_a_user_of_one_cooperative_goes_straight_to_it_after_login(client, coop):
    client.force_login(user_with_role(coop, Role.STAFF))
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == dashboard(coop)


def test_menu_follows_the_role(client, coop, manager):
    client.force_login(manager)
    html = client.get(dashboard(coop)).content.decode()
    assert roles_page(coop) in html
    member = user_with_role(coop, Role.MEMBER)
    client.force_login(member)
    assert roles_page(coop) not in client.get(dashboard(coop)).content.decode()
