"""Reading one format, each bounded in memory and time: DOCX (word/document.xml streamed through expat with paragraph, element and text caps), TXT/MD (UTF-8, UTF-8 with BOM, UTF-16 with or without BOM, GB18030/GBK), HTML (scripts and styles dropped, tag cap), PDF with a text layer (pypdfium2, after page/object/inflated-content checks)."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from html.parser import HTMLParser
from xml.parsers import expat

from .archives import guard_member, guard_zip
from .extracted import ExtractedText, ExtractionError, human_size
from .limits import DEFAULT_LIMITS, MB, Limits
from .ocr import ocr_pdf, pdfium_lock

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


_WP, _WT, _WTAB, _WTC, _WTR = _W + "p", _W + "t", _W + "tab", _W + "tc", _W + "tr"


_WBREAKS = frozenset({_W + "br", _W + "cr"})


def docx_text(data: bytes, limits: Limits) -> ExtractedText:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise ExtractionError(
            "corrupt", detail_zh="DOCX 无法打开", detail_en="the DOCX cannot be opened", operator_detail=repr(exc)
        ) from exc
    guard_zip(infos, max_entries=limits.max_docx_entries, max_total=limits.max_docx_uncompressed_bytes)
    names = {i.filename: i for i in infos}
    if "EncryptedPackage" in names or "EncryptionInfo" in names:
        raise ExtractionError("encrypted")
    info = names.get("word/document.xml")
    if info is None:
        raise ExtractionError(
            "corrupt", detail_zh="不是 Word 文档（缺少 word/document.xml）",
            detail_en="not a Word document (word/document.xml is missing)",
        )
    guard_member(info, limits, max_size=limits.max_docx_uncompressed_bytes)
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


def plain_text(data: bytes, filename: str) -> ExtractedText:
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


def html_text(data: bytes, limits: Limits = DEFAULT_LIMITS) -> ExtractedText:
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
                        "zip_bomb", detail_zh=f"PDF 内容解压后超过 {human_size(limits.max_pdf_inflated_bytes)}",
                        detail_en=f"the PDF content inflates past {human_size(limits.max_pdf_inflated_bytes)}",
                    )
                pending = inflater.unconsumed_tail
        except zlib.error:
            continue  # not a Flate stream, or damaged: pdfium decides


def pdf_text(data: bytes, limits: Limits) -> ExtractedText:
    import pypdfium2 as pdfium

    _guard_pdf(data, limits)
    with pdfium_lock:
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
        ocr_text = ocr_pdf(data, limits)
        return ExtractedText(ocr_text, "pdf", ocr=True, pages=pages)
    return ExtractedText(text, "pdf", pages=pages, truncated=len(texts) < pages)
