"""Interview message templates: HR-editable texts, their placeholders and how they are rendered.

Templates (``MessageTemplate``, kind × language) hold the candidate-facing texts (invitation, reminder,
reschedule, cancellation) and the interviewer card's title/line. Placeholders are ``{name}`` from
``PLACEHOLDERS`` only; anything else is refused when HR saves a template and left as typed when rendering
(no ``str.format``: a template can never reach an attribute). A missing row is created from
``DEFAULT_TEMPLATES`` the first time it is needed — a data step in code, no migration. Used by every feature
that writes to people about an interview: invitations, cards, reminders, replies, calendars.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from hrportal.display_names import display_name
from recruiting.rights import links as rights_links
from wecom.messages import links
from wecom.models import MessageTemplate, OutboxMessage

Kind = OutboxMessage.Kind


PLACEHOLDERS: tuple[str, ...] = (
    "candidate_name", "position", "round", "start", "end", "place", "video_link", "process", "materials",
    "contact", "link",
)

LANGUAGES = ("zh-hans", "en")

DEFAULT_LANGUAGE = "zh-hans"

# The kinds HR edits as templates (the rest — questions forwarded to HR, notices — are fixed texts).
TEMPLATE_KINDS = (Kind.INVITATION, Kind.INTERVIEWER_CARD, Kind.REMINDER, Kind.RESCHEDULE, Kind.CANCELLATION)

_TOKEN_RE = re.compile(r"\{([^{}]*)\}")

DEFAULT_TEMPLATES: dict[tuple[str, str], tuple[str, str]] = {
    (Kind.INVITATION, "zh-hans"): (
        "面试邀请：{position}（{round}）",
        "{candidate_name}，您好！\n\n感谢您应聘{position}一职，诚邀您参加{round}。\n"
        "时间：{start} — {end}\n地点：{place}\n视频会议：{video_link}\n流程：{process}\n请携带：{materials}\n"
        "联系人：{contact}\n\n请通过以下链接确认参加、选择其他时间或向我们提问：\n{link}",
    ),
    (Kind.INVITATION, "en"): (
        "Interview invitation: {position} ({round})",
        "Dear {candidate_name},\n\nThank you for applying for the {position} role. We would like to invite you "
        "to the {round} interview.\nTime: {start} – {end}\nPlace: {place}\nVideo call: {video_link}\n"
        "Process: {process}\nPlease bring: {materials}\nContact: {contact}\n\n"
        "Please confirm, pick another time or ask us a question here:\n{link}",
    ),
    (Kind.INTERVIEWER_CARD, "zh-hans"): (
        "面试安排：{candidate_name} / {position}",
        "{round}｜{start} — {end}｜{place}",
    ),
    (Kind.INTERVIEWER_CARD, "en"): (
        "Interview: {candidate_name} / {position}",
        "{round} | {start} – {end} | {place}",
    ),
    (Kind.REMINDER, "zh-hans"): (
        "面试提醒：{position}（{round}）",
        "{candidate_name}，您好！\n\n提醒您明天的面试：\n时间：{start} — {end}\n地点：{place}\n"
        "视频会议：{video_link}\n请携带：{materials}\n联系人：{contact}\n\n查看详情或提问：{link}",
    ),
    (Kind.REMINDER, "en"): (
        "Reminder: your interview for {position} ({round})",
        "Dear {candidate_name},\n\nA reminder of your interview tomorrow:\nTime: {start} – {end}\n"
        "Place: {place}\nVideo call: {video_link}\nPlease bring: {materials}\nContact: {contact}\n\n"
        "Details and questions: {link}",
    ),
    (Kind.RESCHEDULE, "zh-hans"): (
        "面试时间变更：{position}（{round}）",
        "{candidate_name}，您好！\n\n您的面试时间已变更为：\n时间：{start} — {end}\n地点：{place}\n"
        "视频会议：{video_link}\n联系人：{contact}\n\n请通过以下链接确认：\n{link}\n（之前的链接已失效）",
    ),
    (Kind.RESCHEDULE, "en"): (
        "New time for your interview: {position} ({round})",
        "Dear {candidate_name},\n\nYour interview has moved to:\nTime: {start} – {end}\nPlace: {place}\n"
        "Video call: {video_link}\nContact: {contact}\n\nPlease confirm here:\n{link}\n"
        "(earlier links no longer work)",
    ),
    (Kind.CANCELLATION, "zh-hans"): (
        "面试取消：{position}（{round}）",
        "{candidate_name}，您好！\n\n很抱歉，原定于 {start} 的面试已取消。如有疑问请联系 {contact}。",
    ),
    (Kind.CANCELLATION, "en"): (
        "Interview cancelled: {position} ({round})",
        "Dear {candidate_name},\n\nWe are sorry: the interview planned for {start} has been cancelled. "
        "If you have any questions please contact {contact}.",
    ),
}

_WEEKDAYS_ZH = "一二三四五六日"

_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def unknown_placeholders(text: str) -> list[str]:
    """``{…}`` tokens in ``text`` that are not in PLACEHOLDERS (in order, without repeats)."""
    seen: list[str] = []
    for name in _TOKEN_RE.findall(text or ""):
        if name not in PLACEHOLDERS and name not in seen:
            seen.append(name)
    return seen


def render_text(text: str, values: dict[str, str]) -> str:
    """Replace known ``{placeholder}``s; anything else stays as typed."""
    return _TOKEN_RE.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text or "")


def ensure_default_templates() -> None:
    """Create every missing (kind, language) template from DEFAULT_TEMPLATES; never touches edited rows."""
    existing = set(MessageTemplate.objects.values_list("kind", "language"))
    missing = [
        MessageTemplate(kind=kind, language=language, subject=subject, body=body)
        for (kind, language), (subject, body) in DEFAULT_TEMPLATES.items()
        if (kind, language) not in existing
    ]
    if missing:
        MessageTemplate.objects.bulk_create(missing, ignore_conflicts=True)


def template_for(kind: str, language: str) -> MessageTemplate:
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    template = MessageTemplate.objects.filter(kind=kind, language=language).first()
    if template is None:
        ensure_default_templates()
        template = MessageTemplate.objects.get(kind=kind, language=language)
    return template


def placeholder_help() -> list[tuple[str, str]]:
    """(placeholder, what it becomes) for the template editor."""
    return [
        ("{candidate_name}", gettext("候选人姓名")),
        ("{position}", gettext("职位名称")),
        ("{round}", gettext("面试轮次")),
        ("{start}", gettext("开始时间（含日期）")),
        ("{end}", gettext("结束时间")),
        ("{place}", gettext("地点（地址与会议室）")),
        ("{video_link}", gettext("视频会议链接")),
        ("{process}", gettext("面试流程")),
        ("{materials}", gettext("请携带的材料")),
        ("{contact}", gettext("联系人")),
        ("{link}", gettext("自助链接（确认、改期、提问；面试官为面试间链接）")),
    ]


@transaction.atomic
def save_template(*, template: MessageTemplate, subject: str, body: str, by) -> MessageTemplate:
    """Store HR's text. Refuses unknown placeholders (ValueError) so a typo never reaches a candidate."""
    unknown = unknown_placeholders(subject) + unknown_placeholders(body)
    if unknown:
        raise ValueError(f"unknown placeholders: {unknown}")
    template.subject, template.body, template.updated_by = subject.strip(), body.strip(), by
    template.save(update_fields=["subject", "body", "updated_by", "updated_at"])
    return template


