"""HR's retention page (issue 19 item 1): who the purge takes in the next 14 days, which holds keep whom, and
the audited extension of one candidate's date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hrportal.models import AuditLog
from recruiting.models import Candidate

URL = "recruiting:retention_upcoming"


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def hr_client(client, users):
    client.force_login(users["hr"])
    return client


def test_page_lists_the_next_14_days_with_their_holds(hr_client, ehr):
    ehr["candidate"].retention_until = days(-2)  # expired, but its application is open: kept
    ehr["candidate"].save()
    soon = Candidate.objects.create(name="陈将到", retention_until=days(5))
    Candidate.objects.create(name="林很远", retention_until=days(60))
    Candidate.objects.create(name="匿名-0a1b2c3d4e", retention_until=days(-9), purged_at=timezone.now())

    page = hr_client.get(reverse(URL)).content.decode()

    assert "王小明" in page and "陈将到" in page
    assert "林很远" not in page and "匿名-0a1b2c3d4e" not in page
    assert "有进行中的应聘申请" in page  # the hold that keeps 王小明
    assert f'data-candidate="{soon.pk}"' in page and "将被清除" in page


def test_extension_with_a_reason_is_audited(hr_client, users):
    candidate = Candidate.objects.create(name="陈将到", retention_until=days(5))
    response = hr_client.post(reverse("recruiting:retention_extend", args=[candidate.pk]),
                              {"until": days(95).isoformat(), "reason": "候选人同意保留至下一轮校招"})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.retention_until == days(95)
    entry = AuditLog.objects.get(object_type="recruiting.Candidate", object_id=str(candidate.pk), action="change")
    assert entry.actor == users["hr"] and entry.fields == ["retention_until"]
    assert "候选人同意保留至下一轮校招" in entry.note and days(5).isoformat() in entry.note


@pytest.mark.parametrize("data", [{"until": "", "reason": "x"}, {"reason": "   "}, {"until": "2020-01-01", "reason": "早于当前"}])
def test_extension_without_reason_or_to_an_earlier_date_is_refused(hr_client, data):
    candidate = Candidate.objects.create(name="陈将到", retention_until=days(5))
    data = {"until": days(30).isoformat(), **data}
    response = hr_client.post(reverse("recruiting:retention_extend", args=[candidate.pk]), data, follow=True)
    assert response.status_code == 200
    candidate.refresh_from_db()
    assert candidate.retention_until == days(5)
    assert not AuditLog.objects.filter(object_type="recruiting.Candidate", action="change").exists()


def test_roles_without_the_capability_cannot_extend(client, users):
    candidate = Candidate.objects.create(name="陈将到", retention_until=days(5))
    client.force_login(users["manager"])
    response = client.post(reverse("recruiting:retention_extend", args=[candidate.pk]),
                           {"until": days(30).isoformat(), "reason": "x"})
    assert response.status_code == 403
    candidate.refresh_from_db()
    assert candidate.retention_until == days(5)


def test_page_queries_stay_constant_as_rows_double(hr_client, ehr):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert hr_client.get(reverse(URL)).status_code == 200
        return len(ctx.captured_queries)

    Candidate.objects.bulk_create([Candidate(name=f"到期{i}", retention_until=days(i % 14)) for i in range(10)])
    few = count()
    Candidate.objects.bulk_create([Candidate(name=f"再到期{i}", retention_until=days(i % 14)) for i in range(20)])
    assert count() == few
