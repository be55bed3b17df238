"""manage.py seed_demo (issue 2 item 10): a deterministic, idempotent demo company whose history
carries the planted relation documented in docs/demo-data.md."""

from __future__ import annotations

import hashlib
import io
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.management import call_command

from hrportal.roles import Role, roles_of
from recruiting import pipeline
from recruiting.demo.company import POSITIONS
from recruiting.demo.seed import DEMO_PASSWORD, DEMO_PASSWORD_HASH, _demo_password_hash
from recruiting.demo.skills import SKILLS
from recruiting.history.rows import is_valid_id_number
from recruiting.models import (
    Application,
    ApplicationCompetencyScore,
    ApplicationStageChange,
    Candidate,
    Competency,
    Department,
    Employee,
    PerformanceReview,
    Position,
    Skill,
)
from recruiting.pipeline import Stage

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def digest() -> str:
    """Everything a user could see of the demo company, in a stable order."""
    h = hashlib.sha256()
    for e in Employee.objects.select_related("manager", "position", "department").order_by("employee_no"):
        h.update(repr((e.employee_no, e.name, e.phone, e.email, e.id_number, e.base_salary, e.hire_date,
                       e.manager and e.manager.employee_no, e.wecom_userid, e.position and e.position.code,
                       e.department.code)).encode())
    for r in PerformanceReview.objects.select_related("employee").order_by("employee__employee_no", "period"):
        h.update(repr((r.employee.employee_no, r.period, r.rating, r.score, r.reviewed_on)).encode())
    for c in Candidate.objects.order_by("phone_hash"):
        h.update(repr((c.name, c.phone, c.email, c.resume_text, c.expected_salary, c.consent_at)).encode())
    for a in Application.objects.select_related("candidate", "position").order_by("candidate__phone_hash", "position__code"):
        h.update(repr((a.stage, a.applied_at, a.stage_changed_at)).encode())
        for s in a.stage_history.all():
            h.update(repr((s.from_stage, s.to_stage, s.at, s.reason)).encode())
        for s in a.competency_scores.select_related("competency").order_by("competency__code"):
            h.update(repr((s.competency.code, s.score)).encode())
    return h.hexdigest()


def table_counts() -> dict[str, int]:
    models = (Department, Position, Competency, Skill, Employee, PerformanceReview, Candidate, Application,
              ApplicationStageChange, ApplicationCompetencyScore)
    return {m.__name__: m.objects.count() for m in models} | {"users": get_user_model().objects.count()}


def test_small_seed_builds_a_coherent_company(db):
    out, err = seed("--small")
    assert "演示公司已创建" in out
    assert "没有创建使用公开密码的演示账号" in err  # DEBUG is off under tests
    assert not get_user_model().objects.exists()

    assert set(Department.objects.values_list("name", flat=True)) >= {
        "销售部", "数据部", "生产部", "零售部", "产品部", "风控部", "研发部", "人力资源部", "财务部"}
    titles = set(Position.objects.values_list("title_zh", flat=True))
    assert titles >= {"销售经理", "数据分析师", "生产主管", "门店经理", "产品经理", "风险分析师", "研发工程师"}
    assert Position.objects.filter(status=Position.Status.OPEN).count() >= 7
    assert Competency.objects.count() >= 15
    assert all(c.anchor_1 and c.anchor_3 and c.anchor_5 and c.name_en and c.evidence_keywords
               for c in Competency.objects.all())
    assert Skill.objects.count() >= 80

    for position in Position.objects.prefetch_related("position_competencies"):
        weights = sorted((pc.weight for pc in position.position_competencies.all()), reverse=True)
        assert 4 <= len(weights) <= 6 and sum(weights) == Decimal("100"), position
        assert weights[0] > weights[1] > weights[2], position  # "top" and "second" dimensions are unambiguous
        assert position.duties and position.requirements and position.salary_min < position.salary_max
    assert Position.objects.filter(position_competencies__must_have_skills__isnull=False).distinct().count() >= 7

    employees = list(Employee.objects.all())
    assert len(employees) >= 50
    for e in employees:
        assert is_valid_id_number(e.id_number), e
        assert re.fullmatch(r"1\d{10}", e.phone) and "@" in e.email and e.wecom_userid
        assert e.base_salary and e.base_salary % 1000 != 0
    assert len({e.wecom_userid for e in employees}) == len(employees)
    assert all(e.manager_id for e in employees if e.position_id and not e.reports.exists())

    counts = Counter(PerformanceReview.objects.values_list("employee_id", flat=True))
    assert set(counts.values()) <= {4, 5, 6} and len(counts) == len(employees)  # 2–3 years, half-yearly
    assert set(PerformanceReview.objects.values_list("period", flat=True)) <= {
        "2023H1", "2023H2", "2024H1", "2024H2", "2025H1", "2025H2", "2026H1"}

    # the careers page (issue 23): open positions published; current applications with their sources
    from recruiting.careers.selectors import public_positions
    from recruiting.models import Application, CareersSettings

    assert public_positions().count() == Position.objects.filter(status=Position.Status.OPEN).count()
    assert CareersSettings.load().company_name_en
    sources = Counter(Application.objects.filter(stage_changed_at__isnull=False).values_list("source", flat=True))
    assert sources["careers"] >= 2 and sources["referral"] >= 1 and sources["job_board"] >= 1
    careers = Application.objects.filter(source="careers")
    assert all(a.consent_at and a.consent_version for a in careers)
    assert all(a.referrer_id for a in Application.objects.filter(source="referral"))


