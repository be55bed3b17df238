"""Resume intake service and the import_resumes command: new candidates, duplicates (same file, same
person), zips with bad members, GBK text, applications never duplicated, files encrypted at rest."""

from __future__ import annotations

import hashlib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from hrportal.models import AuditLog
from recruiting.intake.services import intake_files, intake_text, read_resume_file
from recruiting.models import Application, Candidate, IntakeBatch, IntakeItem, Resume, ScreeningRun
from tests.screening.builders import encrypted_pdf, make_docx, make_zip

Outcome = IntakeItem.Outcome


def resume(name: str, phone: str, email: str = "", extra: str = "") -> str:
    return (
        f"{name}\n手机：{phone}\n"
        + (f"邮箱：{email}\n" if email else "")
        + "教育背景\n2010.09-2014.06 北京大学 计算机科学 本科\n"
        "工作经历\n2019.03-至今 上海某某科技有限公司 销售经理\n"
        f"熟练使用 Python，带领 8 人团队，沟通协调能力强。{extra}\n"
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def outcomes(batch: IntakeBatch) -> list[str]:
    return list(batch.items.order_by("id").values_list("outcome", flat=True))


def test_new_resume_creates_candidate_with_parsed_profile_and_encrypted_file(ehr, users, media_root):
    data = resume("张伟", "13811112222", "zhangwei@example.com").encode("utf-8")
    batch = intake_files(files=[("张伟.txt", data)], position=None, by=users["hr"])

    assert outcomes(batch) == [Outcome.CREATED]
    candidate = Candidate.objects.get(name="张伟")
    assert candidate.phone == "13811112222"
    assert candidate.email == "zhangwei@example.com"
    assert candidate.highest_education == "本科"
    assert candidate.current_title == "销售经理"
    assert candidate.years_experience and candidate.years_experience > 0
    assert "Python" in candidate.resume_text
    assert candidate.consent_at is None  # consent is never assumed
    resume_row = Resume.objects.get(candidate=candidate)
    assert resume_row.sha256 == hashlib.sha256(data).hexdigest()
    assert resume_row.batch_id == batch.pk
    on_disk = (Path(media_root) / resume_row.stored_path).read_bytes()
    assert data not in on_disk and "张伟".encode() not in on_disk and b"13811112222" not in on_disk
    assert read_resume_file(resume_row) == data
    assert not Application.objects.filter(candidate=candidate).exists()  # talent pool
    audit = AuditLog.objects.get(object_type="resume_intake", object_id=str(batch.pk))
    assert audit.action == "create" and "created=1" in audit.note and audit.actor == users["hr"]


def test_consent_is_recorded_only_when_confirmed(ehr, users, settings):
    settings.CANDIDATE_CONSENT_VERSION = "2026-03"
    intake_text(text=resume("李娜", "13822223333"), position=None, by=users["hr"], consented=True)
    candidate = Candidate.objects.get(name="李娜")
    assert candidate.consent_version == "2026-03"
    assert candidate.consent_at is not None and candidate.retention_until is not None


def test_same_file_twice_is_one_resume_and_a_visible_duplicate(ehr, users):
    data = resume("张伟", "13811112222").encode("utf-8")
    first = intake_files(files=[("a.txt", data)], position=None, by=users["hr"])
    second = intake_files(files=[("copy-of-a.txt", data)], position=None, by=users["hr"])

    assert outcomes(first) == [Outcome.CREATED]
    assert outcomes(second) == [Outcome.DUPLICATE_FILE]
    assert Resume.objects.count() == 1
    assert Candidate.objects.filter(name="张伟").count() == 1
    item = second.items.get()
    assert item.candidate == Candidate.objects.get(name="张伟")
    assert "a.txt" in item.message and "张伟" in item.message


def test_same_phone_in_a_different_file_links_to_the_existing_candidate(ehr, users):
    intake_files(files=[("v1.txt", resume("张伟", "13811112222").encode())], position=None, by=users["hr"])
    newer = resume("张伟", "+86 138-1111-2222", extra="新增：精通 Excel。")
    batch = intake_files(files=[("v2.txt", newer.encode())], position=None, by=users["hr"])

    assert outcomes(batch) == [Outcome.SAME_PERSON]
    assert Candidate.objects.filter(name="张伟").count() == 1
    candidate = Candidate.objects.get(name="张伟")
    assert candidate.resumes.count() == 2
    assert "Excel" in candidate.resume_text  # the newer resume is the candidate's text now
    assert "手机号" in batch.items.get().message


def test_same_email_links_to_existing_candidate_from_the_ehr(ehr, users):
    text = "王小明\nEmail: XiaoMing@Example.com\n工作经历\n2018.01-至今 某公司 销售\n"
    batch = intake_text(text=text, position=None, by=users["hr"])
    assert outcomes(batch) == [Outcome.SAME_PERSON]
    assert batch.items.get().candidate == ehr["candidate"]


def test_zip_with_good_corrupt_and_encrypted_members_goes_on(ehr, users):
    archive = make_zip({
        "one.txt": resume("陈一", "13900000001").encode(),
        "two.docx": make_docx(resume("陈二", "13900000002")),
        "three.md": resume("陈三", "13900000003").encode(),
        "broken.pdf": b"%PDF-1.7\n this is not really a pdf \x00\x01\x02",
        "locked.pdf": encrypted_pdf(),
    })
    batch = intake_files(files=[("batch.zip", archive)], position=ehr["position"], by=users["hr"])

    items = {item.filename: item for item in batch.items.all()}
    assert batch.counts[Outcome.CREATED] == 3
    assert batch.counts[Outcome.FAILED] == 2
    assert items["batch.zip/broken.pdf"].outcome == Outcome.FAILED
    assert "损坏" in items["batch.zip/broken.pdf"].message
    assert items["batch.zip/locked.pdf"].outcome == Outcome.FAILED
    assert "密码" in items["batch.zip/locked.pdf"].message
    assert set(Candidate.objects.filter(name__startswith="陈").values_list("name", flat=True)) == {"陈一", "陈二", "陈三"}
    # each stored member decrypts back to its own bytes
    docx_resume = Resume.objects.get(candidate__name="陈二")
    assert read_resume_file(docx_resume).startswith(b"PK")
    assert docx_resume.file_kind == "docx"
    assert Application.objects.filter(position=ehr["position"], candidate__name__startswith="陈").count() == 3


def test_gbk_text_is_read(ehr, users):
    data = resume("赵敏", "13933334444").encode("gbk")
    batch = intake_files(files=[("gbk.txt", data)], position=None, by=users["hr"])
    assert outcomes(batch) == [Outcome.CREATED]
    assert Candidate.objects.get(name="赵敏").phone == "13933334444"
    assert "北京大学" in Resume.objects.get(candidate__name="赵敏").text


def test_existing_application_is_reused_never_duplicated(ehr, users):
    position = ehr["position"]
    text = resume("王小明", "13912345678", extra="第二版简历")  # the ehr candidate already applied
    batch = intake_text(text=text, position=position, by=users["hr"])
    assert outcomes(batch) == [Outcome.SAME_PERSON]
    assert Application.objects.filter(candidate=ehr["candidate"], position=position).count() == 1
    item = batch.items.get()
    assert item.application == ehr["application"]
    assert "未重复创建" in item.message
    # the same file again: still one application
    again = intake_text(text=text, position=position, by=users["hr"])
    assert outcomes(again) == [Outcome.DUPLICATE_FILE]
    assert Application.objects.filter(candidate=ehr["candidate"], position=position).count() == 1


def test_file_over_the_configured_limit_is_refused_and_the_rest_goes_on(ehr, users, settings):
    settings.RESUME_MAX_FILE_MB = 0.001  # about 1 KB
    big = ("x" * 2000).encode()
    batch = intake_files(
        files=[("big.txt", big), ("ok.txt", "刘洋\n手机：13955556666\n".encode())], position=None, by=users["hr"]
    )
    assert outcomes(batch) == [Outcome.FAILED, Outcome.CREATED]
    assert "过大" in batch.items.order_by("id").first().message


def test_screening_run_started_for_new_applications(ehr, users):
    batch = intake_files(
        files=[("a.txt", resume("周杰", "13966667777").encode()), ("bad.txt", b"\x00\x01\x02" * 10)],
        position=ehr["position"], by=users["hr"],
    )
    application = Application.objects.get(candidate__name="周杰", position=ehr["position"])
    run = ScreeningRun.objects.get(position=ehr["position"])
    assert list(run.items.values_list("application_id", flat=True)) == [application.pk]
    assert run.created_by == users["hr"] and run.status == ScreeningRun.Status.DONE  # in-process without Redis
    assert batch.counts[Outcome.FAILED] == 1


def test_import_resumes_command_prints_a_line_per_file_and_a_summary(ehr, users, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.txt").write_text(resume("孙丽", "13977778888"), encoding="utf-8")
    (folder / "b.zip").write_bytes(make_zip({"c.txt": resume("孙强", "13988889999").encode(), "d.pdf": b"junk"}))
    (folder / "notes.xyz").write_text("ignored: not a resume suffix")
    out = StringIO()
    call_command("import_resumes", str(folder), "--position", "SM-01", "--no-screening", stdout=out)
    lines = out.getvalue().strip().splitlines()

    assert len(lines) == 4
    assert lines[0].startswith("created\t") and "孙丽" in lines[0]
    assert any(line.startswith("failed\t") and "d.pdf" in line for line in lines)
    assert "新建 2" in lines[-1] and "失败 1" in lines[-1]
    assert IntakeBatch.objects.get().source == IntakeBatch.Source.COMMAND
    assert Application.objects.filter(position=ehr["position"], candidate__name__in=["孙丽", "孙强"]).count() == 2


def test_import_resumes_command_unknown_position_is_an_error(ehr, tmp_path):
    from django.core.management.base import CommandError

    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(CommandError):
        call_command("import_resumes", str(tmp_path / "a.txt"), "--position", "NOPE")
