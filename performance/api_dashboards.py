"""API of the dashboards and the scorecard setup: the manager's home figures and each board's rows as JSON
(``dashboards/home/``, ``dashboards/board/?method=…&subject=type:id``), the scorecard's measures (managers
change them; seed 003's template through ``scorecard-measures/adopt-template/``) and the values entered by
hand with their evidence (``scorecard-entries``)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from koperasi.tenancy.api import TenantPrimaryKeyField, TenantViewSetMixin
from koperasi.tenancy.models import Role
from members.api_common import CodedErrorsMixin, ManagerWritesMixin, choice_field
from performance import dashboards, scorecard
from performance.home import manager_home
from performance.models import Direction, Perspective, ScorecardEntry, ScorecardMeasure

READERS = (Role.MANAGER, Role.STAFF, Role.ASSESSOR)


class AdoptedSerializer(serializers.Serializer):
    added = serializers.IntegerField(help_text="Measures added (those the cooperative had are kept).")


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.CharField(allow_null=True, help_text="A decimal number as text; null when not computable.")
    kind = serializers.CharField(help_text="rupiah, count, percent")
    period = serializers.CharField()
    detail = serializers.CharField(allow_blank=True)


class MonthFiguresSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    income = serializers.CharField()
    expenses = serializers.CharField()
    shu = serializers.CharField()


class LineMonthSerializer(serializers.Serializer):
    line = serializers.CharField()
    output = serializers.CharField()
    capacity = serializers.CharField()
    utilisation = serializers.CharField(allow_null=True, help_text="Output / capacity × 100.")


class HomeSerializer(serializers.Serializer):
    figures = FigureSerializer(many=True)
    months = MonthFiguresSerializer(many=True)
    production = LineMonthSerializer(many=True)


class BoardSubjectSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="type:id")
    label = serializers.CharField()


class BoardLatestSerializer(serializers.Serializer):
    snapshot = serializers.IntegerField()
    stale = serializers.BooleanField()


class BoardRowSerializer(serializers.Serializer):
    period = serializers.CharField()
    snapshot = serializers.IntegerField()
    status = serializers.CharField()
    error = serializers.CharField(allow_blank=True)
    values = serializers.DictField(child=serializers.CharField(allow_null=True))


class BoardSerializer(serializers.Serializer):
    method = serializers.CharField()
    subjects = BoardSubjectSerializer(many=True)
    subject = serializers.CharField(allow_null=True)
    latest = BoardLatestSerializer(allow_null=True)
    rows = BoardRowSerializer(many=True)


class ScorecardMeasureSerializer(serializers.ModelSerializer):
    perspective = choice_field(Perspective.choices)
    direction = choice_field(Direction.choices)
    bands = serializers.JSONField(
        help_text='[{"score": 3, "lower": "15", "upper": null, "lower_inclusive": false, "upper_inclusive": false}, …]'
    )

    class Meta:
        model = ScorecardMeasure
        fields = ["id", "code", "name", "perspective", "source", "unit", "target", "direction", "target_inclusive",
                  "weight", "bands", "position", "is_active"]  # fmt: skip
        read_only_fields = ["id"]
        validators = []  # the service checks the code is unique in the cooperative
        extra_kwargs = {"source": {"help_text": "manual, or a data source: " + ", ".join(scorecard.DATA_SOURCES)}}


class ScorecardMeasureViewSet(
    CodedErrorsMixin,
    ManagerWritesMixin,
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The cooperative's Balanced Scorecard measures; managers add and change them."""

    required_roles = READERS
    serializer_class = ScorecardMeasureSerializer
    filter_backends = []

    def get_queryset(self):
        return ScorecardMeasure.objects.order_by("position", "id")

    def perform_create(self, serializer):
        self.require_manager()
        measure = ScorecardMeasure(**serializer.validated_data)
        serializer.instance = scorecard.save_measure(actor=self.request.user, measure=measure)

    def perform_update(self, serializer):
        self.require_manager()
        measure = serializer.instance
        for field, value in serializer.validated_data.items():
            setattr(measure, field, value)
        serializer.instance = scorecard.save_measure(actor=self.request.user, measure=measure)

    @extend_schema(request=None, responses={200: AdoptedSerializer})
    @action(detail=False, methods=["post"], url_path="adopt-template")
    def adopt_template(self, request, *args, **kwargs):
        """Add seed 003's KSU scorecard measures the cooperative does not have yet."""
        self.require_manager()
        return Response(AdoptedSerializer({"added": scorecard.adopt_template(actor=request.user)}).data)


