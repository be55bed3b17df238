"""Bytes + file name → resume text, or an ``ExtractionError`` with a stable code and a message in
Chinese and English that can be shown to HR as is.

Formats: PDF with a text layer (pypdfium2), DOCX (word/document.xml streamed through expat after the
zip-bomb guards, with paragraph, element and text caps), TXT/MD (UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030/GBK), HTML (scripts and styles
dropped). Scanned PDFs and images are read with tesseract (chi_sim+eng) when it is installed — looked up
at run time — and otherwise get ``no_text_layer``. A zip of resumes is expanded by ``iter_batch``, one
result per member, so one bad file never stops the rest.

The file type is decided by content (magic bytes) first and by extension second: a PDF renamed .txt is
still read as a PDF, and an executable renamed .txt is refused as unsupported.
"""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import subprocess
import threading
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from xml.parsers import expat

from .limits import DEFAULT_LIMITS, MB, Limits

logger = logging.getLogger(__name__)

TEXT_EXTENSIONS = (".txt", ".md", ".markdown", ".text")
HTML_EXTENSIONS = (".html", ".htm", ".xhtml")
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp")
SUPPORTED_HINT_ZH = "PDF、DOCX、TXT、MD 或 HTML"
SUPPORTED_HINT_EN = "PDF, DOCX, TXT, MD or HTML"

_MESSAGES: dict[str, tuple[str, str]] = {
    "unsupported": (
        "不支持的文件类型（{detail_zh}）。请上传 " + SUPPORTED_HINT_ZH + " 格式的简历。",
        "Unsupported file type ({detail_en}). Please upload the resume as " + SUPPORTED_HINT_EN + ".",
    ),
    "corrupt": (
        "文件已损坏或格式不正确，无法读取（{detail_zh}）。",
        "The file is damaged or not in the format its name says and cannot be read ({detail_en}).",
    ),
    "encrypted": (
        "文件设置了密码保护，无法读取。请去除密码后重新上传。",
        "The file is password-protected and cannot be read. Remove the password and upload it again.",
    ),
    "empty": ("文件中没有可读取的文字。", "The file contains no readable text."),
    "no_text_layer": (
        "文件是扫描件或图片，没有文字层，且服务器未安装 OCR 文字识别（tesseract）。请上传含文字的 PDF 或 Word 文件。",
        "The file is a scan or an image without a text layer, and OCR (tesseract) is not installed on the server. "
        "Please upload a PDF or Word file that contains text.",
    ),
    "too_large": (
        "文件过大（{detail_zh}），超过上限。",
        "The file is too large ({detail_en}); it exceeds the limit.",
    ),
    "zip_bomb": (
        "压缩文件异常（{detail_zh}），为保护服务器已拒绝处理。",
        "The compressed file looks abusive ({detail_en}) and was refused to protect the server.",
    ),
    "too_complex": (
        "文件结构异常（{detail_zh}），不像一份简历，为保护服务器已拒绝处理。",
        "The file's structure is abnormal ({detail_en}); it does not look like a resume and was refused to "
        "protect the server.",
    ),
    "no_content": (
        "文件中没有简历内容（{detail_zh}），请确认上传的是简历。",
        "The file contains no resume content ({detail_en}); check that it is a resume.",
    ),
    "bad_encoding": (
        "无法识别文本编码（已尝试 UTF-8 和 GB18030/GBK），请将文件另存为 UTF-8 编码后重新上传。",
        "The text encoding could not be recognised (tried UTF-8 and GB18030/GBK). Save the file as UTF-8 "
        "and upload it again.",
    ),
}
ERROR_CODES = tuple(_MESSAGES)


class ExtractionError(Exception):
    """A file that cannot be turned into text; ``code`` is stable, the messages are for people."""

    def __init__(self, code: str, *, detail_zh: str = "", detail_en: str = "", operator_detail: str = ""):
        if code not in _MESSAGES:
            raise ValueError(f"unknown extraction error code {code!r}")
        self.code = code
        zh, en = _MESSAGES[code]
        self.message_zh = zh.format(detail_zh=detail_zh or "-")
        self.message_en = en.format(detail_en=detail_en or "-")
        super().__init__(f"{code}: {operator_detail or detail_en or self.message_en}")

    def message(self, language: str = "zh") -> str:
        return self.message_en if language.lower().startswith("en") else self.message_zh

    def to_json(self) -> dict:
        return {"code": self.code, "message_zh": self.message_zh, "message_en": self.message_en}


