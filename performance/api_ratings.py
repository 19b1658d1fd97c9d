"""API of ratings: a cooperative's ratings (managers: submitted ones; assessors: theirs too) with the report as
JSON and XLSX, an assessor starting, scoring and submitting one; the public check of a verification code; the
rubrics (platform admins add versions, everyone signed in reads them)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from koperasi.tenancy.api import TenantViewSetMixin
from koperasi.tenancy.models import Role
from members.api_common import CodedErrorsMixin, choice_field
from performance import ratings
from performance.methods import ksp_health, rating
from performance.methods._base import MethodInputError
from performance.models import Rating, RatingRubric, RatingStatus, RubricKind
from performance.views_ratings import find_by_code, report_xlsx

READERS = (Role.MANAGER, Role.ASSESSOR)


class RatingSerializer(serializers.ModelSerializer):
    kind = choice_field(RubricKind.choices, read_only=True)
    status = choice_field(RatingStatus.choices, read_only=True)
    rubric = serializers.StringRelatedField()

    class Meta:
        model = Rating
        fields = [
            "id", "kind", "year", "version", "status", "rubric", "assessor_name", "assessor_nip", "total",
            "category", "verification_code", "started_at", "submitted_at", "supersedes", "notes", "result",
        ]  # fmt: skip
        read_only_fields = fields


class StartRatingSerializer(serializers.Serializer):
    kind = choice_field(RubricKind.choices)
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    nip = serializers.CharField(max_length=30, required=False, default="", allow_blank=True)


class ScoreSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    score = serializers.DecimalField(max_digits=6, decimal_places=2, required=False, allow_null=True, min_value=0)
    answers = serializers.ListField(child=serializers.BooleanField(), required=False, allow_null=True, max_length=50)
    reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=2000)
    evidence = serializers.CharField(required=False, default="", allow_blank=True, max_length=300)
    notes = serializers.CharField(required=False, default="", allow_blank=True, max_length=2000)


class SubmitSerializer(serializers.Serializer):
    notes = serializers.CharField(required=False, default="", allow_blank=True, max_length=5000)


class RatingViewSet(CodedErrorsMixin, TenantViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):  # fmt: skip
    """The cooperative's ratings: managers read submitted ones; an assessor starts, scores and submits theirs."""

    required_roles = READERS
    assessor_writes = True
    serializer_class = RatingSerializer
    queryset = Rating.objects.none()  # the schema's type of the id; get_queryset gives the rows
    filter_backends = []

    def get_queryset(self):
        return ratings.visible_ratings(self.request.user, self.request.cooperative_roles)

    def _assessor_only(self):
        if Role.ASSESSOR not in self.request.cooperative_roles:
            self.permission_denied(self.request, message="Only an assessor rates.")

    @extend_schema(request=StartRatingSerializer, responses={201: RatingSerializer})
    def create(self, request, *args, **kwargs):
        self._assessor_only()
        data = StartRatingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rating_ = ratings.start_rating(assessor=request.user, **data.validated_data)
        return Response(RatingSerializer(rating_).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ScoreSerializer, responses={200: RatingSerializer})
    @action(detail=True, methods=["post"])
    def score(self, request, *args, **kwargs):
        """Score one indicator (or answer a questionnaire), with the reason for an override and the evidence."""
        self._assessor_only()
        rating_ = self.get_object()
        data = ScoreSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        row = rating_.scores.filter(code=fields.pop("code")).first()
        if row is None:
            raise serializers.ValidationError({"code": ["No such indicator in this rating."]})
        ratings.score_indicator(assessor=request.user, row=row, **fields)
        return Response(RatingSerializer(rating_).data)

    @extend_schema(request=SubmitSerializer, responses={200: RatingSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        """Compute the result and lock the rating (400 with what is still missing)."""
        self._assessor_only()
        data = SubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rating_ = ratings.submit_rating(assessor=request.user, rating_=self.get_object(), **data.validated_data)
        return Response(RatingSerializer(rating_).data)

    @extend_schema(
        responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY}
    )
    @action(detail=True, methods=["get"])
    def xlsx(self, request, *args, **kwargs):
        """The submitted report as a workbook."""
        return report_xlsx(request._request, pk=self.get_object().pk)


class VerificationSerializer(serializers.Serializer):
    cooperative = serializers.CharField()
    kind = serializers.CharField()
    year = serializers.IntegerField()
    version = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=8, decimal_places=2)
    category = serializers.CharField()
    assessor_name = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    rubric = serializers.CharField()
    revised = serializers.BooleanField(help_text="A later version of this rating exists.")


class VerificationView(APIView):
    """Public: the submitted rating a report's verification code belongs to."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: VerificationSerializer, 404: OpenApiResponse(description="No such code.")})
    def get(self, request, code: str):
        found = find_by_code(code.strip().upper()[:32])
        if found is None:
            raise Http404
        cooperative, rating_ = found
        body = {"cooperative": cooperative.name, "kind": rating_.kind, "year": rating_.year, "version": rating_.version,
                "total": rating_.total, "category": rating_.category, "assessor_name": rating_.assessor_name,
                "submitted_at": rating_.submitted_at, "rubric": str(rating_.rubric),
                "revised": hasattr(rating_, "revised_by")}  # fmt: skip
        return Response(VerificationSerializer(body).data)


class RubricSerializer(serializers.ModelSerializer):
    kind = choice_field(RubricKind.choices)

    class Meta:
        model = RatingRubric
        fields = ["id", "kind", "name", "version", "definition", "is_active", "notes", "created_at"]
        read_only_fields = ["id", "version", "created_at"]

    def validate(self, attrs):
        method = rating if attrs["kind"] == RubricKind.RATING else ksp_health
        try:
            method.parse_rubric(attrs["definition"])
        except MethodInputError as problem:
            raise serializers.ValidationError(
                {"definition": [f"{k}: {' '.join(v)}" for k, v in problem.errors.items()]}
            ) from None
        return attrs


class RubricPermission(permissions.BasePermission):
    """Platform admins keep rubrics; assessors read them (the rubric a rating used is named on its report)."""

    def has_permission(self, request, view):
        from koperasi.tenancy.access import assessor_cooperative_ids

        if request.user.is_superuser:
            return True
        return request.method in permissions.SAFE_METHODS and bool(assessor_cooperative_ids(request.user))


class RubricViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    viewsets.GenericViewSet):  # fmt: skip
    """Rubric versions (read by assessors): platform admins add one — the next version of a name, validated
    (weights sum to 100, scales and categories without gaps or overlaps); a version never changes once made."""

    serializer_class = RubricSerializer
    permission_classes = [permissions.IsAuthenticated, RubricPermission]
    queryset = RatingRubric.objects.order_by("kind", "name", "-version")

    def perform_create(self, serializer):
        from performance.rubric_admin import next_version

        name, kind = serializer.validated_data["name"], serializer.validated_data["kind"]
        serializer.save(version=next_version(kind, name), created_by=self.request.user)


TENANT_ROUTES = [("ratings", RatingViewSet, "rating")]
PLATFORM_ROUTES = [("rating-rubrics", RubricViewSet, "rating-rubric")]
