"""Writes the demo company (recruiting.demo.plan) to the database, idempotently, and removes it again.

Bulk inserts keep the full seed to a few seconds on SQLite. Because ``bulk_create`` skips ``save()``,
the blind indexes (phone_hash/email_hash) are set here with ``hrportal.crypto.blind_index``.
Historical applications get their stage history as rows with historical timestamps along the
declared pipeline (as the history import does); current applications move through ``set_stage``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hasher, make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import ProtectedError

from hrportal import crypto
from hrportal.roles import Role
from recruiting import stage_facts
from recruiting.analytics_facts import store as analytics_store
from recruiting.demo.company import DEPARTMENTS, POSITIONS
from recruiting.demo.competencies import COMPETENCIES
from recruiting.demo.plan import DemoPlan, build_plan
from recruiting.demo.privacy import remove_privacy_rows, seed_privacy
from recruiting.demo.skills import SKILLS, english_name
from recruiting.models import (
    Application,
    ApplicationCompetencyScore,
    ApplicationStageChange,
    Candidate,
    CareersSettings,
    Competency,
    Department,
    Employee,
    PerformanceReview,
    Position,
    PositionCompetency,
    Skill,
)
from recruiting.pipeline import Stage

CONSENT_VERSION = "2026-01"
# Published on purpose (README, command output); seed_demo refuses accounts outside DEBUG unless asked.
DEMO_PASSWORD = "zhipin-demo-2026"  # noqa: S105
# Its PBKDF2 hash (Django 5.2's 1,000,000 iterations), made once: the password is public, so its hash is too, and
# hashing it at every seed cost ~0.2 s of CPU. Used only while it is what the configured hasher would make
# (``_demo_password_hash``); a Django upgrade that raises the iterations falls back to hashing (and a test says so).
DEMO_PASSWORD_HASH = "pbkdf2_sha256$1000000$XinghePublicDemoSalt26$4vT/I9nFv4D/ShNExxul1RMgu6rhhti/8fdtib3kVgA="  # noqa: S105
DEMO_USER_EMAIL_DOMAIN = "demo-accounts.example.com"  # marks accounts created by the seed


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role | None  # None = superuser only
    label: str
    employee_role: str  # which demo employee the account is linked to ("" = none)
    department: str = ""


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("hr", Role.HR, "招聘专员", "staff", "HR"),
    DemoAccount("manager", Role.MANAGER, "用人经理（销售部负责人，销售经理/大客户经理职位的用人经理）", "head", "SALES"),
    DemoAccount("interviewer", Role.INTERVIEWER, "面试官（销售部组长，已绑定企业微信账号）", "lead", "SALES"),
    DemoAccount("finance", Role.FINANCE, "财务（财务部负责人）", "head", "FIN"),
    DemoAccount("admin", Role.ADMIN, "系统管理员（超级用户）", ""),
)
# Positions whose hiring manager is the demo "manager" account.
MANAGED_POSITIONS = ("SM-01", "KAM-01")


@dataclass
class SeedResult:
    created: bool
    small: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    accounts: list[tuple[str, str, str, str]] = field(default_factory=list)  # username, password, label, employee
    accounts_skipped: bool = False


FIRST_EMPLOYEE_NO = "XH10001"


def demo_present() -> bool:
    """True when the demo company's employees are already in the database."""
    return Employee.objects.filter(employee_no=FIRST_EMPLOYEE_NO, department__code__in=[d.code for d in DEPARTMENTS]).exists()


def _library() -> tuple[dict[str, Skill], dict[str, Competency]]:
    existing = {s.name: s for s in Skill.objects.filter(name__in=[name for name, _, _ in SKILLS])}
    Skill.objects.bulk_create([Skill(name=name, name_en=english_name(name, aliases), category=category,
                                     aliases=list(aliases))
                               for name, category, aliases in SKILLS if name not in existing])
    skills = {s.name: s for s in Skill.objects.filter(name__in=[name for name, _, _ in SKILLS])}
    have = set(Competency.objects.filter(code__in=[c.code for c in COMPETENCIES]).values_list("code", flat=True))
    Competency.objects.bulk_create([
        Competency(code=c.code, name_zh=c.name_zh, name_en=c.name_en, description=c.description, anchor_1=c.anchor_1,
                   anchor_3=c.anchor_3, anchor_5=c.anchor_5, evidence_keywords=list(c.evidence_keywords))
        for c in COMPETENCIES if c.code not in have
    ])
    competencies = {c.code: c for c in Competency.objects.filter(code__in=[c.code for c in COMPETENCIES])}
    return skills, competencies


