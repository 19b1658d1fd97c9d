from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from koperasi.accounts.models import User


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


PLATFORM_ROUTES = [("me", MeViewSet, "me")]
