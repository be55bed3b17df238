"""Flags and the explanation of a screening result in Chinese and English: a sentence per component that counts, strengths and gaps, every missing must-have named."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from .degrees import DEGREE_RANK
from .model import (
    COMPONENTS,
    ComponentScore,
    ComponentWeights,
    Flag,
    PositionModel,
    ScreeningResult,
)
from .parse import ParsedResume

STRENGTH_AT = 0.75


GAP_BELOW = 0.45


_DEGREE_EN = {"中专/高中": "secondary school", "大专": "associate degree", "本科": "bachelor's degree", "硕士": "master's degree", "博士": "doctorate"}


def _degree_en(degree: str | None) -> str:
    return _DEGREE_EN.get(degree or "", "unknown")


def _english_names(model: PositionModel):
    """name → the skill's English name for the English texts (the name itself when it has none)."""
    english = {s.name: s.name_en for s in model.required_skills if s.name_en}
    return lambda name: english.get(name, name)


def _component_sentence(
    name: str, component: ComponentScore, model: PositionModel, parsed: ParsedResume
) -> tuple[str, str]:
    detail = component.detail
    if name == "must_have":
        found, required = detail["found"], detail["required"]
        return (
            f"具备 {len(found)}/{len(required)} 项必备技能",
            f"has {len(found)} of {len(required)} must-have skills",
        )
    if name == "skills":
        return (
            f"技能覆盖率 {component.score:.0%}（{len(detail['matched'])}/{len(detail['matched']) + len(detail['missing'])} 项）",
            f"skill coverage {component.score:.0%} ({len(detail['matched'])} of "
            f"{len(detail['matched']) + len(detail['missing'])})",
        )
    if name == "experience":
        years = detail["years"]
        return (
            f"工作年限 {years:g} 年（要求 {model.min_years:g} 年）",
            f"{years:g} years of experience (required {model.min_years:g})",
        )
    if name == "education":
        highest = detail["highest"] or "未知"
        return (
            f"最高学历{highest}（要求{model.min_education}）",
            f"highest degree {_degree_en(detail['highest'])} (required {_degree_en(model.min_education)})",
        )
    if name == "competency":
        strong = [c for c in detail["competencies"] if c["score"] >= STRENGTH_AT]
        weak = [c for c in detail["competencies"] if c["score"] < GAP_BELOW]
        if component.score >= STRENGTH_AT:
            return (
                "胜任力证据充分：" + "、".join(f"{c['name_zh']}（{'、'.join(c['keywords'][:3])}）" for c in strong),
                "strong competency evidence: "
                + ", ".join(f"{c['name_en'] or c['name_zh']} ({', '.join(c['keywords'][:3])})" for c in strong),
            )
        return (
            "胜任力证据不足：" + "、".join(c["name_zh"] for c in weak),
            "little competency evidence for: " + ", ".join(c["name_en"] or c["name_zh"] for c in weak),
        )
    terms = detail.get("matched_terms", [])[:5]
    return (
        f"与职位描述的文本相似度 {component.score:.0%}" + (f"（{'、'.join(terms)}）" if terms else ""),
        f"text similarity to the position description {component.score:.0%}"
        + (f" ({', '.join(terms)})" if terms else ""),
    )


