"""Departments, positions (competency model, salary structures), employees and performance reviews.
The EHR owns employees and reviews: it pushes them here, upserting by its own employee number."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from api.resources.base import IDEMPOTENCY_KEY, IdempotentCreateMixin, ReadViewSet, with_updated_since
from hrportal import audit, masking, policy
from payroll.models import SalaryStructure
from recruiting import access as recruiting_access
from recruiting.models import Department, Employee, PerformanceReview, Position, PositionCompetency


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "name", "name_en", "parent", "updated_at"]


@with_updated_since
class DepartmentViewSet(ReadViewSet):
    read_scope = "read:departments"
    serializer_class = DepartmentSerializer

    def scoped_queryset(self):
        return Department.objects.all()


class CompetencyWeightSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="competency.code", read_only=True)
    name = serializers.CharField(source="competency.name_zh", read_only=True)
    name_en = serializers.CharField(source="competency.name_en", read_only=True)
    must_have_skills = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = PositionCompetency
        fields = ["code", "name", "name_en", "weight", "must_have_skills"]


class SalaryStructureRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = SalaryStructure
        fields = ["id", "name", "grade", "valid_from"]


class PositionSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="code", queryset=Department.objects.all())
    competency_model = CompetencyWeightSerializer(source="position_competencies", many=True, read_only=True)
    salary_structures = SalaryStructureRefSerializer(many=True, read_only=True)

    class Meta:
        model = Position
        fields = ["id", "code", "title_zh", "title_en", "department", "status", "priority", "headcount",
                  "min_years", "min_education", "duties", "requirements", "city", "salary_min", "salary_max",
                  "competency_model", "salary_structures", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs):
        instance = Position(**{**({f: getattr(self.instance, f) for f in attrs} if self.instance else {}), **attrs})
        low, high = attrs.get("salary_min", instance.salary_min), attrs.get("salary_max", instance.salary_max)
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"salary_max": "salary_max is below salary_min"})
        return attrs


@with_updated_since
class PositionViewSet(IdempotentCreateMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ReadViewSet):
    """Positions in the token user's scope (a hiring manager: their departments), like the position list."""

    read_scope = "read:positions"
    write_scope = "write:positions"
    serializer_class = PositionSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def scoped_queryset(self):
        competencies = PositionCompetency.objects.select_related("competency").prefetch_related("must_have_skills")
        return recruiting_access.positions_for(self.request.user).select_related("department").prefetch_related(
            Prefetch("position_competencies", queryset=competencies), "salary_structures",
        )

    @extend_schema(parameters=[IDEMPOTENCY_KEY])
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_api_create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        position = serializer.save()
        audit.record(action="create", obj=position, request=request, actor=request.user, note="api")
        return Response(self.get_serializer(self.get_queryset().get(pk=position.pk)).data,
                        status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        position = serializer.save()
        audit.record(action="change", obj=position, fields=list(serializer.validated_data), actor=self.request.user,
                     request=self.request, note="api")


# --- employees and reviews (upsert by the EHR's employee number) -------------------------------------------


class EmployeeSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="code", queryset=Department.objects.all())
    position = serializers.SlugRelatedField(slug_field="code", queryset=Position.objects.all(), required=False,
                                            allow_null=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    email = serializers.CharField(required=False, allow_blank=True)

    class Meta:
        model = Employee
        fields = ["employee_no", "name", "department", "position", "hire_date", "leave_date", "phone", "email",
                  "updated_at"]
        read_only_fields = ["employee_no", "updated_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = self.context["request"].user
        if not policy.can(user, "view_employee_contact"):
            data["phone"], data["email"] = masking.mask_phone(instance.phone), masking.mask_email(instance.email)
        return data


@with_updated_since
class EmployeeViewSet(ReadViewSet):
    """Employees, read; ``PUT /employees/{employee_no}/`` creates or replaces one (the EHR's push)."""

    read_scope = "read:employees"
    write_scope = "write:employees"
    serializer_class = EmployeeSerializer
    lookup_field = "employee_no"
    lookup_value_regex = r"[A-Za-z0-9_.\-]+"

    def scoped_queryset(self):
        return Employee.objects.select_related("department", "position")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        ids = ",".join(row["employee_no"] for row in response.data["results"])
        audit.record(action="view", object_type="recruiting.Employee", fields=["phone", "email"], request=request,
                     actor=request.user, note=f"api employee list: {ids}"[:300])
        return response

    def retrieve(self, request, *args, **kwargs):
        employee = self.get_object()
        audit.record(action="view", obj=employee, fields=["phone", "email"], request=request, actor=request.user,
                     note="api")
        return Response(self.get_serializer(employee).data)

    @extend_schema(request=EmployeeSerializer, responses={200: EmployeeSerializer, 201: EmployeeSerializer})
    @transaction.atomic
    def update(self, request, employee_no=None):
        """Create or replace the employee with this number (200 replaced, 201 created)."""
        existing = Employee.objects.select_for_update().filter(employee_no=employee_no).first()
        serializer = self.get_serializer(existing, data=request.data)
        serializer.is_valid(raise_exception=True)
        employee = serializer.save(**({} if existing else {"employee_no": employee_no}))
        audit.record(action="change" if existing else "create", obj=employee, fields=list(serializer.validated_data),
                     request=request, actor=request.user, note="api upsert")
        return Response(self.get_serializer(employee).data,
                        status=status.HTTP_200_OK if existing else status.HTTP_201_CREATED)


class PerformanceReviewSerializer(serializers.ModelSerializer):
    employee_no = serializers.SlugRelatedField(source="employee", slug_field="employee_no",
                                               queryset=Employee.objects.all())

    class Meta:
        model = PerformanceReview
        fields = ["id", "employee_no", "period", "rating", "score", "reviewed_on"]
        validators = []  # (employee, period) is the upsert key, not a conflict


class PerformanceReviewViewSet(IdempotentCreateMixin, mixins.CreateModelMixin, ReadViewSet):
    """Reviews, read; POST upserts by (employee_no, period) — 201 created, 200 replaced."""

    read_scope = "read:employees"
    write_scope = "write:employees"
    serializer_class = PerformanceReviewSerializer
    updated_field = None

    def scoped_queryset(self):
        return PerformanceReview.objects.select_related("employee")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        audit.record(action="view", object_type="recruiting.PerformanceReview", fields=["rating", "score"],
                     request=request, actor=request.user, note=f"api review list: {len(response.data['results'])} rows")
        return response

    @extend_schema(parameters=[IDEMPOTENCY_KEY])
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @transaction.atomic
    def perform_api_create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        review, created = PerformanceReview.objects.update_or_create(
            employee=data["employee"], period=data["period"],
            defaults={k: v for k, v in data.items() if k not in ("employee", "period")},
        )
        audit.record(action="create" if created else "change", obj=review, fields=["rating", "score"],
                     request=request, actor=request.user, note="api upsert")
        return Response(self.get_serializer(review).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
