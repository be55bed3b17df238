"""What extraction gives: the text of one file (``ExtractedText``), one member of a batch (``BatchItem``), or an ``ExtractionError`` with a stable code and a message in Chinese and English that can be shown to HR as is."""

from __future__ import annotations

from dataclasses import dataclass

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


def human_size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"
