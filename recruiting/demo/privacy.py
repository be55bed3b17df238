"""The demo company's privacy side (issue 19): candidates whose retention date falls in the next two weeks (the
page 到期清除 shows them, one kept by its open application), one that tonight's purge will take, and two
requests from candidates in HR's queue (个人信息请求)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hrportal.models import RightsRequest
from hrportal.privacy import rights
from recruiting.models import Candidate
from recruiting.pipeline import ACTIVE_STAGES, Stage

DUE_IN_DAYS = (2, 5, 9, 13)


def seed_privacy(candidates: list[Candidate]) -> dict[str, int]:
    """Dates and requests on the seeded current candidates; returns counts for the seed summary."""
    today = timezone.localdate()
    ids = [c.pk for c in candidates]
    closed = list(Candidate.objects.filter(pk__in=ids, talent_pool_consent=False,
                                           applications__stage__in=(Stage.REJECTED, Stage.WITHDRAWN))
                  .exclude(applications__stage__in=ACTIVE_STAGES).distinct().order_by("pk"))
    expired, due = closed[:1], closed[1:1 + len(DUE_IN_DAYS)]
    for candidate, days in zip(due, DUE_IN_DAYS, strict=False):
        Candidate.objects.filter(pk=candidate.pk).update(retention_until=today + dt.timedelta(days=days))
    Candidate.objects.filter(pk__in=[c.pk for c in expired]).update(retention_until=today - dt.timedelta(days=1))
    held = Candidate.objects.filter(pk__in=ids, applications__stage__in=ACTIVE_STAGES).order_by("pk").first()
    if held is not None:
        Candidate.objects.filter(pk=held.pk).update(retention_until=today - dt.timedelta(days=3))
    requests = 0
    if closed:
        rights.open_request(subject_id=closed[-1].pk, kind=RightsRequest.Kind.CORRECTION,
                            details="我的当前公司已变更，请更新为最新任职单位。")
        requests += 1
    if len(closed) > 1:
        rights.open_request(subject_id=closed[-2].pk, kind=RightsRequest.Kind.REVIEW,
                            details="我认为筛选结果没有体现我的海外项目经验，希望人工复核。")
        requests += 1
    return {"retention_due_14_days": len(due) + len(expired) + (held is not None), "rights_requests": requests}


def remove_privacy_rows(candidate_ids) -> int:
    return RightsRequest.objects.filter(subject_id__in=list(candidate_ids)).delete()[0]
