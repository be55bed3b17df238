"""Forms of the recruiting pages: filters, the position form and its competency-model formset."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hrportal.display_names import display_name, name_with_code, with_note
from hrportal.roles import Role
from recruiting.models import (
    Candidate,
    Competency,
    Department,
    Position,
    PositionCompetency,
    SensitiveData,
    Skill,
)
from recruiting.pipeline import Stage

WEIGHT_TOTAL = Decimal("100")
_KEYWORD_SPLIT = re.compile(r"[,，、;；\s]+")


def split_keywords(text: str) -> list[str]:
    """'沟通, 协调、谈判' → ['沟通', '协调', '谈判'] (order kept, duplicates dropped)."""
    seen: dict[str, None] = {}
    for word in _KEYWORD_SPLIT.split(text or ""):
        if word:
            seen.setdefault(word, None)
    return list(seen)


# --- list filters ----------------------------------------------------------------------------------


class PositionFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"placeholder": _("职位编码或名称"), "type": "search"}))
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部状态")), *Position.Status.choices])


class CandidateFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"placeholder": _("姓名，或完整的手机号/邮箱"), "type": "search"}))
    position = forms.ModelChoiceField(label=_("职位"), required=False, queryset=Position.objects.none(),
                                      empty_label=_("全部职位"))
    stage = forms.ChoiceField(label=_("阶段"), required=False, choices=[("", _("全部阶段")), *Stage.choices])
    source = forms.ChoiceField(label=_("来源"), required=False,
                               choices=[("", _("全部来源")), *Candidate.Source.choices])
    city = forms.CharField(label=_("城市"), required=False, max_length=40)

    def __init__(self, *args, positions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].label_from_instance = name_with_code
        if positions is not None:
            self.fields["position"].queryset = positions


class BoardFilterForm(forms.Form):
    position = forms.ModelChoiceField(label=_("职位"), required=False, queryset=Position.objects.none(),
                                      empty_label=_("全部职位"))

    def __init__(self, *args, positions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].label_from_instance = name_with_code
        if positions is not None:
            self.fields["position"].queryset = positions


class MoveForm(forms.Form):
    """One stage move posted from the board or the candidate page."""

    to_stage = forms.ChoiceField(choices=Stage.choices)
    from_stage = forms.ChoiceField(choices=Stage.choices, required=False)
    reason = forms.CharField(required=False, max_length=500)


# --- position + competency model -------------------------------------------------------------------


class ManagerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        full = obj.get_full_name()
        return with_note(full, obj.get_username()) if full else obj.get_username()


class PositionForm(forms.ModelForm):
    hiring_manager = ManagerChoiceField(label=_("用人经理"), required=False, queryset=get_user_model().objects.none())
    sensitive_data = forms.MultipleChoiceField(
        label=_("岗位必需的敏感个人信息"), required=False, choices=SensitiveData.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("默认不解析、不显示。只有岗位确实需要时才勾选，并写明理由（个人信息保护法第28–30条）。"),
    )

    class Meta:
        model = Position
        fields = [
            "code", "title_zh", "title_en", "department", "status", "priority", "headcount", "min_years",
            "min_education", "salary_min", "salary_max", "hiring_manager", "duties", "requirements",
            "sensitive_data", "sensitive_reason", "city", "published", "closes_on", "application_questions",
        ]
        widgets = {
            "closes_on": forms.DateInput(attrs={"type": "date"}),
            "application_questions": forms.Textarea(attrs={"rows": 3}),
            "duties": forms.Textarea(attrs={"rows": 4}),
            "requirements": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.order_by("code")
        self.fields["department"].label_from_instance = display_name
        self.fields["hiring_manager"].queryset = (
            get_user_model().objects.filter(groups__name=Role.MANAGER.value, is_active=True).order_by("username")
        )


class CompetencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return name_with_code(obj)


class DimensionForm(forms.ModelForm):
    """One dimension: an existing competency OR a new one defined inline, a weight and must-have skills."""

    competency = CompetencyChoiceField(label=_("胜任力"), required=False, queryset=Competency.objects.order_by("code"),
                                       empty_label=_("— 新建胜任力 —"))
    weight = forms.DecimalField(label=_("权重（%）"), max_digits=5, decimal_places=2, min_value=Decimal("0.01"),
                                max_value=WEIGHT_TOTAL,
                                widget=forms.NumberInput(attrs={"step": "0.01", "class": "dim-weight",
                                                                "inputmode": "decimal"}))
    must_have_skills = forms.ModelMultipleChoiceField(
        label=_("必备技能"), required=False, queryset=Skill.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    new_name_zh = forms.CharField(label=_("名称"), required=False, max_length=60)
    new_name_en = forms.CharField(label=_("英文名称"), required=False, max_length=80)
    new_anchor_1 = forms.CharField(label=_("1分行为描述"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    new_anchor_3 = forms.CharField(label=_("3分行为描述"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    new_anchor_5 = forms.CharField(label=_("5分行为描述"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    new_evidence_keywords = forms.CharField(
        label=_("证据关键词"), required=False, max_length=500,
        help_text=_("用逗号或顿号分隔"),
    )

    NEW_FIELDS = ("new_name_zh", "new_name_en", "new_anchor_1", "new_anchor_3", "new_anchor_5", "new_evidence_keywords")

    class Meta:
        model = PositionCompetency
        fields = ["competency", "weight", "must_have_skills"]

    def __init__(self, *args, competency_choices=None, skill_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The formset hands every row the same evaluated choices, so N rows do not render with 2N queries
        # (validation still goes through the querysets).
        if competency_choices is not None:
            self.fields["competency"].choices = competency_choices
        if skill_choices is not None:
            self.fields["must_have_skills"].choices = skill_choices
        else:
            self.fields["must_have_skills"].label_from_instance = display_name

    def defines_new(self) -> bool:
        return any((self.cleaned_data.get(name) or "").strip() for name in self.NEW_FIELDS)

    def clean(self):
        cleaned = super().clean()
        competency = cleaned.get("competency")
        if competency is not None and self.defines_new():
            raise forms.ValidationError(gettext("请选择已有胜任力，或新建一个，二者只能选其一。"))
        if competency is None:
            if not self.defines_new():
                raise forms.ValidationError(gettext("请选择一个胜任力，或填写新胜任力的名称和行为锚点。"))
            for name in ("new_name_zh", "new_anchor_1", "new_anchor_3", "new_anchor_5"):
                if not (cleaned.get(name) or "").strip():
                    self.add_error(name, gettext("新建胜任力时此项必填。"))
            name_zh = (cleaned.get("new_name_zh") or "").strip()
            if name_zh and Competency.objects.filter(name_zh=name_zh).exists():
                self.add_error("new_name_zh", gettext("已有同名胜任力“%(name)s”，请在下拉框中直接选择。") % {"name": name_zh})
        return cleaned

    def dimension_key(self) -> tuple[str, str]:
        """What makes two rows 'the same competency' (for the duplicate check)."""
        competency = self.cleaned_data.get("competency")
        if competency is not None:
            return ("existing", str(competency.pk))
        return ("new", (self.cleaned_data.get("new_name_zh") or "").strip())

    def dimension_label(self) -> str:
        competency = self.cleaned_data.get("competency")
        return competency.display_name if competency is not None else (self.cleaned_data.get("new_name_zh") or "").strip()


class BaseDimensionFormSet(BaseInlineFormSet):
    """Weights of the kept rows must sum to exactly 100 %; at least one row; no competency twice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._competency_choices = [("", gettext("— 新建胜任力 —"))] + [
            (c.pk, name_with_code(c)) for c in Competency.objects.order_by("code")
        ]
        self._skill_choices = [(s.pk, s.display_name) for s in Skill.objects.order_by("name").only("pk", "name", "name_en")]

    def get_queryset(self):
        return super().get_queryset().select_related("competency").prefetch_related("must_have_skills")

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["competency_choices"] = self._competency_choices
        kwargs["skill_choices"] = self._skill_choices
        return kwargs

    def kept_forms(self) -> list[DimensionForm]:
        """The rows that will exist after saving (not deleted, not an untouched blank row)."""
        kept = []
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            kept.append(form)
        return kept

    def clean(self):
        if any(self.errors):
            return  # row errors first; the totals would only add noise
        kept = self.kept_forms()
        if not kept:
            raise forms.ValidationError(gettext("胜任力模型至少需要一个维度。"))
        seen: set[tuple[str, str]] = set()
        for form in kept:
            key = form.dimension_key()
            if key in seen:
                raise forms.ValidationError(
                    gettext("胜任力“%(name)s”重复出现，每个胜任力只能作为一个维度。") % {"name": form.dimension_label()}
                )
            seen.add(key)
        total = sum((form.cleaned_data["weight"] for form in kept), Decimal("0"))
        if total != WEIGHT_TOTAL:
            raise forms.ValidationError(
                gettext("各维度权重之和必须正好等于 100%%，当前合计为 %(total)s%%。") % {"total": _format_decimal(total)}
            )
        # Duplicates are checked above with a clearer message than the generic unique check.
        super().clean()


def _format_decimal(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


DIMENSION_PREFIX = "dims"


def dimension_formset_class(*, extra: int):
    return inlineformset_factory(
        Position, PositionCompetency, form=DimensionForm, formset=BaseDimensionFormSet,
        fields=["competency", "weight", "must_have_skills"], extra=extra, can_delete=True,
    )
