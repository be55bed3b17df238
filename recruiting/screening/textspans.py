"""Small text helpers of the parser: span stripping, segment splitting, heading lines, numbers, masking."""

from __future__ import annotations

import re

from . import patterns as P
from .normalise import NormalisedText

Span = tuple[int, int]


def cn_number(token: str) -> int | None:
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


def masked(norm: NormalisedText) -> NormalisedText:
    """The text with e-mail addresses and URLs blanked out (same length), so that a skill, a date or a
    company is never read out of "python2019@example.com"."""
    spans = [m.span() for m in P.EMAIL.finditer(norm.lower)] + [m.span() for m in P.URL.finditer(norm.lower)]
    if not spans:
        return norm
    text, lower = list(norm.text), list(norm.lower)
    for start, end in spans:
        text[start:end] = lower[start:end] = " " * (end - start)
    return NormalisedText(text="".join(text), lower="".join(lower))


def strip_span(text: str, start: int, end: int, strip: str = " \t,，;；:：|·•-–—()（）[]【】") -> Span:
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


def segments(text: str, start: int, end: int) -> list[Span]:
    """Split ``text[start:end]`` at separators (| , ， ; 、 tabs, dashes with spaces, ' at ', and any
    whitespace next to a Han character) into stripped, non-empty spans."""
    spans = []
    cursor = start
    for match in P.ENTRY_SPLIT.finditer(text, start, end):
        if match.start() > cursor:
            spans.append(strip_span(text, cursor, match.start()))
        cursor = match.end()
    if cursor < end:
        spans.append(strip_span(text, cursor, end))
    return [s for s in spans if s[1] > s[0]]


def is_heading(line: str) -> str | None:
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