def test_applications_follow_the_pipeline(db):
    seed("--small")
    hired_history = Application.objects.filter(stage=Stage.HIRED, employee__isnull=False)
    assert hired_history.exists()
    for application in Application.objects.prefetch_related("stage_history"):
        edges = [(s.from_stage, s.to_stage) for s in application.stage_history.all()]
        if application.stage == Stage.NEW:
            assert edges == []
            continue
        assert edges[0][0] == Stage.NEW and edges[-1][1] == application.stage
        assert all(pipeline.is_legal(a, b) for a, b in edges), edges
        if application.stage in pipeline.REASON_REQUIRED:
            assert application.stage_history.last().reason
    # Historical applications: interview scores on every dimension of the position; hires are employees.
    historical = Application.objects.filter(competency_scores__isnull=False).distinct()
    assert historical.count() >= 40
    for application in historical.select_related("position"):
        dims = set(application.position.position_competencies.values_list("competency__code", flat=True))
        assert set(application.competency_scores.values_list("competency__code", flat=True)) == dims
        assert all(1 <= s <= 5 for s in application.competency_scores.values_list("score", flat=True))
    for employee in Employee.objects.filter(hired_through__isnull=False).select_related("hired_through__candidate"):
        assert employee.hired_through.stage == Stage.HIRED
        assert employee.hired_through.candidate.phone == employee.phone
        assert employee.reviews.count() >= 4
        assert employee.hire_date > employee.hired_through.stage_changed_at.date()

    # Current candidates: every stage of the pipeline is populated, consent recorded.
    current = Application.objects.filter(candidate__consent_at__isnull=False)
    assert set(current.values_list("stage", flat=True)) == set(Stage.values)
    assert set(Candidate.objects.filter(consent_at__isnull=False).values_list("consent_version", flat=True)) == {"2026-01"}
    assert not Candidate.objects.filter(consent_at__isnull=False, retention_until__isnull=True).exists()


def test_resumes_are_parseable_in_both_languages(db):
    seed("--small")
    texts = list(Candidate.objects.values_list("resume_text", flat=True))
    assert all(2048 <= len(t.encode("utf-8")) <= 4096 for t in texts)
    zh = [t for t in texts if "工作年限" in t]
    en = [t for t in texts if "years of experience" in t or "year of experience" in t]
    assert zh and en and len(zh) + len(en) == len(texts)
    assert all(re.search(r"工作年限：\d+年", t) for t in zh)
    assert all(re.search(r"团队管理|管理经验", t) for t in zh)
    assert all(re.search(r"Management: ", t) for t in en)
    date_styles = [r"\d{4}\.\d{2}-至今", r"\d{4}年\d{1,2}月—", r"[A-Z][a-z]{2} \d{4} – Present", r"\d{2}/\d{4} - "]
    assert sum(any(re.search(p, t) for t in texts) for p in date_styles) >= 3
    for candidate in Candidate.objects.all()[:20]:
        assert candidate.phone in candidate.resume_text and candidate.email in candidate.resume_text


def test_second_run_changes_nothing_and_reset_reseeds_identically(db):
    seed("--small")
    before_counts, before_digest = table_counts(), digest()
    out, _ = seed("--small")
    assert "演示数据已存在，未做任何修改" in out
    assert table_counts() == before_counts and digest() == before_digest

    out, _ = seed("--small", "--reset")
    assert "已删除演示数据" in out and "演示公司已创建" in out
    assert table_counts() == before_counts
    assert digest() == before_digest  # deterministic: same people, same history, same resumes


def test_demo_accounts_when_allowed(db, client):
    out, err = seed("--small", "--allow-demo-accounts")
    assert "没有创建" not in err
    for username in ("hr", "manager", "interviewer", "finance", "admin"):
        assert re.search(rf"^\s+{username}\s+{re.escape(DEMO_PASSWORD)}", out, re.M), username
    User = get_user_model()
    users = {u.username: u for u in User.objects.all()}
    assert roles_of(users["hr"]) == {Role.HR}
    assert roles_of(users["manager"]) == {Role.MANAGER}
    assert roles_of(users["interviewer"]) == {Role.INTERVIEWER}
    assert roles_of(users["finance"]) == {Role.FINANCE}
    assert users["admin"].is_superuser

    manager_employee = Employee.objects.get(user=users["manager"])
    assert manager_employee.department.code == "SALES"
    assert Position.objects.get(code="SM-01").hiring_manager == users["manager"]
    assert Employee.objects.get(user=users["interviewer"]).wecom_userid
    assert client.login(username="manager", password=DEMO_PASSWORD)

    # Accounts are part of the demo: the second run keeps them, reset recreates them.
    out, _ = seed("--small", "--allow-demo-accounts")
    assert "未做任何修改" in out and User.objects.count() == 5
    seed("--small", "--allow-demo-accounts", "--reset")
    assert User.objects.count() == 5


