"""OpenAPI generation that understands tenant viewsets."""

from drf_spectacular.generators import SchemaGenerator

from koperasi.tenancy.context import dangerously_fake_context_for_schema


class TenantAwareSchemaGenerator(SchemaGenerator):
    """Tenant viewsets' ``get_queryset`` needs a cooperative in context; the generator only
    inspects the (lazy, never executed) queryset for its model, so a fake context suffices."""

    def get_schema(self, request=None, public=False):
        with dangerously_fake_context_for_schema():
            return super().get_schema(request=request, public=public)
