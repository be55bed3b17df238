"""The demo company as plain data: who works where, who applied when, what they scored, how they
performed. ``build_plan`` is pure (no database) and deterministic: the same ``small`` flag always gives
the same plan, on any machine, on any day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from recruiting.demo import REFERENCE_DATE, SEED
from recruiting.demo.company import DEPARTMENTS, EMAIL_DOMAIN, POSITION_BY_CODE, POSITIONS, PositionSpec
from recruiting.demo.people import (
    PeopleFactory,
    Person,
    noisy_score,
    planted_performance_mean,
    rating_for,
    salary_in,
)
from recruiting.demo.resumes import ResumeFacts, current_title_for, postgraduate_years, resume_text
from recruiting.history.paths import history_path
from recruiting.pipeline import Stage

TZ = ZoneInfo("Asia/Shanghai")
EDUCATION_ORDER = ("中专/高中", "大专", "本科", "硕士", "博士")
# Half-year review periods: (period, last day). The newest one ends before REFERENCE_DATE.
PERIODS: tuple[tuple[str, date], ...] = (
    ("2023H1", date(2023, 6, 30)), ("2023H2", date(2023, 12, 31)),
    ("2024H1", date(2024, 6, 30)), ("2024H2", date(2024, 12, 31)),
    ("2025H1", date(2025, 6, 30)), ("2025H2", date(2025, 12, 31)),
    ("2026H1", date(2026, 6, 30)),
)
MAX_REVIEWS = 6  # three years of half-yearly reviews
SCORE_WEIGHTS = (7, 20, 38, 25, 10)  # how often interviewers gave 1, 2, 3, 4, 5
HISTORY_WINDOW = (date(2022, 10, 1), date(2024, 4, 30))
CURRENT_WINDOW = (REFERENCE_DATE - timedelta(days=73), REFERENCE_DATE - timedelta(days=7))  # 08-20 .. 10-25
CURRENT_STAGE_MIX = (  # final stage of current applications → count in the full seed
    (Stage.NEW, 28), (Stage.SCREENING, 24), (Stage.SHORTLISTED, 20), (Stage.INTERVIEWING, 26), (Stage.OFFER, 10),
    (Stage.HIRED, 5), (Stage.REJECTED, 22), (Stage.WITHDRAWN, 8), (Stage.OFFER_DECLINED, 7),
)
SIZES = {
    # historical = the sum of the positions' historical_share, so each position gets exactly its share (SM-01's
    # 110 give it ≥ 30 hires with reviews: enough for the learning loop to propose weights, docs/demo-data.md)
    # employees are derived from DEPARTMENTS' headcounts (full) or a fixed small headcount
    False: {"historical": 450, "current_scale": 1, "dept_headcount": None},
    True: {"historical": 48, "current_scale": 0, "dept_headcount": 6},
}
REASONS = {
    Stage.SCREENING: ("简历初筛中", "进入简历筛选"),
    Stage.SHORTLISTED: ("符合任职要求，进入面试", "经验与岗位匹配，安排面试"),
    Stage.INTERVIEWING: ("已安排面试", "进入面试环节"),
    Stage.OFFER: ("面试通过，沟通录用意向", "综合评估通过，发放录用意向"),
    Stage.HIRED: ("候选人已入职", "完成入职手续"),
    Stage.REJECTED: ("面试评估未达到岗位要求", "综合评分低于录用线", "岗位已由更合适的候选人填补",
                     "工作经验与岗位要求差距较大"),
    Stage.WITHDRAWN: ("候选人接受了其他机会", "候选人因个人原因撤回申请"),
    Stage.OFFER_DECLINED: ("候选人拒绝录用：薪资未达预期", "候选人拒绝录用：选择了其他公司",
                           "候选人拒绝录用：通勤距离过远"),
}


@dataclass
class CandidatePlan:
    person: Person
    phone: str
    email: str
    id_number: str
    expected_salary: Decimal
    source: str
    lang: str
    facts: ResumeFacts
    resume: str


@dataclass
class StageMove:
    stage: str
    at: datetime
    reason: str


@dataclass
class HistoricalApplicationPlan:
    candidate: CandidatePlan
    position: str
    applied_at: datetime
    moves: list[StageMove]
    scores: dict[str, int]  # competency code → 1..5
    employee_index: int | None = None  # into DemoPlan.employees when hired

    @property
    def outcome(self) -> str:
        return self.moves[-1].stage


@dataclass
class ReviewPlan:
    period: str
    rating: str
    score: Decimal
    reviewed_on: date


@dataclass
class EmployeePlan:
    person: Person
    department: str
    position: str | None
    hire_date: date
    phone: str
    email: str
    id_number: str
    base_salary: Decimal
    wecom_userid: str
    role: str  # head / lead / staff
    employee_no: str = ""
    manager: int | None = None  # index into DemoPlan.employees
    reviews: list[ReviewPlan] = field(default_factory=list)
    hired_through: int | None = None  # index into DemoPlan.historical


@dataclass
class CurrentApplicationPlan:
    candidate: CandidatePlan
    position: str
    applied_at: datetime
    moves: list[StageMove]
    talent_pool: bool


@dataclass
class DemoPlan:
    small: bool
    employees: list[EmployeePlan]
    historical: list[HistoricalApplicationPlan]
    current: list[CurrentApplicationPlan]

    def all_phones(self) -> list[str]:
        return [e.phone for e in self.employees] + [a.candidate.phone for a in self.historical] + [
            a.candidate.phone for a in self.current
        ]


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(9, 17), rng.choice((0, 15, 30, 45))), tzinfo=TZ)


def _day_between(rng: random.Random, low: date, high: date) -> date:
    return low + timedelta(days=rng.randint(0, (high - low).days))


def _education_for(rng: random.Random, spec: PositionSpec) -> str:
    floor = EDUCATION_ORDER.index(spec.min_education or "大专")
    floor = max(floor, 1)
    roll = rng.random()
    bump = 0 if roll < 0.6 else 1 if roll < 0.93 else 2
    if rng.random() < 0.06:
        bump = -1  # a few below the stated minimum, so screening has something to flag
    return EDUCATION_ORDER[min(4, max(1, floor + bump))]


def _skills_for(rng: random.Random, spec: PositionSpec, lang: str) -> tuple[str, ...]:
    must = [s for d in spec.dimensions for s in d.must_have]
    chosen = [s for s in must if rng.random() < 0.82]
    others = [s for s in spec.skill_pool if s not in chosen]
    chosen += rng.sample(others, k=min(len(others), rng.randint(3, 6)))
    if lang == "en" and "英语" not in chosen:
        chosen.append("英语")
    return tuple(dict.fromkeys(chosen))


def _candidate(rng: random.Random, people: PeopleFactory, spec: PositionSpec, *, as_of: date, lang: str,
               leadership_focus: bool) -> CandidatePlan:
    education = _education_for(rng, spec)
    years = max(1, rng.randint(max(1, spec.min_years - 1), spec.min_years + 9))
    # Born so that school, further study and ``years`` of work add up (graduation at about 22).
    born = as_of.year - years - 22 - postgraduate_years(education)
    person = people.person(born_between=(born - 2, born))
    if leadership_focus:
        roll = rng.random()
        lead = 0 if roll < 0.25 or years < 3 else rng.randint(1, 2) if roll < 0.5 else rng.randint(3, min(9, years))
        size = rng.randint(3, 25) if lead else 0
    else:
        lead = rng.randint(1, min(4, years)) if rng.random() < 0.35 and years >= 3 else 0
        size = rng.randint(2, 8) if lead else 0
    lead = min(lead, years)
    title_zh, title_en = current_title_for(spec, years)
    company_zh, company_en = people.company()
    facts = ResumeFacts(
        years_experience=years, team_lead_years=lead, team_size=size, education=education,
        skills=_skills_for(rng, spec, lang), current_title_zh=title_zh, current_title_en=title_en,
        current_company_zh=company_zh, current_company_en=company_en,
    )
    phone, email = people.phone(), people.personal_email(person)
    expected = salary_in(rng, spec.salary_min, spec.salary_max * Decimal("1.1"))
    text = resume_text(rng, person=person, phone=phone, email=email, spec=spec, facts=facts, lang=lang,
                       as_of=as_of, expected_salary=expected, company_factory=people.company)
    source = rng.choice(("job_board", "job_board", "job_board", "referral", "headhunter", "website", "campus"))
    return CandidatePlan(person, phone, email, "", expected, source, lang, facts, text)


def _moves(rng: random.Random, stages: list[str], start: datetime, *, gaps=(1, 6)) -> list[StageMove]:
    moves, at = [], start
    for stage in stages:
        at = at + timedelta(days=rng.randint(*gaps), hours=rng.randint(0, 5))
        moves.append(StageMove(stage, at, rng.choice(REASONS[Stage(stage)])))
    return moves


def _historical(rng: random.Random, people: PeopleFactory, total: int) -> list[HistoricalApplicationPlan]:
    share = sum(p.historical_share for p in POSITIONS)
    plans: list[HistoricalApplicationPlan] = []
    for spec in POSITIONS:
        count = max(4, round(total * spec.historical_share / share))
        batch = []
        for _ in range(count):
            applied = _at(_day_between(rng, *HISTORY_WINDOW), rng)
            lang = "en" if rng.random() < 0.15 else "zh"
            cand = _candidate(rng, people, spec, as_of=applied.date(), lang=lang,
                              leadership_focus=spec.leadership_bonus)
            scores = {d.competency: rng.choices((1, 2, 3, 4, 5), weights=SCORE_WEIGHTS)[0] for d in spec.dimensions}
            composite = sum(d.weight * scores[d.competency] for d in spec.dimensions) / 100
            batch.append((composite + rng.gauss(0, 0.35), applied, cand, scores))
        # The people who interviewed best (with some noise) got offers: 38 % of each position's pool.
        batch.sort(key=lambda item: -item[0])
        offers = round(len(batch) * 0.38)
        for rank, (_, applied, cand, scores) in enumerate(batch):
            roll = rng.random()
            if rank < offers:
                outcome = Stage.HIRED if roll < 0.80 else Stage.OFFER_DECLINED if roll < 0.92 else Stage.WITHDRAWN
            else:
                outcome = Stage.REJECTED if roll < 0.88 else Stage.WITHDRAWN
            stages = history_path(outcome, interviewed=True)
            if outcome == Stage.WITHDRAWN and rank < offers:
                stages = [*history_path(Stage.OFFER_DECLINED, interviewed=True)[:-1], Stage.WITHDRAWN]
            plans.append(HistoricalApplicationPlan(cand, spec.code, applied, _moves(rng, stages, applied), scores))
    plans.sort(key=lambda p: (p.applied_at, p.position))
    return plans


def _review_periods(hire_date: date, rng: random.Random, *, hired_through: bool) -> list[tuple[str, date]]:
    eligible = [(p, end) for p, end in PERIODS if end - timedelta(days=181) >= hire_date]
    if hired_through:
        return eligible[-MAX_REVIEWS:]
    keep = rng.choice((4, 5, 6))  # two to three years of history
    return eligible[-keep:]


def _employee(rng: random.Random, people: PeopleFactory, *, department: str, position: str | None, role: str,
              hire_date: date, person: Person | None = None, phone: str | None = None) -> EmployeePlan:
    person = person or people.person(born_between=(1972, 2000) if role != "staff" else (1980, 2001))
    spec = POSITION_BY_CODE.get(position or "")
    dept_positions = [p for p in POSITIONS if p.department == department]
    base = spec or dept_positions[0]
    low, high = base.salary_min, base.salary_max
    if role == "head":
        low, high = high * Decimal("1.2"), high * Decimal("1.8")
    elif role == "lead":
        low, high = (low + high) / 2, high * Decimal("1.2")
    handle = people.handle(person)
    return EmployeePlan(
        person=person, department=department, position=position, hire_date=hire_date,
        phone=phone or people.phone(), email=f"{handle}@{EMAIL_DOMAIN}", id_number=people.id_number(person),
        base_salary=salary_in(rng, low.quantize(Decimal("1")), high.quantize(Decimal("1"))), wecom_userid=handle,
        role=role,
    )


def _reviews_for(rng: random.Random, emp: EmployeePlan, mean: Decimal, *, hired_through: bool) -> list[ReviewPlan]:
    reviews = []
    for period, end in _review_periods(emp.hire_date, rng, hired_through=hired_through):
        score = noisy_score(rng, mean)
        reviews.append(ReviewPlan(period, rating_for(score), score, end + timedelta(days=15)))
    return reviews


def _current(rng: random.Random, people: PeopleFactory, scale: int) -> list[CurrentApplicationPlan]:
    open_positions = [p for p in POSITIONS if p.status == "open"]
    plans = []
    for final_stage, count in CURRENT_STAGE_MIX:
        for _ in range(count if scale else 2):
            spec = rng.choice(open_positions)
            applied = _at(_day_between(rng, *CURRENT_WINDOW), rng)
            lang = "en" if rng.random() < 0.2 else "zh"
            cand = _candidate(rng, people, spec, as_of=applied.date(), lang=lang, leadership_focus=spec.leadership_bonus)
            if final_stage == Stage.REJECTED:
                after = rng.choice((Stage.NEW, Stage.SCREENING, Stage.SHORTLISTED, Stage.INTERVIEWING))
                stages = [*[s for s in history_path(Stage.OFFER_DECLINED, interviewed=True)
                            if _main_index(s) <= _main_index(after)], Stage.REJECTED]
            elif final_stage == Stage.WITHDRAWN:
                after = rng.choice((Stage.NEW, Stage.SCREENING, Stage.INTERVIEWING))
                stages = [*[s for s in history_path(Stage.OFFER_DECLINED, interviewed=True)
                            if _main_index(s) <= _main_index(after)], Stage.WITHDRAWN]
            elif final_stage in (Stage.HIRED, Stage.OFFER_DECLINED):
                stages = history_path(final_stage, interviewed=True)
            else:
                stages = [s for s in history_path(Stage.HIRED, interviewed=True)
                          if _main_index(s) <= _main_index(final_stage)]
            if any(s in (Stage.OFFER, Stage.HIRED) for s in stages):
                cand.id_number = people.id_number(cand.person)  # collected with the offer
            moves = _moves(rng, [str(s) for s in stages], applied, gaps=(1, 3))
            plans.append(CurrentApplicationPlan(cand, spec.code, applied, moves, talent_pool=rng.random() < 0.4))
    plans.sort(key=lambda p: (p.applied_at, p.position))
    return plans


_MAIN = (Stage.NEW, Stage.SCREENING, Stage.SHORTLISTED, Stage.INTERVIEWING, Stage.OFFER, Stage.HIRED)


def _main_index(stage: str) -> int:
    return _MAIN.index(stage) if stage in _MAIN else len(_MAIN)


def build_plan(*, small: bool = False) -> DemoPlan:
    """The whole demo company as data; ``small`` is a reduced company for tests (same shapes)."""
    rng = random.Random(SEED)
    people = PeopleFactory(rng)
    size = SIZES[small]
    historical = _historical(rng, people, size["historical"])

    employees: list[EmployeePlan] = []
    for dept in DEPARTMENTS:
        headcount = size["dept_headcount"] or dept.headcount
        positions = [p.code for p in POSITIONS if p.department == dept.code]
        hires = [i for i, a in enumerate(historical)
                 if a.outcome == Stage.HIRED and POSITION_BY_CODE[a.position].department == dept.code]
        head = _employee(rng, people, department=dept.code, position=None, role="head",
                         hire_date=_day_between(rng, date(2012, 3, 1), date(2018, 12, 31)))
        dept_members = [head]
        n_leads = headcount // 16
        for _ in range(n_leads):
            dept_members.append(_employee(rng, people, department=dept.code, position=positions[0], role="lead",
                                          hire_date=_day_between(rng, date(2014, 1, 1), date(2020, 12, 31))))
        for index in hires:
            app = historical[index]
            decided = app.moves[-1].at.date()
            emp = _employee(rng, people, department=dept.code, position=app.position, role="staff",
                            hire_date=decided + timedelta(days=rng.randint(20, 45)), person=app.candidate.person,
                            phone=app.candidate.phone)
            app.candidate.id_number = emp.id_number
            emp.hired_through = index
            dept_members.append(emp)
        while len(dept_members) < headcount:
            dept_members.append(_employee(rng, people, department=dept.code, position=rng.choice(positions),
                                          role="staff",
                                          hire_date=_day_between(rng, date(2015, 1, 1), date(2024, 6, 30))))
        base = len(employees)
        leads = [base + i for i, m in enumerate(dept_members) if m.role == "lead"]
        for member in dept_members:
            if member.role == "lead":
                member.manager = base
            elif member.role == "staff":
                member.manager = rng.choice(leads) if leads else base
        employees.extend(dept_members)

    # Performance: hires follow the planted relation, everyone else a personal level plus noise.
    for emp in employees:
        if emp.hired_through is not None:
            app = historical[emp.hired_through]
            spec = POSITION_BY_CODE[app.position]
            top, second = spec.top_dimensions
            mean = planted_performance_mean(
                top=app.scores[top], second=app.scores[second],
                team_lead_years=app.candidate.facts.team_lead_years, leadership_role=spec.leadership_bonus,
            )
            emp.reviews = _reviews_for(rng, emp, mean, hired_through=True)
        else:
            level = Decimal(str(round(rng.gauss(70, 7), 1)))
            emp.reviews = _reviews_for(rng, emp, level, hired_through=False)

    # Employee numbers follow hire order, like a real HR system's sequence.
    order = sorted(range(len(employees)), key=lambda i: (employees[i].hire_date, i))
    for sequence, index in enumerate(order, start=1):
        employees[index].employee_no = f"XH{10000 + sequence}"
    for index, emp in enumerate(employees):
        if emp.hired_through is not None:
            historical[emp.hired_through].employee_index = index

    current = _current(rng, people, size["current_scale"])
    return DemoPlan(small=small, employees=employees, historical=historical, current=current)
