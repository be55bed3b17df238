"""Shared helpers of the outbox tests: WeCom pointed at the fake server, and small message builders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from wecom.models import OutboxMessage
from wecom.outbox.services import queue_message


@pytest.fixture
def wecom_on(settings, fake_wecom):
    """The portal configured against the fake WeCom server (token cache emptied before and after)."""
    for name, value in fake_wecom.django_settings().items():
        setattr(settings, name, value)
    cache.clear()
    yield fake_wecom
    cache.clear()


def text_payload(content: str) -> dict:
    return {"msgtype": "text", "text": {"content": content}}


def queue_text(userid: str, content: str, *, channel: str = "wecom_app", kind: str = "notice", **options) -> OutboxMessage:
    message, _created = queue_message(
        channel=channel, kind=kind, payload=text_payload(content), dedupe_key=f"test:{userid}:{content}",
        address=userid, recipient_label=userid, **options,
    )
    return message


def new_rows(userid: str, count: int, *, prefix: str = "m") -> list[int]:
    """``count`` pending wecom_app rows written directly (no job enqueued): for tests that drive the sending."""
    rows = OutboxMessage.objects.bulk_create([
        OutboxMessage(channel="wecom_app", kind="notice", address=userid, recipient_label=userid,
                      payload=f'{{"msgtype": "text", "text": {{"content": "{prefix}-{i}"}}}}',
                      dedupe_key=f"test:{prefix}:{i}")
        for i in range(count)
    ])
    return [row.pk for row in rows] if rows and rows[0].pk else list(
        OutboxMessage.objects.filter(dedupe_key__startswith=f"test:{prefix}:").values_list("pk", flat=True)
    )


def contents(fake) -> list[str]:
    """The text of every message the fake accepted (one entry per delivery)."""
    return [m["text"]["content"] for m in fake.sent_messages if m["msgtype"] == "text"]


@pytest.fixture
def full_interview(ehr, users):
    """An interview of the ehr application, two days ahead, organised by HR."""
    from interviews.bank.services import save_plan, save_round
    from interviews.models import Interview

    plan = save_plan(position=ehr["position"], time_budget_minutes=60, by=users["hr"])
    round_ = save_round(plan=plan, name="初面", order=1, duration_minutes=45, competencies=ehr["competencies"],
                        interviewers=[users["interviewer"]], questions=[], by=users["hr"])
    starts = timezone.now() + dt.timedelta(days=2)
    return Interview.objects.create(application=ehr["application"], round=round_, starts_at=starts,
                                    ends_at=starts + dt.timedelta(minutes=45), organizer=users["hr"])
