"""jieba segmentation for the text-similarity component, loaded once per process.

Design choices (see docs/screening.md):
- A private ``jieba.Tokenizer`` instance, not the module-global one, so that words other code adds to
  jieba never change how this engine segments a resume (the same inputs must give the same score).
- The user dictionary (skill lexicon spellings + competency names and evidence keywords) is part of the
  tokenizer's identity: asking for a different word set builds a fresh tokenizer (≈1 s, rare: only when
  the lexicon or a competency model changes), asking for the same set reuses it. Words are added in
  sorted order, so the result depends on the set only.
- Segmentation runs without the HMM new-word finder (faster, and no statistical guess about unknown
  words); part-of-speech comes from jieba's dictionary tags, which is what ``jieba.posseg`` returns
  for dictionary words when HMM is off. Only nouns, proper nouns, verbal nouns, English words, idioms,
  organisation names and abbreviations count as content terms: ``n nz vn eng nt l j`` (+ user words).
- Inverse document frequencies come from the IDF table that ships with jieba (``analyse/idf.txt``).
- The content-word and IDF tables are derived from jieba's files once and kept in a ``DiskCache`` keyed by
  the files' digest (``dictionary_fingerprint``); jieba itself is imported only when a tokenizer is built,
  so a process whose positions' query terms are all cached (see scoring.py) never loads it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import math
import os
import re
import threading
from collections import Counter
from collections.abc import Iterable

from .diskcache import DiskCache

# Bump when is_content or the query-term rule (ScreeningEngine._query_terms) changes in a way the inputs below
# do not show: it is part of every cached position's key.
RULES_VERSION = "1"

CONTENT_POS = frozenset({"n", "nz", "vn", "eng", "nt", "l", "j"})
USER_WORD_TAG = "nz"
_ENGLISH = re.compile(r"[a-z][a-z0-9+#.&\-]*")
_HAS_HAN = re.compile(r"[\u4e00-\u9fff]")
# Words of job-ad boilerplate that every position text has; they say nothing about fit.
_STOP = frozenset(
    "公司 工作 负责 经验 能力 相关 以上 以及 进行 岗位 职位 要求 优先 熟悉 具备 良好 较强 优秀 主要 岗位职责 任职要求 "
    "职位描述 工作职责 岗位要求 职位要求 任职资格 以上学历 学历 专业 经验者 者 年限 工作经验 福利 待遇 薪资 我们 "
    "and the of to in for with on a an at by or as is are be from our we you your will years year "
    "experience plus preferred required requirements responsibilities strong good ability".split()
)

_lock = threading.Lock()
_state: dict[str, object] = {}


def _jieba_dir() -> str:
    """jieba's package directory, found without importing it (the import alone costs ≈ 80 ms)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("jieba is not installed")
    return list(spec.submodule_search_locations)[0]


def _dictionary_files() -> list[str]:
    root = _jieba_dir()
    return [os.path.join(root, "__init__.py"), os.path.join(root, "dict.txt"), os.path.join(root, "analyse", "idf.txt")]


def dictionary_fingerprint() -> str:
    """Digest of everything segmentation and the derived tables depend on: jieba's code and dictionary files,
    its IDF table, and this module's rules (content tags, stop words, RULES_VERSION). Once per process."""
    digest = _state.get("fingerprint")
    if digest is None:
        hasher = hashlib.sha256()
        for path in _dictionary_files():
            with open(path, "rb") as handle:
                hasher.update(hashlib.sha256(handle.read()).digest())
        rules = "|".join([RULES_VERSION, USER_WORD_TAG, *sorted(CONTENT_POS), *sorted(_STOP)])
        hasher.update(rules.encode())
        digest = hasher.hexdigest()
        _state["fingerprint"] = digest
    return digest  # type: ignore[return-value]


def _content_words(cache: DiskCache | None = None) -> frozenset[str]:
    """Dictionary words whose jieba tag is a content part of speech (loaded once per process)."""
    words = _state.get("content_words")
    if words is None:
        key = dictionary_fingerprint()
        words = cache.load("content-words", key) if cache else None
        if not isinstance(words, frozenset):
            found = set()
            with open(os.path.join(_jieba_dir(), "dict.txt"), encoding="utf-8") as handle:
                for line in handle:
                    parts = line.split()
                    if len(parts) == 3 and parts[2] in CONTENT_POS:
                        found.add(parts[0])
            words = frozenset(found)
            if cache:
                cache.store("content-words", key, words)
        _state["content_words"] = words
    return words  # type: ignore[return-value]


