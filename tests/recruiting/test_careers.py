"""Issue 23: the public careers page — only published, open, unexpired positions; search and filters in
both languages; Open Graph tags and a QR code; cached pages dropped on change; the candidate's own
application with PIPL consent (version, time, address), the confirmation's rights link, duplicate
applications linked to the existing candidate, the source of every application, hostile uploads through
the public form, the honeypot and the rate limits."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from recruiting.careers import links
from recruiting.models import (
    Application,
    Candidate,
    CareersSettings,
    Employee,
    IntakeBatch,
    IntakeItem,
    Position,
    Resume,
)
from recruiting.retention.erasers import erase_candidates
from recruiting.rights.links import candidate_id_for
from tests.screening import builders
from tests.screening.test_hostile_files import _corpus

pytestmark = pytest.mark.django_db

RESUME = "陈静\n手机：13655556666\n工作经历\n2019.03-至今 上海某某科技有限公司 销售经理\n熟练使用 python3，沟通能力强。\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(ehr):
    position = ehr["position"]
    position.published, position.city = True, "上海"
    position.duties = "负责华东区大客户销售。"
    position.application_questions = "最快到岗时间？\n期望月薪？"
    position.save()
    return position


def _apply_url(position, query=""):
    return reverse("recruiting:careers_apply", kwargs={"code": position.code}) + (f"?{query}" if query else "")


def _form(**overrides):
    data = {"name": "陈静", "phone": "13655556666", "email": "chenjing@example.com", "resume_text": RESUME,
            "consent": "on", "answer_0": "一个月内", "lang": "zh-hans"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- the list and the position page --------------------------------------------------------------


def test_the_list_shows_only_published_open_unexpired_positions(client, ehr, published):
    rd = ehr["rd_position"]
    rd.published, rd.closes_on = True, timezone.localdate() - dt.timedelta(days=1)
    rd.save()
    Position.objects.create(code="DRAFT-1", title_zh="草稿职位", department=ehr["sales"], published=True)
    Position.objects.create(code="HIDDEN-1", title_zh="未发布职位", department=ehr["sales"],
                            status=Position.Status.OPEN)
    page = client.get(reverse("recruiting:careers_list")).content.decode()
    assert 'data-position="SM-01"' in page
    for code in ("RD-01", "DRAFT-1", "HIDDEN-1"):
        assert f'data-position="{code}"' not in page
    for code in ("RD-01", "DRAFT-1", "HIDDEN-1"):
        assert client.get(reverse("recruiting:careers_position", kwargs={"code": code})).status_code == 404
        assert client.get(_apply_url(Position.objects.get(code=code))).status_code == 404


def test_search_and_filters_in_both_languages(client, ehr, published):
    rd = ehr["rd_position"]
    rd.published, rd.city = True, "北京"
    rd.save()
    url = reverse("recruiting:careers_list")
    assert 'data-position="RD-01"' not in client.get(url, {"q": "大客户"}).content.decode()
    assert 'data-position="SM-01"' in client.get(url, {"q": "大客户"}).content.decode()
    by_city = client.get(url, {"city": "北京"}).content.decode()
    assert 'data-position="RD-01"' in by_city and 'data-position="SM-01"' not in by_city
    by_dept = client.get(url, {"department": ehr["sales"].pk}).content.decode()
    assert 'data-position="SM-01"' in by_dept and 'data-position="RD-01"' not in by_dept
    english = client.get(url, {"lang": "en"})
    assert english["Content-Language"] == "en"
    text = english.content.decode()
    assert "Sales Manager" in text and "Open positions" in text and "开放职位" not in text
    assert "开放职位" in client.get(url).content.decode()


def test_position_page_has_open_graph_tags_and_a_qr_code(client, published):
    response = client.get(reverse("recruiting:careers_position", kwargs={"code": "SM-01"}), {"lang": "en"})
    page = response.content.decode()
    assert '<meta property="og:title" content="Sales Manager' in page
    assert '<meta property="og:url" content="http://testserver/recruiting/careers/SM-01/">' in page
    assert 'property="og:description" content="负责华东区大客户销售。"' in page
    assert "<svg" in page and "csrfmiddlewaretoken" not in page
    qr = client.get(reverse("recruiting:careers_qr", kwargs={"code": "SM-01"}))
    assert qr["Content-Type"] == "image/svg+xml" and qr.content.startswith(b"<svg")


def test_pages_are_cached_and_dropped_when_a_position_changes(client, published, django_assert_num_queries):
    url = reverse("recruiting:careers_list")
    assert "销售经理" in client.get(url).content.decode()
    client.get(reverse("recruiting:careers_position", kwargs={"code": "SM-01"}))
    with django_assert_num_queries(0):  # served from the cache
        client.get(url)
        client.get(reverse("recruiting:careers_position", kwargs={"code": "SM-01"}))
    published.title_zh = "华东销售经理"
    published.save()
    assert "华东销售经理" in client.get(url).content.decode()
    published.published = False
    published.save()
    assert 'data-position="SM-01"' not in client.get(url).content.decode()
    assert client.get(reverse("recruiting:careers_position", kwargs={"code": "SM-01"})).status_code == 404


def test_company_name_and_privacy_notice_are_admin_settings(client, published):
    CareersSettings(company_name_zh="星河科技", company_name_en="Galaxy Tech", privacy_notice_zh="星河告知书正文",
                    notice_version="2026-12").save()
    assert "星河科技" in client.get(reverse("recruiting:careers_list")).content.decode()
    assert "Galaxy Tech" in client.get(reverse("recruiting:careers_list"), {"lang": "en"}).content.decode()
    assert "星河告知书正文" in client.get(_apply_url(published)).content.decode()
    client.post(_apply_url(published), _form())
    assert Application.objects.get(candidate__phone_hash=_hash("13655556666")).consent_version == "2026-12"


def _hash(phone):
    from hrportal import crypto

    return crypto.blind_index(phone, kind="phone")


# --- applying -------------------------------------------------------------------------------------


def test_an_application_records_consent_source_and_answers_and_links_the_rights_page(client, published):
    response = client.post(_apply_url(published), _form(), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200
    page = response.content.decode()
    assert "data-thanks" in page and "data-rights" in page
    candidate = Candidate.objects.get(phone_hash=_hash("13655556666"))
    application = Application.objects.get(candidate=candidate, position=published)
    assert application.source == Application.Source.CAREERS
    assert application.consent_version == "2026-01" and application.consent_ip == "203.0.113.7"
    assert application.consent_at is not None
    assert candidate.consent_at is not None and candidate.consent_version == "2026-01"
    assert candidate.talent_pool_consent is False and candidate.source == Candidate.Source.WEBSITE
    assert json.loads(application.answers) == [{"q": "最快到岗时间？", "a": "一个月内"}]
    # the resume went through the one intake path, tied to this candidate, and screening started
    batch = IntakeBatch.objects.get(source=IntakeBatch.Source.CAREERS)
    assert batch.status == IntakeBatch.Status.DONE and batch.screening_run is not None
    assert Resume.objects.get().candidate == candidate
    assert Candidate.objects.filter(purged_at=None).count() == 3  # the fixture's two + this one
    # the rights link in the confirmation opens the candidate's own page with the application's status
    token = page.split('/privacy/r/')[1].split('/"')[0]
    assert candidate_id_for(token) == candidate.pk
    rights = client.get(reverse("recruiting:rights_home", kwargs={"token": token})).content.decode()
    assert "销售经理" in rights


def test_consent_is_required_and_the_talent_pool_is_a_separate_choice(client, published, settings):
    refused = client.post(_apply_url(published), _form(consent=None))
    assert refused.status_code == 422 and not Application.objects.filter(position=published).exclude(
        candidate__phone_hash=_hash("13912345678")).exists()
    client.post(_apply_url(published), _form(talent_pool="on"))
    candidate = Candidate.objects.get(phone_hash=_hash("13655556666"))
    assert candidate.talent_pool_consent is True
    expected = timezone.localdate() + dt.timedelta(days=settings.TALENT_POOL_RETENTION_DAYS)
    assert abs((candidate.retention_until - expected).days) <= 1


def test_the_same_person_applying_again_links_to_the_existing_candidate(client, ehr, published):
    existing = ehr["candidate"]  # 王小明, 13912345678, already applied to SM-01 through HR
    response = client.post(_apply_url(published), _form(name="王小明", phone="139 1234 5678", email=""))
    assert "data-again" in response.content.decode()
    assert Candidate.objects.filter(phone_hash=_hash("13912345678")).count() == 1
    application = Application.objects.get(candidate=existing, position=published)
    assert application.source == Application.Source.HR_UPLOAD  # the first source stays
    assert application.consent_at is not None
    existing.refresh_from_db()
    assert existing.consent_at is not None
    # a second application by e-mail only also finds the person
    client.post(_apply_url(ehr["rd_position"].__class__.objects.get(code="SM-01")),
                _form(name="王小明", phone="", email="XiaoMing@example.com"))
    assert Candidate.objects.filter(email_hash=existing.email_hash).count() == 1


def test_tagged_links_record_the_job_board_and_the_referring_employee(client, ehr, published):
    client.post(_apply_url(published), _form(src="boss直聘!<x>"))
    board = Application.objects.get(candidate__phone_hash=_hash("13655556666"))
    assert (board.source, board.source_detail) == (Application.Source.JOB_BOARD, "boss直聘x")
    employee = Employee.objects.get(employee_no="E0001")
    token = links.referral_token(employee)
    page = client.get(reverse("recruiting:careers_position", kwargs={"code": "SM-01"}), {"ref": token})
    assert urlencode({"ref": token}) in page.content.decode()  # carried to the form
    client.post(_apply_url(published), _form(phone="13600000001", email="", ref=token))
    referral = Application.objects.get(candidate__phone_hash=_hash("13600000001"))
    assert (referral.source, referral.referrer) == (Application.Source.REFERRAL, employee)
    client.post(_apply_url(published), _form(phone="13600000002", email="", ref=token[:-3] + "abc"))
    forged = Application.objects.get(candidate__phone_hash=_hash("13600000002"))
    assert (forged.source, forged.referrer) == (Application.Source.CAREERS, None)


def test_hr_sees_the_source_on_the_candidate_and_board_pages(client, users, published):
    client.post(_apply_url(published), _form(src="lagou"))
    candidate = Candidate.objects.get(phone_hash=_hash("13655556666"))
    client.force_login(users["hr"])
    detail = client.get(reverse("recruiting:candidate_detail", args=[candidate.pk])).content.decode()
    assert 'data-source="job_board"' in detail and "招聘网站 · lagou" in detail and "一个月内" in detail
    board = client.get(reverse("recruiting:application_board")).content.decode()
    assert "招聘网站 · lagou" in board
    position_page = client.get(reverse("recruiting:position_detail", args=[published.pk])).content.decode()
    assert reverse("recruiting:careers_position", kwargs={"code": "SM-01"}) in position_page


def test_the_purge_erases_answers_and_the_consent_address(client, published):
    client.post(_apply_url(published), _form(), REMOTE_ADDR="203.0.113.7")
    application = Application.objects.get(candidate__phone_hash=_hash("13655556666"))
    erase_candidates([application.candidate_id])
    application.refresh_from_db()
    assert application.answers == "" and application.consent_ip == ""


# --- anti-abuse -----------------------------------------------------------------------------------


def test_the_honeypot_answers_like_a_success_and_stores_nothing(client, published):
    before = Candidate.objects.count()
    response = client.post(_apply_url(published), _form(website="http://spam.example"))
    assert response.status_code == 200 and "data-thanks" in response.content.decode()
    assert "data-rights" not in response.content.decode()
    assert Candidate.objects.count() == before and not IntakeBatch.objects.exists()


def test_rate_limit_per_address(client, published, settings):
    settings.CAREERS_RATE_PER_ADDRESS = 2
    for n in range(2):
        assert client.post(_apply_url(published), _form(phone=f"1360000000{n}", email=""),
                           REMOTE_ADDR="198.51.100.1").status_code == 200
    refused = client.post(_apply_url(published), _form(phone="13600000009", email=""), REMOTE_ADDR="198.51.100.1")
    assert refused.status_code == 429 and "data-limited" in refused.content.decode()
    assert not Candidate.objects.filter(phone_hash=_hash("13600000009")).exists()
    other = client.post(_apply_url(published), _form(phone="13600000008", email=""), REMOTE_ADDR="198.51.100.2")
    assert other.status_code == 200


def test_rate_limit_per_position(client, published, settings):
    settings.CAREERS_RATE_PER_POSITION = 1
    assert client.post(_apply_url(published), _form(), REMOTE_ADDR="198.51.100.1").status_code == 200
    refused = client.post(_apply_url(published), _form(phone="13600000007", email=""), REMOTE_ADDR="198.51.100.3")
    assert refused.status_code == 429


def test_zips_and_oversized_files_are_refused_by_the_form(client, published, settings):
    settings.CAREERS_MAX_FILE_MB = 1
    archive = SimpleUploadedFile("resumes.zip", builders.make_zip({"a.txt": RESUME.encode()}))
    response = client.post(_apply_url(published), _form(resume=archive, resume_text=""))
    assert response.status_code == 422
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
    response = client.post(_apply_url(published), _form(resume=big, resume_text=""))
    assert response.status_code == 422 and "1 MB" in response.content.decode()
    assert not IntakeBatch.objects.exists() and not Candidate.objects.filter(phone_hash=_hash("13655556666")).exists()


def test_hostile_files_through_the_public_form_are_acknowledged_and_reported(client, published, settings):
    settings.CAREERS_RATE_PER_ADDRESS = 100
    client.raise_request_exception = False
    corpus = {name: data for name, (data, outcomes) in _corpus().items()
              if name.lower().endswith((".pdf", ".docx", ".html", ".txt")) and "ok" not in outcomes
              and len(data) <= 5 * 1024 * 1024}
    assert len(corpus) >= 8
    for n, (name, data) in enumerate(sorted(corpus.items())):
        response = client.post(_apply_url(published), _form(
            phone=f"135{n:08d}", email="", resume=SimpleUploadedFile(name, data), resume_text=""))
        assert response.status_code == 200, (name, response.status_code)
        candidate = Candidate.objects.get(phone_hash=_hash(f"135{n:08d}"))
        assert Application.objects.filter(candidate=candidate, position=published).exists(), name
        item = IntakeItem.objects.get(filename=name, batch__source=IntakeBatch.Source.CAREERS)
        assert item.outcome in (IntakeItem.Outcome.FAILED, IntakeItem.Outcome.DUPLICATE_FILE) or item.candidate == candidate, name
        if item.outcome == IntakeItem.Outcome.FAILED:
            assert item.message, name


def test_a_good_pdf_is_parsed_into_the_applicants_record(client, published):
    pdf = SimpleUploadedFile("陈静.pdf", builders.text_pdf(RESUME))
    client.post(_apply_url(published), _form(resume=pdf, resume_text=""))
    candidate = Candidate.objects.get(phone_hash=_hash("13655556666"))
    item = IntakeItem.objects.get(batch__source=IntakeBatch.Source.CAREERS)
    assert item.outcome == IntakeItem.Outcome.SAME_PERSON and item.candidate == candidate
    candidate.refresh_from_db()
    assert "销售经理" in candidate.resume_text and candidate.current_title


def test_department_filter_names_departments_in_the_pages_language(client, ehr, published):
    """Issue 20: the department menu of the careers list is built in Python: "Sales" on the English page."""
    url = reverse("recruiting:careers_list")
    option = f'<option value="{ehr["sales"].pk}">'
    english = client.get(url, {"lang": "en"}).content.decode()
    assert f"{option}Sales</option>" in english and "销售部" not in english
    assert f"{option}销售部</option>" in client.get(url).content.decode()