@dataclass(frozen=True)
class ExtractedText:
    text: str
    kind: str  # pdf | docx | text | html | image
    encoding: str | None = None
    ocr: bool = False
    pages: int | None = None
    truncated: bool = False


@dataclass(frozen=True)
class BatchItem:
    """One document of an upload: its name and either the extracted text or the reason it failed."""

    name: str
    size: int
    result: ExtractedText | None = None
    error: ExtractionError | None = None

    @property
    def ok(self) -> bool:
        return self.result is not None


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


# --- type detection ------------------------------------------------------------------------------

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


# --- public entry points -------------------------------------------------------------------------


def extract_text(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> ExtractedText:
    """Text of one document. Raises ExtractionError (never anything else for bad input)."""
    if len(data) > limits.max_file_bytes:
        raise ExtractionError(
            "too_large",
            detail_zh=f"{_size(len(data))}，上限 {_size(limits.max_file_bytes)}",
            detail_en=f"{_size(len(data))}, limit {_size(limits.max_file_bytes)}",
        )
    if not data.strip():
        raise ExtractionError("empty", operator_detail=f"{filename}: zero bytes or only whitespace")
    kind = sniff(data, filename)
    try:
        if kind == "pdf":
            result = _pdf(data, limits)
        elif kind == "docx":
            result = _docx(data, limits)
        elif kind == "text":
            result = _text(data, filename)
        elif kind == "html":
            result = _html(data, limits)
        elif kind == "image":
            result = _image(data, limits)
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
    letters: dict[str, int] = {}
    total = 0
    for ch in text:
        if ch.isalpha():
            total += 1
            letters[ch] = letters.get(ch, 0) + 1
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
                "too_large", detail_zh=f"{_size(len(data))}，压缩包上限 {_size(limits.max_zip_bytes)}",
                detail_en=f"{_size(len(data))}, zip limit {_size(limits.max_zip_bytes)}",
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
        _guard_zip(infos, max_entries=limits.max_zip_entries, max_total=limits.max_zip_uncompressed_bytes)
    except ExtractionError as exc:
        yield BatchItem(filename, len(data), error=exc)
        return
    inflated = 0
    with archive:
        for info in infos:
            name = _member_name(info)
            if name.startswith("__MACOSX/") or name.rsplit("/", 1)[-1].startswith((".", "~$")):
                continue
            try:
                _guard_member(info, limits, max_size=limits.max_file_bytes)
                content = _read_member(archive, info, limits.max_file_bytes)
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
                    "too_large", detail_zh=f"{_size(size)}，上限 {_size(limit)}", detail_en=f"{_size(size)}, limit {_size(limit)}"
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


# --- zip guards (batch zips and DOCX) ------------------------------------------------------------


def _member_name(info: zipfile.ZipInfo) -> str:
    """Zips made on Chinese Windows store GBK names without the UTF-8 flag; Python then decodes them as
    cp437. Re-decode those as GB18030 so HR sees 张三简历.pdf rather than mojibake."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("gb18030")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name.replace("\\", "/")


def _guard_zip(infos: list[zipfile.ZipInfo], *, max_entries: int, max_total: int) -> None:
    if len(infos) > max_entries:
        raise ExtractionError(
            "zip_bomb", detail_zh=f"{len(infos)} 个文件，上限 {max_entries}", detail_en=f"{len(infos)} entries, limit {max_entries}"
        )
    declared = sum(i.file_size for i in infos)
    if declared > max_total:
        raise ExtractionError(
            "zip_bomb", detail_zh=f"解压后 {_size(declared)}，上限 {_size(max_total)}",
            detail_en=f"{_size(declared)} once inflated, limit {_size(max_total)}",
        )


def _guard_member(info: zipfile.ZipInfo, limits: Limits, *, max_size: int) -> None:
    if info.flag_bits & 0x1:
        raise ExtractionError("encrypted", operator_detail=f"zip member {info.filename!r} is encrypted")
    if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_compression_ratio * max(
        info.compress_size, 1
    ):
        ratio = info.file_size // max(info.compress_size, 1)
        raise ExtractionError(
            "zip_bomb", detail_zh=f"压缩比 {ratio}:1，上限 {limits.max_compression_ratio}:1",
            detail_en=f"compression ratio {ratio}:1, limit {limits.max_compression_ratio}:1",
        )
    if info.file_size > max_size:
        raise ExtractionError(
            "too_large", detail_zh=f"解压后 {_size(info.file_size)}，上限 {_size(max_size)}",
            detail_en=f"{_size(info.file_size)} inflated, limit {_size(max_size)}",
        )


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Read at most ``limit`` bytes: the declared size in the header is not trusted."""
    try:
        with archive.open(info) as handle:
            content = handle.read(limit + 1)
    except RuntimeError as exc:  # zipfile raises RuntimeError for encrypted members
        raise ExtractionError("encrypted", operator_detail=repr(exc)) from exc
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError) as exc:
        raise ExtractionError(
            "corrupt", detail_zh="压缩数据损坏", detail_en="damaged compressed data", operator_detail=repr(exc)
        ) from exc
    if len(content) > limit:
        raise ExtractionError(
            "zip_bomb", detail_zh="实际解压大小超过声明", detail_en="inflates beyond its declared size"
        )
    return content


