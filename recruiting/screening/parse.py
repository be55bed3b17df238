"""Resume text → ``ParsedResume``: contact data, education, work history, years, titles, skills,
certifications, team size and languages, each with evidence spans into the normalised text.

The parser handles two shapes of resume with one pipeline:
- sectioned resumes (教育背景 / 工作经历 / Education / Experience headings): education is read line by
  line inside education sections, work history is anchored on the date ranges inside work sections;
- prose bios ("2008年起任某某公司总经理，兼任…"): without headings, every sentence that carries a date is
  a candidate job unless it reads as education (a school or a degree in it).

Everything is deterministic: the same text and the same ``as_of`` month give the same result.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from . import patterns as P
from .dates import DateRange, YearMonth, find_open_starts, find_ranges, merged_months, parse_token
from .lexicon import SkillLexicon
from .normalise import NormalisedText, normalise

Span = tuple[int, int]
_SHANGHAI = ZoneInfo("Asia/Shanghai")
# Bounds that keep hostile input linear: no real resume has more dated lines or jobs than this.
MAX_RANGES = 400
MAX_ENTRIES = 100
_UNITS = re.compile(r"[^\n。；;]+")
_LINES = re.compile(r"[^\n]+")
_NOT_EXPERIENCE_SECTIONS = frozenset({"education", "project", "training", "awards", "certs", "languages", "skills"})
_LATIN_WITH_HAN_NAME = re.compile(rf"([A-Z][a-zA-Z'\-]+(?: [A-Z][a-zA-Z'\-]+){{1,3}})\s?[(（]([{P.HAN}]{{2,4}})[)）]")
_NOISE_SEGMENT = re.compile(
    r"^(?:全日制|统招|非统招|自考|成人教育|在职|脱产|gpa.*|主修课程.*|课程.*|学历|学位|毕业|至今|present|now|"
    r"full[- ]time|part[- ]time|\d+(?:\.\d+)?)$"
)


def today_in_shanghai() -> date:
    return datetime.now(_SHANGHAI).date()


@dataclass
class EducationEntry:
    degree: str | None
    school: str | None
    major: str | None
    start: YearMonth | None
    end: YearMonth | None
    current: bool
    span: Span

    def to_json(self) -> dict:
        return {
            "degree": self.degree,
            "school": self.school,
            "major": self.major,
            "start": self.start.iso() if self.start else None,
            "end": self.end.iso() if self.end else None,
        }


@dataclass
class ExperienceEntry:
    company: str | None
    title: str | None
    start: YearMonth
    end: YearMonth | None
    current: bool
    span: Span
    months: int = 0
    range: DateRange | None = field(default=None, repr=False, compare=False)

    def to_json(self) -> dict:
        return {
            "company": self.company,
            "title": self.title,
            "start": self.start.iso(),
            "end": self.end.iso() if self.end else None,
            "current": self.current,
        }


@dataclass
class ParsedResume:
    text: str
    as_of: YearMonth
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    education: list[EducationEntry] = field(default_factory=list)
    highest_degree: str | None = None
    experience: list[ExperienceEntry] = field(default_factory=list)
    years_experience: float = 0.0
    years_source: str = "none"  # dated | stated | none
    titles: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    skill_mentions: dict[str, int] = field(default_factory=dict)  # canonical skill → number of mentions
    certifications: list[str] = field(default_factory=list)
    team_size_max: int | None = None
    languages: list[dict] = field(default_factory=list)
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    sections: list[str] = field(default_factory=list)
    # The normalised text with e-mail addresses and URLs blanked (what skills and terms are matched in).
    masked: NormalisedText | None = field(default=None, repr=False, compare=False)

    def evidence_text(self, key: str) -> list[str]:
        """The text behind each evidence span of ``key`` (for display and tests)."""
        return [self.text[start:end] for start, end in self.evidence.get(key, [])]

    def to_json(self, *, include_evidence: bool = True) -> dict:
        """The CLI contract of ``manage.py parse_resume --json`` (plus a few extra keys)."""
        data = {
            "name": self.name,
            "phone": self.phone,
            "email": self.email,
            "highest_degree": self.highest_degree,
            "education": [entry.to_json() for entry in self.education],
            "experience": [entry.to_json() for entry in self.experience],
            "titles": list(self.titles),
            "years_experience": self.years_experience,
            "years_source": self.years_source,
            "skills": list(self.skills),
            "team_size_max": self.team_size_max,
            "certifications": list(self.certifications),
            "languages": [dict(item) for item in self.languages],
            "sections": list(self.sections),
            "as_of": self.as_of.iso(),
        }
        if include_evidence:
            data["evidence"] = {key: [list(span) for span in spans] for key, spans in sorted(self.evidence.items())}
        return data


@dataclass(frozen=True)
class Section:
    kind: str
    start: int
    end: int


# --- helpers -------------------------------------------------------------------------------------


def _cn_number(token: str) -> int | None:
    """'50' → 50, '五十' → 50, '一百二十' → 120, '两千' → 2000."""
    if token.isdigit():
        return int(token)
    total, current = 0, 0
    for char in token:
        if char in P.CN_DIGITS:
            current = P.CN_DIGITS[char]
        elif char in "十百千":
            unit = {"十": 10, "百": 100, "千": 1000}[char]
            total += (current or 1) * unit
            current = 0
        else:
            return None
    return total + current


def _masked(norm: NormalisedText) -> NormalisedText:
    """The text with e-mail addresses and URLs blanked out (same length), so that a skill, a date or a
    company is never read out of "python2019@example.com"."""
    spans = [m.span() for m in P.EMAIL.finditer(norm.lower)] + [m.span() for m in P.URL.finditer(norm.lower)]
    if not spans:
        return norm
    text, lower = list(norm.text), list(norm.lower)
    for start, end in spans:
        text[start:end] = lower[start:end] = " " * (end - start)
    return NormalisedText(text="".join(text), lower="".join(lower))


def _strip_span(text: str, start: int, end: int, strip: str = " \t,，;；:：|·•-–—()（）[]【】") -> Span:
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


def _segments(text: str, start: int, end: int) -> list[Span]:
    """Split ``text[start:end]`` at separators (| , ， ; 、 tabs, dashes with spaces, ' at ', and any
    whitespace next to a Han character) into stripped, non-empty spans."""
    spans = []
    cursor = start
    for match in P.ENTRY_SPLIT.finditer(text, start, end):
        if match.start() > cursor:
            spans.append(_strip_span(text, cursor, match.start()))
        cursor = match.end()
    if cursor < end:
        spans.append(_strip_span(text, cursor, end))
    return [s for s in spans if s[1] > s[0]]


def _is_heading(line: str) -> str | None:
    if len(line) > 48 or not P.HEADING_ANY.search(line.lower()):
        return None
    stripped = P.HEADING_DECORATION.sub("", line.strip().lower())
    if not stripped or len(stripped) > 40:
        return None
    if stripped in P.HEADING_LOOKUP:
        return P.HEADING_LOOKUP[stripped]
    # Bilingual headings: "工作经历 Work Experience", "教育背景 / Education"
    han_only = re.sub(r"[a-z&/|\s]+", "", stripped)
    latin_only = " ".join(re.sub(rf"[{P.HAN}/|]+", " ", stripped).split())
    kinds = {P.HEADING_LOOKUP.get(han_only), P.HEADING_LOOKUP.get(latin_only)} - {None}
    if len(kinds) == 1 and (not han_only or han_only in P.HEADING_LOOKUP) and (
        not latin_only or latin_only in P.HEADING_LOOKUP
    ):
        return kinds.pop()
    return None


# --- the parser ----------------------------------------------------------------------------------


class ResumeParser:
    """Parse many resumes with one lexicon: ``ResumeParser(lexicon).parse(text, as_of=...)``."""

    def __init__(self, lexicon: SkillLexicon | None = None):
        self.lexicon = lexicon

    def parse(self, text: str | NormalisedText, *, as_of: date | YearMonth | None = None) -> ParsedResume:
        norm = text if isinstance(text, NormalisedText) else normalise(text)
        if isinstance(as_of, YearMonth):
            month = as_of
        else:
            month = YearMonth.of(as_of or today_in_shanghai())
        return _Run(norm, month, self.lexicon).result


def parse_resume(
    text: str | NormalisedText, lexicon: SkillLexicon | None = None, *, as_of: date | YearMonth | None = None
) -> ParsedResume:
    return ResumeParser(lexicon).parse(text, as_of=as_of)


class _Run:
    """One parse: holds the text views and fills a ParsedResume."""

    def __init__(self, norm: NormalisedText, as_of: YearMonth, lexicon: SkillLexicon | None):
        self.text = norm.text
        self.lower = norm.lower
        self.masked = _masked(norm)
        self.scan = self.masked.lower
        self.as_of = as_of
        self.result = ParsedResume(text=norm.text, as_of=as_of, masked=self.masked)
        self.evidence = self.result.evidence
        self.lines = [m.span() for m in _LINES.finditer(self.text)]
        self.line_starts = [start for start, _ in self.lines]
        self.all_ranges = find_ranges(self.scan, as_of)[:MAX_RANGES]
        self.range_starts = [r.span[0] for r in self.all_ranges]
        self.all_open_starts = find_open_starts(self.scan, as_of)[:MAX_RANGES]
        self.sections = self._sections()
        self.section_starts = [section.start for section in self.sections]
        self.result.sections = [s.kind for s in self.sections if s.kind != "header"]
        self._contact()
        self._name()
        self._education()
        self._experience()
        self._team_size()
        self._certifications()
        self._languages()
        if lexicon is not None:
            found = lexicon.skills_in(self.masked)
            self.result.skills = list(found)
            self.result.skill_mentions = {name: len(spans) for name, spans in found.items()}
            for canonical, spans in found.items():
                self.evidence[f"skills.{canonical}"] = spans[:5]

    # sections ------------------------------------------------------------------------------------

    def _sections(self) -> list[Section]:
        marks: list[tuple[int, int, str]] = []  # (heading start, content start, kind)
        for start, end in self.lines:
            kind = _is_heading(self.text[start:end])
            if kind:
                marks.append((start, end, kind))
        sections = []
        first = marks[0][0] if marks else len(self.text)
        sections.append(Section("header", 0, first))
        for index, (_, content_start, kind) in enumerate(marks):
            stop = marks[index + 1][0] if index + 1 < len(marks) else len(self.text)
            sections.append(Section(kind, content_start, stop))
        return sections

    def _ranges(self, start: int, end: int) -> list[DateRange]:
        """The date ranges lying inside ``[start, end)`` (found once for the whole text)."""
        found = []
        for index in range(bisect_left(self.range_starts, start), bisect_left(self.range_starts, end)):
            if self.all_ranges[index].span[1] <= end:
                found.append(self.all_ranges[index])
        return found

    def _section_at(self, position: int) -> str:
        index = bisect_right(self.section_starts, position) - 1
        if index >= 0 and self.sections[index].start <= position < self.sections[index].end:
            return self.sections[index].kind
        return "header"

    # contact and name ----------------------------------------------------------------------------

    def _contact(self) -> None:
        email = P.EMAIL.search(self.lower)
        if email:
            self.result.email = email.group(0)
            self.evidence["email"] = [email.span()]
        mobile = P.MOBILE.search(self.text)
        if mobile:
            self.result.phone = "".join(mobile.groups())
            self.evidence["phone"] = [mobile.span()]
            return
        labelled = P.LABELLED_PHONE.search(self.lower)
        if labelled:
            digits = re.sub(r"[^\d+]", "", labelled.group(1))
            if 7 <= len(digits.lstrip("+")) <= 15:
                self.result.phone = digits
                self.evidence["phone"] = [labelled.span(1)]
                return
        landline = P.LANDLINE.search(self.text)
        if landline:
            self.result.phone = "-".join(landline.groups())
            self.evidence["phone"] = [landline.span()]

    def _name(self) -> None:
        label = P.NAME_LABEL.search(self.lower)
        if label:
            start, end = label.span(1)
            self.result.name = self.text[start:end].strip()
            self.evidence["name"] = [(start, end)]
            return
        header_end = self.sections[0].end if self.sections else len(self.text)
        for start, end in self.lines[:4]:
            if start >= max(header_end, 1) and start > 0:
                break
            line = self.text[start:end]
            cleaned = P.NAME_STRIP.sub(lambda m: " " * len(m.group(0)), line)
            both = _LATIN_WITH_HAN_NAME.match(cleaned.strip())
            if both and self._chinese_name(both.group(2)):
                # "Jun Shen (沈俊)": the Chinese name is the one HR files the candidate under.
                offset = cleaned.index(both.group(2))
                self.result.name = both.group(2)
                self.evidence["name"] = [(start + offset, start + offset + len(both.group(2)))]
                return
            for seg_start, seg_end in _segments(cleaned, 0, len(cleaned)):
                candidate = cleaned[seg_start:seg_end]
                span = (start + seg_start, start + seg_end)
                if self._chinese_name(candidate) or self._latin_name(candidate):
                    self.result.name = candidate
                    self.evidence["name"] = [span]
                    return
                break  # only the first segment of a line can be the name

    @staticmethod
    def _chinese_name(candidate: str) -> bool:
        for suffix in ("先生", "女士"):
            candidate = candidate.removesuffix(suffix)
        if not re.fullmatch(rf"[{P.HAN}]{{2,4}}", candidate) or candidate in P.NOT_NAMES:
            return False
        if any(candidate.startswith(s) for s in P.COMPOUND_SURNAMES):
            return True
        return candidate[0] in P.SURNAMES and not P.TITLE.search(candidate) and not P.ORG.search(candidate)

    @staticmethod
    def _latin_name(candidate: str) -> bool:
        if not re.fullmatch(r"[A-Z][a-zA-Z'\-]+(?: [A-Z][a-zA-Z'\-.]*){1,3}", candidate):
            return False
        lower = candidate.lower()
        return not (P.TITLE_ENGLISH.search(lower) or _is_heading(lower) or P.ORG_CASED.search(candidate))

    # education -----------------------------------------------------------------------------------

    def _degree_in(self, start: int, end: int, blank: Span | None = None) -> tuple[str | None, Span | None]:
        chunk = self.scan[start:end]
        if blank:
            b0, b1 = max(blank[0] - start, 0), max(blank[1] - start, 0)
            chunk = chunk[:b0] + " " * (b1 - b0) + chunk[b1:]
        for degree, pattern in P.DEGREES:
            found = pattern.search(chunk)
            if found:
                return degree, (start + found.start(), start + found.end())
        return None, None

    def _school_in(self, start: int, end: int) -> Span | None:
        found = P.SCHOOL.search(self.scan, start, end)
        cased = P.SCHOOL_CASED.search(self.text, start, end)
        if cased and (not found or cased.start() <= found.start()):
            return _strip_span(self.text, *cased.span())
        if found:
            s, e = found.span()
            prefix = P.SCHOOL_PREFIX.match(self.scan, s, e - 2)
            if prefix:
                s = prefix.end()
            return _strip_span(self.text, s, e)
        return None

    def _major_in(self, start: int, end: int, taken: list[Span]) -> Span | None:
        label = P.MAJOR_LABEL.search(self.scan, start, end)
        if label:
            return _strip_span(self.text, *label.span(1))
        english = P.MAJOR_ENGLISH.search(self.scan, start, end)
        if english:
            return _strip_span(self.text, *english.span(1))
        by_degree = P.MAJOR_DEGREE.search(self.scan, start, end)
        if by_degree:
            return by_degree.span(1)
        school = taken[0] if taken else None
        if school:
            after = P.MAJOR_AFTER_SCHOOL.match(self.scan, school[1], min(end, school[1] + 16))
            if after:
                return after.span(1)
        for seg in _segments(self.text, start, end):
            if any(seg[0] < t[1] and t[0] < seg[1] for t in taken if t):
                continue
            piece = self.scan[seg[0] : seg[1]]
            if _NOISE_SEGMENT.match(piece) or len(piece) > 30 or not re.search(rf"[{P.HAN}a-z]", piece):
                continue
            if self._ranges(*seg) or parse_token(piece):
                continue
            if any(pattern.search(piece) for _, pattern in P.DEGREES):
                continue
            suffix = P.MAJOR_SUFFIX.fullmatch(piece)
            return (seg[0], seg[0] + len(suffix.group(1))) if suffix else seg
        return None

    def _education(self) -> None:
        entries: list[EducationEntry] = []
        edu_sections = [s for s in self.sections if s.kind == "education"]
        if edu_sections:
            for section in edu_sections:
                self._education_lines(section, entries)
        else:
            for start, end in self._education_clauses():
                entries.append(self._education_entry(start, end, self._school_in(start, end)))
        self.result.education = entries
        for index, entry in enumerate(entries):
            self.evidence[f"education[{index}]"] = [entry.span]
        self._highest_degree()

    def _education_clauses(self) -> list[Span]:
        """Without an education section: a clause naming a school (and a degree, a date or 毕业) starts
        an entry; the clauses after it in the same sentence that add a degree or major join it."""
        spans: list[Span] = []
        for sentence in _UNITS.finditer(self.text):
            if self._section_at(sentence.start()) in {"work", "project", "skills", "certs"}:
                continue
            current: Span | None = None
            for clause in re.finditer(r"[^，,]+", self.text[sentence.start() : sentence.end()]):
                start, end = sentence.start() + clause.start(), sentence.start() + clause.end()
                chunk = self.scan[start:end]
                school = self._school_in(start, end)
                degree, _ = self._degree_in(start, end, school)
                if school:
                    dated = self._ranges(start, end)
                    if degree or dated or re.search(r"毕业|就读|graduat|bachelor|master|学位|学历|攻读", chunk):
                        current = (start, end)
                        spans.append(current)
                        continue
                    current = None
                elif current is not None and (degree or P.MAJOR_DEGREE.search(chunk)) and not self._org_in(start, end):
                    current = (current[0], end)
                    spans[-1] = current
                else:
                    current = None
        return spans

    def _education_entry(self, start: int, end: int, school: Span | None) -> EducationEntry:
        degree, degree_span = self._degree_in(start, end, school)
        ranges = self._ranges(start, end)
        major = self._major_in(start, end, [school, degree_span, *(r.span for r in ranges)])
        entry = EducationEntry(
            degree=degree,
            school=self.text[school[0] : school[1]] if school else None,
            major=self.text[major[0] : major[1]] if major else None,
            start=ranges[0].start if ranges else None,
            end=(ranges[0].end if ranges else None),
            current=bool(ranges and ranges[0].current),
            span=(start, end),
        )
        if not ranges:
            graduated = P.GRADUATION_YEAR.search(self.scan, start, end)
            lone = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", self.scan[start:end])
            if graduated or lone:
                entry.end = YearMonth(int((graduated or lone).group(1)), 7)
        return entry

    def _education_lines(self, section: Section, entries: list[EducationEntry]) -> None:
        current: EducationEntry | None = None
        first = bisect_left(self.line_starts, section.start)
        last = bisect_left(self.line_starts, section.end)
        for start, end in self.lines[first:last]:
            if end > section.end or len(entries) >= MAX_ENTRIES:
                continue
            school = self._school_in(start, end)
            degree, _ = self._degree_in(start, end, school)
            ranges = self._ranges(start, end)
            label = P.MAJOR_LABEL.search(self.scan, start, end)
            if school and (current is None or current.school is not None):
                current = self._education_entry(start, end, school)
                entries.append(current)
            elif school and current is not None:
                fresh = self._education_entry(start, end, school)
                current.school = fresh.school
                current.degree = current.degree or fresh.degree
                current.major = current.major or fresh.major
                current.start, current.end = current.start or fresh.start, current.end or fresh.end
                current.span = (current.span[0], end)
            elif current is not None and (degree or ranges or label):
                fresh = self._education_entry(start, end, None)
                if (ranges and current.start) and (degree and current.degree):
                    current = fresh
                    entries.append(current)
                    continue
                current.degree = current.degree or fresh.degree
                current.major = current.major or fresh.major
                if ranges and not current.start:
                    current.start, current.end, current.current = fresh.start, fresh.end, fresh.current
                current.span = (current.span[0], end)
            elif degree or ranges:
                current = self._education_entry(start, end, None)
                entries.append(current)

    def _highest_degree(self) -> None:
        best: tuple[int, str, Span] | None = None

        def offer(degree: str | None, span: Span | None) -> None:
            nonlocal best
            if degree and span and (best is None or P.DEGREE_RANK[degree] > best[0]):
                best = (P.DEGREE_RANK[degree], degree, span)

        for entry in self.result.education:
            offer(entry.degree, entry.span)
        for found in P.DEGREE_LABEL.finditer(self.scan):
            degree, span = self._degree_in(*found.span(1))
            offer(degree, span)
        for found in P.DEGREE_WITH_QUALIFIER.finditer(self.scan):
            degree, span = self._degree_in(max(0, found.start() - 6), found.end())
            offer(degree, span)
        if best:
            self.result.highest_degree = best[1]
            self.evidence["highest_degree"] = [best[2]]

    # experience ----------------------------------------------------------------------------------

    def _experience_regions(self) -> tuple[list[Span], bool]:
        work = [(s.start, s.end) for s in self.sections if s.kind == "work"]
        if work:
            return work, True
        return [(s.start, s.end) for s in self.sections if s.kind not in _NOT_EXPERIENCE_SECTIONS], False

    def _experience(self) -> None:
        regions, sectioned = self._experience_regions()
        entries: list[ExperienceEntry] = []
        seen: set[tuple] = set()
        extra_titles: list[tuple[str, Span]] = []
        claimed: set[int] = set()  # line starts already used as a neighbour
        for region_start, region_end in regions:
            for unit in _UNITS.finditer(self.text, region_start, region_end):
                u_start, u_end = unit.span()
                anchors = self._anchors(u_start, u_end)
                if not anchors:
                    continue
                if self._looks_educational(u_start, u_end, sectioned):
                    continue
                for index, anchor in enumerate(anchors):
                    body_end = anchors[index + 1].span[0] if index + 1 < len(anchors) else u_end
                    company, title, extras = self._company_title(anchor.span[1], body_end)
                    if company is None and title is None and index == 0:
                        company, title, extras2 = self._company_title(u_start, anchor.span[0])
                        extras += extras2
                    if sectioned and (company is None or title is None):
                        company, title = self._from_neighbours(u_start, u_end, company, title, claimed)
                    extra_titles.extend(extras)
                    entry = ExperienceEntry(
                        company=self.text[company[0] : company[1]] if company else None,
                        title=self.text[title[0] : title[1]] if title else None,
                        start=anchor.start,
                        end=anchor.end,
                        current=anchor.current,
                        span=(u_start, u_end),
                        months=anchor.months(self.as_of),
                        range=anchor,
                    )
                    key = (entry.start, entry.end, entry.company)
                    if key not in seen and len(entries) < MAX_ENTRIES:
                        seen.add(key)
                        entries.append(entry)
        self.result.experience = entries
        for index, entry in enumerate(entries):
            self.evidence[f"experience[{index}]"] = [entry.span]
        titles: list[str] = []
        for entry in entries:
            if entry.title and entry.title not in titles:
                titles.append(entry.title)
        for title, span in extra_titles:
            if title not in titles:
                titles.append(title)
                self.evidence.setdefault("titles", []).append(span)
        self.result.titles = titles
        self._years(entries)

    def _anchors(self, start: int, end: int) -> list[DateRange]:
        ranges = self._ranges(start, end)
        for open_start in (o for o in self.all_open_starts if start <= o.span[0] and o.span[1] <= end):
            if not any(r.span[0] <= open_start.span[0] < r.span[1] for r in ranges):
                ranges.append(open_start)
        ranges.sort(key=lambda r: r.span)
        return ranges

    def _looks_educational(self, start: int, end: int, sectioned: bool) -> bool:
        if not self._school_in(start, end):
            degree, _ = self._degree_in(start, end)
            if not degree or sectioned:
                return False
        chunk = self.scan[start:end]
        has_org = bool(P.ORG.search(re.sub(rf"[{P.HAN}a-z]{{0,24}}(?:大学|学院|学校)", " ", chunk)) or P.ORG_CASED.search(
            self.text[start:end]
        ))
        has_title = bool(P.TITLE.search(chunk) or P.TITLE_ENGLISH.search(chunk))
        return not (has_org or has_title)

    def _company_title(self, start: int, end: int) -> tuple[Span | None, Span | None, list[tuple[str, Span]]]:
        company: Span | None = None
        title: Span | None = None
        loose: list[Span] = []
        extras: list[tuple[str, Span]] = []
        # An English company name may contain separators ("Acme Technology Co., Ltd."): find it first.
        cased = P.ORG_CASED.search(self.text, start, end)
        if cased:
            company = _strip_span(self.text, *cased.span())
        for seg_start, seg_end in _segments(self.text, start, end):
            if company and seg_start < company[1] and company[0] < seg_end:
                continue
            piece = self.scan[seg_start:seg_end]
            extra = P.EXTRA_TITLE.match(piece)
            if extra:
                span = (seg_start + extra.start(1), seg_start + extra.end(1))
                extras.append((self.text[span[0] : span[1]], span))
                continue
            if P.BULLET.match(piece) or _NOISE_SEGMENT.match(piece):
                continue
            org = self._org_in(seg_start, seg_end)
            if org and company is None:
                company = org
                rest = _strip_span(self.text, org[1], seg_end)
                if rest[1] > rest[0] and title is None and self._title_in(*rest):
                    title = self._title_in(*rest)
                continue
            found_title = self._title_in(seg_start, seg_end)
            if found_title and title is None:
                title = found_title
                continue
            if found_title:
                extras.append((self.text[found_title[0] : found_title[1]], found_title))
                continue
            if 2 <= seg_end - seg_start <= 40 and re.search(rf"[{P.HAN}a-z]", piece):
                loose.append((seg_start, seg_end))
        if company is None and loose:
            company = loose.pop(0)
        if title is None and loose:
            title = loose.pop(0)
        return company, title, extras

    def _org_in(self, start: int, end: int) -> Span | None:
        cased = P.ORG_CASED.search(self.text, start, end)
        if cased:
            return _strip_span(self.text, *cased.span())
        found = P.ORG_GREEDY.search(self.scan, start, end)
        if not found:
            return None
        s, e = found.span()
        prefix = P.ORG_PREFIX.match(self.scan, s, e)
        if prefix:
            s = prefix.end()
        if e - s < 3:
            return None
        return _strip_span(self.text, s, e)

    def _title_in(self, start: int, end: int) -> Span | None:
        piece = self.scan[start:end]
        found = P.TITLE.search(piece) or P.TITLE_ENGLISH.search(piece)
        if not found:
            return None
        s, e = start, end
        if end - start > 24:  # a long segment: keep just the title phrase
            s, e = start + found.start(), start + found.end()
        prefix = P.TITLE_PREFIX.match(self.scan, s, e)
        if prefix:
            s = prefix.end()
        s, e = _strip_span(self.text, s, e)
        return (s, e) if e > s else None

    def _from_neighbours(
        self, u_start: int, u_end: int, company: Span | None, title: Span | None, claimed: set[int]
    ) -> tuple[Span | None, Span | None]:
        index = bisect_right(self.line_starts, u_start) - 1
        if index < 0:
            return company, title
        after = [i for i in (index + 1, index + 2) if i < len(self.lines)]
        before = [i for i in (index - 1, index - 2) if i >= 0]
        for direction in (after, before):
            for i in direction:
                s, e = self.lines[i]
                line = self.scan[s:e]
                if (
                    s in claimed
                    or e - s > 60
                    or P.BULLET.match(line)
                    or _is_heading(line)
                    or self._ranges(s, e)
                    or self._section_at(s) != self._section_at(u_start)
                ):
                    break
                found_company, found_title, _ = self._company_title(s, e)
                used = False
                if company is None and found_company:
                    company, used = found_company, True
                    if title is None and found_title:
                        title = found_title
                elif title is None and (found_title or found_company):
                    title, used = found_title or found_company, True
                if used:
                    claimed.add(s)
                if company is not None and title is not None:
                    return company, title
        return company, title

    def _years(self, entries: list[ExperienceEntry]) -> None:
        ranges = [e.range for e in entries]
        dated = round(merged_months(ranges, self.as_of) / 12, 1) if ranges else 0.0
        stated, stated_span = 0.0, None
        for anchor in P.YEARS_ANCHOR.finditer(self.scan):
            # The statements end at (经验, experience) or start near (工作年限, experience:) the anchor word.
            window = (max(0, anchor.start() - 30), min(len(self.scan), anchor.end() + 12))
            for pattern in P.YEARS_STATED:
                for found in pattern.finditer(self.scan, *window):
                    value = _cn_number(found.group(1))
                    if value is not None and 0 < value <= 50 and value > stated:
                        stated, stated_span = float(value), found.span()
        if stated > dated:
            self.result.years_experience, self.result.years_source = stated, "stated"
            self.evidence["years_experience"] = [stated_span] if stated_span else []
        elif dated > 0:
            self.result.years_experience, self.result.years_source = dated, "dated"
            self.evidence["years_experience"] = [e.span for e in entries]

    # the rest ------------------------------------------------------------------------------------

    def _team_size(self) -> None:
        best: tuple[int, Span] | None = None
        for start, end in self.lines:
            if not P.TEAM_TRIGGER.search(self.scan, start, end):
                continue
            for pattern in P.TEAM_SIZE:
                for found in pattern.finditer(self.scan, start, end):
                    value = _cn_number(found.group(1))
                    if value is None or not 1 <= value <= 100_000:
                        continue
                    tail = self.scan[found.end(1) : found.end(1) + 2]
                    if tail.startswith(("年", "岁", "个月", "%")):
                        continue
                    if best is None or value > best[0]:
                        best = (value, found.span())
        if best:
            self.result.team_size_max = best[0]
            self.evidence["team_size_max"] = [best[1]]

    def _certifications(self) -> None:
        found: dict[str, Span] = {}
        for start, end in self.lines:
            if not P.CERT_TRIGGER.search(self.scan, start, end):
                continue
            for name, pattern in P.CERTIFICATIONS:
                match = pattern.search(self.scan, start, end)
                if match:
                    found.setdefault(name, match.span())
        items: list[Span] = []
        for label in P.CERT_LABEL.finditer(self.scan):
            items.extend(self._cert_items(*label.span(1)))
        for section in self.sections:
            if section.kind == "certs":
                items.extend(self._cert_items(section.start, section.end))
        for start, end in items:
            piece = self.scan[start:end]
            known = next((name for name, pattern in P.CERTIFICATIONS if pattern.search(piece)), None)
            if known:
                found.setdefault(known, (start, end))
            elif 2 <= end - start <= 30 and not parse_token(piece) and not re.fullmatch(r"[\d\s.\-/年月]+", piece):
                found.setdefault(self.text[start:end], (start, end))
        self.result.certifications = list(found)
        for name, span in found.items():
            self.evidence[f"certifications.{name}"] = [span]

    def _cert_items(self, start: int, end: int) -> list[Span]:
        spans = []
        cursor = start
        for sep in re.finditer(r"[、,，;；/\n]|\s{2,}", self.text[start:end]):
            spans.append(_strip_span(self.text, cursor, start + sep.start(), " \t-•·*●:："))
            cursor = start + sep.end()
        spans.append(_strip_span(self.text, cursor, end, " \t-•·*●:："))
        return [s for s in spans if s[1] > s[0]]

    def _languages(self) -> None:
        languages: list[dict] = []
        for name, pattern in P.LANGUAGES:
            match = pattern.search(self.scan)
            if not match:
                continue
            line_start = self.text.rfind("\n", 0, match.start()) + 1
            line_end = self.text.find("\n", match.end())
            line_end = len(self.text) if line_end == -1 else line_end
            level = P.LANGUAGE_LEVEL.search(self.scan, match.start(), min(line_end, match.end() + 30))
            languages.append(
                {"language": name, "level": self.text[level.start() : level.end()].upper() if level else None}
            )
            self.evidence[f"languages.{name}"] = [(line_start, line_end)]
        self.result.languages = languages
