"""Bytes + file name → resume text, or an ``ExtractionError`` with a stable code and a message in
Chinese and English that can be shown to HR as is.

Formats: PDF with a text layer (pypdfium2), DOCX (word/document.xml streamed through expat after the
zip-bomb guards, with paragraph, element and text caps), TXT/MD (UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030/GBK), HTML (scripts and styles
dropped). Scanned PDFs and images are read with tesseract (chi_sim+eng) when it is installed — looked up
at run time — and otherwise get ``no_text_layer``. A zip of resumes is expanded by ``iter_batch``, one
result per member, so one bad file never stops the rest.

The file type is decided by content (magic bytes) first and by extension second: a PDF renamed .txt is
still read as a PDF, and an executable renamed .txt is refused as unsupported.

This module dispatches; the formats are read in ``formats`` and ``ocr``, zips are guarded in ``archives``, and
results and errors are ``extracted``.
"""

from __future__ import annotations

import io
import logging
import os
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from .archives import guard_member, guard_zip, member_name, read_member
from .extracted import BatchItem, ExtractedText, ExtractionError, human_size
from .formats import docx_text, html_text, pdf_text, plain_text
from .limits import DEFAULT_LIMITS, Limits
from .ocr import image_text

logger = logging.getLogger(__name__)


TEXT_EXTENSIONS = (".txt", ".md", ".markdown", ".text")


HTML_EXTENSIONS = (".html", ".htm", ".xhtml")


IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp")


_BINARY_MAGIC = (
    (b"\x7fELF", "ELF 可执行文件", "ELF executable"),
    (b"MZ", "Windows 可执行文件", "Windows executable"),
    (b"Rar!", "RAR 压缩包", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包", "7z archive"),
    (b"\x1f\x8b", "gzip 压缩包", "gzip archive"),
    (b"{\\rtf", "RTF 文档", "RTF document"),
    (b"\x00\x00\x00\x18ftyp", "视频文件", "video file"),
    (b"ID3", "音频文件", "audio file"),
)


def sniff(data: bytes, filename: str) -> str:
    """pdf | zip | docx | ole | image | html | text | binary:<label> — content first, then extension."""
    name = filename.lower()
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "docx" if name.endswith((".docx", ".docm", ".dotx")) or b"word/" in data[:4096] else "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if (
        data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*"))
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
        or (data.startswith(b"BM") and name.endswith(".bmp"))
    ):
        return "image"
    for magic, _, label in _BINARY_MAGIC:
        if data.startswith(magic):
            return "binary:" + label
    if name.endswith(HTML_EXTENSIONS):
        return "html"
    sample = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sample.startswith((b"<!doctype html", b"<html")):
        return "html"
    if name.endswith((".pdf", ".docx")):
        return "mislabelled"
    return "text"


