"""Issue 14 item 3: extraction is bounded in memory and time. A 4.7 MB DOCX whose word/document.xml is 49 MB
of 1.39 M short paragraphs took a worker to 800 MB–1 GB; now DOCX is parsed as a stream with paragraph,
element and text caps, HTML has a tag cap, and a PDF is checked for pages, objects and inflated content
before pdfium opens it. Each refusal is a per-file message; the peak memory of any one file, measured in
a fresh child process, stays under 300 MB (figures: docs/benchmarks.md, bench/hostile_memory.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from recruiting.screening import iter_batch
from recruiting.screening.extract import extract_text
from recruiting.screening.extracted import ERROR_CODES
from recruiting.screening.limits import Limits

from . import builders, hostile_corpus

ROOT = Path(__file__).resolve().parents[2]
PEAK_RSS_LIMIT_MB = 300


@pytest.fixture(scope="module")
def small_corpus():
    return hostile_corpus.corpus(full_size=False)


def test_each_new_hostile_file_gets_its_outcome_and_a_message(small_corpus):
    problems = []
    for name, (data, expected) in small_corpus.items():
        for item in iter_batch(data, name, Limits(ocr=False)):
            outcome = "ok" if item.ok else item.error.code
            if outcome not in expected:
                problems.append(f"{name}: {outcome}, expected {sorted(expected)}")
            if item.error is not None:
                assert item.error.code in ERROR_CODES
                assert item.error.message_zh.strip() and item.error.message_en.strip()
    assert problems == []


def test_the_paragraph_cap_refuses_with_a_clear_message():
    data = hostile_corpus.docx_many_paragraphs(30_000)
    (item,) = list(iter_batch(data, "many.docx"))
    assert item.error.code == "too_complex"
    assert "20000 个段落" in item.error.message_zh and "20000 paragraphs" in item.error.message_en


def test_the_element_cap_holds_whatever_the_paragraphs():
    runs = "<w:r><w:rPr><w:b/></w:rPr><w:t>x</w:t></w:r>" * 200
    data = builders.make_docx(body=f"<w:p>{runs}</w:p>" * 10)  # 10 paragraphs, 8,000+ elements
    (item,) = list(iter_batch(data, "runs.docx", Limits(max_docx_elements=5_000)))
    assert item.error.code == "too_complex" and "个元素" in item.error.message_zh


def test_docx_text_past_the_cap_is_cut_not_kept():
    text = ("张伟 高级工程师 Python " * 20 + "\n") * 400
    result = extract_text(builders.make_docx(text), "long.docx", Limits(max_text_chars=10_000))
    assert result.truncated and len(result.text) <= 10_000 + 400


def test_docx_streaming_keeps_tables_tabs_and_nested_cells():
    body = (
        builders.paragraphs("张伟\n电话：13812345678")
        + '<w:p><w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t></w:r></w:p>'
        + builders.table([["2019.03-至今", "某某科技有限公司", "高级工程师"], ["", "空", ""]])
    )
    text = extract_text(builders.make_docx(body=body), "t.docx").text
    assert text.split("\n") == ["张伟", "电话：13812345678", "A\tB", "C", "2019.03-至今 | 某某科技有限公司 | 高级工程师", "空"]


def test_html_tag_cap():
    (item,) = list(iter_batch(hostile_corpus.html_many_tags(120_000), "tags.html"))
    assert item.error.code == "too_complex" and "HTML" in item.error.message_zh


def test_pdf_content_that_inflates_past_the_cap_is_refused_before_pdfium():
    (item,) = list(iter_batch(hostile_corpus.pdf_content_bomb(20 * 1024 * 1024), "bomb.pdf"))
    assert item.error.code == "zip_bomb" and "PDF" in item.error.message_zh


@pytest.mark.parametrize("maker,kind", [
    (lambda: hostile_corpus.pdf_many_pages(600), "页"), (lambda: hostile_corpus.pdf_many_objects(120_000), "对象"),
])
def test_pdf_page_and_object_caps(maker, kind):
    (item,) = list(iter_batch(maker(), "x.pdf"))
    assert item.error.code == "too_complex" and kind in item.error.message_zh


_CHILD = r"""
import json, sys
from recruiting.screening import iter_batch
from recruiting.screening.limits import Limits
data = open(sys.argv[1], "rb").read()
outcomes = ["ok" if i.ok else i.error.code for i in iter_batch(data, sys.argv[2], Limits(ocr=False))]
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"outcomes": outcomes, "peak_mb": hwm / 1024}))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak RSS is read from /proc (Linux)")
@pytest.mark.parametrize("name", ["paragraphs_49mb.docx", "tags_450k.html", "content_bomb.pdf", "content_7mb.pdf"])
def test_peak_memory_of_one_hostile_file_stays_under_300_mb(tmp_path, name):
    """The full-size files of the probe, each extracted in a fresh child process (VmHWM is its own peak)."""
    makers = {
        "paragraphs_49mb.docx": (hostile_corpus.docx_many_paragraphs, {"too_complex"}),
        "tags_450k.html": (hostile_corpus.html_many_tags, {"too_complex"}),
        "content_bomb.pdf": (hostile_corpus.pdf_content_bomb, {"zip_bomb"}),
        "content_7mb.pdf": (lambda: hostile_corpus.pdf_content_bomb(7 * 1024 * 1024), {"no_text_layer"}),
    }
    maker, expected = makers[name]
    path = tmp_path / name
    path.write_bytes(maker())
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), name], capture_output=True, text=True, cwd=ROOT, check=True,
        timeout=120,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(result["outcomes"]) <= expected
    assert result["peak_mb"] < PEAK_RSS_LIMIT_MB, result
