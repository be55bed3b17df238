"""Question-bank generator: a balanced, bilingual bank for one position from its competency model.

For every competency the bank holds behavioural (STAR) and situational questions, pressure questions where
the competency is marked ``needs_pressure``, and technical questions for each must-have skill. Templates
(``question_templates``) are picked with a seed derived from the position code, so the same position always
gets the same bank while different positions get different ones. Near-duplicates (character 3-gram Jaccard of
the Chinese text ≥ 0.8) are dropped, also against questions HR already has. Every generated question starts
as a draft: HR edits and approves it, and only approved questions are ever asked.

No Django imports: the app adapts its models to ``PositionSpec``/``CompetencySpec`` and stores
``GeneratedQuestion.to_dict()``.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from enum import StrEnum

from interviews.engine.question_templates import FOLLOW_UPS, TEMPLATES, TYPE_ANCHORS, QuestionTemplate

GENERATOR_VERSION = "qgen-1.0"
NEAR_DUPLICATE_THRESHOLD = 0.8
MAX_DUTY_CHARS = 24


class QuestionType(StrEnum):
    BEHAVIOURAL = "behavioural"
    SITUATIONAL = "situational"
    PRESSURE = "pressure"
    TECHNICAL = "technical"


class QuestionSource(StrEnum):
    GENERATED = "generated"
    MANUAL = "manual"


class QuestionStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"


@dataclass(frozen=True)
class CompetencySpec:
    """One dimension of a position's competency model (mirrors Competency + PositionCompetency).

    ``anchor_1/3/5`` are the BARS descriptions (Chinese); the ``*_en`` variants are optional. ``skills`` are
    the must-have skills attached to this dimension; technical questions about them are scored under it.
    """

    code: str
    name_zh: str
    name_en: str = ""
    anchor_1: str = ""
    anchor_3: str = ""
    anchor_5: str = ""
    evidence_keywords: tuple[str, ...] = ()
    weight: float = 1.0
    needs_pressure: bool = False
    skills: tuple[str, ...] = ()
    anchor_1_en: str = ""
    anchor_3_en: str = ""
    anchor_5_en: str = ""

    def __post_init__(self) -> None:
        # Accept lists (JSONField) and Decimal weights straight from the models.
        object.__setattr__(self, "evidence_keywords", tuple(k.strip() for k in self.evidence_keywords if k and k.strip()))
        object.__setattr__(self, "skills", tuple(s.strip() for s in self.skills if s and s.strip()))
        object.__setattr__(self, "weight", float(self.weight) if isinstance(self.weight, Decimal | int) else self.weight)

    def anchor(self, level: int, lang: str = "zh") -> str:
        """The competency's own BARS text for level 1, 3 or 5 (English falls back to the Chinese text)."""
        zh = {1: self.anchor_1, 3: self.anchor_3, 5: self.anchor_5}[level]
        if lang == "en":
            return {1: self.anchor_1_en, 3: self.anchor_3_en, 5: self.anchor_5_en}[level] or zh
        return zh

    @property
    def label_en(self) -> str:
        return self.name_en or self.name_zh

    def keywords(self) -> tuple[str, ...]:
        """Words that count as evidence for this competency: its keywords, its names and its skills."""
        seen: dict[str, str] = {}
        for word in (*self.evidence_keywords, self.name_zh, self.name_en, *self.skills):
            if word and word.casefold() not in seen:
                seen[word.casefold()] = word
        return tuple(seen.values())


@dataclass(frozen=True)
class PositionSpec:
    """A position as the generator sees it. ``duties`` may be the free text of Position.duties or a list."""

    code: str
    title_zh: str
    title_en: str = ""
    duties: tuple[str, ...] | str = ()
    competencies: tuple[CompetencySpec, ...] = ()
    must_have_skills: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        duties = split_duties(self.duties) if isinstance(self.duties, str) else tuple(d for d in self.duties if d)
        object.__setattr__(self, "duties", duties)
        object.__setattr__(self, "competencies", tuple(self.competencies))
        object.__setattr__(self, "must_have_skills", tuple(s.strip() for s in self.must_have_skills if s and s.strip()))

    def competency(self, code: str) -> CompetencySpec | None:
        return next((c for c in self.competencies if c.code == code), None)


