"""Offers and onboarding (status for the roles that follow them, pay only with ``view_offer_pay``), payroll
run summaries and interview costs (finance and admin: the scopes read:payroll / read:interview_costs)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from api.resources.base import ReadViewSet
from hrportal import audit, policy
from payroll.costs.selectors import cost_report
from payroll.models import Offer, Onboarding, PayrollRun
from payroll.runs.selectors import summarise
from recruiting import access as recruiting_access


class OfferSerializer(serializers.ModelSerializer):
    position = serializers.CharField(source="application.position.code", read_only=True)
    candidate_name = serializers.CharField(source="application.candidate.name", read_only=True)
    monthly_total = serializers.SerializerMethodField()

    class Meta:
        model = Offer
        fields = ["id", "application", "position", "candidate_name", "status", "status_changed_at", "start_date",
                  "contract_type", "term_months", "probation_months", "sent_at", "responded_at", "monthly_total"]

    def get_monthly_total(self, obj) -> str | None:
        if not policy.can(self.context["request"].user, "view_offer_pay"):
            return None
        return str(obj.monthly_total)


class OfferViewSet(ReadViewSet):
    read_scope = "read:offers"
    serializer_class = OfferSerializer
    audit_fields = ("candidate.name", "status", "monthly_total")
    updated_field = "status_changed_at"

    def scoped_queryset(self):
        applications = recruiting_access.applications_for(self.request.user).values("pk")
        return Offer.objects.filter(application__in=applications).select_related(
            "application__position", "application__candidate")


class OnboardingSerializer(serializers.ModelSerializer):
    offer_status = serializers.CharField(source="offer.status", read_only=True)
    employee_no = serializers.CharField(source="employee.employee_no", read_only=True, default=None)

    class Meta:
        model = Onboarding
        fields = ["id", "offer", "offer_status", "status", "employee_no", "onboarded_at"]


class OnboardingViewSet(ReadViewSet):
    read_scope = "read:onboarding"
    serializer_class = OnboardingSerializer
    audit_fields = ("status", "employee_no")
    updated_field = "onboarded_at"

    def scoped_queryset(self):
        applications = recruiting_access.applications_for(self.request.user).values("pk")
        return Onboarding.objects.filter(offer__application__in=applications).select_related("offer", "employee")


class PayrollRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = PayrollRun
        fields = ["id", "year", "month", "status", "pay_date", "employee_count", "calculated_at", "approved_at",
                  "closed_at", "updated_at"]


class PayrollRunDetailSerializer(PayrollRunSerializer):
    summary = serializers.SerializerMethodField()

    class Meta(PayrollRunSerializer.Meta):
        fields = [*PayrollRunSerializer.Meta.fields, "summary"]

    def get_summary(self, obj) -> dict:
        """Totals by department and cost line (no person's figures)."""
        return summarise(obj.lines.select_related("department"))


class PayrollRunViewSet(ReadViewSet):
    read_scope = "read:payroll"
    serializer_class = PayrollRunSerializer

    def get_serializer_class(self):
        return PayrollRunDetailSerializer if self.action == "retrieve" else PayrollRunSerializer

    def scoped_queryset(self):
        return PayrollRun.objects.all()

    def retrieve(self, request, *args, **kwargs):
        run = self.get_object()
        audit.record(action="view", obj=run, fields=["totals"], request=request, actor=request.user, note="api")
        return Response(self.get_serializer(run).data)


class CostPeriod(serializers.Serializer):
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)


class InterviewCostsView(APIView):
    """Interview costs per position (the cost report's figures), optionally for ``date_from``/``date_to``."""

    read_scope = "read:interview_costs"

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, parameters=[
        OpenApiParameter("date_from", OpenApiTypes.DATE), OpenApiParameter("date_to", OpenApiTypes.DATE)])
    def get(self, request):
        period = CostPeriod(data=request.query_params)
        period.is_valid(raise_exception=True)
        report = cost_report(**period.validated_data)
        audit.record(action="view", object_type="interview_costs", fields=["cost"], request=request,
                     actor=request.user, note="api interview cost report")
        return Response({
            "total": str(report["total"].total),
            "positions": [
                {"position_id": row["key"], "label": row["label"], "total": str(row["cost"].total),
                 "interviews": row["cost"].interviews, "hires": row.get("hires", 0),
                 "per_hire": None if row.get("per_hire") is None else str(row["per_hire"])}
                for row in report["positions"]
            ],
        })
