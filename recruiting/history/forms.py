"""The upload form of the history import page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from recruiting.history.columns import ACCEPTED_SUFFIXES, APPLICATIONS, EMPLOYEES, MAX_FILE_BYTES, REVIEWS


class HistoryImportForm(forms.Form):
    file = forms.FileField(
        label=_("文件"),
        help_text=_("CSV（UTF-8 或 GB18030）或 XLSX，最大 10 MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}),
    )
    kind = forms.ChoiceField(
        label=_("数据类型"),
        required=False,
        choices=(
            ("", _("自动识别（按表头或工作表名）")),
            (EMPLOYEES, _("员工")),
            (APPLICATIONS, _("应聘记录")),
            (REVIEWS, _("绩效考核")),
        ),
    )
    dry_run = forms.BooleanField(label=_("只校验，不写入"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(gettext("文件过大：最大 %(mb)d MB。") % {"mb": MAX_FILE_BYTES // (1024 * 1024)})
        return upload
