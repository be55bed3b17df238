"""The hostile-upload corpus of issue 14, generated (nothing binary is committed).

Each entry is ``name → (bytes, expected outcomes)``; an outcome is an extraction error code or "ok". The big
entries reproduce what the probe of the running portal found: a 4.7 MB DOCX whose word/document.xml is
49 MB of 1.39 M short paragraphs (varied, so it compresses only ~10:1 and passes the zip-bomb ratio), HTML
with hundreds of thousands of tags, a PDF whose content stream inflates to hundreds of megabytes, a PDF of
thousands of pages and objects, UTF-16 without a BOM, one repeated digit.

    python -m tests.screening.hostile_corpus OUT_DIR      # write the corpus to a folder

Used by tests/screening/test_hostile_memory.py, tests/recruiting/test_hostile_uploads.py and
bench/hostile_memory.py.
"""

from __future__ import annotations

import random
import sys
import zlib
from pathlib import Path

from tests.screening import builders

MB = 1024 * 1024
GOOD = "张伟\n电话：13812345678\n工作经历\n2019.03-至今 上海某某科技有限公司 高级工程师\n熟悉Python、MySQL与团队管理，沟通协调能力强。"


def docx_many_paragraphs(paragraph_count: int = 1_390_000, *, seed: int = 14) -> bytes:
    """word/document.xml of ``paragraph_count`` short paragraphs of varied text (~35 bytes each: 1.39 M
    make 49 MB, deflated to ~5 MB: under every size, entry and ratio limit of the zip guards)."""
    rng = random.Random(seed)
    chars = "0123456789abcdefghijklmnopqrstuvwxyz"
    body = "".join(
        f"<w:p><w:r><w:t>{''.join(rng.choices(chars, k=3))}</w:t></w:r></w:p>" for _ in range(paragraph_count)
    )
    return builders.make_docx(document_xml=builders.docx_xml(body))


def html_many_tags(tag_count: int = 450_000) -> bytes:
    return ("<html><body>" + "<p>张伟 经理</p>" * tag_count + "</body></html>").encode()


def _pdf_with_content(content: bytes, *, flate: bool) -> bytes:
    stream = zlib.compress(content, 9) if flate else content
    filters = b" /Filter /FlateDecode" if flate else b""
    return builders.build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d%s >>\nstream\n" % (len(stream), filters) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def pdf_content_bomb(inflated: int = 400 * MB) -> bytes:
    """One page whose content stream inflates from ~0.4 MB to ``inflated`` bytes of text operators."""
    unit = b"BT /F1 1 Tf 0 0 Td (a) Tj ET\n"
    return _pdf_with_content(unit * (inflated // len(unit)), flate=True)


def pdf_many_pages(pages: int = 5_000) -> bytes:
    """``pages`` pages of one short line each (thousands of page and content objects)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    font = 3
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for index in range(pages):
        page_no = len(objects) + 1
        kids.append(b"%d 0 R" % page_no)
        content = b"BT /F1 12 Tf 20 100 Td (Zhang Wei page %d) Tj ET" % index
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (page_no + 1, font)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % pages
    return builders.build_pdf(objects)


def pdf_many_objects(count: int = 250_000) -> bytes:
    """A one-line resume PDF followed by ``count`` unused objects (each `n 0 obj … endobj`)."""
    head = _pdf_with_content(b"BT /F1 12 Tf 20 100 Td (Zhang Wei resume Python engineer) Tj ET", flate=False)
    # the extra objects sit before the real file: pdfium reads the xref at the end; the count is what matters
    filler = b"".join(b"%d 0 obj\n<< /N %d >>\nendobj\n" % (1000 + i, i) for i in range(count))
    return b"%PDF-1.4\n" + filler + head[len(b"%PDF-1.4\n"):]


def corpus(*, full_size: bool = True) -> dict[str, tuple[bytes, set[str]]]:
    """The issue-14 additions to the hostile corpus (tests/screening/test_hostile_files.py has the rest).
    ``full_size=False`` shrinks the big entries to what still trips each cap (for the faster tests); the
    entries just under a cap are the accepted files whose memory the bench reports."""
    big = full_size
    return {
        "paragraphs_49mb.docx": (docx_many_paragraphs(1_390_000 if big else 40_000), {"too_complex"}),
        "tags_450k.html": (html_many_tags(450_000 if big else 110_000), {"too_complex"}),
        "content_bomb.pdf": (pdf_content_bomb(400 * MB if big else 20 * MB), {"zip_bomb"}),
        "pages_5000.pdf": (pdf_many_pages(5_000 if big else 600), {"too_complex"}),
        "objects_250k.pdf": (pdf_many_objects(250_000 if big else 110_000), {"too_complex"}),
        # just under each cap: accepted, and the figure that bounds an accepted file's memory
        "paragraphs_19k.docx": (docx_many_paragraphs(19_000, seed=15), {"ok"}),
        "tags_95k.html": (html_many_tags(95_000 if big else 20_000), {"ok"}),
        "content_7mb.pdf": (pdf_content_bomb(7 * MB if big else MB), {"no_text_layer"}),  # one letter: no text layer
        "pages_480.pdf": (pdf_many_pages(480 if big else 50), {"ok"}),
        "one_digit_5mb.txt": (b"7" * (5 * MB if big else MB), {"no_content"}),
        "utf16le_no_bom.txt": (GOOD.encode("utf-16-le"), {"ok"}),
        "utf16be_no_bom.txt": (GOOD.encode("utf-16-be"), {"ok"}),
        "empty.txt": (b"", {"empty"}),
        "good.txt": (GOOD.encode(), {"ok"}),
        "good.docx": (builders.make_docx(GOOD), {"ok"}),
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for name, (data, expected) in corpus().items():
        (out / name).write_bytes(data)
        print(f"{name}\t{len(data)}\t{','.join(sorted(expected))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
