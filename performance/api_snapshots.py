"""API of stored snapshots: list and read them (filter by method, subject and period), whether each is
stale, and recompute a month in the background (202 with the task's id; its state at
``snapshots/recompute-status/?task_id=…``)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from koperasi.core.background import enqueue
from koperasi.ledger.fiscal import Month
from koperasi.tenancy.api import TenantViewSetMixin
from koperasi.tenancy.models import Role
from members.api_common import choice_field, filterset_for
from performance.models import Snapshot, SnapshotMethod, SnapshotStatus
from performance.snapshots import is_stale
from performance.tasks import compute_month_snapshots, job_state

READERS = (Role.MANAGER, Role.STAFF, Role.ASSESSOR)


class SnapshotSerializer(serializers.ModelSerializer):
    method = choice_field(SnapshotMethod.choices, read_only=True)
    status = choice_field(SnapshotStatus.choices, read_only=True)

    class Meta:
        model = Snapshot
        fields = [
            "id", "method", "subject_type", "subject_id", "subject_label", "period_kind", "period_start",
            "period_end", "status", "error", "notes", "method_version", "fingerprint", "computed_at",
            "computed_via",
        ]  # fmt: skip
        read_only_fields = fields


class SnapshotDetailSerializer(SnapshotSerializer):
    stale = serializers.SerializerMethodField(help_text="The books changed since: the inputs differ now.")

    class Meta(SnapshotSerializer.Meta):
        fields = [*SnapshotSerializer.Meta.fields, "payload", "result", "stale"]
        read_only_fields = fields

    def get_stale(self, snapshot) -> bool:
        return is_stale(snapshot)


class RecomputeSerializer(serializers.Serializer):
    month = serializers.RegexField(r"^(19|20|21)\d{2}-(0[1-9]|1[0-2])$", help_text="YYYY-MM")


class TaskStateSerializer(serializers.Serializer):
    task_id = serializers.CharField()
    state = serializers.CharField(help_text="PENDING, STARTED, SUCCESS or FAILURE")
    snapshots = serializers.IntegerField(allow_null=True)
    done = serializers.IntegerField(allow_null=True, help_text="Snapshots computed so far (while STARTED).")
    total = serializers.IntegerField(allow_null=True, help_text="Snapshots the month has (while STARTED).")
    message = serializers.CharField(allow_blank=True, help_text="Why it failed.")


class SnapshotViewSet(TenantViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Stored analytics snapshots; managers recompute a month."""

    required_roles = READERS
    serializer_class = SnapshotDetailSerializer
    filterset_class = filterset_for(
        Snapshot, exact=["subject_type", "subject_id", "period_start", "period_kind"], text=["method"]
    )
    search_fields = ["subject_label"]

    def get_queryset(self):
        return Snapshot.objects.order_by("method", "subject_label", "-period_start")

    def get_serializer_class(self):
        return SnapshotSerializer if self.action == "list" else SnapshotDetailSerializer

    @extend_schema(request=RecomputeSerializer, responses={202: TaskStateSerializer})
    @action(detail=False, methods=["post"])
    def recompute(self, request, *args, **kwargs):
        if Role.MANAGER not in request.cooperative_roles:
            self.permission_denied(request, message="Only a manager can recompute.")
        serializer = RecomputeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        month = str(Month.parse(serializer.validated_data["month"]))
        # When the broker is down: BackgroundUnavailable, a 503 (koperasi.core.middleware); nothing started.
        result = enqueue(compute_month_snapshots, cooperative_id=request.cooperative.pk, month=month,
                         actor_id=request.user.pk)  # fmt: skip
        return Response(self._state(request, result.id), status=status.HTTP_202_ACCEPTED)

    @extend_schema(parameters=[OpenApiParameter("task_id", str, required=True)], responses={200: TaskStateSerializer})
    @action(detail=False, methods=["get"], url_path="recompute-status")
    def recompute_status(self, request, *args, **kwargs):
        return Response(self._state(request, str(request.query_params.get("task_id", ""))[:64]))

    @staticmethod
    def _state(request, task_id: str) -> dict:
        state = job_state(request.cooperative.pk, task_id)
        body = {"task_id": task_id, "snapshots": state.get("snapshots"), "message": state.get("message", ""),
                "state": state["state"], "done": state.get("done"), "total": state.get("total")}  # fmt: skip
        return TaskStateSerializer(body).data
