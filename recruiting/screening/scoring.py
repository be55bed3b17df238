"""The screening engine: a parsed resume + a position model → a 0–100 score with a stored breakdown,
flags and an explanation in Chinese and English.

Components (each 0–1, combined with weights that sum to 1 over the components that apply):
- ``must_have``   share of the position's must-have skills found; every missing one is also a flag
- ``skills``      weighted coverage of the required skills (must-haves weigh more), synonyms included
- ``experience``  years of experience against the minimum, with diminishing returns: 1 − e^(−ln5·y/min),
                  so meeting the minimum gives 0.80, twice the minimum 0.96
- ``education``   highest degree against the minimum: meets 1.0, one level below 0.5, lower 0.2, unknown 0.3
- ``competency``  per competency, the share of its evidence keywords found (3 distinct hits = full),
                  weighted by the competency model's weights
- ``similarity``  BM25-style coverage c of the position text's content terms (jieba tokens, user dictionary
                  from the lexicon and competency models, IDF from jieba's table, no length normalisation),
                  reported as 1 − e^(−3c): a resume rarely repeats more than half of an ad's vocabulary

A component that does not apply (no must-haves, no minimum years, no minimum education, …) is left out and
the others are re-weighted — it never counts as a silent zero. Every score is reproducible: the result
carries ENGINE_VERSION, the weights used and a hash of all inputs. Bump ENGINE_VERSION (semver) whenever a
change can move any score: minor for new features or re-tuned constants, major for a new formula.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from . import tokenize
from .dates import YearMonth
from .lexicon import SkillLexicon
from .normalise import NormalisedText, normalise
from .parse import ParsedResume, ResumeParser
from .patterns import DEGREE_RANK

ENGINE_VERSION = "1.1.0"
COMPONENTS = ("must_have", "skills", "experience", "education", "competency", "similarity")
COMPONENT_NAMES = {
    "must_have": ("必备技能", "must-have skills"),
    "skills": ("技能匹配", "skill coverage"),
    "experience": ("工作年限", "years of experience"),
    "education": ("学历", "education"),
    "competency": ("胜任力证据", "competency evidence"),
    "similarity": ("文本相似度", "text similarity"),
}
MUST_HAVE_SKILL_WEIGHT = 2.0
EXPERIENCE_K = math.log(5)
BM25_K1 = 1.2
COMPETENCY_FULL_HITS = 3
SIMILARITY_GAIN = 3.0
STRENGTH_AT = 0.75
GAP_BELOW = 0.45


# --- inputs ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequiredSkill:
    name: str
    weight: float = 1.0
    must_have: bool = False


@dataclass(frozen=True)
class CompetencySpec:
    code: str
    name_zh: str
    name_en: str = ""
    weight: float = 1.0
    evidence_keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class PositionModel:
    """Everything the engine knows about a position; built from the database by
    recruiting.screening_inputs, or by hand in tests and benchmarks."""

    code: str
    title_zh: str
    title_en: str = ""
    required_skills: tuple[RequiredSkill, ...] = ()
    min_years: float = 0.0
    min_education: str | None = None
    competencies: tuple[CompetencySpec, ...] = ()
    text: str = ""

    @property
    def must_have(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.required_skills if s.must_have)

    def to_json(self) -> dict:
        data = asdict(self)
        data["required_skills"] = [asdict(s) for s in self.required_skills]
        data["competencies"] = [asdict(c) for c in self.competencies]
        return data

    def user_words(self) -> list[str]:
        words = [s.name for s in self.required_skills]
        for competency in self.competencies:
            words += [competency.name_zh, *competency.evidence_keywords]
        return words


@dataclass(frozen=True)
class WeightInsight:
    """One sentence of "why the weights moved", from historical hires."""

    component: str
    text_zh: str
    text_en: str
    configured: float
    effective: float


@dataclass(frozen=True)
class ComponentWeights:
    """Configured component weights, optionally adjusted by historical insight (multiplicative factors)."""

    must_have: float = 0.20
    skills: float = 0.25
    experience: float = 0.15
    education: float = 0.10
    competency: float = 0.15
    similarity: float = 0.15
    factors: tuple[tuple[str, float], ...] = ()
    insights: tuple[WeightInsight, ...] = ()
    version: str = "default"

    def configured(self) -> dict[str, float]:
        total = math.fsum(getattr(self, c) for c in COMPONENTS) or 1.0
        return {c: getattr(self, c) / total for c in COMPONENTS}

    def effective(self) -> dict[str, float]:
        factors = dict(self.factors)
        raw = {c: w * factors.get(c, 1.0) for c, w in self.configured().items()}
        total = math.fsum(raw.values()) or 1.0
        return {c: v / total for c, v in raw.items()}

    def to_json(self) -> dict:
        return {
            "version": self.version,
            "configured": {c: round(v, 6) for c, v in self.configured().items()},
            "effective": {c: round(v, 6) for c, v in self.effective().items()},
            "insights": [asdict(i) for i in self.insights],
        }


DEFAULT_WEIGHTS = ComponentWeights()


# --- outputs -------------------------------------------------------------------------------------


@dataclass
class ComponentScore:
    name: str
    applicable: bool
    score: float  # 0–1
    weight: float = 0.0  # effective weight after re-weighting over the applicable components
    configured_weight: float = 0.0
    points: float = 0.0  # contribution to the 0–100 total
    detail: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "applicable": self.applicable,
            "score": round(self.score, 4),
            "weight": round(self.weight, 4),
            "configured_weight": round(self.configured_weight, 4),
            "points": round(self.points, 2),
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Flag:
    code: str
    subject: str | None
    message_zh: str
    message_en: str

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class ScreeningResult:
    engine_version: str
    position_code: str
    score: Decimal
    breakdown: dict[str, ComponentScore]
    flags: list[Flag]
    matched_skills: list[str]
    missing_must_haves: list[str]
    missing_skills: list[str]
    strengths_zh: list[str]
    strengths_en: list[str]
    gaps_zh: list[str]
    gaps_en: list[str]
    insights: list[WeightInsight]
    explanation_zh: str
    explanation_en: str
    inputs_hash: str
    weights: dict

    def to_json(self) -> dict:
        return {
            "engine_version": self.engine_version,
            "position": self.position_code,
            "score": float(self.score),
            "flags": [f.to_json() for f in self.flags],
            "breakdown": {name: c.to_json() for name, c in self.breakdown.items()},
            "matched_skills": self.matched_skills,
            "missing_must_haves": self.missing_must_haves,
            "missing_skills": self.missing_skills,
            "strengths_zh": self.strengths_zh,
            "strengths_en": self.strengths_en,
            "gaps_zh": self.gaps_zh,
            "gaps_en": self.gaps_en,
            "insights": [asdict(i) for i in self.insights],
            "explanation_zh": self.explanation_zh,
            "explanation_en": self.explanation_en,
            "inputs_hash": self.inputs_hash,
            "weights": self.weights,
        }


# --- the engine ----------------------------------------------------------------------------------


@dataclass
class _Prepared:
    """Per-position work done once: canonical skills, keyword matcher, query terms."""

    model: PositionModel
    skills: list[tuple[str, float, bool]]  # canonical name, weight, must-have
    extra_lexicon: SkillLexicon | None  # required skills the lexicon does not know
    keyword_lexicon: SkillLexicon | None  # competency keywords, each its own entry
    keyword_owners: dict[str, list[int]]  # keyword → competency indexes
    query: dict[str, float]  # term → query weight (IDF × (1 + log qtf))
    term_lexicon: SkillLexicon | None  # the query terms that are not lexicon skills, as a matcher
    fingerprint: str


def _fingerprint(payload: object) -> str:
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def _round_score(value: float) -> Decimal:
    return Decimal(repr(round(value, 9))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class ScreeningEngine:
    """Parse and score resumes for positions with one lexicon and one jieba user dictionary.

    ``user_words`` should be the same for every engine in a process (the adapter passes the whole lexicon
    and every competency model), so that segmentation — and therefore every score — does not depend on
    which position happened to be scored first.

    ``similarity_mode``: the position text is always segmented with jieba (once per position); "match"
    (default) counts those terms in a resume with a compiled matcher, "segment" segments every resume
    with jieba and counts its tokens. Both are deterministic and monotone; "match" is several times
    faster and also finds a term inside a longer word (销售 in 销售额), see docs/screening.md.
    """

    SIMILARITY_MODES = ("match", "segment")

    def __init__(self, lexicon: SkillLexicon, *, user_words: Iterable[str] = (), similarity_mode: str = "match"):
        if similarity_mode not in self.SIMILARITY_MODES:
            raise ValueError(f"similarity_mode must be one of {self.SIMILARITY_MODES}")
        self.similarity_mode = similarity_mode
        self.lexicon = lexicon
        self.parser = ResumeParser(lexicon)
        self._user_words = [*lexicon.spellings(), *user_words]
        self._segmenter: tokenize.Segmenter | None = None
        self._prepared: dict[PositionModel, _Prepared] = {}
        self._weights_json: dict[ComponentWeights, dict] = {}
        self._token_canon: dict[str, str] = {}

    @property
    def segmenter(self) -> tokenize.Segmenter:
        if self._segmenter is None:
            self._segmenter = tokenize.segmenter(self._user_words)
        return self._segmenter

    # preparation ---------------------------------------------------------------------------------

    def _canon_token(self, token: str) -> str:
        canon = self._token_canon.get(token)
        if canon is None:
            canon = self.lexicon.canonical(token) or token
            if len(self._token_canon) < 200_000:
                self._token_canon[token] = canon
        return canon

    def prepare(self, model: PositionModel) -> _Prepared:
        cached = self._prepared.get(model)
        if cached is not None:
            return cached
        key = _fingerprint(model.to_json())
        skills: dict[str, tuple[float, bool]] = {}
        unknown: list[str] = []
        for skill in model.required_skills:
            canonical = self.lexicon.canonical(skill.name)
            if canonical is None:
                canonical = " ".join(skill.name.split())
                unknown.append(canonical)
            weight = max(skill.weight, MUST_HAVE_SKILL_WEIGHT if skill.must_have else 0.0)
            previous = skills.get(canonical)
            if previous:
                weight, must = max(previous[0], weight), previous[1] or skill.must_have
            else:
                must = skill.must_have
            skills[canonical] = (weight, must)
        keywords: dict[str, list[int]] = {}
        for index, competency in enumerate(model.competencies):
            for keyword in competency.evidence_keywords:
                cleaned = " ".join(str(keyword).split())
                if cleaned:
                    owners = keywords.setdefault(cleaned, [])
                    if index not in owners:
                        owners.append(index)
        counts: dict[str, int] = {}
        for token in self.segmenter.cut(model.text or model.title_zh):
            if self.segmenter.is_content(token):
                term = self.lexicon.canonical(token) or token
                counts[term] = counts.get(term, 0) + 1
        query = {t: tokenize.log_idf(t.lower()) * (1.0 + math.log(n)) for t, n in sorted(counts.items())}
        plain_terms = [t for t in query if self.lexicon.canonical(t) is None]
        prepared = _Prepared(
            model=model,
            skills=[(name, weight, must) for name, (weight, must) in skills.items()],
            extra_lexicon=SkillLexicon.from_entries((name, ()) for name in unknown) if unknown else None,
            keyword_lexicon=SkillLexicon.from_entries((k, ()) for k in keywords) if keywords else None,
            keyword_owners=keywords,
            query=query,
            term_lexicon=SkillLexicon.from_entries((t, ()) for t in plain_terms) if plain_terms else None,
            fingerprint=key,
        )
        if len(self._prepared) > 256:
            self._prepared.clear()
        self._prepared[model] = prepared
        return prepared

    # entry points --------------------------------------------------------------------------------

    def parse(self, text: str | NormalisedText, *, as_of: date | YearMonth | None = None) -> ParsedResume:
        return self.parser.parse(text, as_of=as_of)

    def screen_text(
        self,
        text: str,
        model: PositionModel,
        weights: ComponentWeights = DEFAULT_WEIGHTS,
        *,
        as_of: date | YearMonth | None = None,
    ) -> tuple[ParsedResume, ScreeningResult]:
        parsed = self.parse(normalise(text), as_of=as_of)
        return parsed, self.score(parsed, model, weights)

    def score(
        self, parsed: ParsedResume, model: PositionModel, weights: ComponentWeights = DEFAULT_WEIGHTS
    ) -> ScreeningResult:
        prepared = self.prepare(model)
        resume_skills = set(parsed.skills)
        if prepared.extra_lexicon is not None:
            resume_skills |= set(prepared.extra_lexicon.skills_in(parsed.masked or parsed.text))
        components = {
            "must_have": self._must_have(prepared, resume_skills),
            "skills": self._skills(prepared, resume_skills),
            "experience": self._experience(parsed, model),
            "education": self._education(parsed, model),
            "competency": self._competency(prepared, parsed),
            "similarity": self._similarity(prepared, parsed),
        }
        configured = weights.configured()
        effective = weights.effective()
        applicable_total = math.fsum(effective[c] for c, s in components.items() if s.applicable)
        for name, component in components.items():
            component.configured_weight = configured[name]
            if component.applicable and applicable_total > 0:
                component.weight = effective[name] / applicable_total
                component.points = 100.0 * component.weight * component.score
        total = math.fsum(c.points for c in components.values())
        score = _round_score(min(100.0, max(0.0, total)))
        flags = self._flags(parsed, model, components)
        weights_json = self._weights_json.get(weights)
        if weights_json is None:
            weights_json = self._weights_json[weights] = weights.to_json()
        result = self._explain(parsed, model, weights, components, flags, score, weights_json)
        result.inputs_hash = _fingerprint(
            {
                "engine": ENGINE_VERSION,
                "text": parsed.text,
                "as_of": parsed.as_of.iso(),
                "lexicon": self.lexicon.version,
                "position": prepared.fingerprint,
                "weights": weights_json,
                "similarity": self.similarity_mode,
            }
        )
        return result

    # components ----------------------------------------------------------------------------------

    @staticmethod
    def _must_have(prepared: _Prepared, resume_skills: set[str]) -> ComponentScore:
        must = [name for name, _, is_must in prepared.skills if is_must]
        if not must:
            return ComponentScore("must_have", False, 0.0, detail={"required": []})
        found = [name for name in must if name in resume_skills]
        missing = [name for name in must if name not in resume_skills]
        return ComponentScore(
            "must_have", True, len(found) / len(must), detail={"required": must, "found": found, "missing": missing}
        )

    @staticmethod
    def _skills(prepared: _Prepared, resume_skills: set[str]) -> ComponentScore:
        if not prepared.skills:
            return ComponentScore("skills", False, 0.0, detail={"required": []})
        total = math.fsum(weight for _, weight, _ in prepared.skills)
        got = math.fsum(weight for name, weight, _ in prepared.skills if name in resume_skills)
        matched = [name for name, _, _ in prepared.skills if name in resume_skills]
        missing = [name for name, _, _ in prepared.skills if name not in resume_skills]
        return ComponentScore(
            "skills", True, got / total if total else 0.0,
            detail={"matched": matched, "missing": missing, "weights": {n: w for n, w, _ in prepared.skills}},
        )

    @staticmethod
    def _experience(parsed: ParsedResume, model: PositionModel) -> ComponentScore:
        years = parsed.years_experience
        detail = {"years": years, "min_years": model.min_years, "source": parsed.years_source}
        if model.min_years <= 0:
            return ComponentScore("experience", False, 0.0, detail=detail)
        score = 1.0 - math.exp(-EXPERIENCE_K * years / model.min_years)
        return ComponentScore("experience", True, score, detail=detail)

    @staticmethod
    def _education(parsed: ParsedResume, model: PositionModel) -> ComponentScore:
        detail = {"highest": parsed.highest_degree, "minimum": model.min_education}
        if not model.min_education or model.min_education not in DEGREE_RANK:
            return ComponentScore("education", False, 0.0, detail=detail)
        if parsed.highest_degree is None:
            return ComponentScore("education", True, 0.3, detail=detail)
        gap = DEGREE_RANK[parsed.highest_degree] - DEGREE_RANK[model.min_education]
        score = 1.0 if gap >= 0 else 0.5 if gap == -1 else 0.2
        return ComponentScore("education", True, score, detail=detail)

    @staticmethod
    def _competency(prepared: _Prepared, parsed: ParsedResume) -> ComponentScore:
        competencies = prepared.model.competencies
        if prepared.keyword_lexicon is None or not competencies:
            return ComponentScore("competency", False, 0.0, detail={"competencies": []})
        found = prepared.keyword_lexicon.skills_in(parsed.masked or parsed.text)
        hits: list[list[str]] = [[] for _ in competencies]
        spans: list[list[list[int]]] = [[] for _ in competencies]
        for keyword, keyword_spans in found.items():
            for owner in prepared.keyword_owners.get(keyword, ()):
                hits[owner].append(keyword)
                spans[owner].append(list(keyword_spans[0]))
        per = []
        weighted, total = [], []
        for index, competency in enumerate(competencies):
            if not competency.evidence_keywords:
                continue
            needed = min(COMPETENCY_FULL_HITS, len(set(competency.evidence_keywords)))
            value = min(1.0, len(hits[index]) / needed) if needed else 0.0
            weighted.append(competency.weight * value)
            total.append(competency.weight)
            per.append(
                {
                    "code": competency.code, "name_zh": competency.name_zh, "name_en": competency.name_en,
                    "weight": competency.weight, "score": round(value, 4), "keywords": hits[index],
                    "evidence": spans[index][:5],
                }
            )
        if not total:
            return ComponentScore("competency", False, 0.0, detail={"competencies": per})
        score = math.fsum(weighted) / (math.fsum(total) or 1.0)
        return ComponentScore("competency", True, score, detail={"competencies": per})

    def _similarity(self, prepared: _Prepared, parsed: ParsedResume) -> ComponentScore:
        if not prepared.query:
            return ComponentScore("similarity", False, 0.0, detail={"terms": []})
        query = prepared.query
        if self.similarity_mode == "segment":
            counts = self._segment_counts(parsed.text, query)
        else:
            counts = self._match_counts(prepared, parsed)
        contributions = {t: w * tokenize.bm25_weight(counts.get(t, 0), BM25_K1) for t, w in query.items()}
        total = math.fsum(query.values())
        coverage = math.fsum(contributions.values()) / total if total else 0.0
        score = 1.0 - math.exp(-SIMILARITY_GAIN * coverage)
        top = sorted((t for t in contributions if contributions[t] > 0), key=lambda t: (-contributions[t], t))
        missing = sorted((t for t in query if t not in counts), key=lambda t: (-query[t], t))
        return ComponentScore(
            "similarity", True, score,
            detail={"coverage": round(coverage, 4), "matched_terms": top[:12], "missing_terms": missing[:12]},
        )

    def _match_counts(self, prepared: _Prepared, parsed: ParsedResume) -> dict[str, int]:
        """Occurrences of the query terms in the resume: skills (with synonyms) from the parse, other
        terms through a compiled matcher (Latin terms at word boundaries, Chinese terms anywhere)."""
        counts = {t: n for t, n in parsed.skill_mentions.items() if t in prepared.query}
        if prepared.term_lexicon is not None:
            for term, spans in prepared.term_lexicon.skills_in(parsed.masked or parsed.text).items():
                counts[term] = len(spans)
        return counts

    def _segment_counts(self, text: str, query: Mapping[str, float]) -> dict[str, int]:
        """Occurrences of the query terms among the resume's own jieba tokens (synonyms mapped to the
        canonical skill). Slower (the whole resume is segmented) and stricter at word boundaries."""
        counts: dict[str, int] = {}
        for token in self.segmenter.cut(text):
            term = self._canon_token(token)
            if term in query:
                counts[term] = counts.get(term, 0) + 1
        return counts

    # flags and explanation -----------------------------------------------------------------------

    @staticmethod
    def _flags(parsed: ParsedResume, model: PositionModel, components: Mapping[str, ComponentScore]) -> list[Flag]:
        flags = []
        for name in components["must_have"].detail.get("missing", []):
            flags.append(Flag("missing_must_have", name, f"缺少必备技能：{name}", f"Missing must-have skill: {name}"))
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

    def _explain(
        self,
        parsed: ParsedResume,
        model: PositionModel,
        weights: ComponentWeights,
        components: Mapping[str, ComponentScore],
        flags: list[Flag],
        score: Decimal,
        weights_json: dict,
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
        zh = [f"综合得分 {score} 分（满分 100，筛选引擎 {ENGINE_VERSION}）。"]
        en = [f"Overall score {score} out of 100 (screening engine {ENGINE_VERSION})."]
        zh.append(f"匹配技能：{sep_zh.join(matched)}。" if matched else "未匹配到职位要求的技能。")
        en.append(f"Matched skills: {sep_en.join(matched)}." if matched else "No required skill was matched.")
        if missing_must:
            zh.append(f"缺少必备技能：{sep_zh.join(missing_must)}。")
            en.append(f"Missing must-have skills: {sep_en.join(missing_must)}.")
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
        return ScreeningResult(
            engine_version=ENGINE_VERSION,
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


_DEGREE_EN = {"中专/高中": "secondary school", "大专": "associate degree", "本科": "bachelor's degree", "硕士": "master's degree", "博士": "doctorate"}


def _degree_en(degree: str | None) -> str:
    return _DEGREE_EN.get(degree or "", "unknown")


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


# --- learning from historical hires --------------------------------------------------------------


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rank correlation (ties averaged); 0.0 when either side is constant."""
    if len(xs) != len(ys) or len(xs) < 3:
        return 0.0
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = math.fsum(rx) / len(rx), math.fsum(ry) / len(ry)
    cov = math.fsum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = math.fsum((a - mx) ** 2 for a in rx)
    vy = math.fsum((b - my) ** 2 for b in ry)
    if vx == 0 or vy == 0:
        return 0.0
    return cov / math.sqrt(vx * vy)


