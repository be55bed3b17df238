"""Reading an uploaded history file into sheets of rows: CSV (UTF-8 with or without BOM, GB18030, UTF-16) or XLSX, within the size and row limits; a workbook's sheets by name."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext as _

from recruiting.history.columns import (
    ACCEPTED_SUFFIXES,
    KINDS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_XLSX_UNCOMPRESSED,
    SHEET_KINDS,
)
from recruiting.screening.extracted import ExtractionError
from recruiting.screening.formats import decode_text


class FileProblem(Exception):
    """The file as a whole cannot be read (type, encoding, emptiness, size)."""


@dataclass
class Sheet:
    name: str  # sheet name in a workbook, "" for CSV
    kind: str | None  # known from the sheet name, else detected from the header
    rows: list[tuple[int, list]]  # (row number as the user sees it, cells) — header included


def _decode_csv(data: bytes) -> str:
    """The CSV's text, by the one decoding rule of the project (recruiting.screening.formats.decode_text:
    BOMs, then UTF-8, then GB18030)."""
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem(_("无法识别文件编码：文件看起来不是文本格式的 CSV。"))
    try:
        return decode_text(data)[0]
    except (ExtractionError, UnicodeDecodeError) as exc:
        raise FileProblem(_("无法识别文件编码：请保存为 UTF-8 或 GB18030 编码的 CSV。")) from exc


def _read_csv(data: bytes) -> list[Sheet]:
    import pandas as pd

    text = _decode_csv(data)
    if not text.strip():
        raise FileProblem(_("文件是空的。"))
    first_line = text.lstrip("\ufeff").splitlines()[0]
    delimiter = max((",", "\t", ";"), key=first_line.count)
    try:
        frame = pd.read_csv(
            io.StringIO(text), header=None, dtype=str, keep_default_na=False, skip_blank_lines=False,
            sep=delimiter, quotechar='"', engine="python",
        )
    except (pd.errors.ParserError, csv.Error) as exc:
        line = re.search(r"line (\d+)", str(exc))
        where = _("（第 %(line)s 行附近）") % {"line": line.group(1)} if line else ""
        raise FileProblem(_("CSV 格式错误：某一行的列数多于表头或引号不配对%(where)s。") % {"where": where}) from exc
    except pd.errors.EmptyDataError as exc:
        raise FileProblem(_("文件是空的。")) from exc
    frame = frame.fillna("")
    if len(frame) > MAX_ROWS + 1:
        raise FileProblem(_("文件行数过多：一次最多导入 %(max)d 行。") % {"max": MAX_ROWS})
    rows = [(index + 1, list(values)) for index, values in enumerate(frame.itertuples(index=False, name=None))]
    return [Sheet(name="", kind=None, rows=rows)]


def _read_xlsx(data: bytes, *, forced_kind: str | None) -> list[Sheet]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNCOMPRESSED:
                raise FileProblem(_("XLSX 文件解压后过大，无法导入。"))
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except FileProblem:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise FileProblem(_("无法读取 XLSX 文件：文件已损坏或不是 Excel 工作簿。")) from exc
    try:
        named = [(ws, SHEET_KINDS.get(ws.title.strip().casefold(), SHEET_KINDS.get(ws.title.strip())))
                 for ws in workbook.worksheets]
        if forced_kind is None and any(kind for _, kind in named):
            chosen = sorted(((ws, kind) for ws, kind in named if kind), key=lambda pair: KINDS.index(pair[1]))
        elif workbook.worksheets:
            chosen = [(workbook.worksheets[0], None)]
        else:
            raise FileProblem(_("文件是空的。"))
        sheets = []
        for ws, kind in chosen:
            rows = []
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                if number > MAX_ROWS + 1:
                    raise FileProblem(_("文件行数过多：一次最多导入 %(max)d 行。") % {"max": MAX_ROWS})
                rows.append((number, list(values)))
            sheets.append(Sheet(name=ws.title if len(chosen) > 1 or kind else "", kind=kind, rows=rows))
        return sheets
    finally:
        workbook.close()


def read_upload(filename: str, data: bytes, *, forced_kind: str | None = None) -> list[Sheet]:
    """The sheets of an uploaded file, or FileProblem with a message for the user."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(_("不支持旧版 Excel（.xls）文件：请另存为 .xlsx 或 CSV 后再导入。"))
    if suffix not in ACCEPTED_SUFFIXES:
        raise FileProblem(_("不支持的文件类型：只能导入 .csv 或 .xlsx 文件。"))
    if len(data) > MAX_FILE_BYTES:
        raise FileProblem(_("文件过大：最大 %(mb)d MB。") % {"mb": MAX_FILE_BYTES // (1024 * 1024)})
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise FileProblem(_("文件是空的。"))
    if suffix == ".xlsx":
        if not data.startswith(b"PK"):
            raise FileProblem(_("无法读取 XLSX 文件：文件已损坏或不是 Excel 工作簿。"))
        return _read_xlsx(data, forced_kind=forced_kind)
    return _read_csv(data)
