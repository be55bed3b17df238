"""What the screening engine takes and gives: the position model (skills, must-haves, competencies, minimums), the component weights with their insights, and the result with its per-component breakdown and flags."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from decimal import Decimal

COMPONENTS = ("must_have", "skills", "experience", "education", "competency", "similarity")


COMPONENT_NAMES = {
    "must_have": ("必备技能", "must-have skills"),
    "skills": ("技能匹配", "skill coverage"),
    "experience": ("工作年限", "years of experience"),
    "education": ("学历", "education"),
    "competency": ("胜任力证据", "competency evidence"),
    "similarity": ("文本相似度", "text similarity"),
}


@dataclass(frozen=True)
class RequiredSkill:
    name: str
    weight: float = 1.0
    must_have: bool = False
    name_en: str = ""  # the skill's English name for the English explanation ("" = the name itself)


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
    recruiting.engine_inputs, or by hand in tests and benchmarks."""

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
        # name_en only when there is one: positions whose skills have none keep the fingerprint they had
        data["required_skills"] = [{k: v for k, v in asdict(s).items() if k != "name_en" or v}
                                   for s in self.required_skills]
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
