"""Dates and date ranges as resumes write them, at month precision.

Understood (after normalisation, so full-width digits are already ASCII):
``2019.03`` ``2019.3`` ``2019-03`` ``2019/03`` ``2019年3月`` ``03/2019`` ``Mar 2019`` ``March, 2019`` and a bare
year ``2019`` / ``2019年`` (inside a range or after 起/since); ranges joined by - – — ~ ～ 至 到 to until; the
open end 至今 / 今 / 现在 / 目前 / present / now / current; and open starts such as ``2008年起`` or ``since 2008``.

A stated end month counts in full, so 2019.03–2021.05 is 27 months and consecutive jobs written as
2017.07–2019.02 / 2019.03–至今 leave no gap; "至今" runs up to (not including) the current month. A year
without a month is read as January at both ends, so "2003–2008" is five years; when both ends are the
same bare year ("2016–2016") it is the whole year. Overlapping ranges are merged before they are added up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_MON_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# One date token; the alternatives are tried in this order, most specific first.
_TOKEN = (
    rf"(?<!\d){_YEAR}\s?年\s?\d{{1,2}}\s?月(?:\s?\d{{1,2}}\s?日)?"  # 2019年3月
    rf"|(?<![\d.]){_YEAR}\s?[./-]\s?(?:1[0-2]|0?[1-9])(?![\d])(?:[./-](?:3[01]|[12]\d|0?[1-9])(?![\d]))?"  # 2019.03
    rf"|(?<![\d/.])(?:1[0-2]|0?[1-9])\s?[/.]\s?{_YEAR}(?!\d)"  # 03/2019
    rf"|(?<![a-z]){_MON_NAME}\.?,?\s?{_YEAR}(?!\d)"  # Mar 2019
    rf"|(?<![\d.]){_YEAR}(?![\d.])(?:\s?年(?!\s?\d{{1,2}}\s?月))?"  # 2019 / 2019年
)
_PRESENT = r"至今|迄今|今|现在|目前|现今|present|now|current(?:ly)?|today|to date|till now|until now"
_SEP = r"[-–—―~～]{1,2}|至|到|to|until|till"
RANGE_RE = re.compile(rf"(?P<a>{_TOKEN})\s?(?:{_SEP})\s?(?P<b>{_TOKEN}|{_PRESENT})(?![a-z])")
# Every date token has a four-digit year; lines without one are skipped before the expensive pattern.
_YEAR_HIT = re.compile(r"(?:19|20)\d\d")
OPEN_START_RE = re.compile(
    rf"(?:(?P<a>{_TOKEN})\s?(?:起|开始|以来|至今|迄今))|(?:since\s(?P<b>{_TOKEN}))"
)
_CN_YM = re.compile(r"(\d{4})\s?年\s?(\d{1,2})")
_NUM_YM = re.compile(r"(\d{4})\s?[./-]\s?(\d{1,2})")
_MY = re.compile(r"(\d{1,2})\s?[/.]\s?(\d{4})")
_NAME_Y = re.compile(r"([a-z]{3})[a-z]*\.?,?\s?(\d{4})")
_Y = re.compile(r"(\d{4})")


@dataclass(frozen=True, order=True)
class YearMonth:
    year: int
    month: int

    @property
    def index(self) -> int:
        return self.year * 12 + self.month - 1

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @classmethod
    def of(cls, day: date) -> YearMonth:
        return cls(day.year, day.month)


@dataclass(frozen=True)
class DateToken:
    value: YearMonth
    year_only: bool


@dataclass(frozen=True)
class DateRange:
    start: YearMonth
    end: YearMonth | None  # None while ``current``
    current: bool
    span: tuple[int, int]
    end_month_given: bool = True  # False for a bare year ("2003–2008")

    def end_or(self, as_of: YearMonth) -> YearMonth:
        return as_of if self.current or self.end is None else self.end

    def end_index(self, as_of: YearMonth) -> int:
        """Exclusive month index of the end: a stated end month was worked in full (2019.02 means up to
        the end of February), the current month has not ended yet, a bare year ends at its January."""
        if self.current or self.end is None:
            return as_of.index
        return self.end.index + (1 if self.end_month_given else 0)

    def months(self, as_of: YearMonth) -> int:
        return max(0, self.end_index(as_of) - self.start.index)


def parse_token(token: str) -> DateToken | None:
    """One matched date token (lower-case text) → year and month, or None when it is not a real date."""
    token = token.strip()
    for pattern, kind in ((_CN_YM, "ym"), (_NUM_YM, "ym"), (_MY, "my"), (_NAME_Y, "name")):
        found = pattern.match(token)
        if not found:
            continue
        if kind == "ym":
            year, month = int(found.group(1)), int(found.group(2))
        elif kind == "my":
            month, year = int(found.group(1)), int(found.group(2))
        else:
            month = _MONTHS.get(found.group(1), 0)
            year = int(found.group(2))
        if 1 <= month <= 12:
            return DateToken(YearMonth(year, month), year_only=False)
        return None
    found = _Y.match(token)
    if found:
        return DateToken(YearMonth(int(found.group(1)), 1), year_only=True)
    return None


def _is_present(text: str) -> bool:
    return not any(ch.isdigit() for ch in text)


def _plausible(value: YearMonth, as_of: YearMonth) -> bool:
    return 1950 <= value.year and value.index <= as_of.index + 12


def _year_lines(lower: str, pos: int, endpos: int) -> Iterable[tuple[int, int]]:
    """(start, end) of each line of ``lower[pos:endpos]`` that contains a four-digit year."""
    cursor = pos
    while True:
        hit = _YEAR_HIT.search(lower, cursor, endpos)
        if hit is None:
            return
        line_start = max(pos, lower.rfind("\n", 0, hit.start()) + 1)
        line_end = lower.find("\n", hit.end(), endpos)
        line_end = endpos if line_end == -1 else line_end
        yield line_start, line_end
        cursor = line_end + 1
        if cursor >= endpos:
            return


def _matches(pattern: re.Pattern, lower: str, pos: int, endpos: int) -> Iterable[re.Match]:
    for line_start, line_end in _year_lines(lower, pos, endpos):
        yield from pattern.finditer(lower, line_start, line_end)


def find_ranges(lower: str, as_of: YearMonth, *, pos: int = 0, endpos: int | None = None) -> list[DateRange]:
    """Every date range in ``lower[pos:endpos]`` (spans index into ``lower``), in text order. A range does
    not continue across a line break."""
    endpos = len(lower) if endpos is None else endpos
    found: list[DateRange] = []
    for match in _matches(RANGE_RE, lower, pos, endpos):
        first = parse_token(match.group("a"))
        if first is None or not _plausible(first.value, as_of):
            continue
        second_text = match.group("b")
        span = (match.start("a"), match.end())
        if _is_present(second_text):
            found.append(DateRange(first.value, None, True, span))
            continue
        second = parse_token(second_text)
        if second is None or not _plausible(second.value, as_of):
            continue
        end = second.value
        month_given = not second.year_only
        if second.year_only and first.year_only and end.year == first.value.year:
            end, month_given = YearMonth(end.year, 12), True
        if end.index < first.value.index:
            continue
        current = end.index > as_of.index  # an end date in the coming months means "still there"
        found.append(DateRange(first.value, None if current else end, current, span, month_given))
    return found


def find_open_starts(lower: str, as_of: YearMonth, *, pos: int = 0, endpos: int | None = None) -> list[DateRange]:
    """"2008年起…" / "since 2008": a start with no end, read as still ongoing."""
    endpos = len(lower) if endpos is None else endpos
    found = []
    for match in _matches(OPEN_START_RE, lower, pos, endpos):
        group = "a" if match.group("a") else "b"
        token = parse_token(match.group(group))
        if token is not None and _plausible(token.value, as_of):
            found.append(DateRange(token.value, None, True, (match.start(group), match.end())))
    return found


def merged_months(ranges: Iterable[DateRange], as_of: YearMonth) -> int:
    """Months covered by the union of ``ranges`` (overlaps counted once)."""
    intervals = sorted((r.start.index, r.end_index(as_of)) for r in ranges if r.end_index(as_of) > r.start.index)
    total = 0
    current_start = current_end = None
    for start, end in intervals:
        if current_end is None or start > current_end:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += current_end - current_start
    return total
