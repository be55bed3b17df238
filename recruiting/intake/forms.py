"""The resume intake form: a position (or the talent pool), files and/or pasted text, and consent."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hrportal.display_names import name_with_code
from recruiting.intake.services import ACCEPTED_SUFFIXES
from recruiting.models import Candidate, Position

MAX_PASTED_CHARS = 200_000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one ``<input type=file multiple>``; the list may be empty.

    An empty file is accepted here: the batch reports it by name as a failed item ("empty") and takes in
    the other files, instead of refusing the whole upload with a message that names no file."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_empty_file", True)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class IntakeForm(forms.Form):
    position = forms.ModelChoiceField(
        label=_("职位"), queryset=Position.objects.none(), required=False,
        empty_label=_("不指定职位（进入人才库）"),
    )
    files = MultipleFileField(
        label=_("简历文件"), required=False,
        help_text=_("可多选；支持 PDF（含文字层）、DOCX、TXT/MD（UTF-8 或 GBK）、HTML，或把多份简历打成一个 ZIP。"),
    )
    text = forms.CharField(
        label=_("或粘贴简历文本"), required=False, max_length=MAX_PASTED_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    candidate_source = forms.ChoiceField(label=_("候选人来源"), choices=Candidate.Source.choices,
                                         initial=Candidate.Source.OTHER)
    consented = forms.BooleanField(
        label=_("候选人已阅读并同意《候选人个人信息处理告知书》"), required=False,
        help_text=_("勾选后记录同意时间、告知书版本和保存期限；未勾选则不记录同意。"),
    )
    talent_pool_consent = forms.BooleanField(label=_("候选人同意进入人才库"), required=False)

    def __init__(self, *args, positions=None, file_limit_mb: float = 10, zip_limit_mb: float = 200, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = positions if positions is not None else Position.objects.none()
        self.fields["position"].label_from_instance = name_with_code
        self.fields["files"].help_text = "{} {}".format(
            self.fields["files"].help_text,
            gettext("单个文件最大 %(file)s MB，ZIP 最大 %(zip)s MB。") % {
                "file": f"{file_limit_mb:g}", "zip": f"{zip_limit_mb:g}",
            },
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("files") and not (cleaned.get("text") or "").strip():
            raise forms.ValidationError(gettext("请选择简历文件或粘贴简历文本。"))
        return cleaned
