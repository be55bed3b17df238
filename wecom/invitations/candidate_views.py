"""The candidate's self-service page (no account: the signed token in the URL is the credential).

GET shows the interview (time, place or video link, process, materials, contact) and, while the link is
valid and the interview open, the actions: 确认参加, pick one of the offered slots, ask a question. POSTs are
CSRF-protected and answered with a redirect (a reload never posts again); the writes live in
``wecom.invitations.replies``. A tampered token → 404, an expired one → 410, one from an older schedule → 410 with
"链接已过期，请以最新邀请为准".
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hrportal import params
from interviews.models import IllegalInterviewMove, InterviewStatus
from wecom.invitations import replies
from wecom.messages import links
from wecom.messages import templates as message_templates
from wecom.messages.links import LinkState

STATE_STATUS = {LinkState.VALID: 200, LinkState.INVALID: 404, LinkState.EXPIRED: 410, LinkState.SUPERSEDED: 410}


def _state_message(state: str) -> str:
    if state == LinkState.INVALID:
        return _("链接无效，请检查链接是否完整，或联系招聘联系人。")
    if state == LinkState.EXPIRED:
        return _("链接已过期。")
    if state == LinkState.SUPERSEDED:
        return _("链接已过期，请以最新邀请为准")
    return ""


def _page(request, token: str, check, *, status: int | None = None):
    interview = check.interview if check.state != LinkState.INVALID else None
    context = {"state": check.state, "state_message": _state_message(check.state), "interview": interview,
               "token": token}
    if interview is not None and check.ok:
        options = message_templates.options_for(interview)
        options.language = request.LANGUAGE_CODE if request.LANGUAGE_CODE in message_templates.LANGUAGES else options.language
        context.update({
            "values": message_templates.placeholder_values(interview, options=options, link=""),
            "can_act": interview.is_open,
            "is_confirmed": interview.status == InterviewStatus.CONFIRMED,
            "is_cancelled": interview.status == InterviewStatus.CANCELLED,
            "slots": [
                {"pk": s.pk, "label": f"{message_templates.format_start(s.starts_at, options.language)} — "
                                      f"{message_templates.format_end(s.starts_at, s.ends_at, options.language)}"}
                for s in interview.slot_offers.filter(chosen_at__isnull=True, starts_at__gt=timezone.now())
            ],
            "question_max": replies.QUESTION_MAX_CHARS,
        })
    response = render(request, "wecom/candidate_link.html", context, status=status or STATE_STATUS[check.state])
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    # the token must not leak to the video-call site; "no-referrer" would make the browser send Origin: null
    # on our own form posts, which Django's CSRF check refuses
    response["Referrer-Policy"] = "same-origin"
    return response


@require_http_methods(["GET", "POST"])
def candidate_link(request, token):
    check = links.check_token(token)
    if request.method == "GET" or check.state in (LinkState.INVALID, LinkState.EXPIRED):
        return _page(request, token, check)
    interview, version = check.interview, check.version
    action = request.POST.get("action", "")
    try:
        if action == "confirm":
            outcome = replies.confirm(interview=interview, version=version)
        elif action == "pick_slot":
            slot_id = params.id_param(request.POST, "slot")
            if slot_id is None:
                messages.error(request, _("请选择一个时间。"))
                return redirect(request.path)
            outcome = replies.pick_slot(interview=interview, version=version, slot_id=slot_id)
        elif action == "question":
            outcome = replies.ask_question(interview=interview, version=version, text=request.POST.get("text", ""))
        else:
            messages.error(request, _("无法识别的操作。"))
            return redirect(request.path)
    except IllegalInterviewMove as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(request.path)
    if outcome.done:
        messages.success(request, outcome.message)
    elif outcome.repeated:
        messages.info(request, outcome.message)
    else:
        messages.error(request, outcome.message)
    if outcome.interview.schedule_version != version:
        if outcome.done:
            # The slot the candidate picked moved the interview: continue on the new schedule's link.
            return redirect(reverse("wecom:candidate_link", kwargs={"token": links.make_token(outcome.interview)}))
        return _page(request, token, links.check_token(token))
    return redirect(request.path)
