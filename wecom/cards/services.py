"""Interviewer template cards (button_interaction: 确认参加 / 无法参加) and what their clicks do.

A card is one ``OutboxMessage`` (kind interviewer_card) whose dedupe key is ``card:<task_id>``, so the click
handler finds it from the callback's TaskId with one indexed lookup. task_id is unique per interview,
interviewer and schedule_version (WeCom refuses a reused one with 42014): a reschedule sends a new card.

A click (callback ``template_card_event``, de-duplicated by the callback layer) sets the interviewer's
attendance, records an ``InboundReply`` and updates the card to "已确认参加" / "已反馈无法参加" through the
outbox (kind notice, payload ``{"msgtype": "update_template_card", ...}``): the update is then retried,
logged and visible like any other message, and a WeCom outage never undoes the attendance answer.
The update spends the click's own ResponseCode (fresh, 72 h) and falls back to the one message/send
returned for the card.

A superseded card (the interview was rescheduled — the interviewer gets a new card — or cancelled) is updated
to a final state ("已改期，请看新卡片" / "面试已取消") through the outbox as well, spending the response_code
message/send returned for it (``finalize_superseded_cards``), so its buttons go inert. A press that still
reaches us on such a card (pressed before the update arrived) changes nothing and is answered: the card is
greyed out with the click's own fresh code and the interviewer gets "此邀请已更新，请查看最新卡片".
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from wecom.callbacks.registry import CallbackMessage, TemplateCardClick, register
from wecom.messages import routes as message_routes
from wecom.messages import templates as message_templates
from wecom.models import InboundReply, OutboxMessage
from wecom.oauth import services as oauth
from wecom.outbox.services import queue_message
from wecom.protocol.payloads import CardButton, button_card, button_card_message, update_card_payload
from wecom.reminders import services as reminders

log = logging.getLogger(__name__)

Kind = OutboxMessage.Kind
ACCEPT, DECLINE = "accept", "decline"


def _installation_tag() -> str:
    # task_ids are unique per WeCom app for ever; a tag derived from SECRET_KEY keeps two installations (or a
    # database rebuilt from scratch with a new key) from colliding on "hr1-2-v1".
    return hashlib.sha256(("wecom-task:" + settings.SECRET_KEY).encode()).hexdigest()[:6]


def task_id_for(interview, user, *, version: int | None = None) -> str:
    version = interview.schedule_version if version is None else version
    return f"itv{interview.pk}-u{user.pk}-v{version}-{_installation_tag()}"


def card_key(task_id: str) -> str:
    return f"card:{task_id}"


def button_key(action: str, interview) -> str:
    return f"{action}:{interview.pk}:{interview.schedule_version}"


def card_payload(interview, user, route: message_routes.Route) -> dict:
    options = message_templates.InvitationOptions(language=message_templates.DEFAULT_LANGUAGE)
    with translation.override(settings.LANGUAGE_CODE):
        rendered = message_templates.render(Kind.INTERVIEWER_CARD, interview, options=options, link="")
        values = message_templates.placeholder_values(interview, options=options, link="")
        card = button_card(
            task_id=task_id_for(interview, user),
            title=rendered.subject[:36],
            # the round once: the body template already names it ("初面｜…") unless HR removed it
            desc="" if values["round"] and values["round"] in rendered.body else values["round"],
            source_desc=gettext("智聘 HR"),
            sub_title_text=rendered.body[:120],
            horizontal_content=[
                (gettext("候选人"), values["candidate_name"]),
                (gettext("职位"), values["position"]),
                (gettext("时间"), f"{values['start']} — {values['end']}"),
                (gettext("地点"), values["place"]),
            ],
            url=oauth.room_link(interview, user),
            buttons=[
                CardButton(gettext("确认参加"), button_key(ACCEPT, interview), style=1),
                CardButton(gettext("无法参加"), button_key(DECLINE, interview), style=2),
            ],
        )
    return button_card_message(route.address, card)


def queue_card(interview, user) -> tuple[OutboxMessage | None, bool]:
    """Queue the card for one interviewer and the interview's current schedule (None when unreachable)."""
    route = message_routes.staff_route(user)
    if route is None:
        log.warning("interviewer %s of interview %s has no WeCom account: no card sent", user.pk, interview.pk)
        return None, False
    return queue_message(
        channel=route.channel, kind=Kind.INTERVIEWER_CARD, payload=card_payload(interview, user, route),
        dedupe_key=card_key(task_id_for(interview, user)), address=route.address, recipient_user=user,
        recipient_label=message_templates.person_name(user), interview=interview,
    )


