"""Admin for every recruiting model. Personal data is masked in lists (hrportal.masking); encrypted
fields are never listed raw, searched or ordered in SQL (phone/e-mail search goes through the blind
index); opening a candidate's or employee's change page is audited; stages only move through the
pipeline (the admin shows them read-only)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hrportal import audit, crypto, masking
from recruiting.models import (
    Application,
    ApplicationCompetencyScore,
    ApplicationStageChange,
    Candidate,
    CareersSettings,
    Competency,
    Department,
    Employee,
    PerformanceReview,
    Position,
    PositionCompetency,
    Skill,
)


class BlindIndexSearchMixin:
    """Adds exact phone / e-mail matches (through the HMAC blind index) to the admin search box."""

    blind_index_fields: dict[str, str] = {}  # kind -> hash field

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = (search_term or "").strip()
        if not term:
            return results, may_have_duplicates
        kind = "email" if "@" in term else ("phone" if crypto.normalise_phone(term) else None)
        hash_field = self.blind_index_fields.get(kind) if kind else None
        if hash_field:
            digest = crypto.blind_index(term, kind=kind)
            if digest:
                results = results | queryset.filter(**{hash_field: digest})
        return results, may_have_duplicates


class AuditedChangeViewMixin:
    """Opening the change page shows personal data in clear: write a 'view' audit row."""

    audited_fields: tuple[str, ...] = ()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, object_id)
            if obj is not None:
                shown = [name for name in self.audited_fields if getattr(obj, name, None) not in (None, "")]
                if shown:
                    audit.record(action="view", obj=obj, fields=shown, request=request, note="admin")
        return super().change_view(request, object_id, form_url, extra_context)


class SingleLinePersonalFieldsMixin:
    """Encrypted fields are TextFields; phone, e-mail and ID number are edited on one line."""

    single_line_fields = ("phone", "email", "id_number")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.single_line_fields:
            kwargs["widget"] = forms.TextInput(attrs={"class": "vTextField"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "parent")
    list_filter = (("parent", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("code", "name", "name_en")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "alias_list")
    list_filter = ("category",)
    search_fields = ("name", "category")

    @admin.display(description=_("别名与同义词"))
    def alias_list(self, obj):
        return "、".join(obj.aliases or [])


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "updated_at")
    list_filter = ("updated_at",)
    search_fields = ("code", "name_zh", "name_en", "description")


class PositionCompetencyInline(admin.TabularInline):
    model = PositionCompetency
    extra = 0
    autocomplete_fields = ("competency",)
    filter_horizontal = ("must_have_skills",)


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("code", "title_zh", "department", "status", "published", "closes_on", "priority", "headcount",
                    "hiring_manager")
    list_filter = ("status", "published", "priority", "department", "min_education")
    search_fields = ("code", "title_zh", "title_en")
    list_select_related = ("department", "hiring_manager")
    autocomplete_fields = ("department", "hiring_manager")
    inlines = [PositionCompetencyInline]


@admin.register(CareersSettings)
class CareersSettingsAdmin(admin.ModelAdmin):
    """The careers page's one settings row: company name, logo, introduction and the privacy notice."""

    list_display = ("__str__", "company_name_zh", "notice_version", "updated_at")

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not CareersSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PositionCompetency)
class PositionCompetencyAdmin(admin.ModelAdmin):
    list_display = ("position", "competency", "weight", "order")
    list_filter = (("position__department", admin.RelatedOnlyFieldListFilter), ("competency", admin.RelatedOnlyFieldListFilter))
    search_fields = ("position__code", "position__title_zh", "competency__name_zh", "competency__code")
    list_select_related = ("position", "competency")
    autocomplete_fields = ("position", "competency")
    filter_horizontal = ("must_have_skills",)


@admin.register(Employee)
class EmployeeAdmin(SingleLinePersonalFieldsMixin, BlindIndexSearchMixin, AuditedChangeViewMixin, admin.ModelAdmin):
    list_display = ("employee_no", "name", "department", "position", "masked_phone", "hire_date", "leave_date")
    list_filter = ("department", ("hire_date", admin.DateFieldListFilter), ("leave_date", admin.EmptyFieldListFilter))
    search_fields = ("employee_no", "name", "wecom_userid")
    blind_index_fields = {"phone": "phone_hash"}
    audited_fields = ("phone", "email", "id_number", "base_salary")
    list_select_related = ("department", "position")
    autocomplete_fields = ("user", "department", "position", "manager", "hired_through")

    @admin.display(description=_("手机号"))
    def masked_phone(self, obj):
        return masking.mask_phone(obj.phone)


