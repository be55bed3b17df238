"""Invitations: HR-editable templates, rendering, channel routing and the "发送邀请" service.

Templates (``MessageTemplate``, kind × language) hold the candidate-facing texts (invitation, reminder,
reschedule, cancellation) and the interviewer card's title/line. Placeholders are ``{name}`` from
``PLACEHOLDERS`` only; anything else is refused when HR saves a template and left as typed when rendering
(no ``str.format``: a template can never reach an attribute). A missing row is created from
``DEFAULT_TEMPLATES`` the first time it is needed — a data step in code, no migration.

Routing (``candidate_route`` / ``staff_route``): candidates are not corp members (reference §3), so they get
WeCom customer contact when HR linked them (``CandidateContact``) and WeCom is configured, else e-mail, else
SMS; interviewers and HR get WeCom app messages on their ``Employee.wecom_userid``. Without WeCom
configuration everything goes to the ``sandbox`` channel so ``make run`` shows the whole flow.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from wecom import conf
from wecom.invitations import links
from wecom.models import CandidateContact, Channel, MessageTemplate, OutboxMessage
from wecom.outbox.services import queue_message
from wecom.outbox.transports.ics import calendar_invite
from wecom.protocol.client import card_description, textcard_message
from wecom.sandbox import services as sandbox

Kind = OutboxMessage.Kind

PLACEHOLDERS: tuple[str, ...] = (
    "candidate_name", "position", "round", "start", "end", "place", "video_link", "process", "materials",
    "contact", "link",
)
LANGUAGES = ("zh-hans", "en")
DEFAULT_LANGUAGE = "zh-hans"
# The kinds HR edits as templates (the rest — questions forwarded to HR, notices — are fixed texts).
TEMPLATE_KINDS = (Kind.INVITATION, Kind.INTERVIEWER_CARD, Kind.REMINDER, Kind.RESCHEDULE, Kind.CANCELLATION)
CANDIDATE_WHO = "candidate"

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


# --- templates -------------------------------------------------------------------------------------------


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


# --- rendering -----------------------------------------------------------------------------------------


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
        title = (position.title_en or position.title_zh) if language == "en" else position.title_zh
        place = " ".join(p for p in (interview.location, interview.room) if p) or (
            gettext("线上面试（见视频会议链接）") if interview.video_link else gettext("待定")
        )
        process = gettext("%(round)s，约 %(minutes)d 分钟的结构化面试") % {
            "round": interview.round.name, "minutes": interview.round.duration_minutes,
        }
        return {
            "candidate_name": application.candidate.name,
            "position": title,
            "round": interview.round.name,
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
    template = template_for(kind, options.language)
    values = placeholder_values(interview, options=options, link=link)
    return Rendered(render_text(template.subject, values), render_text(template.body, values))


# --- routing -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """How one person is reached: the channel, the address on it, and for the sandbox the channel the
    message stands in for (its payload has that channel's shape)."""

    channel: str
    address: str
    shape: str = ""
    sender: str = ""  # wecom_customer: the recruiter member who sends the 群发

    @property
    def payload_shape(self) -> str:
        return self.shape or self.channel


def candidate_route(candidate) -> Route | None:
    """wecom_customer (linked + configured) → email → sms; the sandbox while it is active (WeCom not
    configured, ``WECOM_SANDBOX_ENABLED`` on). None when the candidate cannot be reached at all."""
    if conf.is_configured():
        contact = CandidateContact.objects.filter(candidate=candidate).first()
        if contact is not None:
            return Route(Channel.WECOM_CUSTOMER, contact.external_userid, sender=contact.recruiter_userid)
    if candidate.email:
        natural = Route(Channel.EMAIL, candidate.email)
    elif candidate.phone:
        natural = Route(Channel.SMS, candidate.phone)
    else:
        natural = None
    if sandbox.is_active():
        # The sandbox phone shows what the candidate would get; without any address it still shows an e-mail.
        return Route(Channel.SANDBOX, f"candidate:{candidate.pk}", shape=natural.channel if natural else Channel.EMAIL)
    return natural


def wecom_userid_of(user) -> str:
    employee = getattr(user, "employee", None) if user is not None else None
    return (employee.wecom_userid if employee else "") or ""


def staff_route(user) -> Route | None:
    """wecom_app on the employee's WeCom userid; the sandbox while it is active; None when WeCom cannot
    reach this user (no userid, or neither WeCom nor the sandbox is on)."""
    if user is None:
        return None
    userid = wecom_userid_of(user)
    if sandbox.is_active():
        return Route(Channel.SANDBOX, userid or user.get_username(), shape=Channel.WECOM_APP)
    if not userid or not conf.is_configured():
        return None
    return Route(Channel.WECOM_APP, userid)


# --- payloads ------------------------------------------------------------------------------------------


def candidate_payload(
    route: Route, rendered: Rendered, *, link: str, meta: dict, ics: str = "", sms_text: str = "",
) -> dict:
    """The body for the candidate's channel (docs/wecom.md, "Payloads")."""
    shape = route.payload_shape
    if shape == Channel.WECOM_CUSTOMER:
        return {
            "msgtype": "text", "sender": route.sender, "text": {"content": f"{rendered.subject}\n\n{rendered.body}"},
            "attachments": [{"msgtype": "link", "link": {"title": rendered.subject[:128], "url": link}}],
            "meta": meta,
        }
    if shape == Channel.SMS:
        return {"msgtype": "sms", "text": sms_text, "meta": meta}
    payload = {"msgtype": "email", "subject": rendered.subject, "body": rendered.body, "meta": meta}
    if ics:
        payload.update({"ics": ics, "ics_method": "REQUEST"})
    return payload


def staff_textcard(route: Route, *, title: str, lines: list[tuple[str, str]], url: str) -> dict:
    return textcard_message(route.address, title=title, description=card_description(lines), url=url)


def interview_page_url(interview) -> str:
    return links.absolute_url(reverse("interviews:interview_detail", args=[interview.pk]))


def ics_for(interview, *, summary: str, description: str, link: str) -> str:
    """The .ics of the interview (UID per interview, SEQUENCE = schedule_version so calendars update)."""
    return calendar_invite(
        uid=f"interview-{interview.pk}@hrportal", start=interview.starts_at, end=interview.ends_at,
        summary=summary, description=description, url=link, sequence=interview.schedule_version,
        location=" ".join(p for p in (interview.location, interview.room) if p) or interview.video_link,
    )


def short_text(rendered: Rendered, values: dict[str, str]) -> str:
    """The SMS version: the subject, the time and place, and the link (long bodies cost several SMS)."""
    return f"{rendered.subject}：{values['start']} — {values['end']}，{values['place']}。{values['link']}"


# --- queuing -------------------------------------------------------------------------------------------


def dedupe_key(kind: str, interview, who: str, *, version: int | None = None) -> str:
    """``<kind>:<interview>:<schedule_version>:<who>`` — who is "candidate" or "user<id>"."""
    return f"{kind}:{interview.pk}:{interview.schedule_version if version is None else version}:{who}"


def who_for(user) -> str:
    return f"user{user.pk}"


def queue_candidate_message(
    interview, kind: str, *, options: InvitationOptions, not_before=None, key: str | None = None,
    now: dt.datetime | None = None,
) -> tuple[OutboxMessage | None, bool]:
    """Render ``kind`` for the interview's candidate and queue it on their channel (None if unreachable)."""
    candidate = interview.application.candidate
    route = candidate_route(candidate)
    if route is None:
        return None, False
    link = links.candidate_link(interview, now=now)
    rendered = render(kind, interview, options=options, link=link)
    ics = ""
    if kind in (Kind.INVITATION, Kind.RESCHEDULE):
        ics = ics_for(interview, summary=rendered.subject, description=rendered.body, link=link)
    meta = {**options.as_meta(), "link": link, "schedule_version": interview.schedule_version}
    sms = short_text(rendered, placeholder_values(interview, options=options, link=link))
    payload = candidate_payload(route, rendered, link=link, meta=meta, ics=ics, sms_text=sms)
    return queue_message(
        channel=route.channel, kind=kind, payload=payload,
        dedupe_key=key or dedupe_key(kind, interview, CANDIDATE_WHO), address=route.address,
        recipient_candidate=candidate, recipient_label=candidate.name, interview=interview, not_before=not_before,
    )


def queue_staff_notice(
    interview, user, kind: str, *, title: str, lines: list[tuple[str, str]], url: str, key: str, not_before=None,
) -> tuple[OutboxMessage | None, bool]:
    """A textcard to an interviewer or HR (None when WeCom cannot reach them)."""
    route = staff_route(user)
    if route is None:
        return None, False
    return queue_message(
        channel=route.channel, kind=kind, payload=staff_textcard(route, title=title, lines=lines, url=url),
        dedupe_key=key, address=route.address, recipient_user=user, recipient_label=person_name(user),
        interview=interview, not_before=not_before,
    )


def invitations_sent(interview, *, version: int | None = None) -> bool:
    """Whether HR sent the invitation (for ``version``, or for any version when None)."""
    rows = OutboxMessage.objects.filter(interview=interview, kind=Kind.INVITATION)
    if version is not None:
        rows = rows.filter(dedupe_key=dedupe_key(Kind.INVITATION, interview, CANDIDATE_WHO, version=version))
    return rows.exists()


@dataclass
class Recipient:
    """One line of the preview / the outcome: who, through which channel, or why not."""

    label: str
    role: str
    channel: str = ""
    message: OutboxMessage | None = None
    created: bool = False


@dataclass
class InvitationResult:
    recipients: list[Recipient] = field(default_factory=list)

    @property
    def queued(self) -> int:
        return sum(1 for r in self.recipients if r.created)

    @property
    def unreachable(self) -> list[Recipient]:
        return [r for r in self.recipients if not r.channel]


def preview(interview, *, options: InvitationOptions) -> tuple[Rendered, list[Recipient]]:
    """What "发送邀请" would send: the candidate's rendered invitation and everyone's channel."""
    link = links.candidate_link(interview)
    rendered = render(Kind.INVITATION, interview, options=options, link=link)
    candidate = interview.application.candidate
    route = candidate_route(candidate)
    people = [Recipient(candidate.name, CANDIDATE_WHO, route.channel if route else "")]
    for assignment in interview.assignments.select_related("interviewer__employee"):
        staff = staff_route(assignment.interviewer)
        people.append(Recipient(person_name(assignment.interviewer), "interviewer", staff.channel if staff else ""))
    return rendered, people


@transaction.atomic
def send_invitations(*, interview, by, options: InvitationOptions, now: dt.datetime | None = None) -> InvitationResult:
    """Queue the candidate's invitation, one template card per interviewer and the day-before reminders,
    all in one transaction, for the interview's current schedule_version.

    Idempotent per version: pressing "发送邀请" twice (or two HR at once) finds the rows already queued
    under the same dedupe keys and queues nothing new. Refuses a closed interview (ValueError).
    """
    from interviews.models import Interview
    from wecom.calendar import services as calendar_sync
    from wecom.cards import services as cards
    from wecom.reminders import services as reminders

    interview = Interview.objects.select_for_update(of=("self",)).select_related(
        "application__candidate", "application__position", "round", "organizer",
    ).get(pk=interview.pk)
    if not interview.is_open:
        raise ValueError(gettext("只能为未结束的面试发送邀请。"))
    result = InvitationResult()
    candidate = interview.application.candidate
    message, created = queue_candidate_message(interview, Kind.INVITATION, options=options, now=now)
    result.recipients.append(
        Recipient(candidate.name, CANDIDATE_WHO, message.channel if message else "", message, created)
    )
    for assignment in interview.assignments.select_related("interviewer__employee"):
        message, created = cards.queue_card(interview, assignment.interviewer)
        result.recipients.append(Recipient(
            person_name(assignment.interviewer), "interviewer", message.channel if message else "", message, created,
        ))
    reminders.plan_reminders(interview, now=now)
    calendar_sync.queue_sync(interview, reason=f"v{interview.schedule_version}")
    return result


# --- template editing ----------------------------------------------------------------------------------


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