class ScorecardEntrySerializer(serializers.ModelSerializer):
    measure = TenantPrimaryKeyField(model=ScorecardMeasure)
    year = serializers.IntegerField(min_value=1990, max_value=2100)

    class Meta:
        model = ScorecardEntry
        fields = ["id", "measure", "year", "value", "evidence", "entered_at"]
        read_only_fields = ["id", "entered_at"]
        validators = []  # a second value for the same year corrects the first (the service)


class ScorecardEntryViewSet(
    CodedErrorsMixin,
    ManagerWritesMixin,
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Values entered by hand for a measure and a year, each with its evidence; posting the same measure and
    year again corrects the value."""

    required_roles = READERS
    serializer_class = ScorecardEntrySerializer
    filter_backends = []

    def get_queryset(self):
        return ScorecardEntry.objects.select_related("measure").order_by("measure__position", "-year")

    def perform_create(self, serializer):
        self.require_manager()
        serializer.instance = scorecard.save_entry(actor=self.request.user, **serializer.validated_data)


def _figures(home) -> list[dict]:
    return [
        {"key": f.key, "label": str(f.label), "value": None if f.value is None else str(f.value), "kind": f.kind,
         "period": str(f.period), "detail": str(f.detail)}
        for f in home.figures
    ]  # fmt: skip


class DashboardViewSet(TenantViewSetMixin, viewsets.GenericViewSet):
    """The dashboards' figures as JSON, read from the stored snapshots (and the manager's home from the books)."""

    required_roles = READERS
    pagination_class = None
    filter_backends = []
    serializer_class = BoardSerializer

    @extend_schema(responses={200: HomeSerializer})
    @action(detail=False, methods=["get"])
    def home(self, request, *args, **kwargs):
        """The manager's home: figures with their periods, the last twelve months, production vs capacity."""
        home = manager_home(timezone.localdate())
        months = [{key: str(value) for key, value in month.items()} for month in home.months]
        production = [
            {"line": str(p.line), "output": str(p.output), "capacity": str(p.capacity),
             "utilisation": None if p.utilisation is None else str(p.utilisation)}
            for p in home.production
        ]  # fmt: skip
        return Response(HomeSerializer({"figures": _figures(home), "months": months, "production": production}).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("method", str, required=True, enum=list(dashboards.BOARDS)),
            OpenApiParameter("subject", str, description="type:id, e.g. unit:3 (default: the first subject)"),
        ],
        responses={200: BoardSerializer},
    )
    @action(detail=False, methods=["get"])
    def board(self, request, *args, **kwargs):
        """A board's rows (newest first) for one subject, with the latest snapshot's staleness."""
        method = request.query_params.get("method", "")
        if method not in dashboards.BOARDS:
            raise serializers.ValidationError({"method": [f"One of: {', '.join(dashboards.BOARDS)}."]})
        data = dashboards.board(method, str(request.query_params.get("subject", ""))[:60])
        rows = [
            {"period": row["period"], "snapshot": row["snapshot"].pk, "status": row["snapshot"].status,
             "error": row["snapshot"].error,
             "values": {k: None if v is None else str(v) for k, v in row["values"].items()}}
            for row in data.rows
        ]  # fmt: skip
        return Response(BoardSerializer({
            "method": method,
            "subjects": [{"key": s.key, "label": s.label} for s in data.subjects],
            "subject": data.subject.key if data.subject else None,
            "latest": {"snapshot": data.latest.pk, "stale": data.latest_stale} if data.latest else None,
            "rows": rows,
        }).data)  # fmt: skip


TENANT_ROUTES = [
    ("scorecard-measures", ScorecardMeasureViewSet, "scorecard-measure"),
    ("scorecard-entries", ScorecardEntryViewSet, "scorecard-entry"),
    ("dashboards", DashboardViewSet, "dashboard"),
]
