"""API side of tenancy: the base of tenant viewsets, and the cooperatives and roles endpoints."""

from __future__ import annotations

import contextlib

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from koperasi.tenancy import invitations, services
from koperasi.tenancy.access import tenant_request
from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.models import ASSIGNABLE_ROLES, Cooperative, Role, RoleAssignment
from koperasi.tenancy.selectors import cooperatives_of


@extend_schema_field(OpenApiTypes.INT)
class TenantPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A primary key among the current cooperative's rows of ``model``: the queryset is resolved per request,
    in its cooperative's context, so another cooperative's key is "does not exist" (an integer in the schema,
    also in serializers without a model)."""

    def __init__(self, model=None, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.all()


class TenantViewSetMixin:
    """Base of every viewset under ``/api/v1/k/<slug>/``.

    ``required_roles`` must be declared (empty admits nobody). Authentication runs first (DRF's
    ``initial``), then the cooperative is resolved and checked, and the rest of the request runs in
    its context and transaction; an error response rolls the transaction back.
    """

    required_roles: tuple[str, ...] = ()
    assessor_writes = False  # an assessor may post here: their own rating (koperasi.tenancy.access)

    def dispatch(self, request, *args, **kwargs):
        with transaction.atomic(), contextlib.ExitStack() as stack:
            self._tenant_stack = stack
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        access = self._tenant_stack.enter_context(
            tenant_request(
                request, kwargs["slug"], self.required_roles, user=request.user, assessor_writes=self.assessor_writes
            )
        )
        # Templates and helpers reading the Django request see the same tenant.
        request._request.cooperative = access.cooperative
        request._request.cooperative_roles = access.roles
        request._request.tenant_read_only = access.read_only

    @property
    def cooperative(self) -> Cooperative:
        return self.request.cooperative


class TenantModelViewSet(TenantViewSetMixin, viewsets.ModelViewSet):
    pass


class TenantReadOnlyViewSet(TenantViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


# Cooperatives (platform level) --------------------------------------------------------------


class CooperativeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cooperative
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "legal_entity_number",
            "address",
            "province",
            "regency",
            "established_on",
            "fiscal_year_start_month",
            "ppn_rate",
            "is_active",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]


class IsPlatformAdminOrReadOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or request.user.is_superuser


class CooperativeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Cooperatives: platform admins see and manage all; other users see those they have a role in."""

    serializer_class = CooperativeSerializer
    permission_classes = [permissions.IsAuthenticated, IsPlatformAdminOrReadOnly]
    filterset_fields = ["kind", "is_active", "province"]
    search_fields = ["name", "slug", "regency"]

    def get_queryset(self):
        if self.request.user.is_superuser:
            return Cooperative.objects.order_by("name")
        ids = [cooperative.pk for cooperative, _roles in cooperatives_of(self.request.user)]
        return Cooperative.objects.filter(pk__in=ids).order_by("name")

    def perform_create(self, serializer):
        serializer.instance = services.create_cooperative(actor=self.request.user, **serializer.validated_data)


# Roles in a cooperative (manager) -----------------------------------------------------------


class RoleAssignmentSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "username", "full_name", "role", "is_active", "valid_from", "valid_until"]
        read_only_fields = ["id", "user", "username", "full_name", "is_active", "valid_from", "valid_until"]


class InviteSerializer(serializers.Serializer):
    email = serializers.EmailField(help_text="The address the invitation goes to; its owner accepts it.")
    role = serializers.ChoiceField(choices=ASSIGNABLE_ROLES)


class InvitationSentSerializer(serializers.Serializer):
    detail = serializers.CharField()
    email = serializers.EmailField()
    role = serializers.CharField()
    invitation_link = serializers.URLField(help_text="To pass on by hand if the mail does not arrive (14 days).")


class ChangeRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=ASSIGNABLE_ROLES)


class RoleAssignmentViewSet(
    TenantViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Users and their roles in the cooperative; managers invite, change roles and deactivate."""

    required_roles = (Role.MANAGER,)
    serializer_class = RoleAssignmentSerializer
    filterset_fields = ["role", "is_active"]
    search_fields = ["user__username", "user__full_name", "user__email"]

    def get_queryset(self):
        return RoleAssignment.objects.select_related("user").order_by("user__username", "role")

    @extend_schema(request=InviteSerializer, responses={202: InvitationSentSerializer})
    def create(self, request, *args, **kwargs):
        """Invite an address to a role; the answer is the same whether or not it has an account, and
        the role is given only when its owner accepts."""
        payload = InviteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        email, role = payload.validated_data["email"], payload.validated_data["role"]
        invitation, token = invitations.invite(actor=request.user, cooperative=self.cooperative, email=email, role=role)
        link = invitations.invitation_link(request, self.cooperative, token)
        invitations.mail_invitation(link, invitation, self.cooperative)
        detail = _("Invitation sent to %(email)s.") % {"email": email}
        return Response({"detail": detail, "email": email, "role": role, "invitation_link": link}, status=202)

    @extend_schema(request=ChangeRoleSerializer, responses={200: RoleAssignmentSerializer})
    @action(detail=True, methods=["post"])
    def role(self, request, *args, **kwargs):
        assignment = self._editable()
        payload = ChangeRoleSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        assignment = services.change_role(
            actor=request.user, assignment=assignment, role=payload.validated_data["role"]
        )
        return Response(RoleAssignmentSerializer(assignment).data)

    @extend_schema(request=None, responses={200: RoleAssignmentSerializer})
    @action(detail=True, methods=["post"])
    def deactivate(self, request, *args, **kwargs):
        assignment = services.deactivate_role(actor=request.user, assignment=self._editable())
        return Response(RoleAssignmentSerializer(assignment).data)

    def _editable(self) -> RoleAssignment:
        assignment = self.get_object()
        if assignment.role == Role.ASSESSOR:
            self.permission_denied(self.request, message="Assessors are assigned by a platform admin.")
        return assignment


class AssessorAssignmentSerializer(serializers.Serializer):
    identifier = serializers.CharField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()

    def validate(self, attrs):
        if attrs["valid_until"] < attrs["valid_from"]:
            raise serializers.ValidationError({"valid_until": "The end of the period must not be before its start."})
        return attrs


class AssessorViewSet(viewsets.GenericViewSet):
    """Platform admins assign assessors to cooperatives for a period."""

    permission_classes = [permissions.IsAdminUser]
    serializer_class = AssessorAssignmentSerializer
    queryset = Cooperative.objects.all()

    @extend_schema(request=AssessorAssignmentSerializer, responses={201: RoleAssignmentSerializer})
    @action(detail=True, methods=["post"], url_path="assessors")
    def assign(self, request, pk=None):
        cooperative = self.get_object()
        payload = AssessorAssignmentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user, _created = services.find_or_invite_user(payload.validated_data["identifier"])
        with cooperative_context(cooperative.pk, user_id=request.user.pk):
            assignment = services.grant_role(
                actor=request.user,
                cooperative=cooperative,
                user=user,
                role=Role.ASSESSOR,
                valid_from=payload.validated_data["valid_from"],
                valid_until=payload.validated_data["valid_until"],
            )
            data = RoleAssignmentSerializer(assignment).data
        return Response(data, status=201)


PLATFORM_ROUTES = [
    ("cooperatives", CooperativeViewSet, "cooperative"),
    ("platform/cooperatives", AssessorViewSet, "cooperative-assessor"),
]
TENANT_ROUTES = [("roles", RoleAssignmentViewSet, "role")]
