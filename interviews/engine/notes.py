"""AI structured interview notes: key claims, competency evidence, STAR completeness and "still to assess".

Input is what the interview room collects — answer or transcript segments, each optionally tied to the
question (and so the competency) it answers. Output:

- claims: sentences that carry a figure ("主导过3个产品迭代项目，其中1个项目用户量增长50%") or a statement of
  own action, with the figures, whose work it was (self / team) and the competencies their evidence
  keywords point to;
- per answer: which STAR elements are present, and the probe to ask for each missing one;
- prompts for every competency with no evidence yet (or only "we" claims), quoting the top BARS anchor:
  "请评估候选人的产品规划能力；优秀：能独立完成产品 roadmap 制定".

Everything is produced in Chinese and English side by side; the interview room shows the user's language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from interviews.engine.answer_scoring import (
    SELF_RE,
    STAR_MARKERS,
    TEAM_RE,
    find_figures,
    keyword_pattern,
    normalise_width,
)
from interviews.engine.question_templates import FOLLOW_UPS
from interviews.engine.questions import CompetencySpec, QuestionType

NOTES_VERSION = "notes-1.0"

_SENTENCE_END = re.compile(r"[。！？!?；;]+|\n+|\.(?=\s|$)")
# A Chinese sentence often drops its subject: "主导过3个项目" is a claim about the speaker.
_IMPLICIT_SELF = re.compile(r"^(?:主导|负责|牵头|带领|独立|亲自|推动|设计|搭建)")
_STAR_PROBES = dict(zip(("situation", "task", "action", "result"), FOLLOW_UPS[QuestionType.BEHAVIOURAL], strict=False))


@dataclass(frozen=True)
class NoteSegment:
    text: str
    answer_id: str = ""  # segments with the same id belong to one answer; empty = the segment is an answer
    competency_code: str = ""  # competency of the question being answered, when known


@dataclass
class Claim:
    text: str
    segment_index: int
    start: int  # offsets inside the segment's text
    end: int
    figures: list[str]
    ownership: str  # "self", "team" or ""
    competencies: list[str]
    star: list[str]


@dataclass
class AnswerStar:
    answer_id: str
    competency_code: str
    elements: dict[str, bool]
    completeness: float
    probes: list[dict[str, str]]  # one follow-up per missing element, zh and en


@dataclass
class AssessmentPrompt:
    competency_code: str
    reason: str  # "no_evidence" or "team_only"
    zh: str
    en: str
    suggested_question: dict[str, str] | None = None


@dataclass
class StructuredNotes:
    claims: list[Claim]
    answers: list[AnswerStar]
    evidence: dict[str, list[int]]  # competency code → indices into claims
    prompts: list[AssessmentPrompt]
    notes_version: str = NOTES_VERSION

    def to_dict(self) -> dict:
        return asdict(self)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of surrounding whitespace; commas do not end a sentence."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    trimmed = []
    for s, e in spans:
        chunk = text[s:e]
        left = len(chunk) - len(chunk.lstrip())
        right = len(chunk.rstrip())
        if chunk.strip(" \t\r\n。！？!?；;."):
            trimmed.append((s + left, s + right))
    return trimmed


def _ownership(sentence: str, has_action: bool) -> str:
    n_self = len(SELF_RE.findall(sentence))
    n_team = len(TEAM_RE.findall(sentence))
    if n_team and not n_self:
        return "team"
    if n_self or has_action or _IMPLICIT_SELF.match(sentence):
        return "self"
    return ""


def _prompt(comp: CompetencySpec, reason: str) -> tuple[str, str]:
    top_zh, top_en = comp.anchor(5, "zh"), comp.anchor(5, "en")
    if reason == "team_only":
        zh = f"{comp.name_zh}目前只有团队层面的陈述，请追问候选人本人的贡献"
        en = f"Evidence of {comp.label_en} so far only describes the team; ask what the candidate did personally"
    else:
        zh = f"请评估候选人的{comp.name_zh}"
        en = f"Please assess the candidate's {comp.label_en}"
    if top_zh:
        zh += f"；优秀：{top_zh}"
        en += f"; excellent: {top_en}"
    return zh, en


def structure_notes(
    segments: Sequence[NoteSegment | str],
    competencies: Sequence[CompetencySpec],
    *,
    questions: Sequence = (),
    asked_texts: Sequence[str] = (),
) -> StructuredNotes:
    """Structure the notes of one interview so far.

    ``questions`` (objects with ``text_zh``, ``text_en``, ``competency_code``, ``question_type`` and
    ``status``, e.g. ``GeneratedQuestion``) lets a prompt suggest the next question; only approved ones not in
    ``asked_texts`` are suggested. Guarantees: every competency appears in ``evidence``; a competency gets a
    prompt exactly when it has no self-owned evidence; claim offsets index into the segment's text.
    """
    segs = [s if isinstance(s, NoteSegment) else NoteSegment(text=s) for s in segments]
    patterns = {c.code: keyword_pattern(c.keywords()) for c in competencies}
    known = {c.code for c in competencies}
    claims: list[Claim] = []
    evidence: dict[str, list[int]] = {c.code: [] for c in competencies}
    answer_texts: dict[str, list[str]] = {}
    answer_comp: dict[str, str] = {}

    for index, seg in enumerate(segs):
        original = seg.text or ""
        text = normalise_width(original)  # for matching only; same length, so offsets hold for the original
        key = seg.answer_id or f"#{index}"
        answer_texts.setdefault(key, []).append(text)
        if seg.competency_code:
            answer_comp.setdefault(key, seg.competency_code)
        for start, end in split_sentences(text):
            sentence = text[start:end]
            figures = [original[start + s:start + e] for s, e, _ in find_figures(sentence)]
            star = [el for el, pattern in STAR_MARKERS.items() if pattern.search(sentence)]
            has_action = "action" in star
            if not figures and not has_action:
                continue
            mapped = [code for code, pattern in patterns.items() if pattern is not None and pattern.search(sentence)]
            if not mapped and seg.competency_code in known:
                mapped = [seg.competency_code]
            claim = Claim(
                text=original[start:end], segment_index=index, start=start, end=end, figures=figures,
                ownership=_ownership(sentence, has_action), competencies=mapped, star=star,
            )
            for code in mapped:
                evidence[code].append(len(claims))
            claims.append(claim)

    answers = []
    for key, texts in answer_texts.items():
        joined = "\n".join(texts)
        elements = {el: bool(pattern.search(joined)) for el, pattern in STAR_MARKERS.items()}
        probes = [{"zh": _STAR_PROBES[el][0], "en": _STAR_PROBES[el][1]} for el, ok in elements.items() if not ok]
        answers.append(AnswerStar(
            answer_id=key, competency_code=answer_comp.get(key, ""), elements=elements,
            completeness=sum(elements.values()) / 4, probes=probes,
        ))

    asked = set(asked_texts)
    prompts = []
    for comp in competencies:
        owned = [claims[i].ownership for i in evidence[comp.code]]
        if "self" in owned:
            continue
        reason = "team_only" if owned else "no_evidence"
        zh, en = _prompt(comp, reason)
        prompts.append(AssessmentPrompt(
            competency_code=comp.code, reason=reason, zh=zh, en=en,
            suggested_question=_next_question(comp.code, questions, asked),
        ))
    return StructuredNotes(claims=claims, answers=answers, evidence=evidence, prompts=prompts)


def _next_question(code: str, questions: Sequence, asked: set[str]) -> dict[str, str] | None:
    candidates = [
        q for q in questions
        if q.competency_code == code and q.status == "approved" and q.text_zh not in asked and q.text_en not in asked
    ]
    candidates.sort(key=lambda q: q.question_type != QuestionType.BEHAVIOURAL)  # stable: behavioural first
    if not candidates:
        return None
    return {"zh": candidates[0].text_zh, "en": candidates[0].text_en}
