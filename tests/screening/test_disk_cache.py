"""The tables derived from jieba's dictionary and each position's query terms, kept on disk between processes:
the same scores and explanations with or without them, rebuilt when a file is stale or damaged, and a
directory that cannot be written only means nothing is kept."""

from __future__ import annotations

import marshal
from dataclasses import replace
from pathlib import Path

import pytest

from recruiting.screening import CompetencySpec, PositionModel, RequiredSkill, ScreeningEngine, tokenize
from recruiting.screening.diskcache import DiskCache

from .conftest import AS_OF

USER_WORDS = ["沟通能力", "沟通", "协调", "业绩", "目标", "带领", "团队"]
SALES = PositionModel(
    code="SM-01",
    title_zh="销售经理",
    title_en="Sales Manager",
    required_skills=(RequiredSkill("CRM", must_have=True), RequiredSkill("Excel")),
    min_years=3,
    min_education="本科",
    competencies=(CompetencySpec("COMM", "沟通能力", "Communication", 1.0, ("沟通", "协调", "客户")),),
    text="销售经理\n负责华东区域大客户销售，制定销售策略，带领团队完成业绩目标；熟悉CRM与Excel数据分析，本科以上学历",
)
RESUME = (
    "王芳\n教育背景\n2010.09-2014.06 复旦大学 市场营销 本科\n工作经历\n2018.03-至今 上海某某贸易有限公司 销售经理\n"
    "负责华东区域大客户开发，带领8人团队，沟通协调客户，年度业绩目标完成率115%\n技能：CRM、Excel数据分析"
)


def _result(engine: ScreeningEngine):
    _, result = engine.screen_text(RESUME, SALES, as_of=AS_OF)
    return result.score, result.explanation_zh, result.explanation_en, result.breakdown["similarity"].to_json()


def _engine(lexicon, cache_dir) -> ScreeningEngine:
    return ScreeningEngine(lexicon, user_words=USER_WORDS, cache_dir=str(cache_dir) if cache_dir else None)


def _cache_files(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir())


def test_a_cached_position_scores_the_same_without_loading_jieba(lexicon, tmp_path):
    expected = _result(_engine(lexicon, None))
    first = _engine(lexicon, tmp_path)
    assert _result(first) == expected
    assert any(name.startswith("query-terms-") for name in _cache_files(tmp_path))
    second = _engine(lexicon, tmp_path)
    assert _result(second) == expected
    assert second._segmenter is None  # the query terms came from the cache: no tokenizer was built


def test_another_position_text_or_user_dictionary_is_not_served_from_the_cache(lexicon, tmp_path):
    _result(_engine(lexicon, tmp_path))
    edited = replace(SALES, text=SALES.text + "，有医药行业经验优先")
    engine = _engine(lexicon, tmp_path)
    engine.prepare(edited)
    assert engine._segmenter is not None
    assert "医药行业" in engine.prepare(edited).query
    other_words = ScreeningEngine(lexicon, user_words=[*USER_WORDS, "大客户开发"], cache_dir=str(tmp_path))
    other_words.prepare(SALES)
    assert other_words._segmenter is not None


def test_damaged_or_foreign_cache_files_are_rebuilt(lexicon, tmp_path):
    expected = _result(_engine(lexicon, None))
    _result(_engine(lexicon, tmp_path))
    files = [path for path in tmp_path.iterdir() if path.name.startswith("query-terms-")]
    files[0].write_bytes(b"\x00not marshal")
    engine = _engine(lexicon, tmp_path)
    assert _result(engine) == expected and engine._segmenter is not None
    files[0].write_bytes(marshal.dumps(("some other program", 1, {"销售": 99.0})))
    assert _result(_engine(lexicon, tmp_path)) == expected
    assert _result(_engine(lexicon, tmp_path)) == expected  # and the rebuilt file is whole again


def test_a_directory_that_cannot_be_written_keeps_everything_in_memory(lexicon, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    expected = _result(_engine(lexicon, None))
    assert _result(_engine(lexicon, blocker / "cache")) == expected
    assert blocker.read_text() == "a file where the cache directory should be"


def test_writes_are_atomic_and_leave_no_temporary_files(tmp_path):
    cache = DiskCache(tmp_path / "cache")
    cache.store("table", "key-1", {"词": 1.5})
    cache.store("table", "key-1", {"词": 2.5})  # a second writer replaces the whole file
    assert cache.load("table", "key-1") == {"词": 2.5}
    assert cache.load("table", "key-2") is None  # same name, other key: stale, not served
    assert _cache_files(tmp_path / "cache") == [p.name for p in (tmp_path / "cache").glob("table-*.marshal")]
    DiskCache(None).store("table", "key-1", {"词": 1.5})
    assert DiskCache(None).load("table", "key-1") is None


@pytest.fixture
def fresh_tables():
    """Forget the process's content-word and IDF tables so that they are loaded again (and restore them)."""
    saved = {key: tokenize._state.pop(key) for key in ("content_words", "idf") if key in tokenize._state}
    yield
    for key in ("content_words", "idf"):
        tokenize._state.pop(key, None)
    tokenize._state.update(saved)


def test_content_word_and_idf_tables_read_back_equal_to_the_built_ones(tmp_path, fresh_tables):
    built_words, built_idf = tokenize._content_words(), tokenize.idf_table()
    for key in ("content_words", "idf"):
        tokenize._state.pop(key)
    cache = DiskCache(tmp_path)
    assert tokenize._content_words(cache) == built_words and tokenize.idf_table(cache) == built_idf
    for key in ("content_words", "idf"):
        tokenize._state.pop(key)
    stored = {name.split("-")[0] for name in _cache_files(tmp_path)}
    assert stored == {"content", "idf"}
    assert tokenize._content_words(cache) == built_words and tokenize.idf_table(cache) == built_idf


def test_a_tokenizer_from_the_cached_prefix_dictionary_cuts_like_jieba(tmp_path):
    import jieba

    own = jieba.Tokenizer()
    own.initialize()
    text = "2019年起任上海某某科技有限公司高级产品经理，负责华东区域大客户销售与数据分析平台建设"
    cache = DiskCache(tmp_path)
    first = tokenize.Segmenter(frozenset({"数据分析"}), cache)  # builds through jieba, stores the table
    assert any(name.startswith("jieba-prefix-dictionary-") for name in _cache_files(tmp_path))
    second = tokenize.Segmenter(frozenset({"数据分析"}), cache)  # reads it back
    assert second._tokenizer.FREQ is not first._tokenizer.FREQ
    assert (second._tokenizer.total, len(second._tokenizer.FREQ)) == (first._tokenizer.total, len(first._tokenizer.FREQ))
    assert second.cut(text) == first.cut(text)
    own.add_word("数据分析", tag=tokenize.USER_WORD_TAG)
    assert second.cut(text) == [t.lower() for t in own.cut(text, HMM=False) if t.strip()]
