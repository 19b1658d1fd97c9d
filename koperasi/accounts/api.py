from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from koperasi.accounts.models import User


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "full_name", "email", "is_superuser"]
        read_only_fields = fields


class MeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The authenticated user."""

    serializer_class = UserSerializer
    pagination_class = None

    def get_queryset(self):
        return User.objects.filter(pk=self.request.user.pk)

    def list(self, request, *args, **kwargs):
        return Response(self.get_serializer(request.user).data)


PLATFORM_ROUTES = [("me", MeViewSet, "me")]
