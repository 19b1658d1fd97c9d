"""Isolation suite: no route shows one cooperative's data to another cooperative's user.

Routes are enumerated from the URL configuration, so pages and API routes added by later issues
are covered without editing this file. Each route that takes an object id is requested with coop
B's object by a user holding every staff role in coop A, both under A's slug and under B's.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from koperasi.accounts.models import AuditEvent
from koperasi.tenancy.models import Role, TenantModel
from tests.factories.tenancy import user_with_role

pytestmark = pytest.mark.django_db

DENIED = {403, 404}


@dataclass
class Route:
    name: str
    kwargs: tuple[str, ...]
    callback: object
    tenant: bool

    @property
    def id_kwargs(self) -> tuple[str, ...]:
        return tuple(name for name in self.kwargs if name in ("pk", "id") or name.endswith(("_pk", "_id")))


def _walk(patterns, prefix: str = "", namespace: str = "", kwargs: tuple[str, ...] = ()):
    for entry in patterns:
        names = tuple(entry.pattern.regex.groupindex)
        route_text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, route_text, space, kwargs + names)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (
                route_text,
                Route(f"{namespace}{entry.name}", kwargs + names, entry.callback, "slug" in kwargs + names),
            )


def routes() -> list[Route]:
    found = {}
    for text, route in _walk(get_resolver().url_patterns):
        if "format" in route.kwargs or text.startswith("admin/"):
            continue  # DRF's ".json" suffix duplicates; Django admin is for platform admins only
        found[(route.name, route.kwargs)] = route
    return list(found.values())


def model_of(route: Route) -> type | None:
    callback = route.callback
    if getattr(callback, "object_model", None):
        return callback.object_model
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is None:
        return None
    if getattr(view_class, "queryset", None) is not None:
        return view_class.queryset.model
    serializer = getattr(view_class, "serializer_class", None)
    meta = getattr(serializer, "Meta", None)
    if meta is not None and getattr(meta, "model", None) is not None:
        return meta.model
    return getattr(view_class, "model", None)


def request_every_way(client, url):
    """GET, for POST-only actions a POST, for PUT-only ones a PUT: none may reveal the object."""
    response = client.get(url, HTTP_ACCEPT="application/json")
    if response.status_code == 405:
        response = client.post(url, {}, content_type="application/json")
    if response.status_code == 405:
        response = client.put(url, [], content_type="application/json")
    return response


# Tables that are no tenant model but carry a cooperative's rows (its own column, its own row policy):
# their routes are tried with one of B's rows like any tenant route.
COOPERATIVE_SCOPED = {AuditEvent}


def cooperative_scoped_rows(cooperative) -> dict[type, object]:
    from koperasi.accounts.services import record_event
    from koperasi.tenancy.context import cooperative_context

    with cooperative_context(cooperative.pk):
        return {AuditEvent: record_event("isolation.probe", cooperative_id=cooperative.pk)}


@pytest.fixture
def user_a(coop):
    user = user_with_role(coop, Role.MANAGER, username="user-a")
    from koperasi.tenancy.context import cooperative_context
    from koperasi.tenancy.models import RoleAssignment

    with cooperative_context(coop.pk):
        RoleAssignment.objects.create(user=user, role=Role.STAFF)
        RoleAssignment.objects.create(user=user, role=Role.MEMBER)
    return user


def test_every_object_route_hides_other_cooperatives_objects(client, two_worlds, coop, other_coop, user_a):
    client.force_login(user_a)
    b_rows = {**two_worlds[other_coop.pk], **cooperative_scoped_rows(other_coop)}
    exercised, problems = [], []
    for route in routes():
        if not route.id_kwargs:
            continue
        model = model_of(route)
        if model is None:
            problems.append(f"{route.name}: cannot tell which model its id is (declare model= on the view)")
            continue
        if route.tenant and not issubclass(model, TenantModel) and model not in COOPERATIVE_SCOPED:
            problems.append(f"{route.name}: tenant route on non-tenant model {model.__name__}")
            continue
        target = b_rows.get(model) if route.tenant else other_coop
        if target is None:
            problems.append(f"{route.name}: no factory row for {model.__name__}")
            continue
        ids = {name: target.pk for name in route.id_kwargs}
        slugs = [coop.slug, other_coop.slug] if route.tenant else [None]
        for slug in slugs:
            url = reverse(route.name, kwargs={**ids, **({"slug": slug} if slug else {})})
            response = request_every_way(client, url)
            allowed = DENIED | ({302} if not route.tenant else set())
            if response.status_code not in allowed or (
                response.status_code == 302 and "/accounts/login/" not in response["Location"]
            ):
                problems.append(f"{url} answered {response.status_code}")
            exercised.append((route.name, url))
    assert problems == []
    assert exercised, "no object route was exercised"
    routes_seen = {name for name, _url in exercised}
    api = {name for name in routes_seen if name.startswith("k-")}
    print(
        f"\nisolation: {len(routes_seen)} object routes ({len(api)} API, {len(routes_seen) - len(api)} pages),"
        f" {len(exercised)} requests"
    )


def test_every_tenant_list_api_returns_only_own_rows(client, two_worlds, coop, other_coop, user_a):
    client.force_login(user_a)
    checked, problems = [], []
    for route in routes():
        if not route.tenant or route.id_kwargs or not route.name.startswith("k-") or not route.name.endswith("-list"):
            continue
        model = model_of(route)
        url = reverse(route.name, kwargs={"slug": coop.slug})
        response = client.get(url, {"page_size": 500}, HTTP_ACCEPT="application/json")
        if response.status_code != 200:
            problems.append(f"{url} answered {response.status_code}")
            continue
        body = response.json()
        results = body["results"] if isinstance(body, dict) and "results" in body else body
        if model is not None and issubclass(model, TenantModel):
            b_ids = set(model.objects.unscoped().filter(cooperative_id=other_coop.pk).values_list("pk", flat=True))
            leaked = {row["id"] for row in results if isinstance(row, dict) and "id" in row} & b_ids
            if leaked:
                problems.append(f"{url} leaked coop B ids {sorted(leaked)}")
        # Lists without a model (reports) are aggregates of the scoped tables; the slug check below
        # and the RLS suite cover them.
        checked.append(url)
        assert client.get(reverse(route.name, kwargs={"slug": other_coop.slug})).status_code == 404
    assert problems == []
    assert checked
    print(f"\nisolation: {len(checked)} tenant list endpoints checked")


def test_every_tenant_page_and_api_route_declares_its_roles():
    undeclared = []
    for route in routes():
        if not route.tenant:
            continue
        callback = route.callback
        view_class = getattr(callback, "cls", None)
        roles = getattr(view_class, "required_roles", None) if view_class else getattr(callback, "required_roles", None)
        if not roles:
            undeclared.append(route.name)
    assert undeclared == []
