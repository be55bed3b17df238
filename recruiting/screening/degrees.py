"""Degrees: every rule that turns resume text into one of the five canonical levels, in one place.

Levels, lowest to highest: 中专/高中 (1), 大专 (2), 本科 (3), 硕士 (4), 博士 (5).

Spellings (matched anywhere in the text, prose or sections, on the lower-cased normalised text):

| level | spellings |
|---|---|
| 博士 | 博士, 博士研究生, 博士后 (a postdoc holds a doctorate), 工学/经济学/…博士, PhD, Ph.D., D.Phil, Doctor of …, doctorate, doctoral degree |
| 硕士 | 硕士, 硕士研究生, 研究生 (学历/毕业/文化程度…: 研究生 means 硕士 unless 博士 is written), 工商管理硕士, MBA, EMBA, MPA, MPAcc, Master of/'s/degree, M.S./MSc/M.A./M.Eng, LL.M. |
| 本科 | 本科, 大学本科, 学士, 工学学士…, 大学 used as a level (大学学历, 大学文化, 大学文化程度, 大学毕业, 大学肄业 — not a school name such as 北京大学毕业), Bachelor, B.S./BSc/B.A./B.Eng, LL.B., undergraduate degree |
| 大专 | 大专, 专科, 大学专科, 高职, 高专, associate degree, junior college, higher diploma |
| 中专/高中 | 中专, 高中, 职高, 技校, 中技, 中师, 中等专业, 中等职业, high school, secondary school, vocational school |

初中 and 小学 are below the five levels: they give no level (``highest_degree`` stays null).

Status of a mention (read in a few characters around it):
- **completed** — the default; "毕业", "学历", "学位", "文化程度" or nothing at all.
- **in progress** — 在读 (在读博士, 博士在读, 博士研究生(在读)), 正在/现/目前 攻读 or 就读, 候选人, "candidate",
  "pursuing", "expected", and a dated education line whose end is still to come (至今). An unfinished degree
  counts as **the level needed to start it** (``PREREQUISITE``): a doctorate needs a master's, a master's a
  bachelor's, a bachelor's or an associate degree a secondary school, so "在读博士" gives 硕士, "MBA在读" gives
  本科, "本科在读" and "大专在读" give 中专/高中, "高中在读" nothing.
- **not completed** — 肄业 and 结业 (大学肄业, 博士肄业, 研究生班结业) and 研究生课程班/进修班/研修班 (courses, not a
  degree): counted like in progress (大学肄业 gives 中专/高中, 研究生课程进修班结业 gives 本科).
- **honorary** — 名誉博士, 荣誉博士, honorary doctorate/degree: never counts.
- **not a degree of the person** — 博士生导师/硕士生导师/研究生导师 (a supervisor), 研究生院/研究生部/研究生处/研究生会
  (an institution), 博士点/硕士点, 本科教学/本科生导师, 高中教师/高中部, 专科医院/专科医生, 高职院校, requirements such as
  "本科以上", and people the candidate hired, taught or managed (招聘/指导/培养/带领 … 博士, 5名博士).

``highest_degree`` is the highest counted level over every mention in the text and every education entry;
its evidence span is the mention that gave it. A school without a stated level gives no degree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEVELS = ("中专/高中", "大专", "本科", "硕士", "博士")
DEGREE_RANK = {level: index + 1 for index, level in enumerate(LEVELS)}
# An unfinished degree counts as the level needed to start it.
PREREQUISITE: dict[str, str | None] = {"博士": "硕士", "硕士": "本科", "本科": "中专/高中", "大专": "中专/高中", "中专/高中": None}

HAN = r"\u4e00-\u9fff"

# Chinese spellings → level. Longest first in the pattern, so 博士研究生 wins over 研究生, 大学专科 over 大学.
_ZH: dict[str, str] = {
    "博士研究生": "博士", "博士后": "博士", "博士": "博士",
    "硕士研究生": "硕士", "硕士": "硕士", "研究生": "硕士",
    "大学本科": "本科", "本科": "本科", "学士": "本科",
    "大学专科": "大专", "大专": "大专", "专科": "大专", "高职": "大专", "高专": "大专",
    "中专": "中专/高中", "高中": "中专/高中", "职高": "中专/高中", "技校": "中专/高中", "中技": "中专/高中",
    "中师": "中专/高中", "中等专业": "中专/高中", "中等职业": "中专/高中",
    "初中": "", "小学": "",  # below the five levels: read (so nothing else claims them) but never counted
}
# 大学 is a level only before one of these words, and only where it is not the end of a school name.
_UNIVERSITY_AS_LEVEL = r"大学(?=学历|文化|毕业|肄业|程度|学位)"
_EN: tuple[tuple[str, str], ...] = (
    ("博士", r"ph\.?\s?d(?![a-z0-9])\.?|d\.\s?phil(?![a-z0-9])|doctor of [a-z]+|doctorate|doctoral degree"),
    (
        "硕士",
        r"e?mba(?![a-z0-9])|mpa(?![a-z0-9])|mpacc(?![a-z0-9])|ll\.?m(?![a-z0-9])\.?|master(?:'s|s)?(?: degree| of(?![a-z0-9])| in(?![a-z0-9]))|master's|"
        r"m\.\s?sc?(?![a-z0-9])\.?|msc(?![a-z0-9])|m\.\s?eng(?![a-z0-9])|meng(?![a-z0-9])|m\.a\.|m\.?s\.?(?= in(?![a-z0-9]))|m\.?a\.?(?= in(?![a-z0-9]))",
    ),
    (
        "本科",
        r"bachelor(?:'s)?|b\.\s?sc?(?![a-z0-9])\.?|bsc(?![a-z0-9])|b\.a\.|b\.\s?eng(?![a-z0-9])|beng(?![a-z0-9])|ll\.?b(?![a-z0-9])\.?|undergraduate degree|"
        r"b\.?s\.?(?= in(?![a-z0-9]))|b\.?a\.?(?= in(?![a-z0-9]))",
    ),
    ("大专", r"associate(?:'s)? degree|associate of (?:arts|science|applied)|junior college|higher diploma"),
    ("中专/高中", r"high school|secondary school|vocational school"),
)
_EN_LEVEL = {f"e{index}": level for index, (level, _) in enumerate(_EN)}
_ZH_MENTION = re.compile(
    "(?P<zh>" + "|".join(sorted(map(re.escape, _ZH), key=len, reverse=True)) + ")" + f"|(?P<uni>{_UNIVERSITY_AS_LEVEL})"
)
_EN_MENTION = re.compile(
    "|".join(f"(?<![a-z])(?P<e{index}>{pattern})" for index, (_, pattern) in enumerate(_EN))
)
# English spellings are slow to try at every position: only texts with one of these letters' words get them.
_EN_HINT = re.compile(r"ph|d\.|doctor|mba|mpa|ll\.?[mb]|master|m\.|msc|meng|b\.|bsc|beng|bachelor|undergraduate|"
                      r"associate|college|diploma|school|\bm\.?[sa]\.? in|\bb\.?[sa]\.? in")


# Context rules, read on the text just before (``_BEFORE``) and after (``_AFTER``) a mention.
_HONORARY = re.compile(r"(?:名誉|荣誉|honorary\s(?:[a-z]+\s)?)$")
_IN_PROGRESS_BEFORE = re.compile(r"(?:在读|正在攻读|正在就读|现攻读|现就读|目前攻读|目前就读|正在读|攻读在职|pursuing (?:an? |the )?(?:[a-z]+ )?)$")
_IN_PROGRESS_AFTER = re.compile(
    r"^(?:学位|学历|课程|专业)?\s?[(（]?(?:在读|就读中|候选人|candidate|in progress|expected|预计)|^[^\n。；;，,、]{0,8}?在读"
)
_NOT_COMPLETED_AFTER = re.compile(r"^(?:学位|学历|课程)?(?:肄业|结业)|^(?:课程)?(?:进修|研修|课程)?班|^(?:学位|学历)?课程")
_NOT_COMPLETED_BEFORE = re.compile(r"肄业于?[^\n。；;，,]{0,16}$")
_NOT_OF_PERSON_AFTER = re.compile(
    r"^(?:生|研究生)?导师|^生?指导|^(?:点|学位授权|院|部|处|会(?!计)|招生|教学|生院)|"
    r"^(?:生|研究生)?(?:[0-9]+|[一二两三四五六七八九十]+)\s?[名人位]|^(?:及|或)?以上|"
    r"^(?:教师|老师|校长|部|年级|语文|数学|英语|物理|化学|生物|历史|地理|政治)|^(?:医院|医生|医师|门诊|护士|院校)"
)
_NOT_OF_PERSON_BEFORE = re.compile(
    r"(?:招聘|招收|指导|培养|带领|带教|辅导|录取|引进|面试)(?:了|过)?[^，,。；;\n]{0,6}$|[名位]$"
)
_SCHOOL_NAME_CHAR = re.compile(rf"[{HAN}a-z]")
_LEVEL_CONTEXT_CHAR = re.compile(r"[年月后前于有为的系及和、，,。；;:：\s(（]")


@dataclass(frozen=True)
class DegreeMention:
    stated: str  # the level as written ("" for 初中/小学)
    status: str  # completed | in_progress | not_completed | honorary
    span: tuple[int, int]

    @property
    def counted(self) -> str | None:
        """The level this mention is evidence of (see the module docstring)."""
        if not self.stated or self.status == "honorary":
            return None
        if self.status == "completed":
            return self.stated
        return PREREQUISITE[self.stated]


def find_degrees(scan: str, start: int = 0, end: int | None = None) -> list[DegreeMention]:
    """Every degree mention of ``scan[start:end]`` (the lower-cased text) with its status."""
    end = len(scan) if end is None else end
    found: list[DegreeMention] = []
    matches = list(_ZH_MENTION.finditer(scan, start, end))
    if _EN_HINT.search(scan, start, end):
        matches = sorted(matches + list(_EN_MENTION.finditer(scan, start, end)), key=lambda m: m.start())
    for match in matches:
        s, e = match.span()
        kind = match.lastgroup or ""
        if kind == "zh":
            stated = _ZH[match.group(0)]
        elif kind == "uni":
            before = scan[s - 1] if s > 0 else ""
            if before and _SCHOOL_NAME_CHAR.match(before) and not _LEVEL_CONTEXT_CHAR.match(before):
                continue  # 北京大学毕业: a school name, not a level
            stated = "本科"
        else:
            stated = _EN_LEVEL[kind]
        before = scan[max(0, s - 12) : s]
        after = scan[e : e + 16]
        if _NOT_OF_PERSON_AFTER.match(after) or _NOT_OF_PERSON_BEFORE.search(before[-8:]):
            if not (stated == "博士" and match.group(0) == "博士后"):
                continue
        if stated == "中专/高中" and kind.startswith("e") and re.match(r"\s(?:teacher|student|math|english)", after):
            continue
        if _HONORARY.search(before):
            status = "honorary"
        elif _IN_PROGRESS_BEFORE.search(before) or _IN_PROGRESS_AFTER.match(after):
            status = "in_progress"
        elif _NOT_COMPLETED_AFTER.match(after) or _NOT_COMPLETED_BEFORE.search(before):
            status = "not_completed"
        else:
            status = "completed"
        found.append(DegreeMention(stated, status, (s, e)))
    return found


def best(mentions: list[DegreeMention]) -> DegreeMention | None:
    """The mention giving the highest counted level (the first such mention on a tie)."""
    chosen: DegreeMention | None = None
    for mention in mentions:
        level = mention.counted
        if level and (chosen is None or DEGREE_RANK[level] > DEGREE_RANK[chosen.counted or LEVELS[0]]):
            chosen = mention
    return chosen


def stated_level(mentions: list[DegreeMention]) -> tuple[str | None, tuple[int, int] | None]:
    """The highest level as written (for an education entry's ``degree``: a 博士 still in progress is a
    博士 entry; ``highest_degree`` applies the status)."""
    chosen: DegreeMention | None = None
    for mention in mentions:
        if mention.stated and mention.status != "honorary":
            if chosen is None or DEGREE_RANK[mention.stated] > DEGREE_RANK[chosen.stated]:
                chosen = mention
    return (chosen.stated, chosen.span) if chosen else (None, None)


def lower_one(level: str | None) -> str | None:
    """What an unfinished ``level`` counts as: the level needed to start it."""
    return PREREQUISITE.get(level or "")
