"""Interviewers' WeCom calendars (oa/schedule), switched on with ``WECOM_SCHEDULE_ENABLED``.

Once invitations are out, the interview is written into every assigned interviewer's WeCom calendar (one
schedule with all of them as attendees, a reminder an hour before) and kept in step: a reschedule or a changed
panel updates it, a cancellation deletes it. Done / no-show leave it alone (the interview happened).

How: each change queues an outbox row on the ``wecom_calendar`` channel whose payload only names the interview
(``queue_sync``); its transport calls ``sync``, which reads the interview *as it is now* and makes WeCom match
it (add, update or delete), recording WeCom's schedule_id in ``CalendarEntry``. So rows may run late, twice or
out of order and the calendar still ends up right; retries, backoff, the failure list and the sweep are the
outbox's. The entry row is locked during the WeCom call, so two syncs of one interview never both add.
Only with the real WeCom API (``conf.is_configured()``): the sandbox has no calendar.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from wecom import conf
from wecom.messages.routes import wecom_userid_of
from wecom.messages.templates import InvitationOptions, interview_page_url, placeholder_values
from wecom.models import CalendarEntry, Channel, OutboxMessage
from wecom.outbox.services import queue_message
from wecom.protocol.errors import InvalidParameter
from wecom.protocol.payloads import schedule_payload

REMIND_BEFORE_SECONDS = 3600


def enabled() -> bool:
    return conf.schedule_enabled() and conf.is_configured()


def attendees(interview) -> list[str]:
    """WeCom userids of the assigned interviewers (those without an account cannot be invited)."""
    userids = []
    for assignment in interview.assignments.select_related("interviewer__employee").order_by("-is_lead", "pk"):
        userid = wecom_userid_of(assignment.interviewer)
        if userid and userid not in userids:
            userids.append(userid)
    return userids


def schedule_for(interview, userids: list[str]) -> dict:
    """The oa/schedule body: "面试：<candidate> · <position> · <round>", the place, the room link."""
    with translation.override(settings.LANGUAGE_CODE):
        values = placeholder_values(interview, options=InvitationOptions(), link="")
        summary = gettext("面试：%(candidate)s · %(position)s · %(round)s") % {
            "candidate": values["candidate_name"], "position": values["position"], "round": values["round"],
        }
        description = gettext("面试间（评分、题目与记录）：%(url)s") % {"url": interview_page_url(interview)}
        if interview.video_link:
            description += "\n" + gettext("视频会议：%(link)s") % {"link": interview.video_link}
    location = " ".join(p for p in (interview.location, interview.room) if p) or interview.video_link
    return schedule_payload(
        start=interview.starts_at, end=interview.ends_at, summary=summary, attendees=userids,
        description=description, location=location[:128], remind_before_event_secs=REMIND_BEFORE_SECONDS,
    )


def queue_sync(interview, *, reason: str) -> OutboxMessage | None:
    """Inside the business transaction: ask for the calendar to be brought in line with this interview.

    ``reason`` makes the dedupe key (``v<schedule_version>`` for an invitation or a reschedule — pressing
    发送邀请 twice queues one sync; ``cancel``; ``panel`` gets a fresh key per change). Does nothing unless the
    calendar is switched on, and for a cancellation unless a sync was ever queued for the interview."""
    if not enabled():
        return None
    if reason == "cancel" and not OutboxMessage.objects.filter(interview=interview, kind=OutboxMessage.Kind.CALENDAR).exists():
        return None  # never written to a calendar (an earlier sync still in flight counts: it may be adding)
    suffix = f"{reason}:{uuid.uuid4().hex[:8]}" if reason == "panel" else reason
    message, _created = queue_message(
        channel=Channel.WECOM_CALENDAR, kind=OutboxMessage.Kind.CALENDAR, payload={"interview_id": interview.pk},
        dedupe_key=f"calendar:{interview.pk}:{suffix}", interview=interview,
        recipient_label=gettext("面试官日程"),
    )
    return message


def sync(interview_id: int, *, client) -> str:
    """Make WeCom's calendar match the interview now; returns the schedule_id ("" when there is none).

    Open interview with attendees → add (first time, or after the entry was removed or lost in WeCom) or
    update; otherwise → delete a live entry. WeCom errors propagate (the outbox retries transient ones)."""
    from interviews.models import Interview

    with transaction.atomic():
        interview = Interview.objects.filter(pk=interview_id).select_related(
            "application__candidate", "application__position", "round").first()
        if interview is None:
            return ""
        entry, _ = CalendarEntry.objects.select_for_update().get_or_create(interview=interview)
        userids = attendees(interview) if interview.is_open else []
        if userids:
            body = schedule_for(interview, userids)
            if entry.is_live:
                try:
                    client.update_schedule(entry.schedule_id, body)
                except InvalidParameter:  # deleted in WeCom meanwhile (unknown schedule_id): write it again
                    entry.schedule_id = client.add_schedule(body)
            else:
                entry.schedule_id = client.add_schedule(body)
            entry.removed_at = None
            entry.synced_version = interview.schedule_version
            entry.attendees = userids
        elif entry.is_live:
            try:
                client.delete_schedule(entry.schedule_id)
            except InvalidParameter:  # already gone in WeCom
                pass
            entry.removed_at = timezone.now()
            entry.attendees = []
        else:
            return entry.schedule_id
        entry.synced_at = timezone.now()
        entry.save()
        return entry.schedule_id
