"""Properties that must hold for every input (hypothesis): adding a required skill never lowers a score,
scores stay within 0–100, the parser never crashes, and every missing must-have is named."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recruiting.screening import CompetencySpec, PositionModel, RequiredSkill, normalise

from .conftest import AS_OF

SKILL_POOL = ["Python", "MySQL", "Docker", "Kubernetes", "机器学习", "客户关系管理", "To B", "Excel", "商务谈判", "渠道管理"]
SPELLINGS = {
    "Python": ["Python", "python3"],
    "MySQL": ["MySQL", "MariaDB"],
    "Docker": ["Docker", "容器化"],
    "Kubernetes": ["K8s", "Kubernetes", "容器编排"],
    "机器学习": ["机器学习", "machine learning", "ML"],
    "客户关系管理": ["CRM", "客户关系管理"],
    "To B": ["ToB", "B端", "To B"],
    "Excel": ["Excel", "数据透视表"],
    "商务谈判": ["商务谈判", "negotiation"],
    "渠道管理": ["渠道管理", "经销商管理"],
}
FRAGMENTS = [
    "张伟", "电话 13812345678", "工作经历", "2019.03-至今 上海某某科技有限公司 高级工程师", "2015年3月—2019年2月 某某集团 销售经理",
    "Mar 2012 – Feb 2015, Data Analyst, Acme Ltd.", "带领12人团队", "负责架构设计与性能优化", "沟通协调能力强", "本科", "硕士研究生",
    "教育背景", "2008.09-2012.06 浙江大学 计算机 本科", "8年工作经验", "业绩增长30%", "熟悉SQL与Tableau", "Led a team of 6",
]

# Per test, not a global profile: other suites' hypothesis settings stay as they are.
SETTINGS = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _position(required: list[str], must: list[str], min_years: int, min_education: str | None) -> PositionModel:
    skills = tuple(RequiredSkill(name, must_have=name in must) for name in required)
    return PositionModel(
        code="P", title_zh="工程师", required_skills=skills, min_years=min_years, min_education=min_education,
        competencies=(
            CompetencySpec("TECH", "技术", "Tech", 50, ("架构", "性能")),
            CompetencySpec("COMM", "沟通", "Communication", 50, ("沟通", "协调", "业绩")),
        ),
        text="负责架构设计，熟悉" + "、".join(required) + "，沟通协调能力强，带领团队完成业绩目标。",
    )


resumes = st.lists(st.sampled_from(FRAGMENTS), min_size=0, max_size=12).map("\n".join)
positions = st.builds(
    lambda required, must_count, years, education: _position(required, required[:must_count], years, education),
    st.lists(st.sampled_from(SKILL_POOL), min_size=1, max_size=6, unique=True),
    st.integers(0, 3),
    st.integers(0, 10),
    st.sampled_from([None, "大专", "本科", "硕士"]),
)


@SETTINGS
@given(resume=resumes, position=positions, data=st.data())
def test_adding_a_required_skill_to_a_resume_never_lowers_the_score(engine, resume, position, data):
    skill = data.draw(st.sampled_from([s.name for s in position.required_skills]))
    spelling = data.draw(st.sampled_from(SPELLINGS[skill]))
    before = engine.screen_text(resume, position, as_of=AS_OF)[1]
    after = engine.screen_text(resume + "\n熟悉" + spelling, position, as_of=AS_OF)[1]
    assert after.score >= before.score


@SETTINGS
@given(resume=resumes, position=positions, data=st.data())
def test_adding_a_required_skill_to_the_parsed_features_never_lowers_the_score(engine, resume, position, data):
    parsed = engine.parse(normalise(resume), as_of=AS_OF)
    skill = data.draw(st.sampled_from([s.name for s in position.required_skills]))
    before = engine.score(parsed, position)
    richer = dataclasses.replace(
        parsed, skills=[*parsed.skills, skill], skill_mentions={**parsed.skill_mentions, skill: parsed.skill_mentions.get(skill, 0) + 1}
    )
    assert engine.score(richer, position).score >= before.score


@SETTINGS
@given(text=st.text(max_size=400), position=positions)
def test_any_text_gives_a_score_between_0_and_100(engine, text, position):
    result = engine.screen_text(text, position, as_of=AS_OF)[1]
    assert 0 <= result.score <= 100
    assert all(0.0 <= c.score <= 1.0 for c in result.breakdown.values())


@SETTINGS
@given(resume=resumes, position=positions)
def test_every_missing_must_have_is_flagged_and_explained(engine, resume, position):
    parsed, result = engine.screen_text(resume, position, as_of=AS_OF)
    must = [s.name for s in position.required_skills if s.must_have]
    missing = [name for name in must if name not in parsed.skills]
    flagged = [f.subject for f in result.flags if f.code == "missing_must_have"]
    assert sorted(flagged) == sorted(missing) == sorted(result.missing_must_haves)
    for name in missing:
        assert name in result.explanation_zh and name in result.explanation_en


@SETTINGS
@given(resume=resumes, position=positions)
def test_same_inputs_same_score(engine, resume, position):
    first = engine.screen_text(resume, position, as_of=AS_OF)[1]
    second = engine.screen_text(resume, position, as_of=AS_OF)[1]
    assert (first.score, first.inputs_hash) == (second.score, second.inputs_hash)
