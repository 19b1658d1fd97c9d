"""OpenAPI generation that understands tenant viewsets."""

from drf_spectacular.generators import SchemaGenerator

from koperasi.tenancy.context import dangerously_fake_context_for_schema


class TenantAwareSchemaGenerator(SchemaGenerator):
    """Tenant viewsets' ``get_queryset`` needs a cooperative in context; the generator only
    inspects the (lazy, never executed) queryset for its model, so a fake context suffices."""

    def get_schema(self, request=None, public=False):
        with dangerously_fake_context_for_schema():
            return super().get_schema(request=request, public=public)


ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error: a message, a machine-readable code and field errors (koperasi.core.api).",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {}},
        "retry_after": {"type": "integer", "description": "Seconds to wait (429, and a 400 that starts a wait)."},
    },
    "required": ["detail", "code", "errors"],
}
PUBLIC_PATHS = ("/api/v1/auth/token/", "/api/schema/")


def document_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: every operation lists the error statuses it can answer,
    with the API's one error shape, so a client (and schemathesis) knows them all:
    401/403 (authentication, role), 404 (a path naming an object or a cooperative), 400/413 (a body),
    409 (waserda's stock and state conflicts), 429 (the token endpoint's login throttle)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            queried = any(parameter.get("in") == "query" for parameter in operation.get("parameters", []))
            for status, text in _error_statuses(path, method, queried):
                content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                responses.setdefault(status, {"description": text, "content": content})
    return result


def _error_statuses(path: str, method: str, queried: bool) -> list[tuple[str, str]]:
    statuses = []
    writes = method in ("post", "put", "patch")
    if queried and not writes:
        statuses.append(("400", "Invalid query parameters (a filter, a period): field errors."))
        statuses.append(("404", "Not found (also: a page beyond the last)."))
    if not path.startswith(PUBLIC_PATHS):
        statuses += [("401", "Not authenticated."), ("403", "Not allowed for your role (or read-only).")]
    if "{" in path:
        statuses.append(("404", "Not found, or not in your cooperative."))
    if writes:
        statuses += [("400", "Invalid input: field errors."), ("413", "The request body is too large.")]
    if writes and "/waserda/" in path:
        statuses.append(("409", "A stock or state conflict (e.g. not enough stock, a closed session)."))
    if path == "/api/v1/auth/token/":
        statuses.append(("429", "Too many failed attempts: wait Retry-After seconds."))
    return statuses