def _organisation(skills, competencies) -> tuple[dict[str, Department], dict[str, Position]]:
    have = set(Department.objects.filter(code__in=[d.code for d in DEPARTMENTS]).values_list("code", flat=True))
    Department.objects.bulk_create([Department(code=d.code, name=d.name, name_en=d.name_en)
                                    for d in DEPARTMENTS if d.code not in have])
    departments = {d.code: d for d in Department.objects.filter(code__in=[d.code for d in DEPARTMENTS])}
    positions = {p.code: p for p in Position.objects.filter(code__in=[p.code for p in POSITIONS])}
    for spec in POSITIONS:
        if spec.code in positions:
            continue
        position = Position.objects.create(
            code=spec.code, title_zh=spec.title_zh, title_en=spec.title_en, department=departments[spec.department],
            duties=spec.duties, requirements=spec.requirements, min_years=spec.min_years,
            min_education=spec.min_education, headcount=spec.headcount, priority=spec.priority, status=spec.status,
            salary_min=spec.salary_min, salary_max=spec.salary_max,
        )
        for order, dim in enumerate(spec.dimensions):
            pc = PositionCompetency.objects.create(position=position, competency=competencies[dim.competency],
                                                   weight=Decimal(dim.weight), order=order)
            if dim.must_have:
                pc.must_have_skills.set([skills[name] for name in dim.must_have])
        positions[spec.code] = position
    return departments, positions


def _candidate_row(plan_candidate, *, consent_at=None, talent_pool=False) -> Candidate:
    c = plan_candidate
    row = Candidate(
        name=c.person.name, phone=c.phone, email=c.email, id_number=c.id_number, city=c.person.city,
        current_title=c.facts.current_title_zh, current_company=c.facts.current_company_zh,
        years_experience=Decimal(c.facts.years_experience), highest_education=c.facts.education,
        expected_salary=c.expected_salary, resume_text=c.resume, source=c.source,
        talent_pool_consent=talent_pool,
    )
    row.phone_hash = crypto.blind_index(c.phone, kind="phone")
    row.email_hash = crypto.blind_index(c.email, kind="email")
    if consent_at is not None:
        row.record_consent(version=CONSENT_VERSION, at=consent_at)
    return row


def _history(plan: DemoPlan, positions, competencies) -> list[Application]:
    candidates = Candidate.objects.bulk_create([_candidate_row(a.candidate) for a in plan.historical])
    applications = Application.objects.bulk_create([
        Application(candidate=cand, position=positions[a.position], stage=a.outcome, applied_at=a.applied_at,
                    stage_changed_at=a.moves[-1].at, is_historical=True)
        for cand, a in zip(candidates, plan.historical, strict=True)
    ])
    changes, scores = [], []
    for app, a in zip(applications, plan.historical, strict=True):
        previous = Stage.NEW
        for move in a.moves:
            changes.append(ApplicationStageChange(application=app, from_stage=previous, to_stage=move.stage,
                                                  reason=move.reason, at=move.at))
            previous = move.stage
        interviewed_at = next(m.at for m in a.moves if m.stage in (Stage.OFFER, Stage.REJECTED, Stage.WITHDRAWN))
        scores += [
            ApplicationCompetencyScore(application=app, competency=competencies[code], score=Decimal(value),
                                       source=ApplicationCompetencyScore.Source.IMPORT, recorded_at=interviewed_at)
            for code, value in sorted(a.scores.items())
        ]
    ApplicationStageChange.objects.bulk_create(changes)
    stage_facts.rebuild(application_ids=[app.pk for app in applications])
    analytics_store.touch(app.pk for app in applications)
    ApplicationCompetencyScore.objects.bulk_create(scores)
    return applications