RIDGE_ALPHAS = (0.1, 1.0, 10.0, 100.0)  # L2 penalties historical_weights chooses from


def historical_weights(
    base: ComponentWeights,
    samples: Sequence[tuple[Mapping[str, float | None], float]],
    *,
    min_samples: int = 20,
    min_correlation: float = 0.15,
    max_shift: float = 0.5,
    shrink: int = 30,
    alpha: float | None = None,
    version: str = "",
    report: dict | None = None,
) -> ComponentWeights:
    """Adjust component weights from past hires: ``samples`` are (component scores of the hire's resume
    under the current model — None where a component did not apply —, later performance score).

    The rule (the one home of it; docs/weighting.md):
    1. A component takes part when it applied to at least ``min_samples`` hires and its score varies;
       where it did not apply to a hire, that hire gets the component's mean (neutral).
    2. A ridge regression (scikit-learn ``Ridge``; L2 penalty ``alpha``, or chosen among RIDGE_ALPHAS by
       leave-one-out cross-validation when None) of standardised performance on
       the standardised scores of the taking-part components, fitted jointly so that a component that only
       rides along with a predictive one gets little credit. Coefficients β below ``min_correlation`` in
       absolute value count as 0.
    3. Learned weights: each configured weight times (1 + β), β clipped to [−1, 1] (0 for a component
       that did not take part), re-normalised — a predictive component gains, one that predicts lower
       performance loses, and none goes below 0.
    4. Shrinkage by sample size: effective = configured + n/(n + ``shrink``) · (learned − configured), so
       small samples stay close to the configured weights. The result is expressed as multiplicative
       factors on the configured weights (non-negative; the total stays the configured total).
    Nothing moves with fewer than ``min_samples`` hires. Each component whose β counted and whose weight
    moved by at least half a percentage point gets a sentence for the explanation. ``max_shift`` is kept
    for callers of the former rule and caps nothing.

    When ``report`` is a dict it is filled with the fit's figures: ``n``, ``alpha``, ``shrink``, ``lambda``,
    ``components`` (taking part), ``coefficients`` (β per component), ``cv_r2`` (5-fold cross-validated R²
    of the same ridge model, None below 10 hires) and ``adjusted`` (bool).
    """
    del max_shift  # kept in the signature for compatibility
    configured = base.configured()
    n = len(samples)
    info: dict = {"n": n, "alpha": alpha, "shrink": shrink, "lambda": 0.0, "components": [], "coefficients": {},
                  "cv_r2": None, "adjusted": False}
    if report is not None:
        report.update(info)
    unchanged = replace(base, factors=(), insights=(), version=base.version)
    if n < min_samples or n < 3:
        return unchanged
    columns: list[str] = []
    matrix: list[list[float]] = []
    for component in COMPONENTS:
        values = [s.get(component) for s, _ in samples]
        present = [float(v) for v in values if v is not None]
        if len(present) < min_samples or max(present) - min(present) < 1e-9:
            continue
        mean = math.fsum(present) / len(present)
        columns.append(component)
        matrix.append([mean if v is None else float(v) for v in values])
    performance = [float(p) for _, p in samples]
    if not columns or max(performance) - min(performance) < 1e-9:
        return unchanged

    import numpy as np  # heavy imports, only when fitting
    from sklearn.linear_model import Ridge, RidgeCV
    from sklearn.model_selection import KFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    x = np.array(matrix, dtype=float).T
    y = np.array(performance, dtype=float)
    xs = (x - x.mean(axis=0)) / x.std(axis=0)
    ys = (y - y.mean()) / y.std()
    alphas = (alpha,) if alpha is not None else RIDGE_ALPHAS
    fitted = RidgeCV(alphas=alphas).fit(xs, ys) if len(alphas) > 1 else Ridge(alpha=alphas[0]).fit(xs, ys)
    chosen = float(getattr(fitted, "alpha_", alphas[0]))
    betas = fitted.coef_
    coefficients = {c: round(float(b), 4) for c, b in zip(columns, betas, strict=True)}
    counted = {c: b for c, b in coefficients.items() if abs(b) >= min_correlation}
    cv_r2 = None
    if n >= 10:
        folds = KFold(n_splits=5, shuffle=True, random_state=0)
        estimator = RidgeCV(alphas=alphas) if len(alphas) > 1 else Ridge(alpha=alphas[0])
        scores = cross_val_score(make_pipeline(StandardScaler(), estimator), x, y, cv=folds, scoring="r2")
        cv_r2 = round(float(np.mean(scores)), 4)
    lam = n / (n + shrink)
    info.update(components=columns, coefficients=coefficients, cv_r2=cv_r2, alpha=chosen, **{"lambda": round(lam, 4)})
    if report is not None:
        report.update(info)
    if not counted:
        return unchanged
    raw = {c: configured[c] * (1.0 + max(-1.0, min(1.0, counted.get(c, 0.0)))) for c in COMPONENTS}
    raw_total = math.fsum(raw.values()) or 1.0
    learned = {c: v / raw_total for c, v in raw.items()}
    factors = {}
    for c in COMPONENTS:
        if configured[c] <= 0:
            continue
        effective_share = configured[c] + lam * (learned[c] - configured[c])
        factors[c] = round(max(0.0, effective_share) / configured[c], 6)
    moved = {c: f for c, f in factors.items() if abs(f - 1.0) > 1e-6}
    adjusted = replace(base, factors=tuple(sorted(moved.items())), insights=(), version=version or base.version)
    effective = adjusted.effective()
    insights = []
    for component in COMPONENTS:
        if component not in counted:
            continue
        beta = counted[component]
        before, after = configured[component], effective[component]
        if abs(after - before) < 0.005:
            continue
        zh_name, en_name = COMPONENT_NAMES[component]
        direction_zh = "正相关" if beta > 0 else "负相关"
        direction_en = "rises" if beta > 0 else "falls"
        insights.append(
            WeightInsight(
                component=component,
                text_zh=(
                    f"过去 {n} 名录用员工的绩效与“{zh_name}”得分{direction_zh}（岭回归标准化系数 β={beta:.2f}），"
                    f"该项权重由 {before:.0%} 调整为 {after:.0%}。"
                ),
                text_en=(
                    f"Across {n} past hires, performance {direction_en} with the {en_name} score "
                    f"(ridge standardised coefficient β={beta:.2f}), so its weight moved from {before:.0%} "
                    f"to {after:.0%}."
                ),
                configured=round(before, 6),
                effective=round(after, 6),
            )
        )
    info["adjusted"] = bool(moved)
    if report is not None:
        report.update(info)
    return replace(adjusted, insights=tuple(insights))
