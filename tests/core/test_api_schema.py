"""The OpenAPI schema tells the truth: the shapes operations answer and every error status they can give."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    from tests.factories.accounts import UserFactory

    client.force_login(UserFactory())
    return client.get("/api/schema/", HTTP_ACCEPT="application/json").json()


def _response(schema, path, method, status="200"):
    return schema["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]


def test_me_is_one_object_and_the_waserda_lists_are_arrays(schema):
    assert _response(schema, "/api/v1/me/", "get") == {"$ref": "#/components/schemas/User"}
    for path in ("/api/v1/k/{slug}/waserda/replenishment/", "/api/v1/k/{slug}/waserda/reports/"):
        assert _response(schema, path, "get")["type"] == "array", path


def test_close_year_documents_its_body_and_a_stock_count_is_not_posted_to(schema):
    assert "requestBody" in schema["paths"]["/api/v1/k/{slug}/ledger/periods/close-year/"]["post"]
    assert "post" not in schema["paths"]["/api/v1/k/{slug}/waserda/stock-counts/{id}/"]


def test_every_operation_documents_the_errors_it_can_answer_in_one_shape(schema):
    lacking = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            codes = set(operation["responses"])
            wanted = set() if path.startswith(("/api/v1/auth/token/", "/api/schema/")) else {"401", "403"}
            wanted |= {"404"} if "{" in path else set()
            wanted |= {"400"} if method in ("post", "put", "patch") else set()
            if not wanted <= codes:
                lacking.append((method, path, sorted(wanted - codes)))
    assert lacking == []
    assert _response(schema, "/api/v1/auth/token/", "post", "429") == {"$ref": "#/components/schemas/Error"}
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail", "code", "errors"]
