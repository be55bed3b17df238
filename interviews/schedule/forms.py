"""Forms of the interview schedule. Times are entered as local time (Asia/Shanghai unless TIME_ZONE says
otherwise) through ``datetime-local`` inputs and stored aware."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hrportal.display_names import label_separator, with_note
from interviews.bank.forms import interviewer_candidates, people_labels
from interviews.models import (
    INTERVIEW_TRANSITIONS,
    REASON_REQUIRED_STATUSES,
    Interview,
    InterviewRound,
    InterviewStatus,
)
from interviews.schedule.selectors import ALL, PAST, UPCOMING

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
MAX_INTERVIEW_HOURS = 10


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _datetime_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, input_formats=DATETIME_INPUT_FORMATS, widget=LocalDateTimeInput())


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


class _TimeRangeMixin:
    def _clean_range(self, cleaned: dict) -> dict:
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at:
            if ends_at <= starts_at:
                self.add_error("ends_at", gettext("结束时间必须晚于开始时间。"))
            elif (ends_at - starts_at).total_seconds() > MAX_INTERVIEW_HOURS * 3600:
                self.add_error("ends_at", gettext("一场面试不能超过 %(n)d 小时。") % {"n": MAX_INTERVIEW_HOURS})
        return cleaned


class InterviewForm(_TimeRangeMixin, forms.Form):
    """Create or change an interview: round, time, place, panel, and "仍然安排" for a known conflict."""

    interview_round = forms.ModelChoiceField(label=_("面试轮次"), queryset=InterviewRound.objects.none())
    starts_at = _datetime_field(_("开始时间"))
    ends_at = _datetime_field(_("结束时间"))
    room = forms.CharField(label=_("会议室"), max_length=80, required=False)
    location = forms.CharField(label=_("地点"), max_length=200, required=False, help_text=_("地址或楼层，发给候选人"))
    video_link = forms.URLField(
        label=_("视频会议链接"), max_length=500, required=False, assume_scheme="https",
        # our own wording: Django's core message would otherwise depend on which app's catalog wins (DRF's does)
        error_messages={"invalid": _("请输入有效的视频会议链接（以 http:// 或 https:// 开头）。")},
    )
    interviewers = forms.ModelMultipleChoiceField(
        label=_("面试官"), queryset=get_user_model().objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少安排一位面试官。")},
    )
    lead = forms.ModelChoiceField(
        label=_("主面试官"), queryset=get_user_model().objects.none(), required=False,
        help_text=_("不选则为第一位面试官"),
    )
    reason = forms.CharField(label=_("改期原因"), max_length=500, required=False)
    override_conflicts = forms.BooleanField(
        label=_("仍然安排"), required=False, help_text=_("存在时间冲突时，勾选后仍按此时间安排，并记入面试记录。"),
    )

    def __init__(self, *args, position, interview: Interview | None = None, **kwargs):
        self.interview = interview
        if interview is not None and not kwargs.get("initial") and not args:
            panel = list(interview.assignments.all())
            kwargs["initial"] = {
                "starts_at": timezone.localtime(interview.starts_at),
                "ends_at": timezone.localtime(interview.ends_at),
                "room": interview.room, "location": interview.location, "video_link": interview.video_link,
                "interviewers": [a.interviewer_id for a in panel],
                "lead": next((a.interviewer_id for a in panel if a.is_lead), None),
            }
        super().__init__(*args, **kwargs)
        rounds = list(
            InterviewRound.objects.filter(plan__position=position).prefetch_related("interviewer_pool").order_by("order", "id")
        )
        self.rounds = rounds
        self.fields["interview_round"].queryset = InterviewRound.objects.filter(pk__in=[r.pk for r in rounds]).order_by("order", "id")
        self.fields["interview_round"].label_from_instance = lambda r: with_note(f"{r.order}. {r.display_name}", f"{r.duration_minutes} min")
        people = interviewer_candidates()
        pools: dict[int, list[str]] = {}
        for r in rounds:
            for user in r.interviewer_pool.all():
                pools.setdefault(user.pk, []).append(r.display_name)
        self.pools = pools
        labels = people_labels(people)  # full names; the username only where two people share a name
        self.people_labels = labels
        self.fields["interviewers"].queryset = people
        self.fields["interviewers"].label_from_instance = (
            lambda u: f"{labels.get(u.pk) or _person(u)} · {gettext('面试官库')}{label_separator()}{'/'.join(pools[u.pk])}"
            if u.pk in pools else (labels.get(u.pk) or _person(u))
        )
        self.fields["lead"].queryset = people
        self.fields["lead"].label_from_instance = lambda u: labels.get(u.pk) or _person(u)
        if interview is not None:
            del self.fields["interview_round"]  # the round is what the interview is; a new round is a new interview
        else:
            del self.fields["reason"]
            if rounds and not self.is_bound and not self.initial.get("interview_round"):
                # The round is preselected, the panel is not: pre-ticking the first round's whole pool put people
                # on the panel HR never ticked (issue 20: "manager" joined when only "interviewer" was ticked,
                # and stayed ticked when another round was chosen). The pool is shown beside each name instead.
                self.initial.setdefault("interview_round", rounds[0].pk)

    def clean(self):
        cleaned = self._clean_range(super().clean())
        starts_at = cleaned.get("starts_at")
        moved = self.interview is None or (
            starts_at and (starts_at, cleaned.get("ends_at")) != (self.interview.starts_at, self.interview.ends_at)
        )
        if starts_at and moved and starts_at <= timezone.now():
            self.add_error("starts_at", gettext("开始时间必须在将来。"))
        lead, panel = cleaned.get("lead"), cleaned.get("interviewers")
        if lead is not None and panel is not None and lead not in panel:
            self.add_error("lead", gettext("主面试官必须是本场面试的面试官之一。"))
        if not cleaned.get("room") and not cleaned.get("video_link") and not cleaned.get("location"):
            self.add_error("room", gettext("请填写会议室、地点或视频会议链接中的至少一项。"))
        return cleaned

    def ordered_panel(self) -> list:
        """The chosen interviewers with the lead first."""
        panel = list(self.cleaned_data["interviewers"])
        lead = self.cleaned_data.get("lead") or (panel[0] if panel else None)
        return sorted(panel, key=lambda u: (u.pk != lead.pk, u.get_username())) if lead else panel


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("新状态"), choices=InterviewStatus.choices)
    reason = forms.CharField(label=_("原因"), max_length=500, required=False)


def status_moves(interview: Interview) -> list[dict]:
    """The legal next statuses of an interview for the status menu (reason flag per move)."""
    return [
        {"value": s, "label": InterviewStatus(s).label, "needs_reason": s in REASON_REQUIRED_STATUSES}
        for s in INTERVIEW_TRANSITIONS.get(interview.status, ())
    ]


class SlotForm(_TimeRangeMixin, forms.Form):
    starts_at = _datetime_field(_("开始时间"))
    ends_at = _datetime_field(_("结束时间"))

    def clean(self):
        return self._clean_range(super().clean())


class _IdListField(forms.MultipleChoiceField):
    """A list of numeric ids (who they are is checked by the query, not by a choice list)."""

    def valid_value(self, value) -> bool:
        return str(value).isdigit()


class ConflictQueryForm(_TimeRangeMixin, forms.Form):
    """The fields of the interview form the conflict check reads (htmx GET while HR types)."""

    starts_at = forms.DateTimeField(input_formats=DATETIME_INPUT_FORMATS)
    ends_at = forms.DateTimeField(input_formats=DATETIME_INPUT_FORMATS)
    room = forms.CharField(max_length=80, required=False)
    interviewers = _IdListField(required=False)
    exclude = forms.IntegerField(required=False, min_value=1)

    def clean_interviewers(self) -> list[int]:
        return [int(v) for v in self.cleaned_data["interviewers"]]

    def clean(self):
        return self._clean_range(super().clean())


WHEN_CHOICES = [(UPCOMING, _("即将进行")), (PAST, _("已结束")), (ALL, _("全部"))]


class ScheduleFilterForm(forms.Form):
    when = forms.ChoiceField(label=_("时间"), choices=WHEN_CHOICES, required=False)
    position = forms.TypedChoiceField(label=_("职位"), coerce=int, required=False, empty_value=None)
    interviewer = forms.TypedChoiceField(label=_("面试官"), coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(label=_("状态"), required=False)

    def __init__(self, *args, positions, interviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].choices = [("", _("全部职位")), *positions]
        self.fields["interviewer"].choices = [("", _("全部面试官")), *interviewers]
        self.fields["status"].choices = [("", _("全部状态")), *InterviewStatus.choices]