# --- formats -------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WP, _WT, _WTAB, _WTC, _WTR = _W + "p", _W + "t", _W + "tab", _W + "tc", _W + "tr"
_WBREAKS = frozenset({_W + "br", _W + "cr"})


def _docx(data: bytes, limits: Limits) -> ExtractedText:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise ExtractionError(
            "corrupt", detail_zh="DOCX 无法打开", detail_en="the DOCX cannot be opened", operator_detail=repr(exc)
        ) from exc
    _guard_zip(infos, max_entries=limits.max_docx_entries, max_total=limits.max_docx_uncompressed_bytes)
    names = {i.filename: i for i in infos}
    if "EncryptedPackage" in names or "EncryptionInfo" in names:
        raise ExtractionError("encrypted")
    info = names.get("word/document.xml")
    if info is None:
        raise ExtractionError(
            "corrupt", detail_zh="不是 Word 文档（缺少 word/document.xml）",
            detail_en="not a Word document (word/document.xml is missing)",
        )
    _guard_member(info, limits, max_size=limits.max_docx_uncompressed_bytes)
    reader = _DocxReader(limits)
    try:
        with archive.open(info) as handle:
            reader.parse(handle, limits.max_docx_uncompressed_bytes)
    except RuntimeError as exc:  # zipfile raises RuntimeError for encrypted members
        raise ExtractionError("encrypted", operator_detail=repr(exc)) from exc
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, zlib.error) as exc:
        raise ExtractionError(
            "corrupt", detail_zh="压缩数据损坏", detail_en="damaged compressed data", operator_detail=repr(exc)
        ) from exc
    return ExtractedText("\n".join(reader.lines), "docx", truncated=reader.truncated)


