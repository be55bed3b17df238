"""Intake pages: HR uploads and sees per-file outcomes; other roles are refused; the resume page
highlights matched terms without letting resume text become markup."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hrportal.models import AuditLog
from recruiting.models import Candidate, IntakeBatch, IntakeItem, Resume
from tests.screening.builders import encrypted_pdf, make_zip

TEXT = (
    "张伟\n手机：13811112222\n教育背景\n2010.09-2014.06 北京大学 本科\n"
    "工作经历\n2019.03-至今 上海某某科技有限公司 销售经理\n熟练使用 python3 和 Excel，沟通能力强。\n"
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("role", ["interviewer", "finance", "manager"])
def test_other_roles_cannot_reach_intake(client, users, role):
    client.force_login(users[role])
    assert client.get(reverse("recruiting:intake")).status_code == 403
    response = client.post(reverse("recruiting:intake"), {"text": TEXT})
    assert response.status_code == 403
    assert not Candidate.objects.exists()


def test_hr_uploads_files_and_sees_each_outcome(client, users, ehr):
    client.force_login(users["hr"])
    page = client.get(reverse("recruiting:intake"))
    assert page.status_code == 200
    assert 'accept=".pdf,.docx,.txt,.md,.html,.htm,.zip"' in page.content.decode()
    archive = make_zip({"good.txt": TEXT.encode(), "locked.pdf": encrypted_pdf()})
    response = client.post(reverse("recruiting:intake"), {
        "position": ehr["position"].pk, "candidate_source": "job_board", "consented": "on",
        "files": [
            SimpleUploadedFile("batch.zip", archive, content_type="application/zip"),
            SimpleUploadedFile("again.txt", TEXT.encode(), content_type="text/plain"),
        ],
    })
    batch = IntakeBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("recruiting:intake_batch", args=[batch.pk]))
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('data-outcome="created"') == 2  # summary row + the table row
    assert 'data-outcome="failed"' in html and "密码" in html
    assert 'data-outcome="duplicate_file"' in html and "已关联已有候选人" in html
    candidate = Candidate.objects.get(name="张伟")
    assert candidate.source == "job_board" and candidate.consent_at is not None
    assert reverse("recruiting:candidate_detail", args=[candidate.pk]) in html


def test_pasted_text_only(client, users):
    client.force_login(users["hr"])
    response = client.post(reverse("recruiting:intake"), {"text": TEXT, "candidate_source": "other"})
    assert response.status_code == 302
    batch = IntakeBatch.objects.get()
    assert batch.source == IntakeBatch.Source.PASTE
    assert batch.items.get().outcome == IntakeItem.Outcome.CREATED


def test_empty_submission_shows_an_error(client, users):
    client.force_login(users["hr"])
    response = client.post(reverse("recruiting:intake"), {"candidate_source": "other"})
    assert response.status_code == 422
    assert "请选择简历文件或粘贴简历文本" in response.content.decode()
    assert not IntakeBatch.objects.exists()


def test_position_outside_choices_is_rejected(client, users, ehr):
    client.force_login(users["hr"])
    response = client.post(reverse("recruiting:intake"), {"text": TEXT, "position": 999999, "candidate_source": "other"})
    assert response.status_code == 422


def test_resume_page_highlights_terms_and_escapes_text(client, users, ehr):
    client.force_login(users["hr"])
    hostile = TEXT + "<script>alert(1)</script> Python\n"
    client.post(reverse("recruiting:intake"), {
        "text": hostile, "position": ehr["position"].pk, "candidate_source": "other",
    })
    resume = Resume.objects.get()
    response = client.get(reverse("recruiting:resume_detail", args=[resume.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # Python is the position's must-have; the resume spells it with its synonym python3
    assert '<mark class="term must" title="Python">python3</mark>' in html
    assert 'data-found="1"' in html
    assert AuditLog.objects.filter(action="view", object_type="recruiting.Resume", object_id=str(resume.pk)).exists()


def test_resume_page_names_skills_in_the_ui_language(client, users, ehr, settings):
    """Issue 20: the parsed skills, the position's must-haves and the matched skills are named in English in
    English (the resume's own text stays as written)."""
    import re

    from recruiting.models import PositionCompetency, Skill

    crm = Skill.objects.create(name="客户关系管理", name_en="CRM", aliases=["客户管理"])
    PositionCompetency.objects.get(position=ehr["position"], competency__code="COMM").must_have_skills.add(crm)
    client.force_login(users["hr"])
    client.post(reverse("recruiting:intake"), {
        "text": TEXT + "负责客户关系管理。\n", "position": ehr["position"].pk, "candidate_source": "other",
    })
    url = reverse("recruiting:resume_detail", args=[Resume.objects.get().pk])

    def named(html: str) -> list[str]:  # the chips and the must-have list, not the highlighted resume text
        return re.findall(r'<span class="chip">([^<]+)</span>', html) + re.findall(r'<li data-found="\d">([^<]+) <', html)

    chinese = named(client.get(url).content.decode())
    assert "客户关系管理" in chinese and "CRM" not in chinese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = named(client.get(url).content.decode())
    assert english.count("CRM") == 3 and "客户关系管理" not in english  # parsed, must-have, matched


@pytest.mark.parametrize("role", ["interviewer", "finance", "manager"])
def test_resume_page_is_hr_only(client, users, ehr, role):
    client.force_login(users["hr"])
    client.post(reverse("recruiting:intake"), {"text": TEXT, "candidate_source": "other"})
    resume = Resume.objects.get()
    client.force_login(users[role])
    assert client.get(reverse("recruiting:resume_detail", args=[resume.pk])).status_code == 403
    assert client.get(reverse("recruiting:intake_batch", args=[resume.batch_id])).status_code == 403


def test_intake_for_a_position_starts_screening_and_links_to_the_run(client, users, ehr):
    from recruiting.models import ScreeningRun

    client.force_login(users["hr"])
    response = client.post(reverse("recruiting:intake"), {
        "text": TEXT, "position": ehr["position"].pk, "candidate_source": "other",
    })
    run = ScreeningRun.objects.get(position=ehr["position"])
    batch = IntakeBatch.objects.get()
    assert response["Location"] == reverse("recruiting:intake_batch", args=[batch.pk])
    assert batch.screening_run == run  # the batch records the run it started
    # the link is there also when the batch page is opened later without the query string
    html = client.get(reverse("recruiting:intake_batch", args=[batch.pk])).content.decode()
    assert reverse("recruiting:screening_run", args=[run.pk]) in html


def test_batch_page_queries_do_not_grow_with_files(client, users, django_assert_max_num_queries):
    from recruiting.intake.services import intake_files

    files = [(f"r{i}.txt", f"候选人{i}号\n手机：1390000{i:04d}\n".encode()) for i in range(12)]
    batch = intake_files(files=files, position=None, by=users["hr"])
    client.force_login(users["hr"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("recruiting:intake_batch", args=[batch.pk]))
    assert response.content.decode().count('data-outcome="created"') == 13


def test_an_empty_file_is_reported_by_name_and_the_others_are_taken_in(client, users):
    """Issue 14 item 4: one empty file used to refuse the whole upload with a message naming no file."""
    client.force_login(users["hr"])
    response = client.post(reverse("recruiting:intake"), {
        "candidate_source": "other",
        "files": [
            SimpleUploadedFile("good.txt", TEXT.encode(), content_type="text/plain"),
            SimpleUploadedFile("空的简历.txt", b"", content_type="text/plain"),
        ],
    })
    assert response.status_code == 302
    batch = IntakeBatch.objects.get()
    outcomes = dict(batch.items.values_list("filename", "outcome"))
    assert outcomes == {"good.txt": IntakeItem.Outcome.CREATED, "空的简历.txt": IntakeItem.Outcome.FAILED}
    html = client.get(response["Location"]).content.decode()
    assert "空的简历.txt" in html and "没有可读取的文字" in html
    assert Candidate.objects.filter(name="张伟").exists()
