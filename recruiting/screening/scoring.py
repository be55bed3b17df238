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

The inputs and the result are ``model``; flags and sentences ``explanation``; the weight rule ``weights``.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from hrportal.decimals import half_up

from . import tokenize
from .dates import YearMonth
from .degrees import DEGREE_RANK
from .diskcache import DiskCache
from .explanation import explain, flags_for
from .lexicon import SkillLexicon
from .model import (
    DEFAULT_WEIGHTS,
    ComponentScore,
    ComponentWeights,
    PositionModel,
    ScreeningResult,
)
from .normalise import NormalisedText, normalise
from .parse import ParsedResume, ResumeParser

ENGINE_VERSION = "1.1.0"


MUST_HAVE_SKILL_WEIGHT = 2.0


EXPERIENCE_K = math.log(5)


BM25_K1 = 1.2


COMPETENCY_FULL_HITS = 3


SIMILARITY_GAIN = 3.0


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


class ScreeningEngine:
    """Parse and score resumes for positions with one lexicon and one jieba user dictionary.

    ``user_words`` should be the same for every engine in a process (the adapter passes the whole lexicon
    and every competency model), so that segmentation — and therefore every score — does not depend on
    which position happened to be scored first.

    ``similarity_mode``: the position text is always segmented with jieba (once per position); "match"
    (default) counts those terms in a resume with a compiled matcher, "segment" segments every resume
    with jieba and counts its tokens. Both are deterministic and monotone; "match" is several times
    faster and also finds a term inside a longer word (销售 in 销售额), see docs/screening.md.

    ``cache_dir``: where the tables derived from jieba's dictionary and each position's query terms are
    kept between processes (``DiskCache``); with the position's terms there, "match" mode never loads jieba.
    None keeps everything in memory. Scores are the same either way.
    """

    SIMILARITY_MODES = ("match", "segment")

    def __init__(
        self,
        lexicon: SkillLexicon,
        *,
        user_words: Iterable[str] = (),
        similarity_mode: str = "match",
        cache_dir: str | None = None,
    ):
        if similarity_mode not in self.SIMILARITY_MODES:
            raise ValueError(f"similarity_mode must be one of {self.SIMILARITY_MODES}")
        self.similarity_mode = similarity_mode
        self.lexicon = lexicon
        self.parser = ResumeParser(lexicon)
        self._user_words = [*lexicon.spellings(), *user_words]
        self._cache = DiskCache(cache_dir)
        self._segmenter: tokenize.Segmenter | None = None
        self._prepared: dict[PositionModel, _Prepared] = {}
        self._weights_json: dict[ComponentWeights, dict] = {}
        self._token_canon: dict[str, str] = {}

    @property
    def segmenter(self) -> tokenize.Segmenter:
        if self._segmenter is None:
            self._segmenter = tokenize.segmenter(self._user_words, self._cache)
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
        """The position's per-run work (done once per engine and position). In "segment" mode it also
        builds the tokenizer, so that processes forked afterwards share it instead of each loading jieba."""
        cached = self._prepared.get(model)
        if cached is not None:
            return cached
        if self.similarity_mode == "segment":
            self.segmenter.cut("")
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
        query = self._query_terms(model.text or model.title_zh)
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

    def _query_terms(self, text: str) -> dict[str, float]:
        """The position text's content terms → query weight (IDF × (1 + log qtf)), in term order.

        A pure function of the text, the user dictionary, the lexicon and jieba's files, so it is kept on
        disk under a digest of all of them (plus the engine version): the next process scoring this
        position neither loads jieba nor its tables. A cached value is used only for exactly that key."""
        key = _fingerprint(
            {
                "engine": ENGINE_VERSION,
                "jieba": tokenize.dictionary_fingerprint(),
                "lexicon": self.lexicon.version,
                "user_words": sorted(tokenize.user_words(self._user_words)),
                "text": text,
            }
        )
        cached = self._cache.load("query-terms", key)
        if isinstance(cached, dict):
            return cached
        counts: dict[str, int] = {}
        for token in self.segmenter.cut(text):
            if self.segmenter.is_content(token):
                term = self.lexicon.canonical(token) or token
                counts[term] = counts.get(term, 0) + 1
        query = {t: tokenize.log_idf(t.lower(), self._cache) * (1.0 + math.log(n)) for t, n in sorted(counts.items())}
        self._cache.store("query-terms", key, query)
        return query

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
        score = half_up(min(100.0, max(0.0, total)))
        flags = flags_for(parsed, model, components)
        weights_json = self._weights_json.get(weights)
        if weights_json is None:
            weights_json = self._weights_json[weights] = weights.to_json()
        result = explain(parsed, model, weights, components, flags, score, weights_json, engine_version=ENGINE_VERSION)
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
