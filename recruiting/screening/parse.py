"""Resume text → ``ParsedResume``: contact data, education, work history, years, titles, skills,
certifications, team size and languages, each with evidence spans into the normalised text.

The parser handles two shapes of resume with one pipeline:
- sectioned resumes (教育背景 / 工作经历 / Education / Experience headings): education is read line by
  line inside education sections, work history is anchored on the date ranges inside work sections;
- prose bios ("2008年起任某某公司总经理，兼任…"): without headings, every sentence that carries a date is
  a candidate job unless it reads as education (a school or a degree in it).

Degrees are read anywhere in the text by ``degrees`` (the rules live there); posts, organisations and
professional titles by ``titles``; contact data and the name by ``contact``; team size, certificates and
languages by ``details``.

Everything is deterministic: the same text and the same ``as_of`` month give the same result.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from . import contact as C
from . import degrees as D
from . import details
from . import patterns as P
from . import titles as T
from .dates import DateRange, YearMonth, find_open_starts, find_ranges, merged_months, parse_token
from .lexicon import SkillLexicon
from .normalise import NormalisedText, normalise
from .result import EducationEntry, ExperienceEntry, ParsedResume
from .textspans import Span, cn_number, is_heading, masked, segments, strip_span

_SHANGHAI = ZoneInfo("Asia/Shanghai")
# Bounds that keep hostile input linear: no real resume has more dated lines or jobs than this.
MAX_RANGES = 400
MAX_ENTRIES = 100
_UNITS = re.compile(r"[^\n。；;]+")
_LINES = re.compile(r"[^\n]+")
_NO_POST_SECTIONS = frozenset({"education", "skills", "certs", "languages", "awards", "training"})
_NOT_EXPERIENCE_SECTIONS = frozenset({"education", "project", "training", "awards", "certs", "languages", "skills"})
_NOISE_SEGMENT = re.compile(
    r"^(?:全日制|统招|非统招|自考|成人教育|在职|脱产|gpa.*|主修课程.*|课程.*|学历|学位|毕业|至今|present|now|"
    r"full[- ]time|part[- ]time|\d+(?:\.\d+)?)$"
)


def today_in_shanghai() -> date:
    return datetime.now(_SHANGHAI).date()


@dataclass(frozen=True)
class Section:
    kind: str
    start: int
    end: int


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
        self.masked = masked(norm)
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
        self.degree_mentions = D.find_degrees(self.scan)
        self.section_starts = [section.start for section in self.sections]
        self.result.sections = [s.kind for s in self.sections if s.kind != "header"]
        self.result.email, self.result.phone = C.contact(self.text, self.lower, self.evidence)
        header_end = self.sections[0].end if self.sections else len(self.text)
        self.result.name, name_span = C.name(self.text, self.lower, self.lines, header_end)
        if name_span:
            self.evidence["name"] = [name_span]
        self._education()
        self._experience()
        team = details.team_size(self.scan, self.lines)
        if team:
            self.result.team_size_max = team[0]
            self.evidence["team_size_max"] = [team[1]]
        certs = [(s.start, s.end) for s in self.sections if s.kind == "certs"]
        found = details.certifications(self.text, self.scan, self.lines, certs)
        self.result.certifications = list(found)
        for cert, span in found.items():
            self.evidence[f"certifications.{cert}"] = [span]
        self.result.languages = details.languages(self.text, self.scan, self.evidence)
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
            kind = is_heading(self.text[start:end])
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

    # education -----------------------------------------------------------------------------------

    def _degree_in(self, start: int, end: int, blank: Span | None = None) -> tuple[str | None, Span | None]:
        """The highest level written in ``[start, end)`` (a school name in ``blank`` is not read)."""
        mentions = [
            m for m in self.degree_mentions
            if start <= m.span[0] and m.span[1] <= end and not (blank and blank[0] <= m.span[0] < blank[1])
        ]
        return D.stated_level(mentions)

    def _school_in(self, start: int, end: int) -> Span | None:
        found = P.SCHOOL.search(self.scan, start, end)
        cased = P.SCHOOL_CASED.search(self.text, start, end)
        if cased and (not found or cased.start() <= found.start()):
            return strip_span(self.text, *cased.span())
        if found:
            s, e = found.span()
            prefix = P.SCHOOL_PREFIX.match(self.scan, s, e - 2)
            if prefix:
                s = prefix.end()
            return strip_span(self.text, s, e)
        return None

    def _major_in(self, start: int, end: int, taken: list[Span]) -> Span | None:
        label = P.MAJOR_LABEL.search(self.scan, start, end)
        if label:
            return strip_span(self.text, *label.span(1))
        english = P.MAJOR_ENGLISH.search(self.scan, start, end)
        if english:
            return strip_span(self.text, *english.span(1))
        by_degree = P.MAJOR_DEGREE.search(self.scan, start, end)
        if by_degree:
            return by_degree.span(1)
        school = taken[0] if taken else None
        if school:
            after = P.MAJOR_AFTER_SCHOOL.match(self.scan, school[1], min(end, school[1] + 16))
            if after:
                return after.span(1)
        for seg in segments(self.text, start, end):
            if any(seg[0] < t[1] and t[0] < seg[1] for t in taken if t):
                continue
            piece = self.scan[seg[0] : seg[1]]
            if _NOISE_SEGMENT.match(piece) or len(piece) > 30 or not re.search(rf"[{P.HAN}a-z]", piece):
                continue
            if self._ranges(*seg) or parse_token(piece):
                continue
            if D.find_degrees(piece):
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
        """The highest counted level over every mention in the text (rules in ``degrees``); a mention in a
        dated education entry that has not ended yet counts as in progress."""
        ongoing = [entry.span for entry in self.result.education if entry.current]
        best: tuple[int, str, Span] | None = None
        for mention in self.degree_mentions:
            level = mention.counted
            if level and any(s <= mention.span[0] < e for s, e in ongoing) and mention.status == "completed":
                level = D.lower_one(mention.stated)
            if level and (best is None or D.DEGREE_RANK[level] > best[0]):
                best = (D.DEGREE_RANK[level], level, mention.span)
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
        posts = self._posts(sectioned)
        by_anchor: dict[Span, T.Post] = {}
        for post, anchor_span in posts:
            if anchor_span is not None and not post.professional:
                by_anchor.setdefault(anchor_span, post)
        entries: list[ExperienceEntry] = []
        seen: set[tuple] = set()
        claimed: set[int] = set()  # line starts already used as a neighbour
        entry_titles: list[Span] = []
        for region_start, region_end in regions:
            for unit in _UNITS.finditer(self.text, region_start, region_end):
                u_start, u_end = unit.span()
                anchors = self._anchors(u_start, u_end)
                if not anchors:
                    continue
                if self._looks_educational(u_start, u_end, sectioned):
                    continue
                for index, anchor in enumerate(anchors):
                    post = None if sectioned else by_anchor.get(anchor.span)
                    if post is not None:
                        company, title = post.org_span, post.span
                    else:
                        body_end = anchors[index + 1].span[0] if index + 1 < len(anchors) else u_end
                        company, title = self._company_title(anchor.span[1], body_end)
                        if company is None and title is None and index == 0:
                            company, title = self._company_title(u_start, anchor.span[0])
                        if sectioned and (company is None or title is None):
                            company, title = self._from_neighbours(u_start, u_end, company, title, claimed)
                        if title is not None:
                            cut = T.cut_title if sectioned else T.prose_title
                            title = cut(self.text, *title)
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
                        if title is not None and (sectioned or post is None):
                            entry_titles.append(title)
        self.result.experience = entries
        for index, entry in enumerate(entries):
            self.evidence[f"experience[{index}]"] = [entry.span]
        self._titles(posts, entry_titles, entries, sectioned)
        self._years(entries)

    def _posts(self, sectioned: bool) -> list[tuple[T.Post, Span | None]]:
        """Every post the text says was held (prose triggers, dated prose clauses, English, labels), with
        the span of its date anchor."""
        found: list[tuple[T.Post, Span | None]] = []
        triggers = [m.start() for m in T.TRIGGER.finditer(self.text)]
        for section in self.sections:
            if section.kind in _NO_POST_SECTIONS:
                continue
            for unit in _UNITS.finditer(self.text, section.start, section.end):
                u_start, u_end = unit.span()
                anchors = [] if sectioned else self._anchors(u_start, u_end)
                index = bisect_left(triggers, u_start)
                if not anchors and (index == len(triggers) or triggers[index] >= u_end):
                    continue  # no trigger and no date: no post in this sentence
                spans = [a.span for a in anchors]
                for post in T.prose_posts(self.text, u_start, u_end, spans):
                    found.append((post, spans[post.date_index] if post.date_index is not None else None))
                    if post.date_index is not None and anchors[post.date_index].current:
                        post.current = True
            found.extend((post, None) for post in T.english_posts(self.text, section.start, section.end))
        found.extend((post, None) for post in T.labelled_posts(self.text, 0, len(self.text)))
        found.sort(key=lambda item: item[0].span)
        return found

    def _titles(
        self, posts: list[tuple[T.Post, Span | None]], entry_titles: list[Span], entries: list, sectioned: bool
    ) -> None:
        ranges = {e.range.span: e.range for e in entries if e.range is not None}
        ranges.update({r.span: r for r in self.all_ranges} | {o.span: o for o in self.all_open_starts})
        jobs: list[tuple[Span, str, dict | None]] = []
        professional: list[tuple[Span, str]] = []
        for post, anchor_span in posts:
            if post.professional:
                professional.append((post.span, post.title))
                continue
            anchor = ranges.get(anchor_span) if anchor_span else None
            jobs.append((post.span, post.title, {
                "title": post.title, "organisation": post.organisation,
                "start": anchor.start.iso() if anchor else None,
                "end": anchor.end.iso() if anchor and anchor.end else None,
                "current": bool(post.current or (anchor and anchor.current)),
            }))
        for span in entry_titles:
            if not any(s <= span[0] < e for (s, e), _, _ in jobs):
                jobs.append((span, self.text[span[0] : span[1]], None))
        for entry in entries:
            if sectioned and entry.title:
                jobs.append(((entry.span[0], entry.span[0]), "", {
                    "title": entry.title, "organisation": entry.company, "start": entry.start.iso(),
                    "end": entry.end.iso() if entry.end else None, "current": entry.current,
                }))
        jobs.sort(key=lambda item: item[0])
        titles: list[str] = []
        for span, title, position in jobs:
            if title and title not in titles:
                titles.append(title)
                self.evidence.setdefault("titles", []).append(span)
            if position is not None and position not in self.result.positions:
                self.result.positions.append(position)
        self.result.titles = titles
        taken = [span for span, _, _ in jobs] + [span for span, _ in professional]
        professional += [(span, title) for title, span in T.professional_in(self.text, 0, len(self.text), taken)]
        for span, title in sorted(professional):
            if title not in self.result.professional_titles:
                self.result.professional_titles.append(title)
                self.evidence.setdefault("professional_titles", []).append(span)

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

    def _company_title(self, start: int, end: int) -> tuple[Span | None, Span | None]:
        company: Span | None = None
        title: Span | None = None
        loose: list[Span] = []
        # An English company name may contain separators ("Acme Technology Co., Ltd."): find it first.
        cased = P.ORG_CASED.search(self.text, start, end)
        if cased:
            company = strip_span(self.text, *cased.span())
        for seg_start, seg_end in segments(self.text, start, end):
            if company and seg_start < company[1] and company[0] < seg_end:
                continue
            piece = self.scan[seg_start:seg_end]
            if P.EXTRA_TITLE.match(piece):
                continue  # 兼任…/曾任…: read as posts by ``titles``
            if P.BULLET.match(piece) or _NOISE_SEGMENT.match(piece):
                continue
            org = self._org_in(seg_start, seg_end)
            if org and company is None:
                company = org
                rest = strip_span(self.text, org[1], seg_end)
                if rest[1] > rest[0] and title is None and self._title_in(*rest):
                    title = self._title_in(*rest)
                continue
            found_title = self._title_in(seg_start, seg_end)
            if found_title and title is None:
                title = found_title
                continue
            if found_title:
                continue
            if 2 <= seg_end - seg_start <= 40 and re.search(rf"[{P.HAN}a-z]", piece):
                loose.append((seg_start, seg_end))
        if company is None and loose:
            company = loose.pop(0)
        if title is None and loose:
            title = loose.pop(0)
        return company, title

    def _org_in(self, start: int, end: int) -> Span | None:
        cased = P.ORG_CASED.search(self.text, start, end)
        if cased:
            return strip_span(self.text, *cased.span())
        found = P.ORG_GREEDY.search(self.scan, start, end)
        if not found:
            return None
        s, e = found.span()
        prefix = P.ORG_PREFIX.match(self.scan, s, e)
        if prefix:
            s = prefix.end()
        if e - s < 3:
            return None
        return strip_span(self.text, s, e)

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
        s, e = strip_span(self.text, s, e)
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
                    or is_heading(line)
                    or self._ranges(s, e)
                    or self._section_at(s) != self._section_at(u_start)
                ):
                    break
                found_company, found_title = self._company_title(s, e)
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
                    value = cn_number(found.group(1))
                    if value is not None and 0 < value <= 50 and value > stated:
                        stated, stated_span = float(value), found.span()
        if stated > dated:
            self.result.years_experience, self.result.years_source = stated, "stated"
            self.evidence["years_experience"] = [stated_span] if stated_span else []
        elif dated > 0:
            self.result.years_experience, self.result.years_source = dated, "dated"
            self.evidence["years_experience"] = [e.span for e in entries]

    # the rest ------------------------------------------------------------------------------------