def _employees(plan: DemoPlan, departments, positions, applications) -> list[Employee]:
    rows: list[Employee | None] = [None] * len(plan.employees)
    # Managers before their reports, so every manager already has a primary key.
    for wave in ("head", "lead", "staff"):
        batch = []
        for index, e in enumerate(plan.employees):
            if e.role != wave:
                continue
            row = Employee(
                employee_no=e.employee_no, name=e.person.name, department=departments[e.department],
                position=positions.get(e.position) if e.position else None, hire_date=e.hire_date,
                wecom_userid=e.wecom_userid, phone=e.phone, email=e.email, id_number=e.id_number,
                base_salary=e.base_salary,
                manager=rows[e.manager] if e.manager is not None else None,
                hired_through=applications[e.hired_through] if e.hired_through is not None else None,
            )
            row.phone_hash = crypto.blind_index(e.phone, kind="phone")
            batch.append((index, row))
        for (index, _), saved in zip(batch, Employee.objects.bulk_create([row for _, row in batch]), strict=True):
            rows[index] = saved
    PerformanceReview.objects.bulk_create([
        PerformanceReview(employee=rows[i], period=r.period, rating=r.rating, score=r.score, reviewed_on=r.reviewed_on)
        for i, e in enumerate(plan.employees) for r in e.reviews
    ])
    return rows


def _current(plan: DemoPlan, positions, hr_user) -> list[Candidate]:
    candidates = Candidate.objects.bulk_create([
        _candidate_row(a.candidate, consent_at=a.applied_at, talent_pool=a.talent_pool) for a in plan.current
    ])
    applications = Application.objects.bulk_create([
        Application(candidate=cand, position=positions[a.position], stage=Stage.NEW, applied_at=a.applied_at,
                    stage_changed_at=a.applied_at, owner=hr_user)
        for cand, a in zip(candidates, plan.current, strict=True)
    ])
    with analytics_store.batch():  # the analytics' slices recomputed once, not after every move
        analytics_store.touch(app.pk for app in applications)
        for app, a in zip(applications, plan.current, strict=True):
            for move in a.moves:
                app.set_stage(move.stage, by=hr_user, reason=move.reason, at=move.at)
    return candidates


def _demo_password_hash() -> str:
    """The demo accounts' password hash: the precomputed one when the configured hasher is PBKDF2 with the
    same parameters (it would not re-hash it at login), else a fresh ``make_password``."""
    hasher = get_hasher()
    if DEMO_PASSWORD_HASH.startswith(hasher.algorithm + "$") and not hasher.must_update(DEMO_PASSWORD_HASH):
        return DEMO_PASSWORD_HASH
    return make_password(DEMO_PASSWORD)


def ensure_demo_accounts() -> list[tuple[str, str, str, str]]:
    """Create the missing demo accounts, link them to demo employees; returns the account table.

    An existing user with a demo username that the seed did not create is left untouched.
    """
    User = get_user_model()
    table = []
    hashed = ""  # one password hash for the five accounts: each PBKDF2 costs about 0.2 s of CPU
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            hashed = hashed or _demo_password_hash()
            user = User.objects.create_user(
                username=account.username, password=None, email=f"{account.username}@{DEMO_USER_EMAIL_DOMAIN}",
            )
            user.password = hashed
            user.save(update_fields=["password"])
            if account.role == Role.ADMIN:
                user.is_superuser = user.is_staff = True
                user.save(update_fields=["is_superuser", "is_staff"])
            if account.role is not None:
                group, _ = Group.objects.get_or_create(name=account.role.value)
                user.groups.add(group)
        elif not user.email.endswith("@" + DEMO_USER_EMAIL_DOMAIN):
            table.append((account.username, "—", account.label, "（已存在的非演示账号，未修改）"))
            continue
        employee_label = ""
        if account.employee_role:
            employee = Employee.objects.filter(user=user).select_related("department").first()
            if employee is None:
                employee = _employee_for(account)
                if employee is not None:
                    Employee.objects.filter(pk=employee.pk).update(user=user)
            if employee is not None:
                employee_label = f"{employee.name}（{employee.employee_no}，{employee.department.name}）"
        if account.username == "manager":
            Position.objects.filter(code__in=MANAGED_POSITIONS, hiring_manager__isnull=True).update(hiring_manager=user)
        table.append((account.username, DEMO_PASSWORD, account.label, employee_label))
    return table


