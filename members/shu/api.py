"""API of SHU under ``/api/v1/k/<slug>/shu/``: the rules (``POST`` makes the year's next version), the
distributions (``compute/`` a year's draft, ``<id>/approve/``, ``<id>/post/``, ``<id>/pay/`` for a
manager; ``<id>/shares/`` every member's amounts) and, for a member, ``mine/`` (their own SHU per year
and this year's estimate). Refusals answer 400 with a ``code`` (``shu_rule_invalid``,
``shu_year_not_closed``, ``shu_distribution_frozen``, ``shu_wrong_status``)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from koperasi.tenancy.api import TenantViewSetMixin
from koperasi.tenancy.models import Role
from members.api_common import CodedErrorsMixin, ManagerWritesMixin, choice_field, day_of, validated
from members.portal import me
from members.shu import selectors, services
from members.shu.models import CapitalBasis, PatronageMode, PayoutMethod, ShuDistribution, ShuRule, ShuShare

READERS = (Role.MANAGER, Role.STAFF, Role.ASSESSOR)


class ShuSourceSerializer(serializers.Serializer):
    key = serializers.CharField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, default=0)
    weight = serializers.DecimalField(max_digits=9, decimal_places=2, required=False, default=1)


class ShuRuleSerializer(serializers.ModelSerializer):
    capital_basis = choice_field(CapitalBasis.choices, required=False)
    patronage_mode = choice_field(PatronageMode.choices, required=False)
    capital_kinds = serializers.ListField(child=serializers.CharField(), required=False)
    sources = ShuSourceSerializer(many=True, required=False)

    class Meta:
        model = ShuRule
        fields = ["id", "fiscal_year", "version", "reserve", "capital", "patronage", "fund_board", "fund_employees",
                  "fund_education", "fund_social", "fund_regional_development", "capital_kinds", "capital_basis",
                  "patronage_mode", "sources", "include_leavers", "created_at"]  # fmt: skip
        read_only_fields = ["version", "created_at"]
        extra_kwargs = {name: {"required": False} for name in (
            "reserve", "capital", "patronage", "fund_board", "fund_employees", "fund_education", "fund_social",
            "fund_regional_development", "include_leavers")}  # fmt: skip


class Base(CodedErrorsMixin, TenantViewSetMixin, viewsets.GenericViewSet):
    required_roles = READERS


class RuleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, Base):
    serializer_class = ShuRuleSerializer
    queryset = ShuRule.objects.order_by("-fiscal_year", "-version")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.save_rule(actor=self.request.user, fiscal_year=data.pop("fiscal_year"), **data)


class ShuShareSerializer(serializers.ModelSerializer):
    member_no = serializers.IntegerField(source="member.member_no", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    fiscal_year = serializers.IntegerField(source="distribution.fiscal_year", read_only=True)

    class Meta:
        model = ShuShare
        fields = ["id", "fiscal_year", "member", "member_no", "member_name", "capital_base", "patronage_bases",
                  "capital_amount", "patronage_amount", "total", "paid"]  # fmt: skip


class ShuDistributionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ShuDistribution
        fields = ["id", "fiscal_year", "rule", "status", "surplus", "pools", "members_total", "computed_at",
                  "rat_date", "minutes_reference", "approved_at", "journal_entry"]  # fmt: skip


class ShuComputeSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField(min_value=2000, max_value=2100)


class ShuApproveSerializer(serializers.Serializer):
    rat_date = serializers.DateField()
    minutes_reference = serializers.CharField(max_length=100)


class ShuPostSerializer(serializers.Serializer):
    date = serializers.DateField(required=False)


class ShuPaySerializer(serializers.Serializer):
    date = serializers.DateField(required=False)
    method = choice_field(PayoutMethod.choices, required=False, default=PayoutMethod.CASH)


class ShuPayResultSerializer(serializers.Serializer):
    paid = serializers.IntegerField()


class DistributionViewSet(ManagerWritesMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, Base):
    serializer_class = ShuDistributionSerializer
    queryset = ShuDistribution.objects.order_by("-fiscal_year")

    def _answer(self, distribution):
        return Response(ShuDistributionSerializer(distribution).data)

    @extend_schema(request=ShuComputeSerializer, responses=ShuDistributionSerializer)
    @action(detail=False, methods=["post"])
    def compute(self, request, *args, **kwargs):
        if request.tenant_read_only:
            self.permission_denied(request)
        year = validated(ShuComputeSerializer, request)["fiscal_year"]
        return self._answer(services.compute_draft(actor=request.user, fiscal_year=year))

    @extend_schema(request=ShuApproveSerializer, responses=ShuDistributionSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        distribution = self.get_object()
        self.require_manager()
        data = validated(ShuApproveSerializer, request)
        return self._answer(services.approve(actor=request.user, distribution=distribution, **data))

    @extend_schema(request=ShuPostSerializer, responses=ShuDistributionSerializer)
    @action(detail=True, methods=["post"], url_path="post")
    def post_distribution(self, request, *args, **kwargs):
        distribution = self.get_object()
        self.require_manager()
        on = day_of(validated(ShuPostSerializer, request))
        return self._answer(services.post_distribution(actor=request.user, distribution=distribution, on=on))

    @extend_schema(request=ShuPaySerializer, responses=ShuPayResultSerializer)
    @action(detail=True, methods=["post"])
    def pay(self, request, *args, **kwargs):
        distribution = self.get_object()
        self.require_manager()
        data = validated(ShuPaySerializer, request)
        paid = services.pay_all(actor=request.user, distribution=distribution, on=day_of(data), method=data["method"])
        return Response({"paid": paid})

    @extend_schema(responses=ShuShareSerializer(many=True))
    @action(detail=True, methods=["get"])
    def shares(self, request, *args, **kwargs):
        found = selectors.shares(self.get_object(), request.query_params.get("q", ""))
        page = self.paginate_queryset(found)
        return self.get_paginated_response(ShuShareSerializer(page, many=True).data)


class ShuEstimateSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField()
    until = serializers.DateField()
    capital = serializers.DecimalField(max_digits=18, decimal_places=2)
    patronage = serializers.DecimalField(max_digits=18, decimal_places=2)
    total = serializers.DecimalField(max_digits=18, decimal_places=2)


class MyShuSerializer(serializers.Serializer):
    years = ShuShareSerializer(many=True)
    estimate = ShuEstimateSerializer(allow_null=True)


class MemberShuViewSet(TenantViewSetMixin, viewsets.GenericViewSet):
    """A member's own SHU (``mine/``): every year shared at a RAT and this year's estimate (not final)."""

    required_roles = (Role.MEMBER,)
    serializer_class = MyShuSerializer
    queryset = ShuShare.objects.none()

    @extend_schema(responses=MyShuSerializer)
    @action(detail=False, methods=["get"])
    def mine(self, request, *args, **kwargs):
        from django.utils import timezone

        member = me(request)
        estimate = selectors.estimate(member, timezone.localdate())
        found = {"years": selectors.member_history(member), "estimate": estimate}
        return Response(MyShuSerializer(found).data)


TENANT_ROUTES = [
    ("shu/rules", RuleViewSet, "shu-rule"),
    ("shu/distributions", DistributionViewSet, "shu-distribution"),
    ("shu", MemberShuViewSet, "shu-member"),
]
