"""The candidate's rights through the signed link (issue 19 item 2), driven through the pages with the test
client; the browser journey is tests/e2e/test_rights_journey.py."""

from __future__ import annotations

import datetime as dt
import json

from django.urls import reverse
from django.utils import timezone

from hrportal.models import AuditLog, RightsRequest
from hrportal.privacy.rights import add_working_days
from recruiting.models import Candidate, ScreeningResult
from recruiting.rights import links
from tests.privacy.footprint import Person, take_in
from tests.wecom.invitation_setup import interview  # noqa: F401 (fixture)


def url(name: str, candidate) -> str:
    return reverse(f"recruiting:{name}", kwargs={"token": links.make_token(candidate)})


def test_fifteen_working_days_skip_weekends():
    friday = dt.date(2026, 12, 4)
    assert add_working_days(friday, 1) == dt.date(2026, 12, 7)  # Monday
    assert add_working_days(friday, 15) == dt.date(2026, 12, 25)


def test_a_tampered_or_expired_link_is_not_found(client, ehr):
    token = links.make_token(ehr["candidate"])
    assert client.get(reverse("recruiting:rights_home", kwargs={"token": token + "x"})).status_code == 404
    old = links.make_token(ehr["candidate"], now=timezone.now() - dt.timedelta(days=91))
    assert client.get(reverse("recruiting:rights_home", kwargs={"token": old})).status_code == 404


def test_export_holds_every_apps_part_and_is_audited(client, ehr, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = Person("冯导出", "13566667777", "feng@example.com", "在杭州负责过跨境电商项目")
    candidate = take_in(person, position=ehr["position"], by=users["hr"])
    response = client.get(url("rights_export", candidate))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    recruiting = data["holders"]["recruiting.candidates"]
    assert recruiting["profile"]["phone"] == "13566667777"
    assert person.sentence in recruiting["resumes"][0]["text"]
    assert recruiting["applications"][0]["screening"][0]["engine_version"]
    assert set(data["holders"]) >= {"interviews.texts", "wecom.messages"}
    made = RightsRequest.objects.get(subject_id=candidate.pk, kind="access")
    assert made.status == "done" and made.reference.startswith("PIPL-")
    assert AuditLog.objects.filter(action="export", object_id=str(candidate.pk), note__contains=made.reference).exists()


def test_correction_and_review_go_to_the_queue_with_reference_and_deadline(client, ehr, users):
    candidate = ehr["candidate"]
    client.post(url("rights_correction", candidate), {"details": "我的城市应为杭州"})
    client.post(url("rights_review", candidate))
    rows = list(RightsRequest.objects.filter(subject_id=candidate.pk).order_by("id"))
    assert [(r.kind, r.status) for r in rows] == [("correction", "open"), ("review", "open")]
    assert rows[0].due_on == add_working_days(timezone.localdate(), 15)
    assert rows[0].reference != rows[1].reference
    client.force_login(users["hr"])
    page = client.get(reverse("recruiting:rights_queue")).content.decode()
    assert rows[0].reference in page and "我的城市应为杭州" in page
    client.post(reverse("recruiting:rights_resolve", args=[rows[0].pk]), {"status": "done", "resolution": "已更正城市"})
    rows[0].refresh_from_db()
    assert rows[0].status == "done" and rows[0].handled_by == users["hr"]


def test_deletion_is_held_by_an_open_application_and_says_which(client, ehr):
    candidate = ehr["candidate"]
    page = client.post(url("rights_deletion", candidate), follow=True).content.decode()
    assert "有进行中的应聘申请" in page
    candidate.refresh_from_db()
    assert candidate.purged_at is None and candidate.phone == "13912345678"
    assert RightsRequest.objects.get(subject_id=candidate.pk).status == "held"


def test_deletion_without_a_hold_erases_at_once(client, ehr, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = Person("韩撤回", "13577778888", "han@example.com", "做过三年社区团购运营")
    candidate = take_in(person, position=None, by=users["hr"])
    page = client.post(url("rights_deletion", candidate), follow=True).content.decode()
    assert "已删除" in page and person.name not in page
    candidate = Candidate.objects.get(pk=candidate.pk)
    assert candidate.purged_at is not None and candidate.phone == "" and candidate.name != person.name
    assert RightsRequest.objects.get(subject_id=candidate.pk).status == "done"


def test_explanation_shows_the_stored_result_engine_and_weights(client, ehr, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    candidate = take_in(Person("褚说明", "13588889999", "chu@example.com", "擅长大客户谈判"),
                        position=ehr["position"], by=users["hr"])
    result = ScreeningResult.objects.get(application__candidate=candidate)
    page = client.get(url("rights_home", candidate)).content.decode()
    assert result.engine_version in page and "申请人工复核" in page
    assert result.explanation_zh.split("\n")[0][:20] in page


def test_every_candidate_message_carries_a_rights_link_to_that_candidate(interview, settings):  # noqa: F811
    import re

    from django.urls import resolve

    from wecom.messages import templates
    from wecom.models import OutboxMessage

    settings.PORTAL_BASE_URL = "https://hr.example.com"
    options = templates.InvitationOptions()
    for kind in (OutboxMessage.Kind.INVITATION, OutboxMessage.Kind.REMINDER):
        body = templates.render(kind, interview, options=options, link="https://hr.example.com/x").body
        found = re.search(r"https://hr\.example\.com(/recruiting/privacy/r/[^/\s]+/)", body)
        assert found, body
        token = resolve(found.group(1)).kwargs["token"]
        assert links.candidate_id_for(token) == interview.application.candidate_id
    card = templates.render(OutboxMessage.Kind.INTERVIEWER_CARD, interview, options=options, link="").body
    assert "/recruiting/privacy/r/" not in card