@admin.register(PerformanceReview)
class PerformanceReviewAdmin(admin.ModelAdmin):
    list_display = ("employee", "period", "rating", "score", "reviewed_on")
    list_filter = ("rating", "period")
    search_fields = ("employee__name", "employee__employee_no", "period")
    list_select_related = ("employee",)
    autocomplete_fields = ("employee",)


class ApplicationInline(admin.TabularInline):
    model = Application
    extra = 0
    fields = ("position", "stage", "applied_at", "screening_score")
    readonly_fields = ("stage",)
    autocomplete_fields = ("position",)
    show_change_link = True


@admin.register(Candidate)
class CandidateAdmin(SingleLinePersonalFieldsMixin, BlindIndexSearchMixin, AuditedChangeViewMixin, admin.ModelAdmin):
    list_display = ("name", "masked_phone", "masked_email", "city", "source", "highest_education", "created_at")
    list_filter = ("source", "highest_education", "talent_pool_consent", ("retention_until", admin.DateFieldListFilter))
    search_fields = ("name", "city", "current_company", "current_title")
    blind_index_fields = {"phone": "phone_hash", "email": "email_hash"}
    audited_fields = ("phone", "email", "id_number", "expected_salary", "resume_text")
    inlines = [ApplicationInline]

    @admin.display(description=_("手机号"))
    def masked_phone(self, obj):
        return masking.mask_phone(obj.phone)

    @admin.display(description=_("邮箱"))
    def masked_email(self, obj):
        return masking.mask_email(obj.email)

    def get_queryset(self, request):
        # Lists never show these; do not decrypt them for every row.
        qs = super().get_queryset(request)
        url_name = getattr(request.resolver_match, "url_name", None) or ""
        return qs.defer("resume_text", "id_number", "expected_salary") if url_name.endswith("changelist") else qs


class StageHistoryInline(admin.TabularInline):
    model = ApplicationStageChange
    extra = 0
    fields = ("at", "from_stage", "to_stage", "changed_by", "reason")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("candidate", "position", "stage", "source", "applied_at", "stage_changed_at", "screening_score", "owner")
    list_filter = ("stage", "source", ("position__department", admin.RelatedOnlyFieldListFilter), ("position", admin.RelatedOnlyFieldListFilter))
    search_fields = ("candidate__name", "position__code", "position__title_zh")
    list_select_related = ("candidate", "position", "owner")
    readonly_fields = ("stage", "stage_changed_at", "consent_at", "consent_version")
    exclude = ("consent_ip", "answers")  # encrypted; the candidate page shows the answers to HR
    autocomplete_fields = ("candidate", "position", "owner")
    date_hierarchy = "applied_at"
    inlines = [StageHistoryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).defer(
            "candidate__phone", "candidate__email", "candidate__id_number", "candidate__expected_salary",
            "candidate__resume_text",
        )


@admin.register(ApplicationStageChange)
class ApplicationStageChangeAdmin(admin.ModelAdmin):
    """Stage history is a record of what happened: read-only."""

    list_display = ("application", "from_stage", "to_stage", "changed_by", "at")
    list_filter = ("to_stage", "from_stage", ("at", admin.DateFieldListFilter))
    search_fields = ("application__candidate__name", "application__position__title_zh", "reason")
    list_select_related = ("application__candidate", "application__position", "changed_by")

    def get_queryset(self, request):
        return super().get_queryset(request).defer(
            "application__candidate__phone", "application__candidate__email", "application__candidate__id_number",
            "application__candidate__expected_salary", "application__candidate__resume_text",
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApplicationCompetencyScore)
class ApplicationCompetencyScoreAdmin(admin.ModelAdmin):
    list_display = ("application", "competency", "score", "source", "recorded_at")
    list_filter = ("source", ("competency", admin.RelatedOnlyFieldListFilter))
    search_fields = ("application__candidate__name", "competency__name_zh", "competency__code")
    list_select_related = ("application__candidate", "application__position", "competency")
    autocomplete_fields = ("application", "competency")
