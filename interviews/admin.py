"""Admin for the question bank and interview plans (configuration and support; HR works in the pages)."""

from django.contrib import admin
from django.db import models

from interviews.models import (
    BiasAudit,
    Interview,
    InterviewAssignment,
    InterviewPlan,
    InterviewRound,
    InterviewStatusChange,
    Question,
    RoundQuestion,
    SelfIdentification,
    SlotOffer,
)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("text_zh", "position", "competency", "question_type", "difficulty", "status", "source")
    list_filter = ("status", "question_type", "source", "difficulty")
    search_fields = ("text_zh", "text_en", "position__code", "position__title_zh", "competency__name_zh")
    list_select_related = ("position", "competency")
    raw_id_fields = ("position", "competency")


class RoundQuestionInline(admin.TabularInline):
    model = RoundQuestion
    extra = 0
    raw_id_fields = ("question",)


@admin.register(InterviewRound)
class InterviewRoundAdmin(admin.ModelAdmin):
    list_display = ("name", "plan", "order")
    search_fields = ("name", "plan__position__code", "plan__position__title_zh")
    list_select_related = ("plan__position",)
    inlines = [RoundQuestionInline]


@admin.register(InterviewPlan)
class InterviewPlanAdmin(admin.ModelAdmin):
    list_display = ("position",)
    search_fields = ("position__code", "position__title_zh")
    list_select_related = ("position",)


# --- the schedule (issue 4 item 3) ------------------------------------------------------------------------


class InterviewAssignmentInline(admin.TabularInline):
    model = InterviewAssignment
    extra = 0
    raw_id_fields = ("interviewer",)


class InterviewStatusChangeInline(admin.TabularInline):
    """The history is written by set_status()/reschedule() and the schedule services only."""

    model = InterviewStatusChange
    extra = 0
    can_delete = False
    fields = ("at", "kind", "from_status", "to_status", "source", "changed_by", "reason", "details")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class SlotOfferInline(admin.TabularInline):
    model = SlotOffer
    extra = 0


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    """Support view of the schedule. Status, times and version are read-only here: they change only through
    the portal's pages (set_status / reschedule keep the history and tell WeCom)."""

    list_display = ("__str__", "starts_at", "ends_at", "room", "status", "schedule_version")
    list_filter = ("status",)
    search_fields = ("application__candidate__name", "application__position__code", "room")
    list_select_related = ("application__candidate", "application__position", "round")
    raw_id_fields = ("application", "round", "organizer")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # as the scheduling form does
    readonly_fields = ("status", "status_changed_at", "schedule_version", "starts_at", "ends_at")
    date_hierarchy = "starts_at"
    inlines = [InterviewAssignmentInline, SlotOfferInline, InterviewStatusChangeInline]

    def has_add_permission(self, request):
        return False  # interviews are scheduled on the schedule page (conflict check, stage move, signals)


@admin.register(SelfIdentification)
class SelfIdentificationAdmin(admin.ModelAdmin):
    """Voluntary self-identification for the bias audit (entered from the candidate's consent form). Counted
    only with ``consent_at``; deleting the row is how a withdrawn consent is honoured."""

    list_display = ("candidate", "gender", "age_band", "school_tier", "consent_at", "consent_version")
    list_filter = ("gender", "age_band", "school_tier")
    raw_id_fields = ("candidate",)


@admin.register(BiasAudit)
class BiasAuditAdmin(admin.ModelAdmin):
    list_display = ("computed_at", "flags", "seconds", "computed_by")
    readonly_fields = ("computed_at", "computed_by", "result", "flags", "seconds")

    def has_add_permission(self, request):
        return False  # computed on the bias audit page or by the nightly job
