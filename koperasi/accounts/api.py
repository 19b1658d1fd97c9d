from django_filters import rest_framework as filters
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from koperasi.accounts import throttling
from koperasi.accounts.models import ApiToken, AuditEvent, User
from koperasi.accounts.selectors import audit_events
from koperasi.accounts.services import revoke_api_token
from koperasi.tenancy.api import TenantViewSetMixin
from koperasi.tenancy.models import Role


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "full_name", "email", "is_superuser"]
        read_only_fields = fields


class _OneObjectSchema(AutoSchema):
    """``/me/`` answers one object although it is routed as a list."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class MeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The authenticated user."""

    schema = _OneObjectSchema()
    serializer_class = UserSerializer
    pagination_class = None

    def get_queryset(self):
        return User.objects.filter(pk=self.request.user.pk)

    @extend_schema(responses=UserSerializer)  # one object: the caller, not a list
    def list(self, request, *args, **kwargs):
        return Response(self.get_serializer(request.user).data)


class ApiTokenSerializer(serializers.ModelSerializer):
    usable = serializers.BooleanField(source="is_usable", read_only=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at", "usable"]
        read_only_fields = fields


class ApiTokenViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own API tokens (never their keys): list them, and revoke one (it stops working at
    once). New tokens come from ``/api/v1/auth/token/`` or the API tokens page."""

    serializer_class = ApiTokenSerializer

    def get_queryset(self):
        return ApiToken.objects.filter(user_id=self.request.user.pk)

    @extend_schema(request=None, responses=ApiTokenSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        token = revoke_api_token(
            self.get_object(), actor=request.user, ip_address=throttling.client_address(request) or None
        )
        return Response(self.get_serializer(token).data)


PLATFORM_ROUTES = [("me", MeViewSet, "me"), ("tokens", ApiTokenViewSet, "api-tokens")]


# The audit trail of a cooperative (read-only) ------------------------------------------------


class AuditEventSerializer(serializers.ModelSerializer):
    actor_username = serializers.CharField(source="actor.username", read_only=True, default=None, allow_null=True)
    action_label = serializers.CharField(read_only=True, help_text="The action in words, in the request's language.")

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "created_at",
            "actor",
            "actor_username",
            "action",
            "action_label",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "ip_address",
        ]
        read_only_fields = fields


class AuditEventFilter(filters.FilterSet):
    object_type = filters.CharFilter(help_text="The document's model, as app_label.Model: members.Loan.")
    object_id = filters.CharFilter(help_text="The document's primary key; with object_type, its whole trail.")
    action = filters.CharFilter(help_text="The action exactly as recorded: savings.deposit.")
    actor = filters.NumberFilter(field_name="actor_id", help_text="The id of the user who acted.")
    date_from = filters.DateFilter(
        field_name="created_at", lookup_expr="date__gte", help_text="Events on or after this day."
    )
    date_to = filters.DateFilter(
        field_name="created_at", lookup_expr="date__lte", help_text="Events on or before this day."
    )

    class Meta:
        model = AuditEvent
        fields = ["object_type", "object_id", "action", "actor", "date_from", "date_to"]


class AuditEventViewSet(TenantViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The cooperative's audit events, newest first: who changed which money or membership document, when.
    Read-only: events are never changed or deleted (managers; assessors of the cooperative read them too)."""

    required_roles = (Role.MANAGER,)
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    ordering_fields = ["created_at", "id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema: no cooperative, no query
            return AuditEvent.objects.none()
        return audit_events(self.cooperative)


TENANT_ROUTES = [("audit-events", AuditEventViewSet, "audit-events")]
