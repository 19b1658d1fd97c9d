"""The API shell: versioned root, OpenAPI schema without warnings, local docs UI, JSON errors."""

import re

import pytest
from django.core.management import call_command

from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_generates_and_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    assert "openapi: 3" in text
    assert "/api/v1/me/" in text
    assert "/api/v1/auth/token/" in text


def test_schema_endpoint_serves_openapi(client):
    client.force_login(UserFactory())
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Koperasi ERP API"


def test_docs_ui_loads_its_assets_from_this_server_only(client):
    client.force_login(UserFactory())
    html = client.get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui-bundle.js" in asset for asset in assets)
    # its own start-up script comes from this server too (no inline script: Content-Security-Policy)
    assert all(asset.startswith(("/static/", "/api/docs/?script")) for asset in assets), assets
    response = client.get(next(asset for asset in assets if asset.endswith(".js")))
    assert response.status_code == 200


def test_api_requires_authentication_and_answers_json(client):
    response = client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert response.json()["code"] in ("not_authenticated", "authentication_failed")


def test_api_root_lists_the_resources(client):
    client.force_login(UserFactory())
    response = client.get("/api/v1/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "me" in response.json()


def test_validation_errors_are_field_level_json(client):
    response = client.post("/api/v1/auth/token/", {"username": ""}, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) >= {"username", "password"}


def test_unknown_api_urls_answer_json_404(client, settings):
    settings.DEBUG = False
    response = client.get("/api/v1/does-not-exist/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found", "errors": {}}


def test_list_endpoints_are_paginated_by_default(settings):
    assert settings.REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"] == "koperasi.core.api.DefaultPagination"
    assert "django_filters.rest_framework.DjangoFilterBackend" in settings.REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"]
