"""Sensitive personal information (issue 19 item 3, PIPL Art. 28–30): ID numbers, health, religion and marital
status are masked wherever resume text is shown and never parsed into fields, unless the position requires the
kind and HR recorded why."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hrportal.masking import mask_sensitive_text
from recruiting.intake.services import intake_text
from recruiting.models import Candidate, Resume

ID = "110101199003074514"
RESUME = (f"郑敏感\n手机：13655556666\n身份证号：{ID}\n婚姻状况：已婚  健康状况：良好\n宗教信仰：无\n"
          "工作经历\n2019.03-至今 上海某某科技有限公司 销售经理\n")


def test_masking_hides_each_kind_and_keeps_what_is_required():
    masked = mask_sensitive_text(RESUME)
    assert ID not in masked and "110***********4514" not in masked  # the label masks the whole value
    assert "婚姻状况：***" in masked and "健康状况：***" in masked and "宗教信仰：***" in masked
    assert "已婚" not in masked and "良好" not in masked
    assert "13655556666" in masked and "销售经理" in masked  # not sensitive
    assert "1101011990" not in mask_sensitive_text(f"证号 {ID} 见附件")  # an unlabelled ID number is masked too
    kept = mask_sensitive_text(RESUME, keep={"health"})
    assert "健康状况：良好" in kept and "婚姻状况：***" in kept


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_nothing_sensitive_is_parsed_or_shown_by_default(client, ehr, users, media):
    intake_text(text=RESUME, position=ehr["position"], by=users["hr"])
    candidate = Candidate.objects.get(name="郑敏感")
    assert candidate.id_number == ""
    client.force_login(users["hr"])
    for url in (reverse("recruiting:candidate_detail", args=[candidate.pk]),
                reverse("recruiting:resume_detail", args=[Resume.objects.get(candidate=candidate).pk])):
        body = client.get(url).content.decode()
        assert "已婚" not in body and "良好" not in body and ID not in body, url


def test_a_position_that_requires_the_id_number_with_a_reason_parses_and_shows_it(client, ehr, users, media):
    position = ehr["position"]
    position.sensitive_data, position.sensitive_reason = ["id_number"], "入职背景调查需核验身份证"
    position.save()
    intake_text(text=RESUME, position=position, by=users["hr"])
    candidate = Candidate.objects.get(name="郑敏感")
    assert candidate.id_number == ID
    client.force_login(users["hr"])
    body = client.get(reverse("recruiting:candidate_detail", args=[candidate.pk])).content.decode()
    assert ID in body and "已婚" not in body  # only the required kind
    client.force_login(users["manager"])
    assert ID not in client.get(reverse("recruiting:candidate_detail", args=[candidate.pk])).content.decode()


def test_without_a_reason_the_choice_counts_for_nothing_and_the_form_refuses_it(client, ehr, users, media):
    position = ehr["position"]
    position.sensitive_data = ["id_number"]
    position.save()
    assert position.required_sensitive() == frozenset()
    intake_text(text=RESUME, position=position, by=users["hr"])
    assert Candidate.objects.get(name="郑敏感").id_number == ""
    client.force_login(users["hr"])
    response = client.post(reverse("recruiting:position_edit", args=[position.pk]), {
        "code": position.code, "title_zh": position.title_zh, "department": position.department_id,
        "status": position.status, "priority": position.priority, "headcount": 1, "min_years": 3,
        "sensitive_data": ["health"], "sensitive_reason": "",
    })
    assert response.status_code == 422 and "必须写明岗位必需的理由" in response.content.decode()
    position.refresh_from_db()
    assert position.sensitive_data == ["id_number"]  # unchanged


def test_interviewers_never_see_the_resume(client, ehr, users, media):
    """No page shows a resume's original file (where a photo would be); the interviewer role sees no text."""
    intake_text(text=RESUME + "\n[照片]\n", position=ehr["position"], by=users["hr"])
    candidate = Candidate.objects.get(name="郑敏感")
    client.force_login(users["interviewer"])
    assert client.get(reverse("recruiting:candidate_detail", args=[candidate.pk])).status_code == 403
    assert client.get(reverse("recruiting:resume_detail",
                              args=[Resume.objects.get(candidate=candidate).pk])).status_code == 403