# --- the click -----------------------------------------------------------------------------------------


def outcome_text(action: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("已确认参加") if action == ACCEPT else gettext("已反馈无法参加")


@register("event", "template_card_event")
@transaction.atomic
def handle_card_click(message: CallbackMessage) -> str:
    """An interviewer pressed 确认参加 / 无法参加. Returns what happened (for logs and tests).

    Acts once per card: the attendance changes only if it differs, so a second click (or a click
    delivered again under a new CreateTime) neither writes a second reply nor spends a second update.
    A card from an older schedule_version changes nothing (the interviewer got a newer card).
    """
    from interviews.models import InterviewAssignment

    click = TemplateCardClick.from_message(message)
    card = (
        OutboxMessage.objects.select_related("interview", "recipient_user__employee")
        .filter(dedupe_key=card_key(click.task_id), kind=Kind.INTERVIEWER_CARD).first()
    )
    if card is None or card.interview is None or card.recipient_user is None:
        log.warning("template card click on unknown task %r ignored", click.task_id)
        return "unknown_card"
    if message_routes.wecom_userid_of(card.recipient_user).lower() != click.userid.lower():
        log.warning("card %s clicked by %r, not its recipient; ignored", click.task_id, click.userid)
        return "wrong_user"
    action, _, rest = click.event_key.partition(":")
    if action not in (ACCEPT, DECLINE):
        log.warning("card %s: unknown button key %r", click.task_id, click.event_key)
        return "unknown_button"
    interview = card.interview
    try:
        version = int(rest.rsplit(":", 1)[-1])
    except ValueError:
        version = -1
    assignment = (
        InterviewAssignment.objects.select_for_update()
        .filter(interview=interview, interviewer=card.recipient_user).first()
    )
    if assignment is None or version != interview.schedule_version or not interview.is_open:
        log.info("card %s is stale (interview %s moved, closed or reassigned)", click.task_id, interview.pk)
        _answer_stale_click(card, click)
        return "stale"
    wanted = InterviewAssignment.Attendance.ACCEPTED if action == ACCEPT else InterviewAssignment.Attendance.DECLINED
    if assignment.attendance == wanted:
        return "unchanged"
    now = timezone.now()
    InterviewAssignment.objects.filter(pk=assignment.pk).update(attendance=wanted, attendance_changed_at=now)
    InboundReply.objects.create(
        message=card, interview=interview, kind=InboundReply.Kind.ACCEPT if action == ACCEPT else InboundReply.Kind.DECLINE,
        channel=card.channel, from_label=card.recipient_label, received_at=now,
    )
    _queue_card_update(card, click, action)
    if action == DECLINE:
        _after_decline(interview, card.recipient_user)
    return action


def _queue_card_update(card: OutboxMessage, click: TemplateCardClick, action: str) -> None:
    response_code = click.response_code or card.response_code
    update = update_card_payload(
        response_code=response_code, userids=[click.userid], replace_name=outcome_text(action),
    )
    queue_message(
        channel=card.channel, kind=Kind.NOTICE,
        payload={"msgtype": "update_template_card", "task_id": click.task_id, "update_template_card": update},
        dedupe_key=f"card-update:{click.task_id}", address=card.address, recipient_user=card.recipient_user,
        recipient_label=card.recipient_label, interview=card.interview,
    )


def superseded_text(interview) -> str:
    """The final text of a card that no longer counts (WeCom shows it in place of the buttons)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("已改期，请看新卡片") if interview.is_open else gettext("面试已取消")


def stale_answer_text() -> str:
    return gettext("此邀请已更新，请查看最新卡片。")


def _final_update(card: OutboxMessage, *, task_id: str, response_code: str, text: str) -> None:
    userid = message_routes.wecom_userid_of(card.recipient_user) or card.address
    update = update_card_payload(response_code=response_code, userids=[userid], replace_name=text)
    queue_message(
        channel=card.channel, kind=Kind.NOTICE,
        payload={"msgtype": "update_template_card", "task_id": task_id, "update_template_card": update},
        dedupe_key=f"card-final:{task_id}", address=card.address, recipient_user=card.recipient_user,
        recipient_label=card.recipient_label, interview=card.interview,
    )


def finalize_superseded_cards(interview) -> int:
    """Queue the final update of every delivered card of ``interview`` that no longer counts: all of them when
    the interview is closed (cancelled), else those of an older schedule_version or of a removed interviewer.
    Once per card (dedupe key ``card-final:<task_id>``); returns how many cards were considered superseded.
    A card that never reached WeCom (cancelled while pending) needs no update."""
    from interviews.models import InterviewAssignment

    current_panel = set(
        InterviewAssignment.objects.filter(interview=interview).values_list("interviewer_id", flat=True)
    )
    sent = (
        OutboxMessage.objects.select_related("recipient_user__employee", "interview")
        .filter(interview=interview, kind=Kind.INTERVIEWER_CARD, status=OutboxMessage.Status.SENT)
        .exclude(response_code="")
    )
    count = 0
    text = superseded_text(interview)
    for card in sent:
        user = card.recipient_user
        if user is None:
            continue
        current = card.dedupe_key == card_key(task_id_for(interview, user)) and user.pk in current_panel
        if current and interview.is_open:
            continue
        task_id = card.dedupe_key.removeprefix("card:")
        _final_update(card, task_id=task_id, response_code=card.response_code, text=text)
        count += 1
    return count


def _answer_stale_click(card: OutboxMessage, click: TemplateCardClick) -> None:
    """A press on a card that no longer counts: grey it out (the click's own code; nothing new when the final
    update is already queued) and tell the interviewer once, in a message, to look at the newest card."""
    if click.response_code:
        _final_update(card, task_id=click.task_id, response_code=click.response_code,
                      text=superseded_text(card.interview))
    with translation.override(settings.LANGUAGE_CODE):
        values = message_templates.placeholder_values(
            card.interview, options=message_templates.InvitationOptions(), link="",
        )
        message_routes.queue_staff_notice(
            card.interview, card.recipient_user, Kind.NOTICE,
            title=gettext("此邀请已更新"),
            lines=[
                ("highlight", stale_answer_text()),
                ("normal", f"{values['candidate_name']} · {values['position']} · {values['round']}"),
                ("gray", f"{values['start']} — {values['end']}"),
            ],
            url=oauth.room_link(card.interview, card.recipient_user),
            key=f"card-stale:{click.task_id}",
        )


def _after_decline(interview, user) -> None:
    """An interviewer who cannot come gets no reminder; the owning HR is told so they can replace them."""
    reminders.cancel_reminder(interview, message_routes.who_for(user))
    if interview.organizer is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        values = message_templates.placeholder_values(
            interview, options=message_templates.InvitationOptions(), link="",
        )
        message_routes.queue_staff_notice(
            interview, interview.organizer, Kind.NOTICE,
            title=gettext("面试官无法参加"),
            lines=[
                ("highlight", gettext("%(name)s 反馈无法参加面试") % {"name": message_templates.person_name(user)}),
                ("normal", f"{values['candidate_name']} · {values['position']} · {values['round']}"),
                ("gray", f"{values['start']} — {values['end']}"),
            ],
            url=message_templates.interview_page_url(interview),
            key=f"declined:{interview.pk}:{interview.schedule_version}:{message_routes.who_for(user)}",
        )