def _employee_for(account: DemoAccount) -> Employee | None:
    qs = Employee.objects.filter(department__code=account.department, user__isnull=True, employee_no__startswith="XH")
    qs = qs.exclude(wecom_userid="").select_related("department").order_by("employee_no")
    if account.employee_role == "head":
        return qs.filter(manager__isnull=True).first()
    if account.employee_role == "lead":
        return qs.filter(manager__manager__isnull=True, manager__isnull=False, reports__isnull=False).first() or qs.first()
    return qs.filter(hired_through__isnull=False).first() or qs.filter(manager__isnull=False).first()


DEMO_CITIES = ("上海", "北京", "深圳", "杭州")
# the sources of the current applications, in turn (deterministic): the careers page shows in the source report
DEMO_SOURCES = (Application.Source.CAREERS, Application.Source.CAREERS, Application.Source.HR_UPLOAD,
                Application.Source.REFERRAL, Application.Source.JOB_BOARD, Application.Source.EMAIL)


def _careers(positions, employees, current) -> dict[str, int]:
    """The careers page of the demo company (issue 23): its open positions published with a city and two
    questions, the company's name, and the current applications' sources (some from the careers page with
    the candidate's own consent, some referred by an employee, some from a job board's tagged link)."""
    from recruiting.intake.services import consent_version

    CareersSettings(company_name_zh="智聘示例科技有限公司", company_name_en="Zhipin Demo Technology Co., Ltd.",
                    intro_zh="我们是一家专注企业服务的科技公司，总部在上海。",
                    intro_en="A technology company serving businesses, headquartered in Shanghai.").save()
    published = 0
    for index, position in enumerate(sorted(positions.values(), key=lambda p: p.code)):
        if position.status != Position.Status.OPEN:
            continue
        position.published, position.city = True, DEMO_CITIES[index % len(DEMO_CITIES)]
        position.application_questions = "最快到岗时间？\n是否接受出差？"
        position.save(update_fields=["published", "city", "application_questions", "updated_at"])
        published += 1
    version = consent_version()
    referrers = [e for e in employees if e.pk] or [None]
    counts = {value: 0 for value in Application.Source.values}
    rows = list(Application.objects.filter(candidate__in=current).order_by("id"))
    for index, application in enumerate(rows):
        source = DEMO_SOURCES[index % len(DEMO_SOURCES)]
        application.source = source
        application.source_detail = "BOSS直聘" if source == Application.Source.JOB_BOARD else ""
        application.referrer = referrers[index % len(referrers)] if source == Application.Source.REFERRAL else None
        if source == Application.Source.CAREERS:
            application.consent_at, application.consent_version = application.applied_at, version
        counts[source] += 1
    Application.objects.bulk_update(rows, ["source", "source_detail", "referrer", "consent_at", "consent_version"],
                                    batch_size=500)
    analytics_store.touch(app.pk for app in rows)  # the sources counted in the analytics' slices
    return {"published_positions": published, "careers_applications": counts[Application.Source.CAREERS],
            "referral_applications": counts[Application.Source.REFERRAL]}