def flags_for(parsed: ParsedResume, model: PositionModel, components: Mapping[str, ComponentScore]) -> list[Flag]:
    flags = []
    for name in components["must_have"].detail.get("missing", []):
        flags.append(Flag("missing_must_have", name, f"缺少必备技能：{name}",
                          f"Missing must-have skill: {_english_names(model)(name)}"))
    years = parsed.years_experience
    if model.min_years > 0 and parsed.years_source == "none":
        flags.append(
            Flag(
                "years_unknown", None, "简历中未找到可计算的工作年限（无工作起止日期或年限说明）",
                "No computable years of experience in the resume (no job dates or stated years)",
            )
        )
    elif model.min_years > 0 and years < model.min_years:
        flags.append(
            Flag(
                "below_min_years", None, f"工作年限 {years:g} 年，低于要求的 {model.min_years:g} 年",
                f"{years:g} years of experience, below the required {model.min_years:g}",
            )
        )
    if model.min_education in DEGREE_RANK:
        if parsed.highest_degree is None:
            flags.append(
                Flag("education_unknown", None, "简历中未找到学历信息", "No degree found in the resume")
            )
        elif DEGREE_RANK[parsed.highest_degree] < DEGREE_RANK[model.min_education]:
            flags.append(
                Flag(
                    "below_min_education", None,
                    f"最高学历{parsed.highest_degree}，低于要求的{model.min_education}",
                    f"Highest degree {_degree_en(parsed.highest_degree)}, below the required "
                    f"{_degree_en(model.min_education)}",
                )
            )
    if not parsed.phone and not parsed.email:
        flags.append(Flag("no_contact", None, "简历中未找到电话或邮箱", "No phone number or e-mail in the resume"))
    if len(parsed.text) < 200:
        flags.append(
            Flag("short_text", None, "简历文字很少，评分可能不可靠", "Very little text in the resume; the score may be unreliable")
        )
    return flags


def explain(
    parsed: ParsedResume,
    model: PositionModel,
    weights: ComponentWeights,
    components: Mapping[str, ComponentScore],
    flags: list[Flag],
    score: Decimal,
    weights_json: dict,
    *,
    engine_version: str,
) -> ScreeningResult:
    matched = components["skills"].detail.get("matched", [])
    missing_skills = components["skills"].detail.get("missing", [])
    missing_must = components["must_have"].detail.get("missing", [])
    strengths_zh, strengths_en, gaps_zh, gaps_en = [], [], [], []
    for name in COMPONENTS:
        component = components[name]
        if not component.applicable:
            continue
        zh, en = _component_sentence(name, component, model, parsed)
        if component.score >= STRENGTH_AT:
            strengths_zh.append(zh)
            strengths_en.append(en)
        elif component.score < GAP_BELOW:
            gaps_zh.append(zh)
            gaps_en.append(en)
    insights = [i for i in weights.insights if components.get(i.component) and components[i.component].applicable]
    sep_zh, sep_en = "、", ", "
    english = _english_names(model)
    zh = [f"综合得分 {score} 分（满分 100，筛选引擎 {engine_version}）。"]
    en = [f"Overall score {score} out of 100 (screening engine {engine_version})."]
    zh.append(f"匹配技能：{sep_zh.join(matched)}。" if matched else "未匹配到职位要求的技能。")
    en.append(f"Matched skills: {sep_en.join(english(n) for n in matched)}." if matched
              else "No required skill was matched.")
    if missing_must:
        zh.append(f"缺少必备技能：{sep_zh.join(missing_must)}。")
        en.append(f"Missing must-have skills: {sep_en.join(english(n) for n in missing_must)}.")
    if strengths_zh:
        zh.append("优势：" + "；".join(strengths_zh) + "。")
        en.append("Strengths: " + "; ".join(strengths_en) + ".")
    if gaps_zh:
        zh.append("不足：" + "；".join(gaps_zh) + "。")
        en.append("Gaps: " + "; ".join(gaps_en) + ".")
    if insights:
        zh.append("历史数据调整：" + "".join(i.text_zh for i in insights))
        en.append("Historical adjustment: " + " ".join(i.text_en for i in insights))
    else:
        zh.append("权重未经历史数据调整。")
        en.append("The weights were not adjusted by historical data.")
    # name the weight set the score used (a position's set is labelled like "SM-01:v2")
    label = weights.version or "default"
    zh.append(f"使用筛选权重：{'默认权重' if label == 'default' else label}。")
    en.append(f"Weight set used: {label}.")
    return ScreeningResult(
        engine_version=engine_version,
        position_code=model.code,
        score=score,
        breakdown=dict(components),
        flags=flags,
        matched_skills=list(matched),
        missing_must_haves=list(missing_must),
        missing_skills=list(missing_skills),
        strengths_zh=strengths_zh,
        strengths_en=strengths_en,
        gaps_zh=gaps_zh,
        gaps_en=gaps_en,
        insights=insights,
        explanation_zh="".join(zh),
        explanation_en=" ".join(en),
        inputs_hash="",
        weights=weights_json,
    )
