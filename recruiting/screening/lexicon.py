"""The skill lexicon as a compiled matcher: every spelling (zh or en) of a skill maps to its canonical name.

Matching rules (one home for them):
- Text and spellings are compared after normalisation (full-width → half-width, ASCII case folded).
- A space, hyphen or underscore inside a spelling matches any one of them or nothing, so "To B" also
  finds "ToB" and "to-b", and "machine learning" finds "machine-learning".
- A spelling that starts (ends) with a Latin letter or digit only matches where the text has no Latin
  letter or digit just before (after) it: "Java" is not found inside "JavaScript", "Excel" not inside
  "excellent". Chinese spellings match anywhere (Chinese has no spaces between words).
- Very short Latin spellings (one or two characters such as "Go", "ML", "py") would fire on ordinary
  words, so they match case-sensitively: as written or in capitals ("Go", "GO"; not "go").
- Where spellings overlap, the longest wins ("Spring Boot" before "Spring").

Spellings are compiled into one regular expression shaped like a trie, which keeps matching linear in
practice (one pass over a 3 KB resume takes well under a millisecond).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .normalise import NormalisedText, ascii_lower, to_half_width

_SEPARATORS = re.compile(r"[\s_\-]+")
_SHORT_LATIN = re.compile(r"[A-Za-z0-9]{1,2}")
_SEPARATOR_MARK = "\x00"  # stands for "one optional separator" inside the trie
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def spelling_key(spelling: str) -> str:
    """The comparison key of a spelling: half-width, lower-case, separators removed."""
    return _SEPARATORS.sub("", ascii_lower(to_half_width(spelling)).strip())


def _trie_pattern(spellings: Iterable[str], *, word_chars: str) -> str:
    """A regex alternation shaped like a trie; a branch that ends on a word character must not be
    followed by another one."""
    trie: dict = {}
    for spelling in spellings:
        node = trie
        for char in spelling:
            node = node.setdefault(char, {})
        node[""] = True

    def emit(node: dict, last: str) -> str:
        children = sorted(k for k in node if k)
        branches = []
        for char in children:
            piece = r"[\s_\-]?" if char == _SEPARATOR_MARK else re.escape(char)
            branches.append(piece + emit(node[char], char))
        if "" in node:
            # Shorter match last, so the longest spelling wins; boundary only after a word character.
            branches.append(rf"(?![{word_chars}])" if re.fullmatch(rf"[{word_chars}]", last) else "")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return emit(trie, "")


@dataclass(frozen=True)
class SkillMatch:
    canonical: str
    span: tuple[int, int]


@dataclass
class SkillLexicon:
    """Build with ``SkillLexicon.from_entries([(canonical, [alias, ...]), ...])``."""

    entries: tuple[tuple[str, tuple[str, ...]], ...]
    _by_key: dict[str, str] = field(init=False, repr=False)
    _folded: re.Pattern | None = field(init=False, repr=False)
    _exact: re.Pattern | None = field(init=False, repr=False)
    _exact_keys: dict[str, str] = field(init=False, repr=False)
    _seen: dict[str, str | None] = field(init=False, repr=False)
    version: str = field(init=False)

    @classmethod
    def from_entries(cls, entries: Iterable[tuple[str, Iterable[str]]]) -> SkillLexicon:
        cleaned = []
        for canonical, aliases in entries:
            canonical = " ".join(to_half_width(canonical).split())
            if not canonical:
                continue
            spellings = tuple(dict.fromkeys(" ".join(to_half_width(a).split()) for a in aliases if a and a.strip()))
            cleaned.append((canonical, spellings))
        cleaned.sort(key=lambda item: item[0])
        return cls(entries=tuple(cleaned))

    def __post_init__(self) -> None:
        self._by_key = {}
        self._exact_keys = {}
        self._seen = {}  # matched text → canonical name (matched texts repeat a lot)
        folded: set[str] = set()
        exact: set[str] = set()
        for canonical, aliases in self.entries:
            for spelling in (canonical, *aliases):
                key = spelling_key(spelling)
                if not key:
                    continue
                if _SHORT_LATIN.fullmatch(spelling.strip()):
                    for variant in {spelling.strip(), spelling.strip().upper()}:
                        exact.add(variant)
                        self._exact_keys.setdefault(variant, canonical)
                    self._by_key.setdefault(key, canonical)
                    continue
                # First spelling wins when two skills share one; the lexicon owner should avoid that.
                self._by_key.setdefault(key, canonical)
                folded.add(_SEPARATORS.sub(_SEPARATOR_MARK, ascii_lower(spelling)))
        self._folded = re.compile(_trie_pattern(sorted(folded), word_chars="a-z0-9")) if folded else None
        self._exact = re.compile(_trie_pattern(sorted(exact), word_chars="A-Za-z0-9")) if exact else None
        digest = hashlib.sha256(json.dumps(self.entries, ensure_ascii=False).encode()).hexdigest()
        self.version = digest[:16]

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def canonical_names(self) -> list[str]:
        return [canonical for canonical, _ in self.entries]

    def spellings(self) -> list[str]:
        """Every canonical name and alias (for the tokenizer's user dictionary)."""
        return [s for canonical, aliases in self.entries for s in (canonical, *aliases)]

    def canonical(self, spelling: str) -> str | None:
        """The canonical name of any spelling, or None when the lexicon does not know it."""
        stripped = " ".join(to_half_width(spelling).split())
        return self._exact_keys.get(stripped) or self._by_key.get(spelling_key(stripped))

    def find(self, text: NormalisedText | str) -> list[SkillMatch]:
        """Every skill mention in text order (spans index into the normalised text)."""
        if isinstance(text, str):
            from .normalise import normalise

            text = normalise(text)
        raw: list[tuple[int, int, str]] = []
        seen = self._seen
        for pattern, haystack, exact in ((self._folded, text.lower, False), (self._exact, text.text, True)):
            if pattern is None:
                continue
            for match in pattern.finditer(haystack):
                start, end = match.span()
                matched = match.group(0)
                if start > 0 and matched[0] in _WORD_CHARS and haystack[start - 1] in _WORD_CHARS:
                    continue  # a Latin spelling glued to a preceding Latin letter: "xpython"
                if exact:
                    canonical = self._exact_keys.get(matched)
                else:
                    if matched not in seen:
                        seen[matched] = self._by_key.get(spelling_key(matched))
                    canonical = seen[matched]
                if canonical:
                    raw.append((start, -end, canonical))
        # The two passes can overlap ("Go" inside "Go语言"): keep the longest, earliest match.
        raw.sort()
        found: list[SkillMatch] = []
        reached = -1
        for start, negative_end, canonical in raw:
            if start >= reached:
                found.append(SkillMatch(canonical, (start, -negative_end)))
                reached = -negative_end
        return found

    def skills_in(self, text: NormalisedText | str) -> dict[str, list[tuple[int, int]]]:
        """Canonical skill → spans of its mentions, ordered by first mention."""
        result: dict[str, list[tuple[int, int]]] = {}
        for match in self.find(text):
            result.setdefault(match.canonical, []).append(match.span)
        return result