@dataclass
class GeneratedQuestion:
    """One bank question with every field the question-bank model stores."""

    text_zh: str
    text_en: str
    question_type: str
    competency_code: str
    difficulty: int
    anchors: dict[str, dict[str, str]]  # {"1": {"zh": ..., "en": ...}, "3": ..., "5": ...}
    follow_ups: list[dict[str, str]]  # [{"zh": ..., "en": ...}, ...]
    skill: str = ""
    source: str = QuestionSource.GENERATED.value
    status: str = QuestionStatus.DRAFT.value
    usage_count: int = 0
    effectiveness: float | None = None  # filled by the learning loop (e.g. correlation with performance)
    template_id: str = ""
    generator_version: str = GENERATOR_VERSION

    @property
    def askable(self) -> bool:
        """Only questions HR approved may be put in front of a candidate."""
        return self.status == QuestionStatus.APPROVED

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class QuestionBank:
    position_code: str
    seed: int
    questions: list[GeneratedQuestion]
    duplicates_removed: int = 0
    missing: list[tuple[str, str]] = field(default_factory=list)  # (competency code, question type) not covered
    generator_version: str = GENERATOR_VERSION

    def coverage(self) -> dict[str, dict[str, int]]:
        """Question count per competency and type."""
        result: dict[str, dict[str, int]] = {}
        for q in self.questions:
            per_type = result.setdefault(q.competency_code, {})
            per_type[q.question_type] = per_type.get(q.question_type, 0) + 1
        return result

    def difficulty_counts(self) -> dict[int, int]:
        counts = {1: 0, 2: 0, 3: 0}
        for q in self.questions:
            counts[q.difficulty] += 1
        return counts


@dataclass(frozen=True)
class GeneratorOptions:
    behavioural_per_competency: int = 2
    situational_per_competency: int = 1
    pressure_per_competency: int = 1  # only for competencies with needs_pressure
    technical_per_skill: int = 1
    near_duplicate_threshold: float = NEAR_DUPLICATE_THRESHOLD
    # What the company's outcomes say about each template (template id → verdict of the learning loop:
    # "strong", "effective", "flagged", "negative" or "retired"). Effective templates are tried first,
    # flagged and negative ones last, retired ones never; without it the order is the seeded one.
    template_effects: tuple[tuple[str, str], ...] = ()

    def effect_rank(self, template_id: str) -> int:
        effect = dict(self.template_effects).get(template_id, "")
        return TEMPLATE_PREFERENCE.get(effect, TEMPLATE_PREFERENCE[""])


TEMPLATE_PREFERENCE = {"strong": 0, "effective": 1, "": 2, "insufficient": 2, "flagged": 3, "negative": 4}
DEFAULT_OPTIONS = GeneratorOptions()

_DUTY_SPLIT = re.compile(r"[\n\r；;。]+")
_DUTY_BULLET = re.compile(r"^\s*(?:[（(]?\d{1,2}[)）.、．]|[-•·*●○▪]|[一二三四五六七八九十]+[、.．])\s*")
_NOT_TEXT = re.compile(r"[\W_]+", re.UNICODE)


def split_duties(text: str) -> tuple[str, ...]:
    """Split Position.duties into short duty phrases usable inside a question ("负责大客户开发")."""
    duties: list[str] = []
    for part in _DUTY_SPLIT.split(text or ""):
        part = _DUTY_BULLET.sub("", part).strip(" ，,、：:")
        if len(part) > MAX_DUTY_CHARS:
            part = re.split(r"[，,]", part, maxsplit=1)[0].strip()
        if 2 <= len(part) <= MAX_DUTY_CHARS and part not in duties:
            duties.append(part)
    return tuple(duties)