def local_time(value: dt.datetime) -> dt.datetime:
    """An aware datetime in the interview's local zone (the portal's TIME_ZONE, Asia/Shanghai)."""
    return timezone.localtime(value, ZoneInfo(settings.TIME_ZONE))


def format_start(value: dt.datetime, language: str) -> str:
    d = local_time(value)
    if language == "en":
        return f"{_WEEKDAYS_EN[d.weekday()]} {d.day} {_MONTHS_EN[d.month - 1]} {d.year}, {d:%H:%M}"
    return f"{d.year}年{d.month}月{d.day}日（周{_WEEKDAYS_ZH[d.weekday()]}）{d:%H:%M}"


def format_end(start: dt.datetime, end: dt.datetime, language: str) -> str:
    if local_time(start).date() == local_time(end).date():
        return f"{local_time(end):%H:%M}"
    return format_start(end, language)


def person_name(user) -> str:
    if user is None:
        return ""
    employee = getattr(user, "employee", None)
    return (user.get_full_name() or (employee.name if employee else "") or user.get_username()).strip()


def default_contact(interview) -> str:
    """The owning HR's name and work e-mail, as the candidate should reach them. Never ``Employee.phone``: that is
    the employee's own mobile number, which is not handed to candidates unasked; HR types a phone line into the
    invitation's contact field when they want one."""
    user = interview.organizer
    if user is None:
        return ""
    employee = getattr(user, "employee", None)
    reach = (employee.email if employee else "") or user.email
    return f"{person_name(user)} {reach}".strip()