@transaction.atomic
def seed_demo_company(*, small: bool = False, with_accounts: bool = True) -> SeedResult:
    """Load the demo company unless it is already there.

    Guarantees: all or nothing (one transaction); a second call changes nothing and returns
    ``created=False`` (accounts that are missing are still created when ``with_accounts``);
    library rows (skills, competencies, departments, positions) that already exist are reused.
    """
    if demo_present():
        result = SeedResult(created=False, small=small)
        if with_accounts:
            result.accounts = ensure_demo_accounts()
        else:
            result.accounts_skipped = True
        return result
    plan = build_plan(small=small)
    skills, competencies = _library()
    departments, positions = _organisation(skills, competencies)
    applications = _history(plan, positions, competencies)
    employees = _employees(plan, departments, positions, applications)
    result = SeedResult(created=True, small=small)
    hr_user = None
    if with_accounts:
        result.accounts = ensure_demo_accounts()
        hr_user = get_user_model().objects.filter(username="hr", email__endswith="@" + DEMO_USER_EMAIL_DOMAIN).first()
    else:
        result.accounts_skipped = True
    current = _current(plan, positions, hr_user)
    careers = _careers(positions, employees, current)
    privacy = seed_privacy(current)
    result.counts = {
        "departments": len(departments), "positions": len(positions), "competencies": len(competencies),
        "skills": len(skills), "employees": len(employees),
        "reviews": sum(len(e.reviews) for e in plan.employees),
        "historical_applications": len(plan.historical),
        "hired_historical": sum(1 for a in plan.historical if a.outcome == Stage.HIRED),
        "current_applications": len(plan.current),
        **careers,
        **privacy,
    }
    return result


@transaction.atomic
def remove_demo_company() -> dict[str, int]:
    """Delete what the seed created: demo employees, demo candidates (found by the blind index of
    their phone numbers, small and full plans), demo accounts, then the demo library rows that
    nothing else uses. Raises ProtectedError when other data still refers to demo rows.
    """
    phones = set(build_plan(small=False).all_phones()) | set(build_plan(small=True).all_phones())
    hashes = [crypto.blind_index(p, kind="phone") for p in phones]
    counts: dict[str, int] = {}
    demo_employees = Employee.objects.filter(employee_no__startswith="XH", phone_hash__in=hashes)
    PerformanceReview.objects.filter(employee__in=demo_employees).delete()
    Employee.objects.filter(manager__in=demo_employees).exclude(pk__in=demo_employees).update(manager=None)
    demo_employees.update(manager=None, hired_through=None)
    counts["employees"] = demo_employees.delete()[1].get(Employee._meta.label, 0)
    remove_privacy_rows(Candidate.objects.filter(phone_hash__in=hashes).values_list("pk", flat=True))
    counts["candidates"] = Candidate.objects.filter(phone_hash__in=hashes).delete()[1].get(Candidate._meta.label, 0)
    User = get_user_model()
    counts["accounts"] = User.objects.filter(
        username__in=[a.username for a in DEMO_ACCOUNTS], email__endswith="@" + DEMO_USER_EMAIL_DOMAIN
    ).delete()[1].get(User._meta.label, 0)
    position_codes = [p.code for p in POSITIONS]
    unused_positions = Position.objects.filter(code__in=position_codes, applications__isnull=True,
                                               employees__isnull=True)
    counts["positions"] = unused_positions.delete()[1].get(Position._meta.label, 0)
    try:
        with transaction.atomic():
            deleted = Department.objects.filter(code__in=[d.code for d in DEPARTMENTS]).delete()[1]
            counts["departments"] = deleted.get(Department._meta.label, 0)
    except ProtectedError:
        counts["departments"] = 0  # still used by non-demo employees or positions: keep them
    try:
        with transaction.atomic():
            deleted = Competency.objects.filter(code__in=[c.code for c in COMPETENCIES]).delete()[1]
            counts["competencies"] = deleted.get(Competency._meta.label, 0)
    except ProtectedError:
        counts["competencies"] = 0
    in_use = _skills_in_use()
    counts["skills"] = 0 if in_use else Skill.objects.filter(
        name__in=[name for name, _, _ in SKILLS]).delete()[1].get(Skill._meta.label, 0)
    return counts


def _skills_in_use() -> bool:
    """True when a position outside the demo set names a demo skill as a must-have."""
    return PositionCompetency.objects.exclude(position__code__in=[p.code for p in POSITIONS]).filter(
        must_have_skills__name__in=[name for name, _, _ in SKILLS]
    ).exists()


def demo_accounts_allowed(allow_flag: bool) -> bool:
    """Demo accounts with a published password only on development setups, or when asked for."""
    return bool(settings.DEBUG) or allow_flag
