"""The two command-line entry points HR operators use: ``parse_resume`` and ``screen``."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from recruiting.engine_inputs import (
    build_engine,
    lexicon_from_database,
    position_model,
)
from recruiting.management.commands import screen as screen_command
from recruiting.models import Application, Candidate, Employee, PerformanceReview, Skill
from recruiting.weighting.services import active_weights, historical_adjustment, refit_position_weights

from . import builders

RESUME = (
    "张伟\n电话：13812345678  邮箱：zhangwei@example.com\n教育背景\n2010.09-2014.06 浙江大学 计算机科学与技术 本科\n"
    "工作经历\n2019.03-至今 上海某某科技有限公司 销售经理\n- 带领15人销售团队，沟通协调客户，业绩目标完成率120%\n"
    "2016.07-2019.02 杭州某某网络技术有限公司 销售代表\n专业技能\n熟悉Python、CRM、Excel"
)


def _lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


@pytest.mark.django_db
def test_parse_resume_json_contract_for_a_docx(tmp_path, capsys):
    path = tmp_path / "张伟.docx"
    path.write_bytes(builders.make_docx(RESUME))
    call_command("parse_resume", str(path), "--json", "--as-of", "2026-11-01")
    (data,) = _lines(capsys)
    assert data["name"] == "张伟" and data["phone"] == "13812345678" and data["email"] == "zhangwei@example.com"
    assert data["highest_degree"] == "本科"
    assert data["education"] == [
        {"degree": "本科", "school": "浙江大学", "major": "计算机科学与技术", "start": "2010-09", "end": "2014-06"}
    ]
    assert [(e["company"], e["title"], e["start"], e["end"]) for e in data["experience"]] == [
        ("上海某某科技有限公司", "销售经理", "2019-03", None),
        ("杭州某某网络技术有限公司", "销售代表", "2016-07", "2019-02"),
    ]
    assert data["titles"] == ["销售经理", "销售代表"]
    assert data["years_experience"] == 10.3
    assert {"Python", "客户关系管理", "Excel"} <= set(data["skills"])  # demo lexicon: the Skill table is empty
    assert data["team_size_max"] == 15
    assert data["format"] == "docx"


@pytest.mark.django_db
def test_parse_resume_reads_gbk_text_with_the_database_lexicon(tmp_path, capsys):
    Skill.objects.create(name="Python", aliases=["py", "python3"])
    path = tmp_path / "resume.txt"
    path.write_bytes("王芳\n熟悉python3\n2020.01-至今 某某有限公司 经理".encode("gbk"))
    call_command("parse_resume", str(path), "--json", "--evidence")
    (data,) = _lines(capsys)
    assert data["name"] == "王芳" and data["skills"] == ["Python"]
    assert data["evidence"]["skills.Python"]


@pytest.mark.django_db
def test_parse_resume_on_a_protected_file_says_why(tmp_path, capsys):
    path = tmp_path / "locked.pdf"
    path.write_bytes(builders.encrypted_pdf())
    with pytest.raises(CommandError, match="密码"):
        call_command("parse_resume", str(path), "--json")
    (data,) = _lines(capsys)
    assert data["error"]["code"] == "encrypted" and "password" in data["error"]["message_en"]


@pytest.mark.django_db
def test_parse_resume_human_readable(tmp_path, capsys):
    path = tmp_path / "resume.md"
    path.write_text(RESUME, encoding="utf-8")
    call_command("parse_resume", str(path))
    out = capsys.readouterr().out
    assert "姓名：张伟" in out and "最高学历：本科" in out and "上海某某科技有限公司" in out


@pytest.mark.django_db
def test_screen_prints_a_line_per_file_and_a_summary(ehr, tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(RESUME, encoding="utf-8")
    no_python = tmp_path / "no_python.txt"
    no_python.write_text(RESUME.replace("Python、", ""), encoding="utf-8")
    bundle = tmp_path / "bundle.zip"
    bundle.write_bytes(builders.make_zip({"a.docx": builders.make_docx(RESUME), "b.pdf": builders.encrypted_pdf()}))
    call_command("screen", "--position", "SM-01", str(good), str(no_python), str(bundle), "--explain", "--as-of", "2026-11-01")
    lines = _lines(capsys)
    by_name = {line.get("file", "").rsplit("/", 1)[-1]: line for line in lines[:-1]}
    assert set(by_name) == {"good.txt", "no_python.txt", "a.docx", "b.pdf"}
    for line in lines[:-1]:
        assert {"file", "score", "flags", "breakdown"} <= set(line)
    assert by_name["good.txt"]["score"] > by_name["no_python.txt"]["score"]
    assert by_name["good.txt"]["missing_must_haves"] == []
    missing = [f for f in by_name["no_python.txt"]["flags"] if f["code"] == "missing_must_have"]
    assert [f["subject"] for f in missing] == ["Python"]
    assert "缺少必备技能：Python" in by_name["no_python.txt"]["explanation_zh"]
    assert "Missing must-have skills: Python" in by_name["no_python.txt"]["explanation_en"]
    assert by_name["a.docx"]["score"] == by_name["good.txt"]["score"]
    assert by_name["b.pdf"]["score"] is None and by_name["b.pdf"]["error"]["code"] == "encrypted"
    summary = lines[-1]
    assert summary["summary"] is True
    assert (summary["files"], summary["scored"], summary["failed"]) == (4, 3, 1)
    assert summary["elapsed_seconds"] >= 0 and summary["position"] == "SM-01"
    assert summary["weights_version"] == "default" and summary["historical_hires"] == 0


def _variants() -> dict[str, str]:
    """Resumes that differ in skills, degree, years and titles, so that their scores and explanations differ."""
    swaps = [
        ("", ""), ("Python、", ""), ("本科", "硕士"), ("本科", "大专"), ("2016.07", "2021.07"),
        ("销售经理", "大客户经理"), ("CRM、", ""), ("带领15人销售团队，", ""), ("浙江大学", "某某职业技术学院"),
    ]
    return {f"r{index}.txt": RESUME.replace(old, new) if old else RESUME for index, (old, new) in enumerate(swaps)}


def _screen(paths: list[str], capsys, *extra: str) -> list[str]:
    """The printed lines of one run, as text, without the summary (it holds the elapsed time)."""
    call_command("screen", "--position", "SM-01", *paths, "--explain", "--as-of", "2026-11-01", *extra)
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert json.loads(lines[-1])["summary"] is True
    return lines[:-1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the pool closes the connections before it forks
def test_pooled_and_cached_runs_print_what_a_serial_run_prints(ehr, tmp_path, capsys, settings, monkeypatch):
    """Workers and the on-disk cache only make a run faster: the same lines, in the same order, byte for byte
    (scores, flags, explanations, hashes), cold cache, warm cache or none."""
    variants = _variants()
    plain = []
    for name, text in list(variants.items())[:3]:
        (tmp_path / name).write_text(text, encoding="utf-8")
        plain.append(str(tmp_path / name))
    bundle = tmp_path / "bundle.zip"
    bundle.write_bytes(builders.make_zip({name: text.encode() for name, text in list(variants.items())[3:]}))
    paths = [*plain, str(bundle)]
    settings.SCREENING_CACHE_DIR = ""
    serial = _screen(paths, capsys, "--workers", "1")
    assert len(serial) == len(variants) and len({json.loads(line)["score"] for line in serial}) > 3
    settings.SCREENING_CACHE_DIR = str(tmp_path / "cache")
    assert _screen(paths, capsys, "--workers", "2") == serial  # cold cache
    assert any(p.name.startswith("query-terms-") for p in (tmp_path / "cache").iterdir())
    assert _screen(paths, capsys, "--workers", "2") == serial  # warm cache: jieba not loaded
    assert _screen(paths, capsys, "--workers", "1") == serial
    monkeypatch.setattr(screen_command, "CHUNK", 2)  # several chunks in flight, a failed file among them
    bundle.write_bytes(builders.make_zip({
        **{name: text.encode() for name, text in list(variants.items())[3:6]},
        "locked.pdf": builders.encrypted_pdf(),
        **{name: text.encode() for name, text in list(variants.items())[6:]},
    }))
    serial = _screen(paths, capsys, "--workers", "1")
    assert len(serial) == len(variants) + 1 and '"encrypted"' in serial[6]
    assert _screen(paths, capsys, "--workers", "2") == serial
    blocker = tmp_path / "read-only"
    blocker.write_text("")
    settings.SCREENING_CACHE_DIR = str(blocker / "cache")  # cannot be created: nothing kept, same output
    assert _screen(paths, capsys, "--workers", "2") == serial


@pytest.mark.django_db
def test_screen_unknown_position(ehr, tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(RESUME, encoding="utf-8")
    with pytest.raises(CommandError, match="NOPE"):
        call_command("screen", "--position", "NOPE", str(path))


@pytest.mark.django_db
def test_position_model_from_the_database(ehr, django_assert_max_num_queries):
    position = ehr["position"]
    position.duties = "负责大客户开发与渠道管理"
    position.requirements = "本科以上学历，熟悉CRM与Excel"
    position.min_education = "本科"
    position.save()
    lexicon = lexicon_from_database()
    with django_assert_max_num_queries(3):
        model = position_model(position, lexicon)
    assert [(s.name, s.must_have) for s in model.required_skills] == [("Python", True)]  # the DB lexicon knows only Python
    assert [(c.code, c.weight, c.evidence_keywords) for c in model.competencies] == [
        ("COMM", 60.0, ("沟通", "协调")), ("DRIVE", 40.0, ("业绩", "目标")),
    ]
    assert (model.min_years, model.min_education) == (3.0, "本科")
    assert "渠道管理" in model.text


def _hire(position, index: int, years: int) -> None:
    candidate = Candidate.objects.create(
        name=f"员工{index}", phone=f"1390000{index:04d}",
        resume_text=f"员工{index}\n熟悉Python\n{years}年工作经验\n沟通协调能力强",
    )
    application = Application.objects.create(candidate=candidate, position=position, stage="hired")
    employee = Employee.objects.create(
        employee_no=f"H{index:04d}", name=candidate.name, department=position.department,
        hire_date=date(2024, 1, 1), hired_through=application,
    )
    score = Decimal(60 + 3 * years)
    PerformanceReview.objects.create(employee=employee, period="2025", rating="B", score=score)


@pytest.mark.django_db
def test_screen_learns_weights_from_past_hires(ehr, tmp_path, capsys, settings):
    settings.SCREENING_MIN_HIRES = 20  # one minimum everywhere (default 30); this history has 24 hires
    position = ehr["position"]
    for index in range(24):
        _hire(position, index, years=1 + index % 8)
    engine = build_engine()
    weights, hires = historical_adjustment(position, engine, position_model(position, engine.lexicon))
    assert hires == 24
    assert weights.version == "history:SM-01:24"
    assert [i.component for i in weights.insights] == ["experience"]
    # The command scores with the position's active weight set, the one the portal uses: re-fit it first.
    weight_set = refit_position_weights(position_id=position.pk)
    assert weight_set is not None and weight_set.hires_used == 24
    path = tmp_path / "r.txt"
    path.write_text(RESUME, encoding="utf-8")
    call_command("screen", "--position", "SM-01", str(path), "--explain")
    line, summary = _lines(capsys)
    assert summary["historical_hires"] == 24 and summary["weights_version"] == active_weights(position)[0].version
    assert "24 名录用员工" in line["explanation_zh"] and "24 past hires" in line["explanation_en"]
    assert line["breakdown"]["experience"]["weight"] > line["breakdown"]["experience"]["configured_weight"]


@pytest.mark.django_db
def test_too_few_hires_leave_the_weights_alone(ehr):
    for index in range(5):
        _hire(ehr["position"], index, years=index)
    engine = build_engine()
    weights, hires = historical_adjustment(ehr["position"], engine, position_model(ehr["position"], engine.lexicon))
    assert hires == 5 and weights.version == "default" and weights.insights == ()
