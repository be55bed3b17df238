"""Forms of the question bank and the plan editor."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hrportal.display_names import display_name, is_english, with_note
from hrportal.roles import Role
from interviews.models import InterviewPlan, InterviewRound, Question
from recruiting.models import Competency, Position


class BankFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部状态")), *Question.Status.choices])


def _position_competencies(position: Position):
    return Competency.objects.filter(positions=position).order_by("code")


def _parse_follow_ups(text: str) -> list[dict[str, str]]:
    """One probe per line: "中文 | English" (the English part is optional)."""
    probes = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        zh, _sep, en = line.partition("|")
        probes.append({"zh": zh.strip(), "en": en.strip()})
    return probes


class QuestionForm(forms.ModelForm):
    """Text, type, competency, difficulty, BARS anchors (1/3/5, zh and en) and follow-up probes."""

    anchor_1_zh = forms.CharField(label=_("1分锚点（中文）"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    anchor_1_en = forms.CharField(label=_("1分锚点（英文）"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    anchor_3_zh = forms.CharField(label=_("3分锚点（中文）"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    anchor_3_en = forms.CharField(label=_("3分锚点（英文）"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    anchor_5_zh = forms.CharField(label=_("5分锚点（中文）"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    anchor_5_en = forms.CharField(label=_("5分锚点（英文）"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    follow_ups_text = forms.CharField(
        label=_("追问"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("每行一个追问，格式：中文 | English"),
    )

    class Meta:
        model = Question
        fields = ["competency", "question_type", "difficulty", "skill", "text_zh", "text_en"]
        widgets = {
            "text_zh": forms.Textarea(attrs={"rows": 3}),
            "text_en": forms.Textarea(attrs={"rows": 3}),
            "difficulty": forms.Select(choices=[(1, "1"), (2, "2"), (3, "3")]),
        }

    def __init__(self, *args, position: Position, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = _position_competencies(position)
        self.fields["competency"].label_from_instance = display_name
        anchors = self.instance.anchors if isinstance(self.instance.anchors, dict) else {}
        for level in "135":
            for lang in ("zh", "en"):
                self.fields[f"anchor_{level}_{lang}"].initial = (anchors.get(level) or {}).get(lang, "")
        self.fields["follow_ups_text"].initial = "\n".join(
            f"{p.get('zh', '')} | {p.get('en', '')}" if p.get("en") else p.get("zh", "")
            for p in (self.instance.follow_ups or []) if isinstance(p, dict)
        )

    def clean_text_zh(self) -> str:
        text = self.cleaned_data["text_zh"].strip()
        if len(text) < 5:
            raise forms.ValidationError(gettext("题目太短。"))
        return text

    def save(self, commit: bool = True) -> Question:
        question = super().save(commit=False)
        question.anchors = {
            level: {"zh": self.cleaned_data[f"anchor_{level}_zh"].strip(), "en": self.cleaned_data[f"anchor_{level}_en"].strip()}
            for level in "135"
        }
        question.follow_ups = _parse_follow_ups(self.cleaned_data["follow_ups_text"])
        if commit:
            question.save()
        return question


class PlanForm(forms.ModelForm):
    class Meta:
        model = InterviewPlan
        fields = ["time_budget_minutes"]


def interviewer_candidates():
    """People who can sit on an interview panel: interviewers, hiring managers and HR (with their employee
    record, for their names)."""
    roles = [Role.INTERVIEWER.value, Role.MANAGER.value, Role.HR.value]
    return (
        get_user_model().objects.filter(is_active=True, groups__name__in=roles).distinct()
        .select_related("employee").order_by("username")
    )


def person_name(user) -> str:
    """A colleague's name as people know it: the employee record's name, else the account's full name, else the
    username."""
    employee = getattr(user, "employee", None)
    return ((employee.name if employee else "") or user.get_full_name() or user.get_username()).strip()


def people_labels(users) -> dict[int, str]:
    """Choice labels for people: their names, with the username as a hint where two share a name
    ("王芳（wangfang2）", brackets of the active language)."""
    users = list(users)
    names = {u.pk: person_name(u) for u in users}
    taken: dict[str, int] = {}
    for name in names.values():
        taken[name] = taken.get(name, 0) + 1
    return {
        u.pk: (with_note(names[u.pk], u.get_username()) if taken[names[u.pk]] > 1 else names[u.pk]) for u in users
    }


class RoundForm(forms.ModelForm):
    competencies = forms.ModelMultipleChoiceField(
        label=_("考察胜任力"), queryset=Competency.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    interviewer_pool = forms.ModelMultipleChoiceField(
        label=_("面试官库"), queryset=get_user_model().objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    questions = forms.ModelMultipleChoiceField(
        label=_("选定题目（仅限已审核）"), queryset=Question.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = InterviewRound
        fields = ["name", "name_en", "order", "duration_minutes", "competencies", "interviewer_pool"]

    def __init__(self, *args, position: Position, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = _position_competencies(position)
        self.fields["competencies"].label_from_instance = display_name
        self.fields["interviewer_pool"].queryset = interviewer_candidates()
        self.fields["interviewer_pool"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        # Only approved questions are offered; a draft posted anyway fails validation ("not a valid choice").
        self.fields["questions"].queryset = (
            Question.objects.filter(position=position, status=Question.Status.APPROVED)
            .select_related("competency").order_by("competency__code", "question_type", "id")
        )
        self.fields["questions"].label_from_instance = (
            lambda q: f"[{q.competency.display_name} · {q.get_question_type_display()}] "
            f"{(q.text_en if is_english() else '') or q.text_zh}"
        )
        if self.instance.pk:
            self.fields["questions"].initial = [rq.question_id for rq in self.instance.round_questions.all()]
