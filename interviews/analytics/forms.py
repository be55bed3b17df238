"""The analytics filter: report, date range, department and position, validated here (never read raw from the
query string). Departments and positions offered are those in the user's scope (``recruiting.access``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrportal import policy
from hrportal.display_names import display_name, name_with_code
from recruiting import access
from recruiting.analytics_facts import read
from recruiting.models import Application, Department, Position

DEFAULT_DAYS = 365
MAX_DAYS = 366 * 10


@dataclass(frozen=True)
class Filters:
    """What every report reads: the user (for scoping), the period and the optional department/position."""

    user: object
    date_from: dt.date
    date_to: dt.date
    department: Department | None = None
    position: Position | None = None

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.date_from, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))

    @property
    def end(self) -> dt.datetime:
        """Exclusive: the start of the day after ``date_to``."""
        return dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))

    def applications(self) -> QuerySet[Application]:
        """Applications in the user's scope and the chosen department/position, any date."""
        qs = access.applications_for(self.user)
        if self.position is not None:
            qs = qs.filter(position=self.position)
        if self.department is not None:
            qs = qs.filter(position__department=self.department)
        return qs.order_by()

    def positions(self) -> QuerySet[Position] | None:
        """The positions in scope and filter, for the slices; None when nothing narrows them (every position)."""
        if self.position is None and self.department is None and policy.can(self.user, "see_all_departments"):
            return None
        qs = access.positions_for(self.user)
        if self.position is not None:
            qs = qs.filter(pk=self.position.pk)
        if self.department is not None:
            qs = qs.filter(department=self.department)
        return qs.order_by().values("pk")

    def slices(self, kind: str, *, values: bool = False):
        """The pipeline's slices of the period and scope (recruiting/analytics_facts/read.py): (key, slice) pairs,
        whole months from the kept table and the part-months at either end from the rows."""
        return read.slices(kind=kind, date_from=self.date_from, date_to=self.date_to, positions=self.positions(),
                           values=values)


class AnalyticsFilterForm(forms.Form):
    report = forms.ChoiceField(label=_("报表"), required=False)
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    department = forms.ModelChoiceField(label=_("部门"), queryset=Department.objects.none(), required=False,
                                        empty_label=_("全部部门"))
    position = forms.ModelChoiceField(label=_("职位"), queryset=Position.objects.none(), required=False,
                                      empty_label=_("全部职位"))

    def __init__(self, data=None, *, user, reports):
        super().__init__(data)
        self.user = user
        self.fields["report"].choices = [(r.key, r.label) for r in reports]
        positions = access.positions_for(user).order_by("code")
        self.fields["position"].queryset = positions
        self.fields["position"].label_from_instance = name_with_code  # the UI language's name (display_names)
        self.fields["department"].label_from_instance = display_name
        self.fields["department"].queryset = Department.objects.filter(
            pk__in=positions.values("department_id")).order_by("code")

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        date_to = data.get("date_to") or today
        date_from = data.get("date_from") or (date_to - dt.timedelta(days=DEFAULT_DAYS - 1))
        if date_from > date_to:
            raise forms.ValidationError(_("开始日期不能晚于结束日期。"))
        if (date_to - date_from).days > MAX_DAYS:
            raise forms.ValidationError(_("时间范围最长十年。"))
        data["date_from"], data["date_to"] = date_from, date_to
        choices = [key for key, _label in self.fields["report"].choices]
        data["report"] = data.get("report") or (choices[0] if choices else "")
        return data

    def filters(self) -> Filters:
        d = self.cleaned_data
        return Filters(user=self.user, date_from=d["date_from"], date_to=d["date_to"],
                       department=d.get("department"), position=d.get("position"))
