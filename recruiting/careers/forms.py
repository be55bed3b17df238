"""The public application form: who you are, your resume (a file or pasted text), the position's optional
questions, and the PIPL notice with two separate consents. ``website`` is a honeypot: hidden from people by
CSS and ``aria-hidden``, filled in by form-filling robots."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from recruiting.intake.services import MB

PUBLIC_SUFFIXES = (".pdf", ".docx", ".txt", ".md", ".html", ".htm")  # one resume: no zips from the public
MAX_PASTED_CHARS = 50_000
MAX_ANSWER_CHARS = 1_000
_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{5,19}$")


def max_file_bytes() -> int:
    return int(min(float(settings.CAREERS_MAX_FILE_MB), float(settings.RESUME_MAX_FILE_MB)) * MB)


class ApplicationForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    email = forms.EmailField(label=_("邮箱"), max_length=120, required=False)
    resume = forms.FileField(
        label=_("简历文件"), required=False, allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(PUBLIC_SUFFIXES)}),
    )
    resume_text = forms.CharField(
        label=_("或粘贴简历文本"), required=False, max_length=MAX_PASTED_CHARS, widget=forms.Textarea(attrs={"rows": 6}),
    )
    consent = forms.BooleanField(label=_("我已阅读并同意《个人信息处理告知书》，同意为本次应聘处理我的个人信息"))
    talent_pool = forms.BooleanField(
        label=_("（可选）同意进入人才库，以便今后有合适职位时联系我"), required=False,
    )
    website = forms.CharField(label=_("请勿填写此项"), required=False, max_length=200)  # the honeypot
    src = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)
    ref = forms.CharField(required=False, max_length=400, widget=forms.HiddenInput)

    def __init__(self, *args, questions: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for index, question in enumerate(self.questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question, required=False, max_length=MAX_ANSWER_CHARS, widget=forms.Textarea(attrs={"rows": 2}),
            )
        limit_mb = max_file_bytes() / MB
        self.fields["resume"].help_text = gettext("PDF、DOCX、TXT 或 HTML，最大 %(mb)s MB。") % {"mb": f"{limit_mb:g}"}

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError(gettext("请输入有效的手机号。"))
        return phone.replace(" ", "").replace("-", "")

    def clean_resume(self):
        upload = self.cleaned_data.get("resume")
        if not upload:
            return None
        name = (upload.name or "").lower()
        if not name.endswith(PUBLIC_SUFFIXES):
            raise forms.ValidationError(gettext("只接受 PDF、DOCX、TXT 或 HTML 格式的简历文件。"))
        limit = max_file_bytes()
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(gettext("文件过大（%(size).1f MB），上限 %(limit)s MB。") % {
                "size": upload.size / MB, "limit": f"{limit / MB:g}"})
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("email") and not self.has_error("phone") and not self.has_error("email"):
            raise forms.ValidationError(gettext("请至少填写手机号或邮箱，以便我们联系您。"))
        if not cleaned.get("resume") and not (cleaned.get("resume_text") or "").strip() and not self.has_error("resume"):
            raise forms.ValidationError(gettext("请上传简历文件或粘贴简历文本。"))
        return cleaned

    def is_robot(self) -> bool:
        return bool((self.data.get("website") or "").strip())

    def answers(self) -> list[dict]:
        return [
            {"q": q, "a": self.cleaned_data.get(f"answer_{i}", "").strip()}
            for i, q in enumerate(self.questions) if self.cleaned_data.get(f"answer_{i}", "").strip()
        ]