def extract_text(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> ExtractedText:
    """Text of one document. Raises ExtractionError (never anything else for bad input)."""
    if len(data) > limits.max_file_bytes:
        raise ExtractionError(
            "too_large",
            detail_zh=f"{human_size(len(data))}，上限 {human_size(limits.max_file_bytes)}",
            detail_en=f"{human_size(len(data))}, limit {human_size(limits.max_file_bytes)}",
        )
    if not data.strip():
        raise ExtractionError("empty", operator_detail=f"{filename}: zero bytes or only whitespace")
    kind = sniff(data, filename)
    try:
        if kind == "pdf":
            result = pdf_text(data, limits)
        elif kind == "docx":
            result = docx_text(data, limits)
        elif kind == "text":
            result = plain_text(data, filename)
        elif kind == "html":
            result = html_text(data, limits)
        elif kind == "image":
            result = image_text(data, limits)
        elif kind == "ole":
            if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in data:
                raise ExtractionError("encrypted", operator_detail="OLE container with EncryptionInfo (encrypted OOXML)")
            raise ExtractionError(
                "unsupported", detail_zh="旧版 Word/Excel 格式（.doc/.xls），请另存为 DOCX 或 PDF",
                detail_en="legacy Word/Excel format (.doc/.xls); save it as DOCX or PDF",
            )
        elif kind == "zip":
            raise ExtractionError(
                "unsupported", detail_zh="压缩包内的压缩包不会展开", detail_en="archives inside an archive are not expanded"
            )
        elif kind == "mislabelled":
            raise ExtractionError(
                "corrupt", detail_zh="文件内容与扩展名不符", detail_en="the content does not match the file extension"
            )
        else:
            label = kind.partition(":")[2]
            zh = next((z for _, z, e in _BINARY_MAGIC if e == label), label)
            raise ExtractionError("unsupported", detail_zh=zh, detail_en=label)
    except ExtractionError:
        raise
    except (MemoryError, RecursionError) as exc:
        raise ExtractionError("corrupt", detail_zh="结构异常", detail_en="abnormal structure", operator_detail=repr(exc)) from exc
    except Exception as exc:  # noqa: BLE001 — any parser failure on hostile input is a per-file message
        logger.warning("extraction of %r (%s) failed: %r", filename, kind, exc)
        raise ExtractionError(
            "corrupt", detail_zh="无法解析", detail_en="could not be parsed", operator_detail=repr(exc)
        ) from exc
    if not result.text.strip():
        raise ExtractionError("empty", operator_detail=f"{filename}: no text after extraction ({kind})")
    _require_resume_content(result.text[: limits.max_text_chars], limits, filename)
    if len(result.text) > limits.max_text_chars:
        result = ExtractedText(
            result.text[: limits.max_text_chars], result.kind, result.encoding, result.ocr, result.pages, True
        )
    return result


def _require_resume_content(text: str, limits: Limits, filename: str) -> None:
    """Refuse text that cannot be a resume: a file of one repeated digit or of symbols has no words to
    read, and parsing it would only make an empty candidate (issue 14: a 5 MB file of "1" did)."""
    letters: set[str] = set()
    total = 0
    for ch in text:
        if ch.isalpha():
            total += 1
            letters.add(ch)
            if total >= limits.min_resume_letters and len(letters) >= limits.min_distinct_letters:
                return  # enough words: a real resume gets here within its first lines, not after all of it
    if total < limits.min_resume_letters:
        raise ExtractionError(
            "no_content", detail_zh=f"只有 {total} 个文字或字母，其余是数字和符号",
            detail_en=f"only {total} letters, the rest is digits and symbols", operator_detail=filename,
        )
    if len(letters) < limits.min_distinct_letters:
        raise ExtractionError(
            "no_content", detail_zh=f"只由 {len(letters)} 种字符重复组成",
            detail_en=f"only {len(letters)} different letters, repeated", operator_detail=filename,
        )


def iter_batch(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> Iterator[BatchItem]:
    """One BatchItem per document: a zip yields its members (guarded), anything else yields itself.

    A zip that is refused as a whole (too large, too many entries, declared size too large, not a zip)
    yields a single failed item named after the zip.
    """
    if sniff(data[:8192], filename) != "zip" and not filename.lower().endswith(".zip"):
        yield _item(filename, data, limits)
        return
    if len(data) > limits.max_zip_bytes:
        yield BatchItem(
            filename, len(data), error=ExtractionError(
                "too_large", detail_zh=f"{human_size(len(data))}，压缩包上限 {human_size(limits.max_zip_bytes)}",
                detail_en=f"{human_size(len(data))}, zip limit {human_size(limits.max_zip_bytes)}",
            )
        )
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        yield BatchItem(filename, len(data), error=ExtractionError(
            "corrupt", detail_zh="压缩包无法打开", detail_en="the zip cannot be opened", operator_detail=repr(exc)
        ))
        return
    try:
        guard_zip(infos, max_entries=limits.max_zip_entries, max_total=limits.max_zip_uncompressed_bytes)
    except ExtractionError as exc:
        yield BatchItem(filename, len(data), error=exc)
        return
    inflated = 0
    with archive:
        for info in infos:
            name = member_name(info)
            if name.startswith("__MACOSX/") or name.rsplit("/", 1)[-1].startswith((".", "~$")):
                continue
            try:
                guard_member(info, limits, max_size=limits.max_file_bytes)
                content = read_member(archive, info, limits.max_file_bytes)
                inflated += len(content)
                if inflated > limits.max_zip_uncompressed_bytes:
                    raise ExtractionError(
                        "zip_bomb", detail_zh="解压后总大小超过上限", detail_en="total inflated size over the limit"
                    )
            except ExtractionError as exc:
                yield BatchItem(name, info.file_size, error=exc)
                if exc.code == "zip_bomb" and inflated > limits.max_zip_uncompressed_bytes:
                    return
                continue
            yield _item(name, content, limits)


def iter_paths(paths: Iterable[str | os.PathLike], limits: Limits = DEFAULT_LIMITS) -> Iterator[BatchItem]:
    """BatchItems for files on disk (zips expanded as ``name.zip/member``). A file over the size limit is
    refused from its size on disk, without reading it into memory; an unreadable path is a failed item."""
    for raw in paths:
        path = Path(raw)
        is_zip = path.suffix.lower() == ".zip"
        limit = limits.max_zip_bytes if is_zip else limits.max_file_bytes
        try:
            size = path.stat().st_size
            if size > limit:
                raise ExtractionError(
                    "too_large", detail_zh=f"{human_size(size)}，上限 {human_size(limit)}", detail_en=f"{human_size(size)}, limit {human_size(limit)}"
                )
            if not path.is_file():
                raise ExtractionError(
                    "unsupported", detail_zh="不是普通文件", detail_en="not a regular file", operator_detail=str(path)
                )
            with path.open("rb") as handle:
                data = handle.read(limit + 1)
        except ExtractionError as exc:
            yield BatchItem(str(path), 0, error=exc)
            continue
        except OSError as exc:
            yield BatchItem(
                str(path), 0, error=ExtractionError(
                    "corrupt", detail_zh="文件无法读取", detail_en="the file cannot be read", operator_detail=repr(exc)
                ),
            )
            continue
        for item in iter_batch(data, path.name, limits):
            name = f"{path}/{item.name}" if item.name != path.name else str(path)
            yield BatchItem(name, item.size, item.result, item.error)


def _item(name: str, data: bytes, limits: Limits) -> BatchItem:
    try:
        return BatchItem(name, len(data), result=extract_text(data, name, limits))
    except ExtractionError as exc:
        return BatchItem(name, len(data), error=exc)