def default_materials() -> str:
    return gettext("身份证、最新简历、学历学位证书")


@dataclass
class InvitationOptions:
    """What HR chooses when sending: the candidate's language and the free texts of the invitation.
    Stored with the invitation (payload ``meta``) so reminders and notices reuse them."""

    language: str = DEFAULT_LANGUAGE
    materials: str = ""
    contact: str = ""

    def as_meta(self) -> dict[str, str]:
        return {"language": self.language, "materials": self.materials, "contact": self.contact}


def options_for(interview) -> InvitationOptions:
    """The options of the latest invitation sent for this interview (defaults when none was sent)."""
    latest = (
        OutboxMessage.objects.filter(interview=interview, kind=Kind.INVITATION).order_by("-created_at", "-id").first()
    )
    meta = (latest.data.get("meta") or {}) if latest else {}
    options = InvitationOptions(
        language=meta.get("language") or DEFAULT_LANGUAGE, materials=meta.get("materials", ""),
        contact=meta.get("contact", ""),
    )
    return options


def placeholder_values(interview, *, options: InvitationOptions, link: str) -> dict[str, str]:
    """The value of every placeholder for this interview, in the options' language."""
    language = options.language
    application = interview.application
    position = application.position
    with translation.override(language):
        title = display_name(position)
        round_name = display_name(interview.round)
        place = " ".join(p for p in (interview.location, interview.room) if p) or (
            gettext("线上面试（见视频会议链接）") if interview.video_link else gettext("待定")
        )
        process = gettext("%(round)s，约 %(minutes)d 分钟的结构化面试") % {
            "round": round_name, "minutes": interview.round.duration_minutes,
        }
        return {
            "candidate_name": application.candidate.name,
            "position": title,
            "round": round_name,
            "start": format_start(interview.starts_at, language),
            "end": format_end(interview.starts_at, interview.ends_at, language),
            "place": place,
            "video_link": interview.video_link or gettext("无（现场面试）"),
            "process": process,
            "materials": options.materials or default_materials(),
            "contact": options.contact or default_contact(interview),
            "link": link,
        }


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


def render(kind: str, interview, *, options: InvitationOptions, link: str) -> Rendered:
    """Subject and body of a message; every message to the candidate ends with their PIPL rights link."""
    template = template_for(kind, options.language)
    values = placeholder_values(interview, options=options, link=link)
    body = render_text(template.body, values)
    if kind != Kind.INTERVIEWER_CARD:
        body += "\n\n" + privacy_footer(interview.application.candidate, options.language)
    return Rendered(render_text(template.subject, values), body)


def privacy_footer(candidate, language: str) -> str:
    """The line that carries the rights link (see, copy, correct, delete, explanation: recruiting/rights/)."""
    with translation.override(language):
        return gettext("查阅、更正或删除您的个人信息：%(url)s") % {"url": links.absolute_url(rights_links.rights_path(candidate))}


def short_text(rendered: Rendered, values: dict[str, str], language: str = DEFAULT_LANGUAGE) -> str:
    """The SMS version: the subject, the time and place, and the link (long bodies cost several SMS), with the
    punctuation of the message's language."""
    if language == "en":
        return f"{rendered.subject}: {values['start']} — {values['end']}, {values['place']}. {values['link']}"
    return f"{rendered.subject}：{values['start']} — {values['end']}，{values['place']}。{values['link']}"


def interview_page_url(interview) -> str:
    return links.absolute_url(reverse("interviews:interview_detail", args=[interview.pk]))
