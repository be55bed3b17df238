"""History import (issue 2 item 7): the command and the HR page, all-or-nothing with a row-by-row
report, idempotent re-import, and historical applications recorded along the real pipeline."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from hrportal import crypto
from hrportal.models import AuditLog
from recruiting import pipeline
from recruiting.history.paths import IllegalHistory, history_path
from recruiting.history.rows import is_valid_id_number
from recruiting.history.services import import_history_file
from recruiting.models import (
    Application,
    ApplicationCompetencyScore,
    ApplicationStageChange,
    Candidate,
    Employee,
    PerformanceReview,
)
from recruiting.pipeline import Stage

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
EMPLOYEE_HEADER = "工号,姓名,部门编码,职位编码,入职日期,手机,月薪\n"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The shared ``users`` fixture hashes five passwords; PBKDF2 would dominate these tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run_import(tmp_path, name: str, content: str | bytes, *args) -> tuple[str, str]:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_history", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failing_import(tmp_path, name: str, content: str | bytes, *args) -> str:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_history", str(path), *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def snapshot() -> tuple[int, ...]:
    return (
        Employee.objects.count(), Candidate.objects.count(), Application.objects.count(),
        ApplicationStageChange.objects.count(), ApplicationCompetencyScore.objects.count(),
        PerformanceReview.objects.count(), AuditLog.objects.filter(object_type="history_import").count(),
    )


def import_samples(tmp_path):
    outputs = []
    for name in ("employees.csv", "applications.csv", "reviews.csv"):
        out, _err = run_import(tmp_path, name, (SAMPLES / name).read_bytes())
        outputs.append(out)
    return outputs


# --- the sample files of docs/samples import cleanly and mean what they say -----------------------------


def test_sample_files_import_into_real_rows(db, ehr, tmp_path):
    outputs = import_samples(tmp_path)
    assert "员工：新增 3 条" in outputs[0]
    assert "应聘记录：新增 4 条" in outputs[1]
    assert "绩效考核：新增 4 条" in outputs[2]

    lin = Employee.objects.get(employee_no="S1002")
    assert lin.name == "林晓雯" and lin.department.code == "SALES" and lin.position.code == "SM-01"
    assert lin.manager.employee_no == "S1001"
    assert lin.phone == "13622223333"  # "136 2222 3333" normalised
    assert lin.phone_hash == crypto.blind_index("13622223333", kind="phone")
    assert lin.base_salary == Decimal("18500.00")  # "18,500.00"
    assert str(Employee.objects.get(employee_no="S1003").hire_date) == "2022-09-01"  # 2022年9月1日

    hired = lin.hired_through
    assert hired is not None and hired.stage == Stage.HIRED and hired.position.code == "SM-01"
    path = list(hired.stage_history.values_list("from_stage", "to_stage"))
    assert path == [("new", "screening"), ("screening", "shortlisted"), ("shortlisted", "interviewing"),
                    ("interviewing", "offer"), ("offer", "hired")]
    times = list(hired.stage_history.values_list("at", flat=True))
    assert times == sorted(times) and times[-1].date().isoformat() == "2023-06-20"
    scores = {s.competency.code: s.score for s in hired.competency_scores.all()}
    assert scores == {"COMM": Decimal("4.00"), "DRIVE": Decimal("4.50")}
    assert set(hired.competency_scores.values_list("source", flat=True)) == {ApplicationCompetencyScore.Source.IMPORT}

    # Every recorded edge is a legal pipeline move and the last one is where the application stands.
    for application in Application.objects.exclude(pk__in=[ehr["application"].pk, ehr["rd_application"].pk]):
        edges = list(application.stage_history.values_list("from_stage", "to_stage"))
        assert edges and edges[0][0] == Stage.NEW and edges[-1][1] == application.stage
        assert all(pipeline.is_legal(a, b) for a, b in edges)
    withdrawn = Application.objects.get(stage=Stage.WITHDRAWN)
    assert [e[1] for e in withdrawn.stage_history.values_list("from_stage", "to_stage")] == ["screening", "withdrawn"]
    assert withdrawn.stage_history.last().reason == "候选人接受了其他机会"

    reviews = {(r.employee.employee_no, r.period): r for r in PerformanceReview.objects.select_related("employee")}
    assert reviews[("S1001", "2024H2")].score == Decimal("75.00")  # no score given: taken from rating B
    assert reviews[("S1002", "2024H1")].score == Decimal("74.50")  # "2024上半年"
    assert AuditLog.objects.filter(object_type="history_import", action="create").count() == 3


def test_reimport_updates_instead_of_duplicating(db, ehr, tmp_path):
    import_samples(tmp_path)
    before = snapshot()
    outputs = import_samples(tmp_path)
    assert "员工：新增 0 条，更新 0 条，未变化 3 条" in outputs[0]
    assert "应聘记录：新增 0 条，更新 0 条，未变化 4 条" in outputs[1]
    assert "绩效考核：新增 0 条，更新 0 条，未变化 4 条" in outputs[2]
    after = snapshot()
    assert after[:-1] == before[:-1]  # only the audit log grew
    assert after[-1] == before[-1] + 3

    changed = (SAMPLES / "employees.csv").read_text(encoding="utf-8-sig").replace("26800", "27900")
    out, _ = run_import(tmp_path, "employees.csv", changed)
    assert "员工：新增 0 条，更新 1 条，未变化 2 条" in out
    assert Employee.objects.get(employee_no="S1001").base_salary == Decimal("27900.00")


def test_workbook_with_three_sheets_is_one_import(db, ehr):
    report = import_history_file(filename="history.xlsx", data=(SAMPLES / "history.xlsx").read_bytes())
    assert report.ok, report.errors
    assert list(report.counts) == ["employees", "applications", "reviews"]
    assert [(c.created, c.updated) for c in report.counts.values()] == [(3, 0), (4, 0), (4, 0)]
    # The hired application refers to an employee created by the same workbook.
    assert Employee.objects.get(employee_no="S1002").hired_through.candidate.name == "林晓雯"
    assert Employee.objects.get(employee_no="S1001").hire_date.isoformat() == "2021-03-15"  # a real Excel date cell


def test_gb18030_csv_with_english_headers(db, ehr, tmp_path):
    content = ("employee_no,name,department_code,hire_date\nG001,欧阳娜娜,RD,2020-05-06\n").encode("gb18030")
    out, _ = run_import(tmp_path, "gbk.csv", content)
    assert "新增 1 条" in out
    assert Employee.objects.get(employee_no="G001").name == "欧阳娜娜"


def test_dry_run_writes_nothing(db, ehr, tmp_path):
    before = snapshot()
    out, _ = run_import(tmp_path, "employees.csv", (SAMPLES / "employees.csv").read_bytes(), "--dry-run")
    assert "试运行" in out and "新增 3 条" in out
    assert snapshot() == before


# --- bad input: every problem reported with row, column and reason; nothing written ---------------------


BAD_EMPLOYEES = (
    EMPLOYEE_HEADER
    + "E100,张三,SALES,SM-01,2021-02-30,13800138000,20000\n"  # row 2: impossible date
    + "E101,李四,NOPE,SM-01,2021-02-01,13800138001,20000\n"  # row 3: unknown department
    + "E102,王五,SALES,XX-99,2021-02-01,1380013800,-5\n"  # row 4: unknown position, bad phone, negative salary
    + "\n"  # row 5: blank, skipped but still counted
    + "E100,赵六,SALES,,2021-02-01,,\n"  # row 6: duplicate 工号
    + ",钱七,SALES,,,,\n"  # row 7: missing 工号 and 入职日期
)


def test_error_report_lists_every_problem_and_writes_nothing(db, ehr, tmp_path):
    before = snapshot()
    err = failing_import(tmp_path, "bad.csv", BAD_EMPLOYEES)
    expected = [
        ("第 2 行", "入职日期", "日期格式不正确"),
        ("第 3 行", "部门编码", "部门编码不存在：NOPE"),
        ("第 4 行", "职位编码", "职位编码不存在：XX-99"),
        ("第 4 行", "手机", "手机号格式不正确"),
        ("第 4 行", "月薪", "月薪必须是不小于 0 的金额"),
        ("第 6 行", "工号", "工号在文件中重复（第 2 行已出现）"),
        ("第 7 行", "工号", "必填项不能为空"),
        ("第 7 行", "入职日期", "必填项不能为空"),
    ]
    lines = err.splitlines()
    for row, column, reason in expected:
        assert any(row in line and f"| {column} |" in line and reason in line for line in lines), (row, column, reason)
    assert "共 8 个问题" in err
    assert snapshot() == before  # the three good-looking rows were not written either


def test_one_bad_row_blocks_the_whole_file(db, ehr, tmp_path):
    content = EMPLOYEE_HEADER + "".join(f"A{i},员工{i},SALES,,2020-01-0{i},,\n" for i in range(1, 5))
    content += "A9,坏行,SALES,,2020-13-01,,\n"
    err = failing_import(tmp_path, "mostly_good.csv", content)
    assert "第 6 行 | 入职日期" in err
    assert not Employee.objects.filter(employee_no__startswith="A").exists()


@pytest.mark.parametrize(
    ("name", "content", "column", "reason"),
    [
        ("people.pdf", b"%PDF-1.4", "—", "不支持的文件类型"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "—", "不支持旧版 Excel"),
        ("empty.csv", b"", "—", "文件是空的"),
        ("bom_only.csv", b"\xef\xbb\xbf\r\n", "—", "文件是空的"),
        ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "—", "无法识别文件编码"),
        ("broken.xlsx", b"PK\x03\x04 definitely not a workbook", "—", "无法读取 XLSX 文件"),
        ("header_only.csv", EMPLOYEE_HEADER.encode(), "—", "没有数据行"),
        ("what.csv", b"foo,bar\n1,2\n", "—", "无法从表头判断文件类型"),
        ("missing.csv", "工号,姓名,入职日期\nE1,张三,2020-01-01\n".encode(), "部门编码", "缺少必填列"),
        ("unknown.csv", "工号,姓名,部门编码,入职日期,星座\nE1,张三,SALES,2020-01-01,白羊\n".encode(), "星座",
         "无法识别的列名"),
        ("dup_header.csv", "工号,姓名,部门编码,入职日期,employee_no\nE1,张,SALES,2020-01-01,E1\n".encode(),
         "employee_no", "列重复"),
    ],
)
def test_file_level_problems(db, ehr, tmp_path, name, content, column, reason):
    err = failing_import(tmp_path, name, content)
    assert reason in err
    assert f"| {column} |" in err


APP_HEADER = "候选人姓名,手机,邮箱,职位编码,投递日期,结果日期,结果,工号,COMM,DRIVE\n"


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("张三,13900000001,,SM-01,2023-01-01,2023-02-01,hired,E0001,6,3", "COMM", "得分必须是 1–5"),
        ("张三,13900000001,,SM-01,2023-01-01,2023-02-01,hired,E0001,0.5,3", "COMM", "得分必须是 1–5"),
        ("张三,13900000001,,SM-01,2023-01-01,2023-02-01,录取了,,3,3", "结果", "结果必须是"),
        ("张三,13900000001,,SM-01,2023-01-01,2023-02-01,hired,,3,3", "工号", "必须填写工号"),
        ("张三,13900000001,,SM-01,2023-01-01,2023-02-01,hired,NOBODY,3,3", "工号", "工号不存在：NOBODY"),
        ("张三,13900000001,,SM-01,2023-03-01,2023-02-01,rejected,,3,3", "结果日期", "结果日期不能早于投递日期"),
        ("张三,,,SM-01,2023-01-01,2023-02-01,rejected,,3,3", "手机", "手机和邮箱至少填写一项"),
        ("张三,,not-an-email,SM-01,2023-01-01,2023-02-01,rejected,,3,3", "邮箱", "邮箱格式不正确"),
        ("张三,13900000001,,ZZ-01,2023-01-01,2023-02-01,rejected,,3,3", "职位编码", "职位编码不存在"),
        ("张三,13900000001,,SM-01,2099-01-01,,rejected,,3,3", "投递日期", "不能晚于今天"),
    ],
)
def test_application_row_problems(db, ehr, tmp_path, row, column, reason):
    before = snapshot()
    err = failing_import(tmp_path, "apps.csv", APP_HEADER + row + "\n")
    assert any("第 2 行" in line and f"| {column} |" in line and reason in line for line in err.splitlines()), err
    assert snapshot() == before


def test_unknown_competency_column_is_reported(db, ehr, tmp_path):
    err = failing_import(tmp_path, "apps.csv", "候选人姓名,手机,职位编码,投递日期,结果,MAGIC\n张三,13900000001,SM-01,2023-01-01,rejected,3\n")
    assert "| MAGIC |" in err and "不是已有的胜任力编码" in err


def test_review_problems(db, ehr, tmp_path):
    content = (
        "工号,考核周期,等级,分数\n"
        "E0001,2024H1,E,80\n"  # rating not S–D
        "E0001,2024H3,A,80\n"  # bad period
        "E0001,2024H2,A,120\n"  # score out of range
        "E0001,2024-h2,B,70\n"  # same period as row 4 once normalised
        "E9999,2024H1,A,80\n"  # unknown employee
    )
    err = failing_import(tmp_path, "reviews.csv", content)
    for row, column, reason in [
        (2, "等级", "等级必须是 S、A、B、C、D 之一"),
        (3, "考核周期", "考核周期格式不正确"),
        (4, "分数", "分数必须是 0–100 之间的数字"),
        (5, "考核周期", "同一员工同一考核周期在文件中重复（第 4 行已出现）"),
        (6, "工号", "工号不存在：E9999"),
    ]:
        assert any(f"第 {row} 行" in line and f"| {column} |" in line and reason in line for line in err.splitlines()), row
    assert not PerformanceReview.objects.exists()


def test_id_number_checksum_is_validated(db, ehr, tmp_path):
    assert is_valid_id_number("310104199002150032")
    assert not is_valid_id_number("310104199002150033")
    content = "工号,姓名,部门编码,入职日期,身份证号\nE7,张三,SALES,2020-01-01,310104199002150033\n"
    err = failing_import(tmp_path, "ids.csv", content)
    assert "| 身份证号 |" in err and "校验位" in err


def test_forced_kind_reads_the_file_as_that_kind(db, ehr, tmp_path):
    err = failing_import(tmp_path, "employees.csv", (SAMPLES / "employees.csv").read_bytes(), "--kind", "reviews")
    assert "缺少必填列" in err and "| 考核周期 |" in err


# --- history goes through the pipeline -------------------------------------------------------------------


def test_history_paths_follow_the_pipeline():
    assert history_path(Stage.HIRED, interviewed=True) == ["screening", "shortlisted", "interviewing", "offer", "hired"]
    assert history_path(Stage.REJECTED, interviewed=False) == ["screening", "rejected"]
    assert history_path(Stage.REJECTED, interviewed=True, start=Stage.SHORTLISTED) == ["interviewing", "rejected"]
    assert history_path(Stage.HIRED, interviewed=True, start=Stage.INTERVIEWING) == ["offer", "hired"]
    with pytest.raises(IllegalHistory):
        history_path(Stage.REJECTED, interviewed=True, start=Stage.OFFER)  # no offer → rejected edge
    with pytest.raises(IllegalHistory):
        history_path(Stage.HIRED, interviewed=True, start=Stage.REJECTED)


def test_existing_application_continues_along_the_pipeline(db, ehr, tmp_path):
    application = ehr["application"]  # 王小明 → SM-01, at "new"
    application.set_stage(Stage.SCREENING)
    application.set_stage(Stage.SHORTLISTED)
    application.set_stage(Stage.INTERVIEWING)
    out, _ = run_import(tmp_path, "apps.csv", APP_HEADER + "王小明,13912345678,,SM-01,2023-01-01,2023-02-01,hired,E0001,4,4\n")
    assert "新增 0 条，更新 1 条" in out
    application.refresh_from_db()
    assert application.stage == Stage.HIRED
    assert list(application.stage_history.values_list("to_stage", flat=True)) == [
        "screening", "shortlisted", "interviewing", "offer", "hired"]
    assert Employee.objects.get(employee_no="E0001").hired_through == application


def test_outcome_unreachable_from_current_stage_is_refused(db, ehr, tmp_path):
    application = ehr["application"]
    for stage in (Stage.SCREENING, Stage.SHORTLISTED, Stage.INTERVIEWING, Stage.OFFER):
        application.set_stage(stage)
    before = snapshot()
    err = failing_import(tmp_path, "apps.csv", APP_HEADER + "王小明,,xiaoming@example.com,SM-01,2023-01-01,,rejected,,2,2\n")
    assert "| 结果 |" in err and "无法按招聘流程补录" in err
    assert snapshot() == before


# --- the HR page -------------------------------------------------------------------------------------------


def upload(name: str, data: bytes, **extra):
    return {"file": SimpleUploadedFile(name, data), **extra}


def test_hr_page_imports_and_shows_summary(client, ehr, users):
    client.force_login(users["hr"])
    url = reverse("recruiting:import_history")
    page = client.get(url)
    assert page.status_code == 200
    assert "入职日期" in page.content.decode() and "hire_date" in page.content.decode()

    response = client.post(url, upload("employees.csv", (SAMPLES / "employees.csv").read_bytes()))
    assert response.status_code == 200
    body = response.content.decode()
    assert "导入成功" in body and "员工：新增 3 条，更新 0 条，未变化 0 条" in body
    entry = AuditLog.objects.get(object_type="history_import")
    assert entry.actor == users["hr"] and entry.action == "create"


def test_hr_page_shows_error_table_and_writes_nothing(client, ehr, users):
    client.force_login(users["admin"])
    before = snapshot()
    response = client.post(reverse("recruiting:import_history"), upload("bad.csv", BAD_EMPLOYEES.encode()))
    assert response.status_code == 422
    body = response.content.decode()
    assert "导入失败，未写入任何数据" in body
    assert body.count("<tr>") >= 8 + 1  # eight problems plus the header row
    assert "部门编码不存在：NOPE" in body and "工号在文件中重复（第 2 行已出现）" in body
    assert snapshot() == before


def test_hr_page_dry_run(client, ehr, users):
    client.force_login(users["hr"])
    response = client.post(reverse("recruiting:import_history"),
                           upload("employees.csv", (SAMPLES / "employees.csv").read_bytes(), dry_run="on"))
    assert response.status_code == 200 and "试运行" in response.content.decode()
    assert not Employee.objects.filter(employee_no__startswith="S1").exists()


@pytest.mark.parametrize("role", ["manager", "interviewer", "finance"])
def test_other_roles_cannot_import(client, ehr, users, role):
    client.force_login(users[role])
    url = reverse("recruiting:import_history")
    assert client.get(url).status_code == 403
    response = client.post(url, upload("employees.csv", (SAMPLES / "employees.csv").read_bytes()))
    assert response.status_code == 403
    assert not Employee.objects.filter(employee_no__startswith="S1").exists()


def test_workbook_upload_through_the_page(client, ehr, users):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "员工"
    sheet.append(["工号", "姓名", "部门编码", "入职日期"])
    sheet.append(["W1", "孙悦", "RD", "2019-04-01"])
    sheet.append(["W2", "孙悦", "RD", "2019/04/31"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(users["hr"])
    response = client.post(reverse("recruiting:import_history"), upload("staff.xlsx", buffer.getvalue()))
    assert response.status_code == 422
    body = response.content.decode()
    assert "员工" in body and "日期格式不正确" in body
    assert not Employee.objects.filter(employee_no__startswith="W").exists()


def test_same_person_by_phone_then_by_email_only_is_a_duplicate(db, ehr, tmp_path):
    content = (APP_HEADER + "张三,13900000001,zs@example.com,SM-01,2023-01-01,,rejected,,3,3\n"
               + "张三,,ZS@example.com,SM-01,2023-01-02,,withdrawn,,3,3\n")
    err = failing_import(tmp_path, "apps.csv", content)
    assert "第 3 行 | 职位编码 | 同一候选人（手机或邮箱相同）应聘同一职位的记录在文件中重复（第 2 行已出现）" in err
