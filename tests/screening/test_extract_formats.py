"""Every supported format turns into text: PDF with a text layer, DOCX (paragraphs and tables), TXT/MD
in UTF-8, UTF-8 with BOM, UTF-16 and GBK/GB18030, HTML without its scripts; a zip yields its members."""

from __future__ import annotations

import pytest

from recruiting.screening import ExtractionError, extract_text, iter_batch, ocr_available, parse_resume
from recruiting.screening.extract import sniff
from recruiting.screening.formats import decode_text
from recruiting.screening.limits import Limits

from . import builders

RESUME = "张伟\n电话：13812345678\n2019.03-至今 上海某某科技有限公司 高级工程师\n熟悉Python与MySQL"


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gbk", b""), ("gb18030", b""), ("utf-16", b"")],
)
def test_text_in_every_encoding_reads_the_same(encoding, prefix):
    data = prefix + RESUME.encode(encoding)
    result = extract_text(data, "resume.txt")
    assert result.text.strip() == RESUME
    assert result.kind == "text"


def test_gbk_text_is_reported_as_gb18030_and_parses(lexicon):
    result = extract_text(RESUME.encode("gbk"), "简历.txt")
    assert result.encoding == "gb18030"
    parsed = parse_resume(result.text, lexicon)
    assert parsed.name == "张伟"
    assert parsed.phone == "13812345678"
    assert {"Python", "MySQL"} <= set(parsed.skills)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_text_not_binary(encoding):
    """Issue 14 item 4: Notepad-style UTF-16 saved without a byte-order mark was refused as "二进制文件"."""
    text = "张伟\n电话：13812345678\n2019.03-至今 上海某某科技有限公司 高级工程师 Python"
    result = extract_text(text.encode(encoding), "r.txt")
    assert result.text == text and result.encoding == encoding


def test_random_binary_with_nuls_is_still_binary():
    data = bytes(range(256)) * 40
    with pytest.raises(ExtractionError) as caught:
        extract_text(data, "r.txt")
    assert caught.value.code == "unsupported"


@pytest.mark.parametrize("content", [b"1" * (5 * 1024 * 1024), b"8" * 1000 + b"\n" * 10, "。".encode() * 5000, b"x" * 4000])
def test_text_without_resume_content_is_refused_clearly(content):
    """Issue 14 item 4: a 5 MB file of one repeated digit became a candidate."""
    with pytest.raises(ExtractionError) as caught:
        extract_text(content, "r.txt")
    assert caught.value.code == "no_content"
    assert "没有简历内容" in caught.value.message_zh and "no resume content" in caught.value.message_en


def test_gb18030_only_characters_survive():
    text = "王𠀾明 简历 2019.03-至今"  # 𠀾 is outside GBK, inside GB18030
    assert extract_text(text.encode("gb18030"), "r.txt").text == text


def test_markdown_is_text():
    result = extract_text("# 张伟\n\n## 工作经历\n- 2019.03-至今 某某公司 经理".encode(), "resume.md")
    assert result.kind == "text"
    assert "工作经历" in result.text


def test_html_drops_scripts_styles_and_keeps_structure():
    html = (
        "<html><head><title>简历</title><style>body{color:red}</style>"
        "<script>alert('x'); var secret='DROP TABLE';</script></head><body>"
        "<h1>张伟</h1><p>电话：13812345678</p><table><tr><td>2019.03-至今</td><td>某某科技有限公司</td>"
        "<td>高级工程师</td></tr></table><noscript>enable js</noscript><p>Python &amp; MySQL</p></body></html>"
    )
    text = extract_text(html.encode(), "resume.html").text
    assert "alert" not in text and "DROP TABLE" not in text and "color:red" not in text and "enable js" not in text
    assert "张伟" in text and "Python & MySQL" in text
    assert "2019.03-至今 | 某某科技有限公司 | 高级工程师" in text