class _DocxReader:
    """word/document.xml → lines, read as a stream (issue 14 item 3): the XML is fed to expat in 64 KB
    pieces as it is inflated, so neither the inflated XML nor an element tree is ever held in memory.

    Paragraphs become lines; a table row becomes its non-empty cells joined by " | "; tabs and breaks are
    kept. Bounded in memory and time: text past ``max_text_chars`` is dropped (``truncated``), and more than
    ``max_docx_paragraphs`` paragraphs or ``max_docx_elements`` elements refuses the file ("too_complex").
    A DOCTYPE or entity declaration — Word never writes one — refuses it as an entity-expansion attack.
    """

    CHUNK = 64 * 1024

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.lines: list[str] = []
        self.truncated = False
        self._chars = 0
        self._elements = 0
        self._paragraphs = 0
        self._p_depth = 0
        self._t_depth = 0
        self._parts: list[str] = []
        self._cells: list[list[str]] = []  # paragraphs of each open table cell
        self._rows: list[list[str]] = []  # cells of each open table row

    def parse(self, stream, max_bytes: int) -> None:
        parser = expat.ParserCreate(namespace_separator="}")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._refuse_dtd
        parser.EntityDeclHandler = self._refuse_dtd
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._data
        parser.buffer_text = True
        read = 0
        try:
            while chunk := stream.read(self.CHUNK):
                read += len(chunk)
                if read > max_bytes:
                    raise ExtractionError(
                        "zip_bomb", detail_zh="实际解压大小超过声明", detail_en="inflates beyond its declared size"
                    )
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise ExtractionError(
                "corrupt", detail_zh="文档 XML 损坏", detail_en="damaged document XML", operator_detail=repr(exc)
            ) from exc

    @staticmethod
    def _refuse_dtd(*_args) -> None:
        raise ExtractionError("zip_bomb", detail_zh="文档含有 XML 实体声明", detail_en="the document declares XML entities")

    def _start(self, name: str, _attrs) -> None:
        self._elements += 1
        if self._elements > self.limits.max_docx_elements:
            raise ExtractionError(
                "too_complex", detail_zh=f"Word 文档超过 {self.limits.max_docx_elements} 个元素",
                detail_en=f"more than {self.limits.max_docx_elements} elements in the Word document",
            )
        if name == _WP:
            if self._p_depth == 0:
                self._parts = []
            self._p_depth += 1
        elif name == _WT:
            self._t_depth += 1
        elif self._p_depth and name == _WTAB:
            self._add("\t")
        elif self._p_depth and name in _WBREAKS:
            self._add("\n")
        elif name == _WTC:
            self._cells.append([])
        elif name == _WTR:
            self._rows.append([])

    def _end(self, name: str) -> None:
        if name == _WT:
            self._t_depth = max(0, self._t_depth - 1)
        elif name == _WP and self._p_depth:
            self._p_depth -= 1
            if self._p_depth == 0:
                self._paragraphs += 1
                if self._paragraphs > self.limits.max_docx_paragraphs:
                    raise ExtractionError(
                        "too_complex", detail_zh=f"Word 文档超过 {self.limits.max_docx_paragraphs} 个段落",
                        detail_en=f"more than {self.limits.max_docx_paragraphs} paragraphs in the Word document",
                    )
                self._emit("".join(self._parts))
                self._parts = []
        elif name == _WTC and self._cells:
            paragraphs = self._cells.pop()
            cell = " ".join(t for t in paragraphs if t.strip()).strip()
            if cell and self._rows:
                self._rows[-1].append(cell)
        elif name == _WTR and self._rows:
            cells = self._rows.pop()
            if cells:
                self._emit(" | ".join(cells), row=True)

    def _emit(self, text: str, *, row: bool = False) -> None:
        if self._cells:
            self._cells[-1].append(text)
        elif row or not self._rows:
            self.lines.append(text)

    def _data(self, text: str) -> None:
        if self._t_depth and self._p_depth:
            self._add(text)

    def _add(self, text: str) -> None:
        if self.truncated:
            return
        self._chars += len(text)
        if self._chars > self.limits.max_text_chars:
            self.truncated = True  # keep reading (the caps above still apply), keep no more text
            text = text[: max(0, len(text) - (self._chars - self.limits.max_text_chars))]
        self._parts.append(text)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) for UTF-16 text without a byte-order mark, recognised by its NUL bytes: text with
    ASCII characters (digits, newlines, Latin letters) has a NUL in every other byte, on the odd positions
    for little-endian and on the even ones for big-endian. Binary data has NULs on both."""
    sample = data[:65536]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4:
        return None
    even, odd, half = sample[0::2].count(0), sample[1::2].count(0), len(sample) // 2
    if odd >= half * 0.1 and even * 20 <= odd:
        encoding = "utf-16-le"
    elif even >= half * 0.1 and odd * 20 <= even:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data[: len(data) // 2 * 2].decode(encoding), encoding
    except UnicodeDecodeError:
        return None


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding): BOMs first, then UTF-16 without a BOM (by its NUL pattern), then UTF-8, then
    GB18030 (a superset of GBK and GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:65536] and (guessed := _utf16_without_bom(data)) is not None:
        return guessed
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ExtractionError("bad_encoding")


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _looks_binary(data: bytes) -> bool:
    return (
        b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
        and _utf16_without_bom(data) is None
    )


def _text(data: bytes, filename: str) -> ExtractedText:
    if _looks_binary(data):
        raise ExtractionError(
            "unsupported", detail_zh="二进制文件，不是文本", detail_en="binary content, not text",
            operator_detail=f"{filename}: NUL bytes in a text file",
        )
    try:
        text, encoding = decode_text(data)
    except UnicodeDecodeError as exc:
        raise ExtractionError("bad_encoding", operator_detail=repr(exc)) from exc
    if len(_CONTROL.findall(text[:65536])) > max(8, len(text[:65536]) // 100):
        raise ExtractionError(
            "unsupported", detail_zh="二进制文件，不是文本", detail_en="binary content, not text",
            operator_detail=f"{filename}: too many control characters",
        )
    return ExtractedText(text, "text", encoding=encoding)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_BLOCK_TAGS = frozenset(
    "p div br li ul ol tr table h1 h2 h3 h4 h5 h6 section article header footer dt dd dl blockquote pre hr "
    "address main aside nav title".split()
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object"})


class _HTMLText(HTMLParser):
    """Text of an HTML page, bounded (issue 14 item 3): past ``max_html_elements`` start tags the file is
    refused ("too_complex"); past ``max_text_chars`` characters no more text is kept."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.limits = limits
        self.elements = 0
        self.chars = 0
        self.truncated = False

    def _count(self) -> None:
        self.elements += 1
        if self.elements > self.limits.max_html_elements:
            raise ExtractionError(
                "too_complex", detail_zh=f"HTML 超过 {self.limits.max_html_elements} 个标签",
                detail_en=f"more than {self.limits.max_html_elements} HTML tags",
            )

    def handle_starttag(self, tag, attrs):
        self._count()
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" | ")

    def handle_startendtag(self, tag, attrs):
        self._count()
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip and not self.truncated:
            self.chars += len(data)
            if self.chars > self.limits.max_text_chars:
                self.truncated = True
            self.parts.append(data)


