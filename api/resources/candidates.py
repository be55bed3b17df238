"""Candidates, applications and screening results: the same object scoping (recruiting.access) and masking
(hrportal.masking, the contact capabilities of hrportal.policy) as the candidate pages, and every read of
personal data audited like a page view. New candidates come in through the resume intake service."""

from __future__ import annotations

from django.db.models import F
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from api.resources.base import (
    IDEMPOTENCY_KEY,
    IdempotentCreateMixin,
    ReadViewSet,
    audit_read,
    with_updated_since,
)
from hrportal import masking, policy
from recruiting import access as recruiting_access
from recruiting.analytics_facts import store as analytics_store
from recruiting.intake.services import intake_files
from recruiting.models import Application, Candidate, IntakeBatch, Position, ScreeningResult


def contact_view(user) -> tuple[bool, bool]:
    """(contact in clear, salary in clear) for this user, as the candidate pages decide."""
    return policy.can(user, "view_candidate_contact"), policy.can(user, "view_candidate_salary")


class CandidateSerializer(serializers.ModelSerializer):
    phone = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()
    expected_salary = serializers.SerializerMethodField()

    class Meta:
        model = Candidate
        fields = ["id", "name", "phone", "email", "city", "current_title", "current_company", "years_experience",
                  "highest_education", "expected_salary", "source", "retention_until", "created_at", "updated_at"]

    def _clear(self) -> tuple[bool, bool]:
        cached = self.context.get("_clear")
        if cached is None:
            cached = self.context["_clear"] = contact_view(self.context["request"].user)
        return cached

    def get_phone(self, obj) -> str:
        return obj.phone if self._clear()[0] else masking.mask_phone(obj.phone)

    def get_email(self, obj) -> str:
        return obj.email if self._clear()[0] else masking.mask_email(obj.email)

    def get_expected_salary(self, obj) -> str | None:
        if obj.expected_salary is None:
            return None
        return str(obj.expected_salary) if self._clear()[1] else masking.mask_money(obj.expected_salary)


class CandidateIntakeSerializer(serializers.Serializer):
    """A resume as text or as a file (PDF, Word, text, a zip of them), optionally for a position."""

    resume_text = serializers.CharField(required=False, allow_blank=False, max_length=200_000)
    file = serializers.FileField(required=False)
    position = serializers.SlugRelatedField(slug_field="code", queryset=Position.objects.all(), required=False,
                                            allow_null=True)
    consented = serializers.BooleanField(default=False, help_text="the candidate agreed to the privacy notice")

    def validate(self, attrs):
        if bool(attrs.get("resume_text")) == bool(attrs.get("file")):
            raise serializers.ValidationError("send exactly one of resume_text or file")
        return attrs


class IntakeItemSerializer(serializers.Serializer):
    filename = serializers.CharField()
    outcome = serializers.CharField()
    message = serializers.CharField()
    candidate = serializers.IntegerField(source="candidate_id", allow_null=True)
    application = serializers.IntegerField(source="application_id", allow_null=True)


class IntakeResultSerializer(serializers.Serializer):
    batch = serializers.IntegerField()
    items = IntakeItemSerializer(many=True)


@with_updated_since
class CandidateViewSet(IdempotentCreateMixin, mixins.CreateModelMixin, ReadViewSet):
    read_scope = "read:candidates"
    write_scope = "write:candidates"
    serializer_class = CandidateSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def scoped_queryset(self):
        return recruiting_access.candidates_for(self.request.user).filter(purged_at__isnull=True).defer(
            "resume_text", "id_number")

    def _shown_fields(self) -> list[str]:
        clear_contact, clear_salary = contact_view(self.request.user)
        return ["name"] + (["phone", "email"] if clear_contact else []) + (["expected_salary"] if clear_salary else [])

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        if page:
            audit_read(request, "recruiting.Candidate", page, self._shown_fields())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        candidate = recruiting_access.get_or_deny(self.get_queryset(), Candidate, kwargs["pk"])
        audit_read(request, "recruiting.Candidate", [candidate], self._shown_fields())
        return Response(self.get_serializer(candidate).data)

    @extend_schema(request=CandidateIntakeSerializer, responses={201: IntakeResultSerializer},
                   parameters=[IDEMPOTENCY_KEY])
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_api_create(self, request):
        form = CandidateIntakeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        position = data.get("position")
        if position is not None:
            position = recruiting_access.get_position_for_user(request.user, position.pk)
        if data.get("file"):
            upload = data["file"]
            files = [(upload.name, upload)]
        else:
            files = [("api.txt", data["resume_text"].encode("utf-8"))]
        batch = intake_files(files=files, position=position, by=request.user, source=IntakeBatch.Source.COMMAND,
                             consented=data["consented"])
        items = list(batch.items.all())
        created = [i.application_id for i in items if i.application_id]
        with analytics_store.batch():  # the source moves them to other analytics slices: before and after
            analytics_store.touch(created)
            Application.objects.filter(pk__in=created).update(source=Application.Source.API)
        return Response(IntakeResultSerializer({"batch": batch.pk, "items": items}).data,
                        status=status.HTTP_201_CREATED)


class ApplicationSerializer(serializers.ModelSerializer):
    # annotated in the query (one model instance per row, not three)
    position = serializers.CharField(source="position_code", read_only=True)
    candidate_name = serializers.CharField(read_only=True)

    class Meta:
        model = Application
        fields = ["id", "candidate", "candidate_name", "position", "stage", "stage_changed_at", "applied_at",
                  "screening_score", "source", "source_detail", "created_at", "updated_at"]


@with_updated_since
class ApplicationViewSet(ReadViewSet):
    read_scope = "read:applications"
    serializer_class = ApplicationSerializer

    def scoped_queryset(self):
        return recruiting_access.applications_for(self.request.user).annotate(
            position_code=F("position__code"), candidate_name=F("candidate__name"),
        ).only("id", "candidate_id", "stage", "stage_changed_at", "applied_at", "screening_score", "source",
               "source_detail", "created_at", "updated_at")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        if page:
            audit_read(request, "recruiting.Application", page, ["candidate.name", "stage"])
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        application = recruiting_access.get_or_deny(self.get_queryset(), Application, kwargs["pk"])
        audit_read(request, "recruiting.Application", [application], ["candidate.name", "stage"])
        return Response(self.get_serializer(application).data)


class ScreeningResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScreeningResult
        fields = ["id", "application", "score", "breakdown", "flags", "matched_terms", "explanation_zh",
                  "explanation_en", "engine_version", "weights_version", "created_at"]


class ScreeningResultViewSet(ReadViewSet):
    """Screening results with their explanation, for applications in the user's scope."""

    read_scope = "read:screening"
    serializer_class = ScreeningResultSerializer
    audit_fields = ("score", "explanation")
    updated_field = "created_at"  # results are written once, never changed

    def scoped_queryset(self):
        return ScreeningResult.objects.filter(
            application__in=recruiting_access.applications_for(self.request.user).values("pk"))
