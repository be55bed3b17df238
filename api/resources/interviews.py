"""Interviews and submitted scorecards, read-only, scoped by interviews.access like the schedule page (an
interviewer sees only the interviews they are assigned to)."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.response import Response

from api.resources.base import ReadViewSet, audit_read, with_updated_since
from interviews import access as interview_access
from interviews.models import Interview, Scorecard, ScorecardScore
from recruiting.access import get_or_deny


class InterviewSerializer(serializers.ModelSerializer):
    round = serializers.CharField(source="round.name", read_only=True)
    position = serializers.CharField(source="application.position.code", read_only=True)
    candidate_name = serializers.CharField(source="application.candidate.name", read_only=True)
    interviewers = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)

    class Meta:
        model = Interview
        fields = ["id", "application", "round", "position", "candidate_name", "starts_at", "ends_at", "room",
                  "status", "status_changed_at", "interviewers", "updated_at"]


@with_updated_since
class InterviewViewSet(ReadViewSet):
    read_scope = "read:interviews"
    serializer_class = InterviewSerializer

    def scoped_queryset(self):
        return interview_access.interviews_visible_to(self.request.user).select_related(
            "round", "application__position", "application__candidate").only(
            "id", "application_id", "round__name", "application__position__code", "application__candidate__name",
            "starts_at", "ends_at", "room", "status", "status_changed_at", "updated_at",
        ).prefetch_related("interviewers")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        if page:
            audit_read(request, "interviews.Interview", page, ["candidate.name"])
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        interview = get_or_deny(self.get_queryset(), Interview, kwargs["pk"])
        audit_read(request, "interviews.Interview", [interview], ["candidate.name"])
        return Response(self.get_serializer(interview).data)


class ScoreSerializer(serializers.ModelSerializer):
    competency = serializers.CharField(source="competency.code", read_only=True)

    class Meta:
        model = ScorecardScore
        fields = ["competency", "score"]


class ScorecardSerializer(serializers.ModelSerializer):
    interviewer = serializers.CharField(source="interviewer.username", read_only=True)
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta:
        model = Scorecard
        fields = ["id", "interview", "interviewer", "version", "recommendation", "submitted_at", "scores"]


class ScorecardViewSet(ReadViewSet):
    """The current submitted scorecard of each interviewer, for interviews in the user's scope."""

    read_scope = "read:scorecards"
    serializer_class = ScorecardSerializer
    audit_fields = ("scores", "recommendation")
    updated_field = "submitted_at"

    def scoped_queryset(self):
        visible = interview_access.interviews_visible_to(self.request.user).values("pk")
        return Scorecard.objects.filter(interview__in=visible, is_current=True,
                                        status=Scorecard.Status.SUBMITTED).select_related("interviewer") \
            .prefetch_related("scores__competency")