def _html(data: bytes, limits: Limits = DEFAULT_LIMITS) -> ExtractedText:
    declared = _META_CHARSET.search(data[:4096])
    text = encoding = None
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        name = declared.group(1).decode("ascii").lower()
        name = "gb18030" if name in {"gb2312", "gbk", "gb18030", "x-gbk"} else name
        try:
            text, encoding = data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, encoding = decode_text(data)
    parser = _HTMLText(limits)
    for start in range(0, len(text), 65536):  # in pieces: the tag cap stops a hostile page early
        parser.feed(text[start : start + 65536])
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return ExtractedText("\n".join(line for line in lines if line), "html", encoding=encoding, truncated=parser.truncated)


_pdfium_lock = threading.Lock()  # pdfium is not thread-safe


_PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
_PDF_OBJSTM_COUNT = re.compile(rb"/Type\s*/ObjStm[^>]{0,200}?/N\s+(\d+)|/N\s+(\d+)[^>]{0,200}?/Type\s*/ObjStm")
_PDF_STREAM = re.compile(rb"stream\r?\n")
_PDF_SKIPPED_STREAM = re.compile(rb"/Subtype\s*/Image|/FontFile|/Length1|/Length2|/Length3|/DCTDecode|/JPXDecode")


def _guard_pdf(data: bytes, limits: Limits) -> None:
    """Refuse a PDF whose structure no resume has, before pdfium opens it (issue 14 item 3): more objects
    than ``max_pdf_objects`` (plain and inside object streams), or compressed streams other than images and
    fonts that inflate past ``max_pdf_inflated_bytes`` (pdfium parses page content into memory, ~20× its
    size). Streams are inflated piecewise and thrown away: this check holds at most 1 MB of output."""
    objects = len(_PDF_OBJECT.findall(data))
    for match in _PDF_OBJSTM_COUNT.finditer(data):
        objects += int(match.group(1) or match.group(2) or 0)
    if objects > limits.max_pdf_objects:
        raise ExtractionError(
            "too_complex", detail_zh=f"PDF 含 {objects} 个对象，上限 {limits.max_pdf_objects}",
            detail_en=f"{objects} PDF objects, limit {limits.max_pdf_objects}",
        )
    inflated = 0
    for match in _PDF_STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            break
        if _PDF_SKIPPED_STREAM.search(data, max(0, match.start() - 1024), match.start()):
            continue
        inflater = zlib.decompressobj()
        pending = data[start:end]
        try:
            while pending and not inflater.eof:
                inflated += len(inflater.decompress(pending, MB))
                if inflated > limits.max_pdf_inflated_bytes:
                    raise ExtractionError(
                        "zip_bomb", detail_zh=f"PDF 内容解压后超过 {_size(limits.max_pdf_inflated_bytes)}",
                        detail_en=f"the PDF content inflates past {_size(limits.max_pdf_inflated_bytes)}",
                    )
                pending = inflater.unconsumed_tail
        except zlib.error:
            continue  # not a Flate stream, or damaged: pdfium decides


