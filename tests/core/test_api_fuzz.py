"""schemathesis, bounded, as every role (manager, staff, member, assessor, platform admin): every API
operation, with the path's cooperative fixed to the caller's own and to another one, answers no 5xx,
no status its schema does not document, bodies that fit it, and nothing of the other cooperative."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from koperasi.tenancy.context import cooperative_context
from tests.factories.accounts import UserFactory, api_token_for
from tests.factories.members import ActiveMemberFactory, funded_account
from tests.factories.tenancy import CooperativeFactory, user_with_role

pytestmark = pytest.mark.django_db
EXAMPLES_PER_OPERATION = 3
# What must hold for every answer. (Schema-valid requests may still be refused for business reasons:
# wrong credentials, not enough stock; so "positive data acceptance" and its kin are not among them.)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def wsgi_app(db):
    """The app in process, its database connection kept open between requests (as Django's test
    client does), so every request runs in the test's transaction."""
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


ROLES = ["manager", "staff", "member", "assessor", "platform_admin"]
# A name only the other cooperative's rows hold: no answer to a caller of "sendiri" may contain it.
OTHER_COOPERATIVES_SECRET = "Rahasia Koperasi Lain"


def _caller(own, role: str):
    if role == "platform_admin":
        return UserFactory(username="fuzz-admin", is_staff=True, is_superuser=True)
    user = user_with_role(own, role, username=f"fuzz-{role}")
    if role == "member":
        with cooperative_context(own.pk):
            funded_account("250000.00", member=ActiveMemberFactory(user=user))
    return user


@pytest.fixture(params=ROLES)
def caller(request, db):
    """A token of one role in "sendiri"; "lain" holds a member and savings of its own."""
    own = CooperativeFactory(name="Koperasi Sendiri", slug="sendiri")
    other = CooperativeFactory(name="Koperasi Lain", slug="lain")
    with cooperative_context(other.pk):
        funded_account("990000.00", member=ActiveMemberFactory(name=OTHER_COOPERATIVES_SECRET))
    user = _caller(own, request.param)
    return {"role": request.param, "headers": {"Authorization": f"Token {api_token_for(user)}"}}


@schemathesis.check
def no_other_cooperatives_data(ctx, response, case):
    """Nothing of "lain" reaches a caller of "sendiri" (the platform admin runs the platform and may)."""
    if OTHER_COOPERATIVES_SECRET in response.text:
        raise AssertionError(f"another cooperative's data in the answer to {case.method} {case.formatted_path}")


def test_every_operation_keeps_its_schema_for_its_own_and_another_cooperative(wsgi_app, caller):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    checks_of_role = CHECKS if caller["role"] == "platform_admin" else [*CHECKS, no_other_cooperatives_data]
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,  # the same requests every run: CI is bounded and repeatable
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            slugs = ["sendiri", "lain"] if "slug" in (case.path_parameters or {}) else [None]
            for slug in slugs:
                if slug:
                    case.path_parameters["slug"] = slug
                response = case.call(headers=caller["headers"])
                case.validate_response(response, checks=checks_of_role)

        try:
            run()
        except BaseException as error:
            failures.append(f"{operation.label}: {_summary(error)}")
    assert failures == [], "\n".join(failures)


def _summary(error: BaseException) -> str:
    """The failure's kinds, status and a reproducing request, from schemathesis's report."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    keep = [line for line in lines if line.startswith(("- ", "[", "curl", "`"))]
    return " | ".join(keep)[:600] or lines[0][:300]
