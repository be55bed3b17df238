"""OCR of scanned PDFs and images with tesseract (chi_sim+eng), looked up at run time; without it such files get ``no_text_layer``."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import threading
from functools import lru_cache

from .extracted import ExtractedText, ExtractionError
from .limits import DEFAULT_LIMITS, Limits

pdfium_lock = threading.Lock()  # pdfium is not thread-safe


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


def ocr_pdf(data: bytes, limits: Limits) -> str:
    if not ocr_available(limits):
        raise ExtractionError("no_text_layer")
    import pypdfium2 as pdfium

    images = []
    with pdfium_lock:
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


def image_text(data: bytes, limits: Limits) -> ExtractedText:
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
