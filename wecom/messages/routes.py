"""Who is reached how: the channel routing of interview messages, their payloads and dedupe keys, and the
two helpers that hand them to the outbox.

Routing (``candidate_route`` / ``staff_route``): candidates are not corp members (reference §3), so they get
WeCom customer contact when HR linked them (``CandidateContact``) and WeCom is configured, else e-mail, else
SMS; interviewers and HR get WeCom app messages on their ``Employee.wecom_userid``. Without WeCom
configuration everything goes to the ``sandbox`` channel so ``make run`` shows the whole flow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from wecom import conf
from wecom.messages import links
from wecom.messages.templates import (
    InvitationOptions,
    Rendered,
    person_name,
    placeholder_values,
    render,
    short_text,
)
from wecom.models import CandidateContact, Channel, OutboxMessage
from wecom.outbox.services import queue_message
from wecom.outbox.transports.ics import calendar_invite
from wecom.protocol.payloads import card_description, textcard_message
from wecom.sandbox import mode as sandbox_mode

Kind = OutboxMessage.Kind


CANDIDATE_WHO = "candidate"


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
    if sandbox_mode.is_active():
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
    if sandbox_mode.is_active():
        return Route(Channel.SANDBOX, userid or user.get_username(), shape=Channel.WECOM_APP)
    if not userid or not conf.is_configured():
        return None
    return Route(Channel.WECOM_APP, userid)


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


def ics_for(interview, *, summary: str, description: str, link: str) -> str:
    """The .ics of the interview (UID per interview, SEQUENCE = schedule_version so calendars update)."""
    return calendar_invite(
        uid=f"interview-{interview.pk}@hrportal", start=interview.starts_at, end=interview.ends_at,
        summary=summary, description=description, url=link, sequence=interview.schedule_version,
        location=" ".join(p for p in (interview.location, interview.room) if p) or interview.video_link,
    )


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
    sms = short_text(rendered, placeholder_values(interview, options=options, link=link), options.language)
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
