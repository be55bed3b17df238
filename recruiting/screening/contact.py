"""Contact data and the candidate's name, read from the normalised text (evidence spans into it)."""

from __future__ import annotations

import re

from . import patterns as P
from .textspans import Span, is_heading, segments

_LATIN_WITH_HAN_NAME = re.compile(rf"([A-Z][a-zA-Z'\-]+(?: [A-Z][a-zA-Z'\-]+){{1,3}})\s?[(（]([{P.HAN}]{{2,4}})[)）]")


def contact(text: str, lower: str, evidence: dict[str, list[Span]]) -> tuple[str | None, str | None]:
    """(e-mail, phone): the first address; a mainland mobile, else a labelled number, else a landline."""
    email_found: str | None = None
    email = P.EMAIL.search(lower)
    if email:
        email_found = email.group(0)
        evidence["email"] = [email.span()]
    mobile = P.MOBILE.search(text)
    if mobile:
        evidence["phone"] = [mobile.span()]
        return email_found, "".join(mobile.groups())
    labelled = P.LABELLED_PHONE.search(lower)
    if labelled:
        digits = re.sub(r"[^\d+]", "", labelled.group(1))
        if 7 <= len(digits.lstrip("+")) <= 15:
            evidence["phone"] = [labelled.span(1)]
            return email_found, digits
    landline = P.LANDLINE.search(text)
    if landline:
        evidence["phone"] = [landline.span()]
        return email_found, "-".join(landline.groups())
    return email_found, None


def name(text: str, lower: str, lines: list[Span], header_end: int) -> tuple[str | None, Span | None]:
    """A ``姓名：`` label, else the first segment of the first lines that reads as a name."""
    label = P.NAME_LABEL.search(lower)
    if label:
        start, end = label.span(1)
        return text[start:end].strip(), (start, end)
    for start, end in lines[:4]:
        if start >= max(header_end, 1) and start > 0:
            break
        line = text[start:end]
        cleaned = P.NAME_STRIP.sub(lambda m: " " * len(m.group(0)), line)
        both = _LATIN_WITH_HAN_NAME.match(cleaned.strip())
        if both and chinese_name(both.group(2)):
            # "Jun Shen (沈俊)": the Chinese name is the one HR files the candidate under.
            offset = cleaned.index(both.group(2))
            return both.group(2), (start + offset, start + offset + len(both.group(2)))
        for seg_start, seg_end in segments(cleaned, 0, len(cleaned)):
            candidate = cleaned[seg_start:seg_end]
            if chinese_name(candidate) or latin_name(candidate):
                return candidate, (start + seg_start, start + seg_end)
            break  # only the first segment of a line can be the name
    return None, None


def chinese_name(candidate: str) -> bool:
    for suffix in ("先生", "女士"):
        candidate = candidate.removesuffix(suffix)
    if not re.fullmatch(rf"[{P.HAN}]{{2,4}}", candidate) or candidate in P.NOT_NAMES:
        return False
    if any(candidate.startswith(s) for s in P.COMPOUND_SURNAMES):
        return True
    return candidate[0] in P.SURNAMES and not P.TITLE.search(candidate) and not P.ORG.search(candidate)


def latin_name(candidate: str) -> bool:
    if not re.fullmatch(r"[A-Z][a-zA-Z'\-]+(?: [A-Z][a-zA-Z'\-.]*){1,3}", candidate):
        return False
    lower = candidate.lower()
    return not (P.TITLE_ENGLISH.search(lower) or is_heading(lower) or P.ORG_CASED.search(candidate))