def test_the_precomputed_demo_password_hash_is_the_configured_hashers(settings):
    """With Django's own hashers (PBKDF2 first) the seed stores the precomputed hash, which checks and which
    Django would not re-hash at login; this fails when a Django upgrade changes PBKDF2's parameters (then
    make a new one). With another hasher configured, the seed hashes with it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher",
                                 "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher"]
    assert _demo_password_hash() == DEMO_PASSWORD_HASH
    assert check_password(DEMO_PASSWORD, DEMO_PASSWORD_HASH)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    md5 = _demo_password_hash()
    assert md5.startswith("md5$") and check_password(DEMO_PASSWORD, md5)


def test_skill_lexicon_spellings_are_unambiguous():
    owner: dict[str, str] = {}
    for name, _category, aliases in SKILLS:
        for spelling in (name, *aliases):
            key = spelling.casefold()
            assert owner.setdefault(key, name) == name, f"{spelling!r} belongs to {owner[key]} and {name}"
    must_haves = {s for p in POSITIONS for d in p.dimensions for s in d.must_have}
    assert must_haves <= {name for name, _, _ in SKILLS}
    names = {n for n, _, _ in SKILLS}
    assert {"机器学习", "Python", "客户关系管理", "To B"} <= names
    aliases = {n: set(a) for n, _, a in SKILLS}
    assert {"ML", "machine learning"} <= aliases["机器学习"] and "python3" in aliases["Python"]
    assert "CRM" in aliases["客户关系管理"] and {"ToB", "B端"} <= aliases["To B"]


TEAM_YEARS = re.compile(r"(?:带团队|团队管理经验|for )(\d+)|(\d+)年团队管理经验|(\d+) years? of people management")


def _team_lead_years(resume: str) -> int:
    match = TEAM_YEARS.search(resume)
    return int(next(g for g in match.groups() if g)) if match else 0


def test_planted_relation_is_recoverable_from_the_full_seed(db):
    """Fit review score ~ top + second + third dimension + leadership bonus on the hires of the full seed:
    the coefficients come back as documented (5, 3, 0, 4) and the third dimension carries no signal."""
    seed()
    assert Employee.objects.count() == 300
    assert 350 <= Application.objects.filter(competency_scores__isnull=False).distinct().count() <= 450
    rows, ys = [], []
    hires = Employee.objects.filter(hired_through__isnull=False).select_related(
        "hired_through__position", "hired_through__candidate")
    assert 100 <= hires.count() <= 160  # SM-01 alone has ≥ 30 (the learning loop needs them)
    for employee in hires:
        application = employee.hired_through
        ranked = list(application.position.position_competencies.order_by("-weight").values_list(
            "competency__code", flat=True))
        scores = dict(application.competency_scores.values_list("competency__code", "score"))
        leadership_role = application.position.code in ("SM-01", "STM-01", "PS-01")
        bonus = 1.0 if leadership_role and _team_lead_years(application.candidate.resume_text) >= 3 else 0.0
        x = [1.0, float(scores[ranked[0]]) - 3, float(scores[ranked[1]]) - 3, float(scores[ranked[2]]) - 3, bonus]
        for score in employee.reviews.values_list("score", flat=True):
            rows.append(x)
            ys.append(float(score))
    coef, *_ = np.linalg.lstsq(np.array(rows), np.array(ys), rcond=None)
    base, top, second, third, lead = coef
    assert abs(base - 62) < 1.5, coef
    assert abs(top - 5) < 1.0, coef
    assert abs(second - 3) < 1.0, coef
    assert abs(third) < 1.0, coef
    assert abs(lead - 4) < 2.0, coef


def test_docs_state_the_formula_the_generator_uses():
    from recruiting.demo import people

    text = (DOCS / "demo-data.md").read_text(encoding="utf-8")
    assert "62 + 5·(top − 3) + 3·(second − 3) + 4·L + ε" in text
    assert (people.PLANTED_BASE, people.PLANTED_TOP_COEF, people.PLANTED_SECOND_COEF,
            people.PLANTED_LEADERSHIP_BONUS, people.PLANTED_NOISE_SD) == (62, 5, 3, 4, 4.0)
    assert people.planted_performance_mean(top=5, second=4, team_lead_years=3, leadership_role=True) == Decimal("79")
    assert people.planted_performance_mean(top=5, second=4, team_lead_years=3, leadership_role=False) == Decimal("75")