def position_seed(code: str) -> int:
    """Stable seed of a position: same code (and generator version) → same bank, on every machine."""
    digest = hashlib.sha256(f"{GENERATOR_VERSION}:{code}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def char_ngrams(text: str, n: int = 3) -> frozenset[str]:
    normalised = _NOT_TEXT.sub("", text).casefold()
    if len(normalised) <= n:
        return frozenset([normalised]) if normalised else frozenset()
    return frozenset(normalised[i:i + n] for i in range(len(normalised) - n + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def is_near_duplicate(grams: frozenset[str], others: Iterable[frozenset[str]], threshold: float) -> bool:
    return any(jaccard(grams, other) >= threshold for other in others)


def dedupe_questions(
    questions: Sequence[GeneratedQuestion], *, existing_texts: Iterable[str] = (),
    threshold: float = NEAR_DUPLICATE_THRESHOLD,
) -> tuple[list[GeneratedQuestion], int]:
    """Keep the first of every group of near-duplicates (zh text), also dropping those close to an existing
    question. Returns the kept questions and how many were dropped."""
    seen = [char_ngrams(t) for t in existing_texts]
    kept: list[GeneratedQuestion] = []
    for q in questions:
        grams = char_ngrams(q.text_zh)
        if is_near_duplicate(grams, seen, threshold):
            continue
        seen.append(grams)
        kept.append(q)
    return kept, len(questions) - len(kept)


CLAUSE_END = " \t\n。；;，,.！!"


def clause(text: str) -> str:
    """An anchor as a clause to be joined with "；" / "; ": without its own closing punctuation, so joined
    anchors never read "。；" (issue 20)."""
    return (text or "").strip().rstrip(CLAUSE_END)


def question_anchors(competency: CompetencySpec, question_type: str) -> dict[str, dict[str, str]]:
    """BARS anchors for one question: the competency's anchor for the level plus what an answer to this type
    of question shows at that level."""
    anchors: dict[str, dict[str, str]] = {}
    for level in (1, 3, 5):
        type_zh, type_en = TYPE_ANCHORS[question_type][level]
        own_zh, own_en = clause(competency.anchor(level, "zh")), clause(competency.anchor(level, "en"))
        anchors[str(level)] = {
            "zh": f"{own_zh}；{type_zh}" if own_zh else type_zh,
            "en": f"{own_en}; {type_en}" if own_en else type_en[0].upper() + type_en[1:],
        }
    return anchors


def _en_label(name: str) -> str:
    """'Drive for results' → 'drive for results' inside a sentence; keep acronyms and CJK names as they are."""
    first = name.split(" ", 1)[0]
    if not name or not first.isascii() or first.isupper() or any(ch.isupper() for ch in first[1:]):
        return name
    return name[0].lower() + name[1:]


def _technical_competency(skill: str, competencies: Sequence[CompetencySpec]) -> CompetencySpec:
    """The dimension a skill's technical questions are scored under: the one listing the skill, else one whose
    evidence keywords mention it, else the heaviest-weighted dimension."""
    key = skill.casefold()
    for comp in competencies:
        if key in (s.casefold() for s in comp.skills):
            return comp
    for comp in competencies:
        if any(key in k.casefold() or k.casefold() in key for k in comp.evidence_keywords):
            return comp
    return max(competencies, key=lambda c: c.weight)  # max() keeps the first of equal weights


class _BankBuilder:
    def __init__(self, position: PositionSpec, options: GeneratorOptions, existing_texts: Iterable[str]):
        self.position = position
        self.options = options
        self.seed = position_seed(position.code)
        rng = random.Random(self.seed)
        self.order = {t: rng.sample(TEMPLATES[t], len(TEMPLATES[t])) for t in sorted(TEMPLATES)}
        self.difficulty_offset = {t: rng.randrange(3) for t in sorted(TEMPLATES)}
        self.follow_up_offset = {t: rng.randrange(len(FOLLOW_UPS[t])) for t in sorted(FOLLOW_UPS)}
        self.duty_cursor = rng.randrange(len(position.duties)) if position.duties else 0
        self.asked = {t: 0 for t in TEMPLATES}
        self.used: set[str] = set()
        self.seen = [char_ngrams(t) for t in existing_texts]
        self.questions: list[GeneratedQuestion] = []
        self.duplicates = 0
        self.missing: list[tuple[str, str]] = []
        self.slots_available = {"competency", "title", "skill"} | ({"duty"} if position.duties else set())

    def add(self, question_type: str, competency: CompetencySpec, skill: str = "") -> None:
        target = (self.difficulty_offset[question_type] + self.asked[question_type]) % 3 + 1
        self.asked[question_type] += 1
        retired = {tid for tid, effect in self.options.template_effects if effect == "retired"}
        # stable sorts below: the seeded order stands among templates with the same evidence and difficulty
        usable = [t for t in self.order[question_type] if t.slots <= self.slots_available and t.id not in retired]
        own = {q.template_id for q in self.questions if q.competency_code == competency.code and q.skill == skill}
        # Preference: unused in this bank, by outcome evidence (effective templates first), then at the target
        # difficulty; then reuse.
        ranked = (
            sorted((t for t in usable if t.id not in self.used),
                   key=lambda t: (self.options.effect_rank(t.id), t.difficulty != target))
            + [t for t in usable if t.id in self.used and t.id not in own]
        )
        for template in ranked:
            question = self._render(template, competency, skill)
            grams = char_ngrams(question.text_zh)
            if is_near_duplicate(grams, self.seen, self.options.near_duplicate_threshold):
                self.duplicates += 1
                continue
            self.seen.append(grams)
            self.used.add(template.id)
            self.questions.append(question)
            return
        self.missing.append((competency.code, question_type))

    def _render(self, template: QuestionTemplate, competency: CompetencySpec, skill: str) -> GeneratedQuestion:
        position = self.position
        duty = ""
        if "duty" in template.slots:
            duty = position.duties[self.duty_cursor % len(position.duties)]
            self.duty_cursor += 1
        zh = template.zh.format(competency=competency.name_zh, title=position.title_zh, duty=duty, skill=skill)
        en = template.en.format(
            competency=_en_label(competency.label_en), title=position.title_en or position.title_zh, duty=duty,
            skill=skill,
        )
        probes = FOLLOW_UPS[template.question_type]
        if template.question_type == QuestionType.BEHAVIOURAL:
            chosen = probes  # the STAR walk, in order
        else:
            start = self.follow_up_offset[template.question_type] + self.asked[template.question_type]
            chosen = tuple(probes[(start + i) % len(probes)] for i in range(3))
        return GeneratedQuestion(
            text_zh=zh, text_en=en, question_type=template.question_type, competency_code=competency.code,
            difficulty=template.difficulty, anchors=question_anchors(competency, template.question_type),
            follow_ups=[{"zh": p_zh, "en": p_en} for p_zh, p_en in chosen], skill=skill, template_id=template.id,
        )


def generate_question_bank(
    position: PositionSpec, *, existing_texts: Iterable[str] = (), options: GeneratorOptions = DEFAULT_OPTIONS
) -> QuestionBank:
    """Build the draft bank of one position.

    Guarantees: every competency gets ≥ ``behavioural_per_competency`` behavioural and
    ``situational_per_competency`` situational questions (a pair that cannot be filled without a near-duplicate
    is listed in ``missing``); pressure questions only for competencies with ``needs_pressure``; one technical
    question per must-have skill (position-level and per-competency skills); no two questions — nor a question
    and one of ``existing_texts`` — are near-duplicates; the result depends only on the inputs and
    ``GENERATOR_VERSION``. All questions are drafts.
    """
    if not position.competencies:
        return QuestionBank(position_code=position.code, seed=position_seed(position.code), questions=[])
    builder = _BankBuilder(position, options, existing_texts)
    for comp in position.competencies:
        for _ in range(options.behavioural_per_competency):
            builder.add(QuestionType.BEHAVIOURAL, comp)
        for _ in range(options.situational_per_competency):
            builder.add(QuestionType.SITUATIONAL, comp)
        if comp.needs_pressure:
            for _ in range(options.pressure_per_competency):
                builder.add(QuestionType.PRESSURE, comp)
    skills: dict[str, str] = {}
    for skill in (*position.must_have_skills, *(s for c in position.competencies for s in c.skills)):
        skills.setdefault(skill.casefold(), skill)
    for skill in skills.values():
        comp = _technical_competency(skill, position.competencies)
        for _ in range(options.technical_per_skill):
            builder.add(QuestionType.TECHNICAL, comp, skill)
    return QuestionBank(
        position_code=position.code, seed=builder.seed, questions=builder.questions,
        duplicates_removed=builder.duplicates, missing=builder.missing,
    )
