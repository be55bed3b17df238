"""Size and safety limits of resume intake, as one immutable value the caller can override.

The defaults follow the issue (10 MB a file, 200 MB a zip) and add the zip-bomb guards that both zip
batches and DOCX files (which are zips) go through: entry count, total uncompressed size, and the
compression ratio of any one entry.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 10 * MB
    max_zip_bytes: int = 200 * MB
    # A batch zip: at most this many entries and this many bytes once inflated (a batch of 10,000
    # resumes is a normal bulk import; the entry cap stops archives of millions of empty files).
    max_zip_entries: int = 20_000
    max_zip_uncompressed_bytes: int = 1024 * MB
    # One entry may not inflate more than this many times its compressed size (only checked for
    # entries above ``ratio_floor_bytes``: tiny files compress absurdly well and are harmless).
    max_compression_ratio: int = 100
    ratio_floor_bytes: int = 1 * MB
    # DOCX is a zip too; its guards are tighter because one resume never needs more.
    max_docx_entries: int = 500
    max_docx_uncompressed_bytes: int = 50 * MB
    # DOCX body (issue 14: a 4.7 MB DOCX of 1.39 M short paragraphs took a worker to 1 GB): the XML is
    # parsed as a stream and refused past these counts; a long real resume has a few hundred paragraphs
    # and some tens of thousands of elements.
    max_docx_paragraphs: int = 20_000
    max_docx_elements: int = 500_000
    # HTML: start tags read before the file is refused (a resume page has a few thousand).
    max_html_elements: int = 100_000
    # PDF: pages read for text (a resume is 1–5 pages; a 2,000-page upload is not a resume).
    max_pdf_pages: int = 40
    # PDF structure, checked before pdfium opens the file: more pages or objects than these is refused,
    # and so is a file whose page content (every compressed stream but images and fonts) inflates past
    # ``max_pdf_inflated_bytes`` (a 1 MB PDF whose content inflated to 400 MB took pdfium to 7 GB).
    max_pdf_document_pages: int = 500
    max_pdf_objects: int = 100_000
    max_pdf_inflated_bytes: int = 8 * MB
    # Characters of extracted text kept for parsing; the rest is cut (and the result says so).
    max_text_chars: int = 200_000
    # Text with fewer letters (Chinese characters count as letters) or fewer different ones is no resume:
    # a file of one repeated digit or symbol is refused ("no_content") instead of becoming a candidate.
    min_resume_letters: int = 2
    min_distinct_letters: int = 2
    # Below this many non-space characters a PDF page set counts as having no text layer.
    min_text_layer_chars: int = 20
    # OCR through tesseract (chi_sim+eng) when the binary is on PATH; False turns it off.
    ocr: bool = True
    ocr_languages: str = "chi_sim+eng"
    ocr_timeout_seconds: int = 60
    ocr_max_pages: int = 5


DEFAULT_LIMITS = Limits()
