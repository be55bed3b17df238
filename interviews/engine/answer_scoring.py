"""AI answer scoring: a suggested 1–5 for one answer against one competency, with the evidence behind it.

Deterministic and explainable: six features, each between 0 and 1, are read from the answer text (Chinese,
English or mixed) and combined with the weights of ``WEIGHTS`` — one column per question type — into
``raw = 1 + 4 × Σ weight × feature``. The suggestion is shown beside the interviewer's score, never in its
place; calibration (``calibration.py``) measures how far the two differ and can fit a monotone correction
that ``score_answer(..., recalibration=...)`` applies.

Features
- ``star``: share of the STAR elements (situation, task, action, result) that have a marker.
- ``specificity``: numbers, percentages, money, durations, named metrics and named tools, as points
  (``SPECIFICITY_POINTS``), ``min(1, points / SPECIFICITY_FULL)``.
- ``ownership``: share of first-person singular among singular+plural mentions (我 vs 我们, I vs we), scaled
  down when "I" appears fewer than three times.
- ``coverage``: distinct evidence keywords of the competency found, out of min(3, number of keywords).
- ``connectives``: distinct logical connectives (因为/所以/首先/because/therefore…), out of 4.
- ``length``: sanity of length in units (a CJK character = 1, a Latin word = 2): short answers lose, rambling
  ones too.

Offsets of evidence spans refer to the text exactly as passed in (the width normalisation keeps lengths).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Protocol

from interviews.engine.questions import CompetencySpec, QuestionType

ENGINE_VERSION = "ascore-1.0"

FEATURES = ("star", "specificity", "ownership", "coverage", "connectives", "length")

# The one weight table. Columns sum to 1.0. Behavioural answers are judged on STAR structure; situational
# answers are hypothetical, so reasoning (connectives) and relevance (coverage) count more than STAR.
#                 behavioural  situational  pressure  technical
_WEIGHT_ROWS = {
    "star":        (0.30,       0.10,        0.20,     0.15),
    "specificity": (0.20,       0.15,        0.15,     0.25),
    "ownership":   (0.15,       0.10,        0.15,     0.10),
    "coverage":    (0.20,       0.25,        0.20,     0.25),
    "connectives": (0.10,       0.25,        0.15,     0.15),
    "length":      (0.05,       0.15,        0.15,     0.10),
}
_TYPES = (QuestionType.BEHAVIOURAL, QuestionType.SITUATIONAL, QuestionType.PRESSURE, QuestionType.TECHNICAL)
WEIGHTS: dict[str, dict[str, float]] = {
    str(qtype): {feature: row[i] for feature, row in _WEIGHT_ROWS.items()} for i, qtype in enumerate(_TYPES)
}

SPECIFICITY_POINTS = {"number": 0.3, "percent": 0.5, "money": 0.5, "time": 0.25, "metric": 0.35, "tool": 0.35}
SPECIFICITY_FULL = 2.0  # points for a fully specific answer
CONNECTIVES_FULL = 4
OWNERSHIP_FULL = 3  # "I" mentions for full ownership strength
COVERAGE_FULL = 3  # keywords for full coverage (fewer if the competency has fewer)

# Full-width ASCII → half-width (same length, so offsets stay valid); ideographic space → space.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

# ASCII word boundaries: a Chinese character next to "KPI" or "Python" must count as a boundary.
_I = re.IGNORECASE | re.ASCII

STAR_MARKERS: dict[str, re.Pattern[str]] = {
    "situation": re.compile(
        r"背景|当时|那时|情况|起初|一开始|原先|原来|那年|期间|"
        r"\b(?:at the time|back then|background|situation|context|when I (?:was|joined)|while I was|"
        r"in my (?:last|previous|former) (?:role|job|team|company)|previously|originally|in (?:19|20)\d\d|last year)\b",
        _I,
    ),
    "task": re.compile(
        r"任务|目标|要求|挑战|难点|问题在于|问题是|指标|目的是|职责|"
        r"\b(?:my task|the task|task was|goals?|objectives?|targets?|aim was|was asked to|needed to|had to|"
        r"challenge|the problem was|responsib(?:le|ility))\b",
        _I,
    ),
    "action": re.compile(
        r"我(?!们)(?:先|首先|会|就|又|还|也|则|便|亲自|主动|立即|马上|随后|接着|随即|单独|专门)?"
        r"(?:负责|主导|做了|决定|组织|推动|设计|搭建|带领|提出|采用|通过|牵头|协调|编写|写了|分析|制定|建立|优化|开发|"
        r"引入|说服|安排|梳理|调研|整理|沟通|联系|发起|重构|改进|实施|推进|拆解|跟进|复盘|调整|找到|召集|约了|"
        r"用|把|对|给|向|与|和|去|请|拿|列|定|查|改)|"
        r"我(?!们)[^，。；！？,.;!?\n]{0,8}?(?:主导|负责|牵头|带领|推动|设计|搭建|组织|制定|建立|开发|独立完成)|"
        r"\bI(?:\s+(?:then|first|also|personally|quickly|immediately|would|will|'d|'ll))?\s+"
        r"(?:led|built|designed|decided|organi[sz]ed|implemented|wrote|analy[sz]ed|proposed|drove|set up|owned|"
        r"created|negotiated|introduced|ran|launched|started|persuaded|convinced|coordinated|developed|rewrote|"
        r"automated|talked|met|called|contacted|reviewed|planned|prioriti[sz]ed|took|made|used|split|broke|asked|"
        r"trained|mentored|fixed|refactored|migrated|deployed|shipped|presented|start|talk|ask|set|make|use|check|"
        r"call|meet|escalate|prioriti[sz]e|list|gather|review|work|propose|analy[sz]e|tell|explain|focus)\b",
        _I,
    ),
    "result": re.compile(
        r"结果|最终|提升了|提高了|增长|降低了|减少了|缩短|节省|节约|达成|实现了|完成了|超额|上线|获得|赢得|签下|签约|"
        r"拿下|成功|收益|回报|效果|好评|翻了|翻倍|"
        r"\b(?:as a result|result(?:ed|s)?|in the end|eventually|ultimately|outcome|increased|reduced|improved|"
        r"grew|grown|saved|achieved|cut|won|doubled|tripled|launched|succeeded|impact)\b",
        _I,
    ),
}

_ZH_NUM = "零一二两三四五六七八九十百千万亿"
_MONEY_UNITS = frozenset({"万元", "元", "块钱", "dollars", "yuan"})
_PERCENT_UNITS = frozenset({"%", "个百分点", "percent"})
_TIME_UNITS = ("天", "周", "个月", "月", "年", "小时", "分钟", "季度", "day", "week", "month", "year", "hour",
               "minute", "quarter")
_NUMBER_RE = re.compile(
    r"(?P<pre>[¥￥$]|RMB\s?|USD\s?)?"
    r"(?P<num>\d+(?:[.,]\d+)*|百分之[" + _ZH_NUM + r"\d.]+|(?:[两三四五六七八九十百千]|一[十百千万])[" + _ZH_NUM + r"]*)"
    r"\s*(?P<unit>%|个百分点|percent|万元|元|块钱|万|亿|k\b|K\b|million|thousand|dollars|yuan|倍|"
    r"天|周|个月|月|年|小时|分钟|季度|days?\b|weeks?\b|months?\b|years?\b|hours?\b|minutes?\b|quarters?\b|"
    r"个|名|人|位|家|项|次|款|条|单|套|期|版|people\b|users?\b|customers?\b|clients?\b|projects?\b|times\b)?",
    _I,
)
_METRIC_RE = re.compile(
    r"转化率|留存率|复购率|增长率|毛利|营收|收入|销售额|利润|成本|用户量|用户数|日活|月活|满意度|准确率|召回率|响应时间|"
    r"耗时|效率|产能|良率|交付周期|客单价|市场份额|签约额|回款|业绩|"
    r"\b(?:DAU|MAU|GMV|ROI|KPI|OKR|NPS|SLA|conversion|retention|revenue|margin|profit|costs?|accuracy|latency|"
    r"throughput|churn|market share|satisfaction|sales)\b",
    _I,
)
_TOOL_LEXICON = (
    "python", "java", "javascript", "typescript", "golang", "c++", "c#", "sql", "mysql", "postgresql", "oracle",
    "redis", "kafka", "spark", "hadoop", "hive", "flink", "pandas", "numpy", "excel", "vba", "power bi", "powerbi",
    "tableau", "spss", "sas", "matlab", "jira", "confluence", "git", "docker", "kubernetes", "k8s", "linux", "aws",
    "azure", "salesforce", "crm", "erp", "sap", "axure", "figma", "sketch", "photoshop", "autocad", "solidworks",
    "django", "spring", "react", "vue", "tensorflow", "pytorch", "scikit-learn", "visio", "xmind",
    "用友", "金蝶", "钉钉", "企业微信", "飞书", "阿里云", "腾讯云", "北森",
)
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#.\-]*[A-Za-z0-9+#]|[A-Za-z]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
SELF_RE = re.compile(r"我(?!们)|本人|\b(?:I|I'm|I've|I'd|I'll|me|my|myself|mine)\b", _I)
TEAM_RE = re.compile(r"我们|咱们|大家|\b(?:we|we're|we've|we'd|our|ours|ourselves|us)\b", _I)
_CONNECTIVE_RE = re.compile(
    r"因为|由于|所以|因此|于是|从而|首先|其次|然后|接着|随后|最后|但是|不过|然而|同时|另外|此外|而且|如果|虽然|尽管|"
    r"为了|一方面|另一方面|总之|综上|"
    r"\b(?:because|since|therefore|thus|hence|so that|first(?:ly)?|second(?:ly)?|then|next|after that|finally|"
    r"however|but|although|though|meanwhile|in addition|moreover|if|in order to|on the other hand|overall)\b",
    _I,
)
# Latin words in Chinese text that are not a named tool or term.
_LATIN_STOP = frozenset({"i", "a", "an", "the", "ok", "and", "or", "of", "to", "in", "on", "is", "it", "we", "my"})


class Recalibrator(Protocol):
    version: str

    def apply(self, value: float) -> float: ...


@dataclass
class AnswerScore:
    suggested: int  # 1–5, after recalibration when one was applied
    raw: float  # 1.0–5.0 straight from the weight table (what recalibration is fitted on)
    confidence: float  # 0–1: how much the text gave the engine to go on; not a probability
    features: dict
    evidence: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, kind), sorted by start
    question_type: str = ""
    competency_code: str = ""
    calibrated: float | None = None
    recalibration_version: str = ""
    engine_version: str = ENGINE_VERSION

    def to_dict(self) -> dict:
        data = asdict(self)
        data["evidence"] = [list(span) for span in self.evidence]
        return data


def normalise_width(text: str) -> str:
    return text.translate(_WIDTH)


def round_half_up(value: float) -> int:
    return int(math.floor(value + 0.5))


@lru_cache(maxsize=4096)
def keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern[str] | None:
    words = sorted({k.strip() for k in keywords if k.strip()}, key=len, reverse=True)
    if not words:
        return None
    parts = []
    for w in words:
        if w.isascii() and w[0].isalnum() and w[-1].isalnum():
            # English keywords of four letters or more also match inflections (persuade → persuaded).
            parts.append(rf"\b{re.escape(w)}" + (r"\w*" if len(w) >= 4 and w.isalpha() else r"\b"))
        else:
            parts.append(re.escape(w))
    return re.compile("|".join(parts), _I)


@lru_cache(maxsize=4096)
def _tool_lexicon(extra: tuple[str, ...]) -> tuple[frozenset[str], re.Pattern[str] | None]:
    """Latin tool names (single or two words, casefolded) and a pattern for the Chinese ones."""
    words = {w.strip().casefold() for w in (*_TOOL_LEXICON, *extra) if w and w.strip()}
    latin = frozenset(w for w in words if w.isascii())
    cjk = sorted((w for w in words if not w.isascii()), key=len, reverse=True)
    return latin, (re.compile("|".join(map(re.escape, cjk))) if cjk else None)


def _number_kind(match: re.Match[str]) -> str:
    unit = (match.group("unit") or "").lower()
    if match.group("pre") or unit in _MONEY_UNITS:
        return "money"
    if unit in _PERCENT_UNITS or match.group("num").startswith("百分之"):
        return "percent"
    if unit.startswith(_TIME_UNITS):
        return "time"
    return "number"


def find_figures(text: str) -> list[tuple[int, int, str]]:
    """Figures in a text as (start, end, kind) with kind number/percent/money/time ("3个", "50%", "20万元")."""
    figures = []
    for m in _NUMBER_RE.finditer(text):
        num = m.group("num")
        if not num[0].isdigit() and not num.startswith("百分之") and not m.group("unit"):
            continue  # a bare Chinese numeral is a word (十分, 万一), not a figure
        figures.append((m.start(), m.end(), _number_kind(m)))
    return figures


def _length_feature(units: int) -> float:
    if units < 40:
        return 0.5 * units / 40
    if units < 120:
        return 0.5 + 0.5 * (units - 40) / 80
    if units <= 900:
        return 1.0
    return max(0.4, 1.0 - (units - 900) / 1500)


def _specificity(
    text: str, extra_tools: tuple[str, ...], spans: list[tuple[int, int, str]]
) -> tuple[float, dict, int]:
    found: dict[str, set[str]] = {kind: set() for kind in SPECIFICITY_POINTS}
    for start, end, kind in find_figures(text):
        found[kind].add(text[start:end].strip().casefold())
        spans.append((start, end, kind))
    for m in _METRIC_RE.finditer(text):
        found["metric"].add(m.group(0).casefold())
        spans.append((m.start(), m.end(), "metric"))

    latin_tools, cjk_tools = _tool_lexicon(extra_tools)
    if cjk_tools is not None:
        for m in cjk_tools.finditer(text):
            found["tool"].add(m.group(0))
            spans.append((m.start(), m.end(), "tool"))
    n_cjk = len(_CJK.findall(text))
    # In Chinese text a Latin word is nearly always a named tool or term (CRM, roadmap, To B, PMP).
    chinese = n_cjk > len(text) // 4
    tokens = [(m.start(), m.end(), m.group(0).casefold()) for m in _LATIN_WORD.finditer(text)]
    i = 0
    while i < len(tokens):
        start, end, word = tokens[i]
        if i + 1 < len(tokens) and f"{word} {tokens[i + 1][2]}" in latin_tools:
            end, word = tokens[i + 1][1], f"{word} {tokens[i + 1][2]}"
            i += 1
        if word in latin_tools or (
            chinese and len(word) >= 2 and word not in _LATIN_STOP and word not in found["metric"]
        ):
            found["tool"].add(word)
            spans.append((start, end, "tool"))
        i += 1
    points = sum(SPECIFICITY_POINTS[kind] * len(values) for kind, values in found.items())
    counts = {kind: len(values) for kind, values in found.items()}
    # Length units: an English word carries about as much as two Chinese characters.
    units = n_cjk + 2 * len(tokens)
    detail = {"specificity_points": round(points, 3), "specificity_counts": counts}
    return min(1.0, points / SPECIFICITY_FULL), detail, units


def score_answer(
    answer_text: str,
    competency: CompetencySpec,
    question_type: str,
    *,
    extra_keywords: Sequence[str] = (),
    recalibration: Recalibrator | None = None,
) -> AnswerScore:
    """Suggest a 1–5 score for one answer as evidence of one competency.

    ``extra_keywords`` adds evidence words for this question (e.g. the skill of a technical question).
    Guarantees: same inputs and ``ENGINE_VERSION`` → same result; ``suggested`` is an int in 1..5; every
    feature is in 0..1 (``coverage`` is None when the competency has no keywords, and its weight is then spread
    over the other features); evidence spans index into ``answer_text``.
    """
    qtype = str(question_type)
    if qtype not in WEIGHTS:
        raise ValueError(f"unknown question type {question_type!r}; expected one of {sorted(WEIGHTS)}")
    text = normalise_width(answer_text or "")
    spans: list[tuple[int, int, str]] = []

    star_hits = {}
    for element, pattern in STAR_MARKERS.items():
        matches = list(pattern.finditer(text))
        star_hits[element] = bool(matches)
        spans.extend((m.start(), m.end(), element) for m in matches)
    star = sum(star_hits.values()) / 4

    keywords = tuple(dict.fromkeys((*competency.keywords(), *extra_keywords)))
    extra_tools = tuple(w for w in (*competency.skills, *extra_keywords) if w)
    specificity, spec_detail, units = _specificity(text, extra_tools, spans)

    self_matches = list(SELF_RE.finditer(text))
    team_matches = list(TEAM_RE.finditer(text))
    spans.extend((m.start(), m.end(), "self") for m in self_matches)
    spans.extend((m.start(), m.end(), "team") for m in team_matches)
    n_self, n_team = len(self_matches), len(team_matches)
    ownership = (n_self / (n_self + n_team)) * min(1.0, n_self / OWNERSHIP_FULL) if n_self else 0.0

    pattern = keyword_pattern(keywords)
    keywords_hit: list[str] = []
    coverage: float | None = None
    if pattern is not None:
        hit: dict[str, str] = {}
        for m in pattern.finditer(text):
            hit.setdefault(m.group(0).casefold(), m.group(0))
            spans.append((m.start(), m.end(), "keyword"))
        keywords_hit = list(hit.values())
        coverage = min(1.0, len(hit) / min(COVERAGE_FULL, len(keywords)))

    connective_words = set()
    for m in _CONNECTIVE_RE.finditer(text):
        connective_words.add(m.group(0).casefold())
        spans.append((m.start(), m.end(), "connective"))
    connectives = min(1.0, len(connective_words) / CONNECTIVES_FULL)

    length = _length_feature(units)

    values = {"star": star, "specificity": specificity, "ownership": ownership, "coverage": coverage,
              "connectives": connectives, "length": length}
    weights = dict(WEIGHTS[qtype])
    if coverage is None:
        spare = weights.pop("coverage")
        total = sum(weights.values())
        weights = {f: w + spare * w / total for f, w in weights.items()}
    contributions = {f: weights[f] * values[f] for f in weights}
    raw = 1.0 + 4.0 * sum(contributions.values())

    calibrated = None
    version = ""
    final = raw
    if recalibration is not None:
        calibrated = float(recalibration.apply(raw))
        version = recalibration.version
        final = calibrated
    suggested = min(5, max(1, round_half_up(final)))

    length_factor = min(1.0, units / 150)
    bin_centre = 2 * abs(final - math.floor(final) - 0.5)  # 1 at an integer, 0 on a rounding boundary
    confidence = (0.35 + 0.45 * length_factor + 0.20 * bin_centre) * (1.0 if coverage is not None else 0.7)

    features = {
        **{f: (round(v, 4) if v is not None else None) for f, v in values.items()},
        "star_elements": star_hits,
        **spec_detail,
        "self_mentions": n_self,
        "team_mentions": n_team,
        "keywords_hit": keywords_hit,
        "connective_count": len(connective_words),
        "units": units,
        "weights": {f: round(w, 4) for f, w in weights.items()},
        "contributions": {f: round(c, 4) for f, c in contributions.items()},
    }
    return AnswerScore(
        suggested=suggested, raw=round(raw, 4), confidence=round(min(1.0, confidence), 3), features=features,
        evidence=sorted(set(spans)), question_type=qtype, competency_code=competency.code,
        calibrated=None if calibrated is None else round(calibrated, 4), recalibration_version=version,
    )


def score_answers(
    items: Iterable[tuple[str, CompetencySpec, str]], *, recalibration: Recalibrator | None = None
) -> list[AnswerScore]:
    """Score many (answer text, competency, question type) triples."""
    return [score_answer(text, comp, qtype, recalibration=recalibration) for text, comp, qtype in items]


_STAR_LABELS = {"situation": ("情境", "situation"), "task": ("任务", "task"), "action": ("行动", "action"),
                "result": ("结果", "result")}


def explain(score: AnswerScore) -> list[dict[str, str]]:
    """Short zh/en sentences saying why the engine suggested what it did (for the panel beside the human
    score and for a candidate's request for explanation)."""
    f = score.features
    present = [k for k, v in f["star_elements"].items() if v]
    missing = [k for k, v in f["star_elements"].items() if not v]
    if present:
        star_zh = "STAR 结构：具备" + "、".join(_STAR_LABELS[k][0] for k in present)
        star_en = "STAR structure: has " + ", ".join(_STAR_LABELS[k][1] for k in present)
        if missing:
            star_zh += "；缺少" + "、".join(_STAR_LABELS[k][0] for k in missing)
            star_en += "; missing " + ", ".join(_STAR_LABELS[k][1] for k in missing)
    else:
        star_zh, star_en = "STAR 结构：未出现任何要素", "STAR structure: no element found"
    counts = f["specificity_counts"]
    figures = counts["number"] + counts["percent"] + counts["money"] + counts["time"]
    lines = [
        {"zh": star_zh, "en": star_en},
        {"zh": f"具体性：数据 {figures} 处，指标 {counts['metric']} 个，工具/术语 {counts['tool']} 个",
         "en": f"Specificity: figures {figures}, metrics {counts['metric']}, tools/terms {counts['tool']}"},
        {"zh": f"个人贡献：“我” {f['self_mentions']} 次，“我们” {f['team_mentions']} 次",
         "en": f"Ownership: \"I\" ×{f['self_mentions']}, \"we\" ×{f['team_mentions']}"},
    ]
    if f["coverage"] is not None:
        hits = f["keywords_hit"]
        lines.append({"zh": "胜任力证据词：" + ("、".join(hits) if hits else "未出现"),
                      "en": "Competency evidence words: " + (", ".join(hits) if hits else "none found")})
    lines.append({"zh": f"逻辑连接词：{f['connective_count']} 个；篇幅：{f['units']} 个长度单位",
                  "en": f"Connectives: {f['connective_count']}; length: {f['units']} units"})
    return lines