def test_html_with_gbk_meta_charset():
    html = '<html><head><meta charset="gbk"></head><body><p>李娜 销售经理</p></body></html>'
    assert extract_text(html.encode("gbk"), "resume.htm").text == "李娜 销售经理"


def test_docx_paragraphs_and_tables():
    body = builders.paragraphs("张伟\n电话：13812345678") + builders.table(
        [["2019.03-至今", "上海某某科技有限公司", "高级工程师"], ["2016.07-2019.02", "杭州某某网络有限公司", "工程师"]]
    )
    text = extract_text(builders.make_docx(body=body), "resume.docx").text
    assert text.splitlines()[:2] == ["张伟", "电话：13812345678"]
    assert "2019.03-至今 | 上海某某科技有限公司 | 高级工程师" in text


def test_docx_is_recognised_by_content_even_without_extension():
    data = builders.make_docx("张伟 简历")
    assert sniff(data, "upload") == "docx"
    assert extract_text(data, "upload").text == "张伟 简历"


def test_pdf_with_cjk_text_layer(lexicon):
    data = builders.text_pdf(RESUME)
    result = extract_text(data, "resume.pdf")
    assert result.kind == "pdf" and result.pages == 1 and not result.ocr
    parsed = parse_resume(result.text, lexicon)
    assert parsed.name == "张伟"
    assert parsed.experience[0].company == "上海某某科技有限公司"


def test_pdf_renamed_txt_is_still_read_as_pdf():
    data = builders.text_pdf(RESUME)
    assert extract_text(data, "resume.txt").kind == "pdf"


def test_zip_batch_yields_each_member_and_decodes_gbk_names():
    data = builders.make_zip(
        {
            "a/张伟.txt": RESUME.encode("utf-8"),
            "b.docx": builders.make_docx("李娜 简历"),
            "__MACOSX/._b.docx": b"junk",
            ".DS_Store": b"junk",
        }
    )
    items = list(iter_batch(data, "batch.zip"))
    assert [(i.name, i.ok) for i in items] == [("a/张伟.txt", True), ("b.docx", True)]
    gbk = builders.gbk_zip_name("王芳简历.txt", "王芳".encode())
    assert [i.name for i in iter_batch(gbk, "gbk.zip")] == ["王芳简历.txt"]


def test_decode_text_refuses_undecodable_bytes():
    with pytest.raises(ExtractionError) as caught:
        decode_text(b"\x80\xff" * 40)
    assert caught.value.code == "bad_encoding"


NO_OCR = Limits(ocr=False)  # what a server without tesseract does, tested whether or not it is installed


def test_scanned_pdf_without_ocr_says_no_text_layer():
    with pytest.raises(ExtractionError) as caught:
        extract_text(builders.image_pdf("张伟 简历"), "scan.pdf", NO_OCR)
    assert caught.value.code == "no_text_layer"
    assert "没有文字层" in caught.value.message_zh and "text layer" in caught.value.message_en


def test_image_without_ocr_says_no_text_layer():
    with pytest.raises(ExtractionError) as caught:
        extract_text(builders.text_png("张伟"), "photo.png", NO_OCR)
    assert caught.value.code == "no_text_layer"


@pytest.mark.skipif(not ocr_available(), reason="tesseract with chi_sim/eng is not installed (OCR is optional)")
def test_scanned_pdf_is_read_with_ocr_when_tesseract_is_installed():
    result = extract_text(builders.image_pdf("张伟\n电话 13812345678\nPython MySQL"), "scan.pdf")
    assert result.ocr is True
    assert "13812345678" in result.text.replace(" ", "")


@pytest.mark.skipif(not ocr_available(), reason="tesseract with chi_sim/eng is not installed (OCR is optional)")
def test_image_is_read_with_ocr_when_tesseract_is_installed():
    result = extract_text(builders.text_png("电话 13812345678"), "photo.png")
    assert result.ocr is True and "13812345678" in result.text.replace(" ", "")