def idf_table(cache: DiskCache | None = None) -> tuple[dict[str, float], float]:
    """jieba's shipped IDF table and its median (the IDF given to words the table does not know)."""
    table = _state.get("idf")
    if table is None:
        key = dictionary_fingerprint()
        table = cache.load("idf", key) if cache else None
        if not (isinstance(table, tuple) and len(table) == 2 and isinstance(table[0], dict)):
            values: dict[str, float] = {}
            with open(os.path.join(_jieba_dir(), "analyse", "idf.txt"), encoding="utf-8") as handle:
                for line in handle:
                    word, _, value = line.rstrip("\n").partition(" ")
                    if value:
                        values[word] = float(value)
            ordered = sorted(values.values())
            median = ordered[len(ordered) // 2] if ordered else 10.0
            table = (values, median)
            if cache:
                cache.store("idf", key, table)
        _state["idf"] = table
    return table  # type: ignore[return-value]


def idf(term: str, cache: DiskCache | None = None) -> float:
    values, median = idf_table(cache)
    return values.get(term, median)


def _load_prefix_dictionary(tokenizer, cache: DiskCache | None) -> None:
    """Initialise a fresh ``jieba.Tokenizer`` on its default dictionary. jieba keeps the prefix dictionary it
    derives in its own cache file but reads it with ``marshal.load`` on the file, item by item (≈ 0.75 s);
    the same table read whole from our cache takes about a quarter of that. jieba's attributes ``FREQ``,
    ``total`` and ``initialized`` are what its own ``initialize`` sets; on a miss it runs as before."""
    key = dictionary_fingerprint()
    stored = cache.load("jieba-prefix-dictionary", key) if cache else None
    if isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[0], dict):
        tokenizer.FREQ, tokenizer.total = stored
        tokenizer.initialized = True
        return
    tokenizer.initialize()
    if cache:
        cache.store("jieba-prefix-dictionary", key, (tokenizer.FREQ, tokenizer.total))


class Segmenter:
    """A jieba tokenizer with a fixed user dictionary. Get one through ``segmenter(words)``."""

    def __init__(self, user_words: frozenset[str], cache: DiskCache | None = None):
        import jieba  # third-party and slow to import: only where a tokenizer is really built

        jieba.setLogLevel(logging.WARNING)
        self.user_words = user_words
        self._cache = cache
        self._tokenizer = jieba.Tokenizer()
        _load_prefix_dictionary(self._tokenizer, cache)
        for word in sorted(user_words):
            self._tokenizer.add_word(word, tag=USER_WORD_TAG)
        self._user_lower = frozenset(w.lower() for w in user_words)

    def cut(self, text: str) -> list[str]:
        """All tokens, lower-cased, spaces and punctuation dropped."""
        return [t.lower() for t in self._tokenizer.cut(text, HMM=False) if t.strip()]

    def is_content(self, token: str) -> bool:
        if token in _STOP or len(token) < 2 and not _HAS_HAN.search(token):
            return False
        if token in self._user_lower:
            return True
        if _ENGLISH.fullmatch(token):
            return True
        return len(token) >= 2 and token in _content_words(self._cache)

    def content_terms(self, text: str) -> Counter[str]:
        """Term frequencies of the content terms of ``text`` (the POS-filtered bag of words)."""
        return Counter(t for t in self.cut(text) if self.is_content(t))

    def term_counts(self, text: str, terms: Iterable[str]) -> Counter[str]:
        """How often each of ``terms`` occurs as a token of ``text`` (no POS filter needed: the
        terms were filtered when they were chosen)."""
        wanted = set(terms)
        return Counter(t for t in self.cut(text) if t in wanted)


def user_words(spellings: Iterable[str]) -> frozenset[str]:
    """The user dictionary from lexicon spellings and competency terms: jieba splits on spaces anyway,
    so multi-word English spellings are left out; single characters are left out too."""
    words = set()
    for spelling in spellings:
        spelling = " ".join(str(spelling).split())
        if len(spelling) >= 2 and " " not in spelling:
            words.add(spelling)
    return frozenset(words)


def segmenter(words: Iterable[str] = (), cache: DiskCache | None = None) -> Segmenter:
    """The process's segmenter for this user dictionary (built on first use, then reused; ``cache`` only
    speeds up loading the content-word table, it never changes a result)."""
    wanted = user_words(words)
    with _lock:
        current = _state.get("segmenter")
        if current is None or current.user_words != wanted:  # type: ignore[attr-defined]
            current = Segmenter(wanted, cache)
            _state["segmenter"] = current
    return current  # type: ignore[return-value]


def bm25_weight(term_frequency: float, k1: float = 1.2) -> float:
    """The BM25 term-frequency saturation without length normalisation (b = 0), scaled to 0–1."""
    if term_frequency <= 0:
        return 0.0
    return term_frequency / (term_frequency + k1)


def log_idf(term: str, cache: DiskCache | None = None) -> float:
    return max(idf(term, cache), math.log(2.0))