def _pdf(data: bytes, limits: Limits) -> ExtractedText:
    import pypdfium2 as pdfium

    _guard_pdf(data, limits)
    with _pdfium_lock:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            # pdfium's last-error code can be stale from an earlier document, so the /Encrypt entry of the
            # trailer decides: a PDF that has one and does not open needs a password.
            if b"/Encrypt" in data:
                raise ExtractionError("encrypted", operator_detail=str(exc)) from exc
            raise ExtractionError(
                "corrupt", detail_zh="PDF 无法打开", detail_en="the PDF cannot be opened", operator_detail=str(exc)
            ) from exc
        try:
            pages = len(document)
            if pages > limits.max_pdf_document_pages:
                raise ExtractionError(
                    "too_complex", detail_zh=f"PDF 有 {pages} 页，上限 {limits.max_pdf_document_pages} 页",
                    detail_en=f"{pages} pages, limit {limits.max_pdf_document_pages}",
                )
            texts = []
            read_chars = 0
            for index in range(min(pages, limits.max_pdf_pages)):
                if read_chars > limits.max_text_chars:
                    break
                page = document[index]
                textpage = page.get_textpage()
                texts.append(textpage.get_text_range())
                read_chars += len(texts[-1])
                textpage.close()
                page.close()
        finally:
            document.close()
    text = "\n".join(texts).replace("\r\n", "\n").replace("\r", "\n")
    if pages == 0:
        raise ExtractionError("empty", operator_detail="PDF without pages")
    if len("".join(text.split())) < limits.min_text_layer_chars:
        ocr_text = _ocr_pdf(data, limits)
        return ExtractedText(ocr_text, "pdf", ocr=True, pages=pages)
    return ExtractedText(text, "pdf", pages=pages, truncated=len(texts) < pages)


# --- OCR (optional, detected at run time) --------------------------------------------------------


@lru_cache(maxsize=4)
def ocr_languages(wanted: str = DEFAULT_LIMITS.ocr_languages) -> str | None:
    """The subset of ``wanted`` (e.g. "chi_sim+eng") that the installed tesseract has, or None when
    tesseract is not on PATH or has none of them. Cached per process."""
    binary = shutil.which("tesseract")
    if not binary:
        return None
    try:
        listed = subprocess.run(  # noqa: S603 — fixed argument list, binary found on PATH
            [binary, "--list-langs"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    installed = set((listed.stdout + listed.stderr).split())
    present = [lang for lang in wanted.split("+") if lang in installed]
    return "+".join(present) or None


def ocr_available(limits: Limits = DEFAULT_LIMITS) -> bool:
    return limits.ocr and ocr_languages(limits.ocr_languages) is not None


def _tesseract(image: bytes, limits: Limits) -> str:
    languages = ocr_languages(limits.ocr_languages)
    binary = shutil.which("tesseract")
    if not languages or not binary:
        raise ExtractionError("no_text_layer")
    try:
        done = subprocess.run(  # noqa: S603 — fixed argument list; the image goes through stdin
            [binary, "stdin", "stdout", "-l", languages, "--psm", "3"],
            input=image, capture_output=True, timeout=limits.ocr_timeout_seconds, check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ExtractionError(
            "corrupt", detail_zh="文字识别超时", detail_en="OCR timed out", operator_detail=repr(exc)
        ) from exc
    if done.returncode != 0:
        raise ExtractionError(
            "corrupt", detail_zh="图片无法识别", detail_en="the image could not be read",
            operator_detail=done.stderr.decode("utf-8", "replace")[:300],
        )
    text = done.stdout.decode("utf-8", "replace")
    # tesseract puts spaces between Chinese characters; join them back.
    return re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", "", text)


def _ocr_pdf(data: bytes, limits: Limits) -> str:
    if not ocr_available(limits):
        raise ExtractionError("no_text_layer")
    import pypdfium2 as pdfium

    images = []
    with _pdfium_lock:
        document = pdfium.PdfDocument(data)
        try:
            for index in range(min(len(document), limits.ocr_max_pages)):
                page = document[index]
                bitmap = page.render(scale=300 / 72, grayscale=True)
                buffer = io.BytesIO()
                bitmap.to_pil().save(buffer, format="PNG")
                images.append(buffer.getvalue())
                page.close()
        finally:
            document.close()
    return "\n".join(_tesseract(image, limits) for image in images)


def _image(data: bytes, limits: Limits) -> ExtractedText:
    if not ocr_available(limits):
        raise ExtractionError("no_text_layer")
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > 60_000_000:
                raise ExtractionError(
                    "too_large", detail_zh=f"图片 {width}×{height} 像素", detail_en=f"image of {width}×{height} pixels"
                )
            buffer = io.BytesIO()
            image.convert("L").save(buffer, format="PNG")
    except ExtractionError:
        raise
    except Exception as exc:  # noqa: BLE001 — Pillow raises many types on hostile images
        raise ExtractionError(
            "corrupt", detail_zh="图片无法打开", detail_en="the image cannot be opened", operator_detail=repr(exc)
        ) from exc
    return ExtractedText(_tesseract(buffer.getvalue(), limits), "image", ocr=True)
