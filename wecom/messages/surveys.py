"""Delivers feedback-survey links (``interviews.signals.survey_requested``) on the channels the invitations use:
the candidate by ``candidate_route`` (sandbox by default), interviewers by a WeCom textcard (``staff_route``).
Messages are kind "notice" with the dedupe key ``survey:<invitation>:<invite|reminder>``, not before the
invitation's ``send_at`` (the outbox's scheduler and sweep release them), so a repeated signal sends nothing twice."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from hrportal.display_names import display_name
from interviews.models import Audience
from wecom.messages import routes
from wecom.messages.templates import Rendered
from wecom.models import OutboxMessage
from wecom.outbox.services import queue_message

Kind = OutboxMessage.Kind


def survey_key(invitation, *, reminder: bool) -> str:
    return f"survey:{invitation.pk}:{'reminder' if reminder else 'invite'}"


def queue_survey(invitation, *, link: str, reminder: bool):
    """Queue the survey (or its reminder) for the invitation's person; (None, False) when unreachable."""
    interview = invitation.interview
    key = survey_key(invitation, reminder=reminder)
    not_before = invitation.send_at
    with translation.override(settings.LANGUAGE_CODE):
        position = display_name(interview.application.position)
        if invitation.audience == Audience.CANDIDATE:
            candidate = interview.application.candidate
            route = routes.candidate_route(candidate)
            if route is None:
                return None, False
            subject = (gettext("提醒：面试体验问卷") if reminder else gettext("面试体验问卷")) + f" · {position}"
            body = gettext(
                "%(name)s，您好！感谢您参加%(position)s的面试。请花一分钟告诉我们您的面试体验（匿名汇总统计）：\n%(link)s"
            ) % {"name": candidate.name, "position": position, "link": link}
            payload = routes.candidate_payload(
                route, Rendered(subject, body), link=link, meta={"link": link, "survey": invitation.pk},
                sms_text=f"{subject} {link}",
            )
            return queue_message(
                channel=route.channel, kind=Kind.NOTICE, payload=payload, dedupe_key=key, address=route.address,
                recipient_candidate=candidate, recipient_label=candidate.name, interview=interview,
                not_before=not_before,
            )
        user = invitation.interviewer
        title = gettext("提醒：面试评估表") if reminder else gettext("面试评估表")
        return routes.queue_staff_notice(
            interview, user, Kind.NOTICE, title=title,
            lines=[("normal", f"{interview.application.candidate.name} · {position} · {display_name(interview.round)}"),
                   ("gray", gettext("请评价候选人与本轮题目"))],
            url=link, key=key, not_before=not_before,
        ) if user is not None else (None, False)



