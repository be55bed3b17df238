"""Team size, certifications and languages: the smaller facts of a resume."""

from __future__ import annotations

import re

from . import patterns as P
from .dates import parse_token
from .textspans import Span, cn_number, strip_span


def team_size(scan: str, lines: list[Span]) -> tuple[int, Span] | None:
    """The largest team the resume says the candidate managed, with its span."""
    best: tuple[int, Span] | None = None
    for start, end in lines:
        if not P.TEAM_TRIGGER.search(scan, start, end):
            continue
        for pattern in P.TEAM_SIZE:
            for found in pattern.finditer(scan, start, end):
                value = cn_number(found.group(1))
                if value is None or not 1 <= value <= 100_000:
                    continue
                tail = scan[found.end(1) : found.end(1) + 2]
                if tail.startswith(("年", "岁", "个月", "%")):
                    continue
                if best is None or value > best[0]:
                    best = (value, found.span())
    return best


def certifications(text: str, scan: str, lines: list[Span], cert_sections: list[Span]) -> dict[str, Span]:
    """Known certificates anywhere, plus the items of a certificates section or ``证书：`` line."""
    found: dict[str, Span] = {}
    for start, end in lines:
        if not P.CERT_TRIGGER.search(scan, start, end):
            continue
        for cert, pattern in P.CERTIFICATIONS:
            match = pattern.search(scan, start, end)
            if match:
                found.setdefault(cert, match.span())
    items: list[Span] = []
    for label in P.CERT_LABEL.finditer(scan):
        items.extend(_cert_items(text, *label.span(1)))
    for start, end in cert_sections:
        items.extend(_cert_items(text, start, end))
    for start, end in items:
        piece = scan[start:end]
        known = next((cert for cert, pattern in P.CERTIFICATIONS if pattern.search(piece)), None)
        if known:
            found.setdefault(known, (start, end))
        elif 2 <= end - start <= 30 and not parse_token(piece) and not re.fullmatch(r"[\d\s.\-/年月]+", piece):
            found.setdefault(text[start:end], (start, end))
    return found


def _cert_items(text: str, start: int, end: int) -> list[Span]:
    spans = []
    cursor = start
    for sep in re.finditer(r"[、,，;；/\n]|\s{2,}", text[start:end]):
        spans.append(strip_span(text, cursor, start + sep.start(), " \t-•·*●:："))
        cursor = start + sep.end()
    spans.append(strip_span(text, cursor, end, " \t-•·*●:："))
    return [s for s in spans if s[1] > s[0]]


def languages(text: str, scan: str, evidence: dict[str, list[Span]]) -> list[dict]:
    """``{language, level}`` for every language named, the line as evidence."""
    found: list[dict] = []
    for language, pattern in P.LANGUAGES:
        match = pattern.search(scan)
        if not match:
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        line_end = len(text) if line_end == -1 else line_end
        level = P.LANGUAGE_LEVEL.search(scan, match.start(), min(line_end, match.end() + 30))
        found.append({"language": language, "level": text[level.start() : level.end()].upper() if level else None})
        evidence[f"languages.{language}"] = [(line_start, line_end)]
    return found
