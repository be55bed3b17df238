"""The score HR sees: components, flags for missing must-haves, explanations in zh and en, learning
from past hires, and reproducibility."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from recruiting.screening import (
    ENGINE_VERSION,
    CompetencySpec,
    ComponentWeights,
    PositionModel,
    RequiredSkill,
    ScreeningEngine,
    historical_weights,
)
from recruiting.screening.model import COMPONENTS
from recruiting.screening.tokenize import segmenter

from .conftest import AS_OF

FILES = Path(__file__).parent / "files"

BACKEND = PositionModel(
    code="RD-01",
    title_zh="高级后端工程师",
    title_en="Senior Backend Engineer",
    required_skills=(
        RequiredSkill("Python", must_have=True),
        RequiredSkill("MySQL", must_have=True),
        RequiredSkill("Django", must_have=True),
        RequiredSkill("Docker"),
        RequiredSkill("k8s"),
        RequiredSkill("机器学习"),
    ),
    min_years=5,
    min_education="本科",
    competencies=(
        CompetencySpec("TECH", "技术深度", "Technical depth", 60, ("架构", "性能", "微服务", "高并发")),
        CompetencySpec("LEAD", "团队领导", "Leadership", 40, ("带领", "团队", "培养")),
    ),
    text=(
        "高级后端工程师。岗位职责：负责交易系统后端架构设计与开发，推动微服务化改造，保障高并发场景下的系统稳定性。"
        "任职要求：本科及以上学历，5年以上Python开发经验，熟悉MySQL、Redis、Docker、Kubernetes，有团队管理经验者优先。"
    ),
)


def _screen(engine, text, model=BACKEND, weights=None):
    kwargs = {"as_of": AS_OF}
    if weights is not None:
        return engine.screen_text(text, model, weights, **kwargs)
    return engine.screen_text(text, model, **kwargs)


def test_strong_candidate_scores_high_with_a_full_breakdown(engine):
    _, result = _screen(engine, (FILES / "zh_sectioned.txt").read_text(encoding="utf-8"))
    assert isinstance(result.score, Decimal) and result.score >= 80
    assert result.flags == []
    assert set(result.breakdown) == set(COMPONENTS)
    assert result.breakdown["must_have"].score == 1.0
    assert result.breakdown["skills"].detail["matched"] == ["Python", "MySQL", "Django", "Docker", "Kubernetes", "机器学习"]
    assert result.breakdown["education"].score == 1.0
    total = sum(c.points for c in result.breakdown.values())
    assert float(result.score) == pytest.approx(total, abs=0.01)
    assert sum(c.weight for c in result.breakdown.values() if c.applicable) == pytest.approx(1.0)
    assert result.engine_version == ENGINE_VERSION


def test_missing_must_haves_are_flags_and_named_in_both_explanations(engine):
    text = "张三\n电话 13812345678\n工作经历\n2015.01-至今 某某科技有限公司 工程师\n熟悉Python与Redis，本科学历"
    _, result = _screen(engine, text)
    assert result.missing_must_haves == ["MySQL", "Django"]
    codes = [(f.code, f.subject) for f in result.flags]
    assert ("missing_must_have", "MySQL") in codes and ("missing_must_have", "Django") in codes
    for name in ("MySQL", "Django"):
        assert name in result.explanation_zh and name in result.explanation_en
    assert "缺少必备技能：MySQL、Django" in result.explanation_zh
    assert "Missing must-have skills: MySQL, Django" in result.explanation_en
    # a missing must-have lowers the score; it does not zero it silently
    assert 0 < result.score < 80
    assert result.breakdown["must_have"].score == pytest.approx(1 / 3)


def test_the_english_explanation_names_skills_by_their_english_names(engine):
    """A skill with an English name is named by it in the English explanation and flags; the Chinese ones and
    the stored names stay Chinese; a skill without one keeps its name in both."""
    model = PositionModel(code="DA-01", title_zh="数据分析师", title_en="Data Analyst", required_skills=(
        RequiredSkill("机器学习", must_have=True, name_en="Machine learning"),
        RequiredSkill("Python", must_have=True),
        RequiredSkill("MySQL", must_have=True, name_en="MySQL database"),
    ))
    _, result = _screen(engine, "李四\n电话 13812345678\n熟悉Python，做过机器学习项目，本科", model=model)
    assert set(result.matched_skills) == {"机器学习", "Python"}
    assert result.missing_must_haves == ["MySQL"]
    assert "Machine learning" in result.explanation_en and "机器学习" not in result.explanation_en
    assert "Missing must-have skills: MySQL database." in result.explanation_en
    assert "机器学习" in result.explanation_zh and "缺少必备技能：MySQL" in result.explanation_zh
    (flag,) = [f for f in result.flags if f.code == "missing_must_have"]
    assert (flag.subject, flag.message_en) == ("MySQL", "Missing must-have skill: MySQL database")
    plain = PositionModel(code="DA-01", title_zh="数据分析师", required_skills=(RequiredSkill("Python"),))
    assert "name_en" not in plain.to_json()["required_skills"][0]  # positions without English names: same fingerprint


def test_synonyms_count_for_required_skills(engine):
    text = "熟悉python3、django框架、MariaDB、容器化、K8s 与 machine learning，8年工作经验，硕士"
    _, result = _screen(engine, text)
    assert result.missing_must_haves == []
    assert set(result.matched_skills) == {"Python", "Django", "MySQL", "Docker", "Kubernetes", "机器学习"}


def test_experience_has_diminishing_returns(engine):
    scores = []
    for years in (0, 2, 5, 10, 20):
        text = f"熟悉Python、MySQL、Django，{years}年工作经验，本科" if years else "熟悉Python、MySQL、Django，本科"
        _, result = _screen(engine, text)
        scores.append(result.breakdown["experience"].score)
    assert scores[0] == 0.0
    assert scores == sorted(scores)
    assert scores[2] == pytest.approx(0.8)  # meeting the minimum
    assert scores[3] - scores[2] > scores[4] - scores[3] > 0  # each extra year is worth less


def test_below_minimums_are_flagged(engine):
    _, result = _screen(engine, "熟悉Python、MySQL、Django，2年工作经验，大专学历")
    codes = {f.code for f in result.flags}
    assert {"below_min_years", "below_min_education"} <= codes
    assert result.breakdown["education"].score == 0.5
    _, unknown = _screen(engine, "熟悉Python、MySQL、Django")
    assert {"years_unknown", "education_unknown", "no_contact", "short_text"} <= {f.code for f in unknown.flags}


def test_components_that_do_not_apply_are_left_out_not_zeroed(engine):
    model = PositionModel(code="OPEN", title_zh="实习生", text="实习生")
    _, result = _screen(engine, "张三，熟悉Excel", model)
    applicable = [name for name, c in result.breakdown.items() if c.applicable]
    assert applicable == ["similarity"]
    assert result.breakdown["similarity"].weight == pytest.approx(1.0)
    assert "missing_must_have" not in {f.code for f in result.flags}


def test_competency_evidence_names_keywords(engine):
    text = "负责交易系统架构设计与性能优化，带领8人团队，培养骨干3名，推动微服务改造"
    _, result = _screen(engine, text)
    per = {c["code"]: c for c in result.breakdown["competency"].detail["competencies"]}
    assert per["TECH"]["keywords"] == ["架构", "性能", "微服务"] and per["TECH"]["score"] == 1.0
    assert per["LEAD"]["score"] == 1.0
    assert result.breakdown["competency"].score == 1.0


def test_same_inputs_same_score_across_engines(lexicon):
    text = (FILES / "en_resume.md").read_text(encoding="utf-8")
    first = ScreeningEngine(lexicon).screen_text(text, BACKEND, as_of=AS_OF)[1]
    second = ScreeningEngine(lexicon).screen_text(text, BACKEND, as_of=AS_OF)[1]
    assert first.score == second.score
    assert first.inputs_hash == second.inputs_hash
    assert first.to_json() == second.to_json()


def test_inputs_hash_changes_with_any_input(engine):
    text = (FILES / "zh_sectioned.txt").read_text(encoding="utf-8")
    base = _screen(engine, text)[1].inputs_hash
    assert _screen(engine, text + "\n补充")[1].inputs_hash != base
    assert _screen(engine, text, PositionModel(**{**BACKEND.__dict__, "min_years": 6}))[1].inputs_hash != base
    assert _screen(engine, text, weights=ComponentWeights(skills=0.5))[1].inputs_hash != base


def test_segment_mode_agrees_closely_with_match_mode(lexicon):
    text = (FILES / "zh_sectioned.txt").read_text(encoding="utf-8")
    match = ScreeningEngine(lexicon, similarity_mode="match").screen_text(text, BACKEND, as_of=AS_OF)[1]
    segment = ScreeningEngine(lexicon, similarity_mode="segment").screen_text(text, BACKEND, as_of=AS_OF)[1]
    assert abs(float(match.score) - float(segment.score)) < 3
    with pytest.raises(ValueError):
        ScreeningEngine(lexicon, similarity_mode="embeddings")


def test_user_dictionary_keeps_domain_terms_whole():
    plain = segmenter([]).cut("负责机器学习平台与客户关系管理")
    assert "机器学习" not in plain
    custom = segmenter(["机器学习", "客户关系管理"]).cut("负责机器学习平台与客户关系管理")
    assert "机器学习" in custom and "客户关系管理" in custom


def _samples(n, *, relation=1.0):
    samples = []
    for i in range(n):
        experience = (i % 10) / 10
        noise = ((i * 37) % 11) / 11
        samples.append(
            ({"must_have": 1.0, "skills": noise, "experience": experience, "education": 1.0, "competency": noise,
              "similarity": None}, 60 + 30 * relation * experience + 2 * noise)
        )
    return samples


def test_historical_weights_move_toward_what_predicted_performance():
    adjusted = historical_weights(ComponentWeights(), _samples(40), min_samples=20, version="hist-1")
    assert adjusted.version == "hist-1"
    assert adjusted.effective()["experience"] > ComponentWeights().configured()["experience"]
    (insight,) = [i for i in adjusted.insights if i.component == "experience"]
    assert "40 名录用员工" in insight.text_zh and "工作年限" in insight.text_zh
    assert "40 past hires" in insight.text_en and insight.effective > insight.configured
    assert sum(adjusted.effective().values()) == pytest.approx(1.0)


def test_historical_weights_need_enough_hires():
    adjusted = historical_weights(ComponentWeights(), _samples(10), min_samples=20)
    assert adjusted.insights == () and adjusted.effective() == ComponentWeights().effective()


def test_explanation_says_which_insight_moved_the_weights(engine):
    weights = historical_weights(ComponentWeights(), _samples(40), min_samples=20, version="hist-1")
    _, result = _screen(engine, (FILES / "zh_sectioned.txt").read_text(encoding="utf-8"), weights=weights)
    assert "历史数据调整" in result.explanation_zh and "40 名录用员工" in result.explanation_zh
    assert "Historical adjustment" in result.explanation_en
    assert result.weights["version"] == "hist-1"
    assert result.breakdown["experience"].weight > result.breakdown["experience"].configured_weight
    _, plain = _screen(engine, (FILES / "zh_sectioned.txt").read_text(encoding="utf-8"))
    assert "权重未经历史数据调整" in plain.explanation_zh
