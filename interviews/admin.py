"""Admin for the question bank and interview plans (configuration and support; HR works in the pages)."""

from django.contrib import admin

from interviews.models import InterviewPlan, InterviewRound, Question, RoundQuestion


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
