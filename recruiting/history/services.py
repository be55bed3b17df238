"""Import of hiring history: employees, past applications with interview dimension scores and outcomes,
and performance reviews, from CSV (UTF-8 with or without BOM, GB18030, UTF-16) or XLSX.

The import is all-or-nothing per file. Every row is validated first and every problem is collected as
(row as the user sees it — header is row 1 —, column, reason in Chinese); when there is any problem
nothing is written. Otherwise everything is written in one transaction. Re-importing the same file
updates rows instead of duplicating them: employees are keyed by 工号, reviews by 工号 + 考核周期,
applications by the candidate's phone (or e-mail) blind index + position.

A workbook whose sheets are named 员工 / 应聘记录 / 绩效 (or employees / applications / reviews) is
one import, processed in that order, so a hired application may refer to an employee created by the
same workbook. Any other file is a single table whose kind is detected from its header row.

Historical applications are real pipeline rows: the Application ends at its outcome and its stage
path (new → screening → shortlisted → interviewing → offer → hired, or the shorter path to a
rejection/withdrawal) is recorded as ApplicationStageChange rows with the historical dates. Every
edge is checked against ``recruiting.pipeline.TRANSITIONS``. No stage-change signal is sent: the
events are in the past and must not notify anybody.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hrportal import audit, crypto
from recruiting import pipeline
from recruiting.models import (
    Application,
    ApplicationCompetencyScore,
    ApplicationStageChange,
    Candidate,
    Competency,
    Department,
    Employee,
    PerformanceReview,
    Position,
)
from recruiting.pipeline import Stage
from recruiting.screening.extract import ExtractionError, decode_text

EMPLOYEES, APPLICATIONS, REVIEWS = "employees", "applications", "reviews"
KINDS = (EMPLOYEES, APPLICATIONS, REVIEWS)  # also the processing order of a workbook
SHEET_KINDS = {
    "员工": EMPLOYEES, "employees": EMPLOYEES,
    "应聘记录": APPLICATIONS, "applications": APPLICATIONS,
    "绩效": REVIEWS, "reviews": REVIEWS,
}
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024  # zip-bomb guard
MAX_ROWS = 50_000
ACCEPTED_SUFFIXES = (".csv", ".xlsx")
IMPORT_REASON = "历史数据导入"

# The main line of the pipeline; a historical outcome is reached along it (see history_path).
MAIN_LINE = (Stage.NEW, Stage.SCREENING, Stage.SHORTLISTED, Stage.INTERVIEWING, Stage.OFFER, Stage.HIRED)
OUTCOMES = (Stage.HIRED, Stage.REJECTED, Stage.OFFER_DECLINED, Stage.WITHDRAWN)
OUTCOME_ALIASES = {
    "hired": Stage.HIRED, "已入职": Stage.HIRED, "入职": Stage.HIRED, "录用": Stage.HIRED, "已录用": Stage.HIRED,
    "rejected": Stage.REJECTED, "未通过": Stage.REJECTED, "淘汰": Stage.REJECTED, "不合适": Stage.REJECTED,
    "offer_declined": Stage.OFFER_DECLINED, "拒绝录用": Stage.OFFER_DECLINED, "拒绝offer": Stage.OFFER_DECLINED,
    "withdrawn": Stage.WITHDRAWN, "候选人撤回": Stage.WITHDRAWN, "撤回": Stage.WITHDRAWN, "放弃": Stage.WITHDRAWN,
}


# --- Result types ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem: ``row`` as the user sees it in the file (header = 1, None = the whole file)."""

    row: int | None
    column: str
    reason: str
    sheet: str = ""


@dataclass
class KindCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    filename: str
    kinds: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    counts: dict[str, KindCounts] = field(default_factory=dict)
    rows_read: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary_lines(self) -> list[str]:
        return [
            _("%(kind)s：新增 %(created)d 条，更新 %(updated)d 条，未变化 %(unchanged)d 条")
            % {"kind": KIND_LABELS[kind], "created": c.created, "updated": c.updated, "unchanged": c.unchanged}
            for kind, c in self.counts.items()
        ]


class IllegalHistory(ValueError):
    """A historical outcome cannot be reached from a stage along the declared pipeline."""


def history_path(outcome: str, *, interviewed: bool, start: str = Stage.NEW) -> list[str]:
    """The stages an application passes through, after ``start``, to end at ``outcome``.

    Hired and offer_declined go through the whole main line up to offer; rejected and withdrawn leave
    after interviewing when the candidate was interviewed (has dimension scores), else after screening.
    Every edge is checked against the pipeline; raises IllegalHistory when ``outcome`` is not reachable
    from ``start`` (e.g. an application already at offer cannot be "rejected").
    """
    if outcome not in OUTCOMES:
        raise IllegalHistory(f"{outcome!r} is not a final outcome")
    if start == outcome:
        return []
    if start not in MAIN_LINE[:-1]:
        raise IllegalHistory(f"no path from {start!r} to {outcome!r}")
    if outcome in (Stage.HIRED, Stage.OFFER_DECLINED):
        last_active = Stage.OFFER
    else:
        last_active = Stage.INTERVIEWING if interviewed else Stage.SCREENING
    i, j = MAIN_LINE.index(start), MAIN_LINE.index(last_active)
    path = [*MAIN_LINE[i + 1 : j + 1], outcome] if i <= j else [outcome]
    previous = start
    for stage in path:
        if not pipeline.is_legal(previous, stage):
            raise IllegalHistory(f"no path from {start!r} to {outcome!r}: {previous!r} → {stage!r} is not allowed")
        previous = stage
    return [str(s) for s in path]


# --- Column declarations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    headers: tuple[str, ...]  # accepted spellings; the first is the Chinese one shown to users
    required: bool = False
    hint: object = ""  # lazy text shown on the import page

    @property
    def label(self) -> str:
        return self.headers[0]


COLUMNS: dict[str, tuple[Column, ...]] = {
    EMPLOYEES: (
        Column("employee_no", ("工号", "employee_no", "员工编号"), required=True),
        Column("name", ("姓名", "name"), required=True),
        Column("department_code", ("部门编码", "department_code", "部门代码"), required=True,
               hint=gettext_lazy("系统中已有的部门编码")),
        Column("position_code", ("职位编码", "position_code"), hint=gettext_lazy("系统中已有的职位编码")),
        Column("hire_date", ("入职日期", "hire_date"), required=True, hint=gettext_lazy("日期，如 2024-03-15、2024/3/15 或 2024年3月15日")),
        Column("leave_date", ("离职日期", "leave_date"), hint=gettext_lazy("日期，如 2024-03-15、2024/3/15 或 2024年3月15日")),
        Column("manager_no", ("直属上级工号", "manager_employee_no", "上级工号", "manager_no"),
               hint=gettext_lazy("系统中或本文件中的工号")),
        Column("phone", ("手机", "phone", "手机号", "mobile")),
        Column("email", ("邮箱", "email", "e-mail", "电子邮箱")),
        Column("id_number", ("身份证号", "id_number", "身份证号码"), hint=gettext_lazy("18 位，校验位须正确")),
        Column("base_salary", ("月薪", "base_salary", "月基本工资"), hint=gettext_lazy("元，如 15000 或 15,000.00")),
        Column("wecom_userid", ("企业微信", "wecom_userid", "企业微信账号")),
    ),
    APPLICATIONS: (
        Column("candidate_name", ("候选人姓名", "candidate_name", "姓名", "name"), required=True),
        Column("phone", ("手机", "phone", "手机号", "mobile")),
        Column("email", ("邮箱", "email", "e-mail", "电子邮箱")),
        Column("position_code", ("职位编码", "position_code"), required=True),
        Column("applied_date", ("投递日期", "applied_date", "应聘日期"), required=True, hint=gettext_lazy("日期，如 2024-03-15、2024/3/15 或 2024年3月15日")),
        Column("decision_date", ("结果日期", "decision_date"),
               hint=gettext_lazy("日期；不填时按投递日期记录各阶段")),
        Column("outcome", ("结果", "outcome", "最终阶段"), required=True,
               hint=gettext_lazy("hired / rejected / offer_declined / withdrawn，或 已入职 / 未通过 / 拒绝录用 / 候选人撤回")),
        Column("employee_no", ("工号", "employee_no"), hint=gettext_lazy("结果为已入职时必填")),
        Column("reason", ("原因", "reason"), hint=gettext_lazy("未通过、拒绝录用或撤回的原因")),
        Column("resume_text", ("简历文本", "resume_text")),
    ),
    REVIEWS: (
        Column("employee_no", ("工号", "employee_no"), required=True),
        Column("period", ("考核周期", "period"), required=True,
               hint=gettext_lazy("如 2024H1、2024H2、2024Q3、2024 或 2024上半年")),
        Column("rating", ("等级", "rating", "绩效等级"), required=True, hint=gettext_lazy("S、A、B、C、D")),
        Column("score", ("分数", "score", "绩效分数"),
               hint=gettext_lazy("0–100；不填时按等级折算（S 95、A 85、B 75、C 60、D 40）")),
        Column("reviewed_on", ("考核日期", "reviewed_on"), hint=gettext_lazy("日期，如 2024-03-15、2024/3/15 或 2024年3月15日")),
    ),
}
# The column that tells the kinds apart when the kind is detected from a header row.
SIGNATURE = {EMPLOYEES: "hire_date", APPLICATIONS: "outcome", REVIEWS: "period"}
SCORE_PREFIX = "score:"


def _norm_header(text: str) -> str:
    text = str(text or "").strip().lstrip("\ufeff").rstrip("*＊").strip()
    text = text.replace("（", "(").replace("）", ")")
    return re.sub(r"[\s_\-]+", "", text).casefold()


KIND_LABELS = {EMPLOYEES: gettext_lazy("员工"), APPLICATIONS: gettext_lazy("应聘记录"), REVIEWS: gettext_lazy("绩效考核")}
KIND_SHEETS = {EMPLOYEES: "员工", APPLICATIONS: "应聘记录", REVIEWS: "绩效"}


def column_help() -> dict:
    """What the import page explains: per kind its sheet name and columns, and the competency codes
    that may head a score column of an applications file."""
    return {
        "kinds": [
            {"kind": kind, "label": KIND_LABELS[kind], "sheet": KIND_SHEETS[kind], "columns": COLUMNS[kind]}
            for kind in KINDS
        ],
        "competencies": list(Competency.objects.order_by("code").values_list("code", "name_zh")),
    }


# --- Reading the file ------------------------------------------------------------------------------------


class FileProblem(Exception):
    """The file as a whole cannot be read (type, encoding, emptiness, size)."""


@dataclass
class Sheet:
    name: str  # sheet name in a workbook, "" for CSV
    kind: str | None  # known from the sheet name, else detected from the header
    rows: list[tuple[int, list]]  # (row number as the user sees it, cells) — header included


def _decode_csv(data: bytes) -> str:
    """The CSV's text, by the one decoding rule of the project (recruiting.screening.extract.decode_text:
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


# --- Cell parsing ------------------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def _parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    raise ValueError(text)


def _parse_decimal(value) -> Decimal:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    text = re.sub(r"[,，\s¥￥元]", "", _text(value))
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not number.is_finite():
        raise ValueError(text)
    return number


_PERIOD_RE = re.compile(r"^(\d{4})\s*(?:年)?\s*[-_ ]?\s*(H[12]|Q[1-4]|上半年|下半年)?$", re.IGNORECASE)


def _parse_period(value) -> str:
    text = _text(value).upper().replace("年度", "年")
    match = _PERIOD_RE.match(text)
    if not match:
        raise ValueError(text)
    year, part = match.group(1), (match.group(2) or "")
    part = {"上半年": "H1", "下半年": "H2"}.get(part, part.upper())
    return f"{year}{part}"


_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    """GB 11643-1999 check character of an 18-digit resident identity number."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def is_valid_id_number(value: str) -> bool:
    """18 characters, a real birth date at positions 7–14 and a correct check character."""
    value = (value or "").strip().upper()
    if len(value) != 18 or not value[:17].isdigit():
        return False
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return id_check_digit(value[:17]) == value[17]


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)), timezone.get_default_timezone())


# --- Validation ------------------------------------------------------------------------------------------------


@dataclass
class _Record:
    row: int
    sheet: str
    values: dict  # parsed values by column key
    scores: dict = field(default_factory=dict)  # competency id → Decimal (applications)


@dataclass
class _Context:
    """What validation learned and what the write phase needs: records by kind and lookups."""

    records: dict[str, list[_Record]] = field(default_factory=lambda: defaultdict(list))
    file_employee_nos: set[str] = field(default_factory=set)


class _Collector:
    def __init__(self, report: ImportReport):
        self.report = report

    def add(self, sheet: Sheet, row: int | None, column: str, reason: str) -> None:
        self.report.errors.append(RowError(row=row, column=column, reason=str(reason), sheet=sheet.name))


def _map_header(sheet: Sheet, kind: str | None, competencies: dict[str, Competency], errors: _Collector):
    """Resolve the header row to (kind, {cell index: (column key, header as written)})."""
    header_row, header = sheet.rows[0] if sheet.rows else (1, [])
    written = [_text(h) for h in header]
    normalised = [_norm_header(h) for h in written]
    if not any(normalised):
        errors.add(sheet, header_row, "", _("第一行必须是表头，但它是空的。"))
        return None, {}

    def lookup(k: str) -> dict[str, str]:
        table = {}
        for column in COLUMNS[k]:
            for spelling in column.headers:
                table.setdefault(_norm_header(spelling), column.key)
        return table

    if kind is None:
        present = {k for k in KINDS if set(normalised) & {_norm_header(s) for c in COLUMNS[k]
                                                           if c.key == SIGNATURE[k] for s in c.headers}}
        if len(present) != 1:
            errors.add(sheet, header_row, "", _(
                "无法从表头判断文件类型：员工文件需要“入职日期”列，应聘记录需要“结果”列，绩效文件需要“考核周期”列"
                "（或在导入时指定类型）。"
            ))
            return None, {}
        kind = present.pop()

    table = lookup(kind)
    score_table = {}
    if kind == APPLICATIONS:
        for comp in competencies.values():
            score_table.setdefault(_norm_header(comp.code), comp.code)
            score_table.setdefault(_norm_header(comp.name_zh), comp.code)
    mapping: dict[int, tuple[str, str]] = {}
    seen: dict[str, str] = {}
    for index, (raw, norm) in enumerate(zip(written, normalised, strict=True)):
        if not norm:
            continue
        if norm in table:
            key = table[norm]
        elif norm in score_table:
            key = SCORE_PREFIX + score_table[norm]
        else:
            hint = _("（既不是标准列名，也不是已有的胜任力编码）") if kind == APPLICATIONS else ""
            errors.add(sheet, header_row, raw, _("无法识别的列名%(hint)s。") % {"hint": hint})
            continue
        if key in seen:
            errors.add(sheet, header_row, raw, _("列重复：与“%(other)s”是同一列。") % {"other": seen[key]})
            continue
        seen[key] = raw
        mapping[index] = (key, raw)
    for column in COLUMNS[kind]:
        if column.required and column.key not in seen:
            errors.add(sheet, header_row, column.label, _("缺少必填列（可写作：%(spellings)s）。")
                       % {"spellings": " / ".join(column.headers)})
    return kind, mapping


class _Validator:
    """Validates every row of every sheet, collecting all errors, and builds the records to write."""

    def __init__(self, report: ImportReport):
        self.report = report
        self.errors = _Collector(report)
        self.ctx = _Context()
        self.departments = {d.code: d for d in Department.objects.all()}
        self.positions = {p.code: p for p in Position.objects.all()}
        self.competencies = {c.code: c for c in Competency.objects.all()}

    # Each row is a dict column key → (raw cell, header as written)
    def run(self, sheets: list[Sheet], forced_kind: str | None) -> _Context:
        parsed: list[tuple[Sheet, str, list]] = []
        for sheet in sheets:
            kind, mapping = _map_header(sheet, forced_kind or sheet.kind, self.competencies, self.errors)
            if kind is None or not mapping:
                continue
            if any(e.sheet == sheet.name and e.row == sheet.rows[0][0] for e in self.report.errors):
                continue  # header problems: rows cannot be read reliably
            rows = []
            for number, cells in sheet.rows[1:]:
                if not any(_text(c) for c in cells):
                    continue
                row = {}
                for index, (key, header) in mapping.items():
                    row[key] = (cells[index] if index < len(cells) else None, header)
                rows.append((number, row))
            self.report.rows_read += len(rows)
            if kind in self.report.kinds:
                self.errors.add(sheet, None, "", _("同一类型的数据只能出现在一个工作表中。"))
                continue
            self.report.kinds.append(kind)
            parsed.append((sheet, kind, rows))
            if not rows:
                self.errors.add(sheet, None, "", _("文件只有表头，没有数据行。"))
        parsed.sort(key=lambda item: KINDS.index(item[1]))
        if not parsed and not self.report.errors:
            self.errors.add(Sheet("", None, []), None, "", _("文件是空的。"))
        # Employees first: later kinds may refer to employees created by the same workbook.
        for sheet, kind, rows in parsed:
            getattr(self, f"_validate_{kind}")(sheet, rows)
        return self.ctx

    # -- helpers
    def _cell(self, sheet, number, row, key, *, required=False):
        raw, header = row.get(key, (None, key))
        text = _text(raw)
        if required and not text:
            self.errors.add(sheet, number, header, _("必填项不能为空。"))
        return raw, text, header

    def _date(self, sheet, number, row, key, *, required=False, not_future=False):
        raw, text, header = self._cell(sheet, number, row, key, required=required)
        if not text:
            return None
        try:
            value = _parse_date(raw)
        except ValueError:
            self.errors.add(sheet, number, header, _("日期格式不正确：“%(value)s”（应为 YYYY-MM-DD，例如 2024-03-15）。")
                            % {"value": text[:40]})
            return None
        if not (date(1950, 1, 1) <= value <= date(2100, 12, 31)):
            self.errors.add(sheet, number, header, _("日期超出合理范围：“%(value)s”。") % {"value": text[:40]})
            return None
        if not_future and value > timezone.localdate():
            self.errors.add(sheet, number, header, _("历史记录的日期不能晚于今天。"))
            return None
        return value

    def _contact(self, sheet, number, row) -> tuple[str, str]:
        _raw, phone, phone_header = self._cell(sheet, number, row, "phone")
        _raw, email, email_header = self._cell(sheet, number, row, "email")
        if phone:
            normalised = crypto.normalise_phone(phone)
            if not _MOBILE_RE.match(normalised):
                self.errors.add(sheet, number, phone_header, _("手机号格式不正确：应为 11 位中国大陆手机号。"))
                phone = ""
            else:
                phone = normalised
        if email:
            try:
                validate_email(email)
            except ValidationError:
                self.errors.add(sheet, number, email_header, _("邮箱格式不正确。"))
                email = ""
        return phone, email

    def _duplicate(self, seen: dict, key, sheet, number, header, message) -> bool:
        if key in seen:
            self.errors.add(sheet, number, header, message % {"first": seen[key]})
            return True
        seen[key] = number
        return False

    # -- employees
    def _validate_employees(self, sheet: Sheet, rows) -> None:
        numbers_in_file = {_text(r["employee_no"][0]) for _, r in rows if "employee_no" in r}
        existing_nos = set(Employee.objects.filter(employee_no__in=numbers_in_file).values_list("employee_no", flat=True))
        manager_refs = {_text(r["manager_no"][0]) for _, r in rows if "manager_no" in r} - {""}
        known_managers = set(Employee.objects.filter(employee_no__in=manager_refs).values_list("employee_no", flat=True))
        wecom_in_file = {_text(r["wecom_userid"][0]) for _, r in rows if "wecom_userid" in r} - {""}
        wecom_owner = dict(Employee.objects.filter(wecom_userid__in=wecom_in_file).values_list("wecom_userid", "employee_no"))
        seen_nos: dict[str, int] = {}
        seen_wecom: dict[str, int] = {}
        for number, row in rows:
            _raw, employee_no, no_header = self._cell(sheet, number, row, "employee_no", required=True)
            _raw, name, _h = self._cell(sheet, number, row, "name", required=True)
            _raw, dept_code, dept_header = self._cell(sheet, number, row, "department_code", required=True)
            _raw, pos_code, pos_header = self._cell(sheet, number, row, "position_code")
            hire_date = self._date(sheet, number, row, "hire_date", required=True)
            leave_date = self._date(sheet, number, row, "leave_date")
            _raw, manager_no, manager_header = self._cell(sheet, number, row, "manager_no")
            phone, email = self._contact(sheet, number, row)
            _raw, id_number, id_header = self._cell(sheet, number, row, "id_number")
            salary_raw, salary_text, salary_header = self._cell(sheet, number, row, "base_salary")
            _raw, wecom, wecom_header = self._cell(sheet, number, row, "wecom_userid")
            values = {"employee_no": employee_no, "name": name[:50], "hire_date": hire_date, "leave_date": leave_date,
                      "manager_no": manager_no, "phone": phone, "email": email, "wecom_userid": wecom}
            if employee_no:
                if len(employee_no) > 20:
                    self.errors.add(sheet, number, no_header, _("工号不能超过 20 个字符。"))
                self._duplicate(seen_nos, employee_no, sheet, number, no_header,
                                _("工号在文件中重复（第 %(first)d 行已出现）。"))
            if dept_code:
                department = self.departments.get(dept_code)
                if department is None:
                    self.errors.add(sheet, number, dept_header, _("部门编码不存在：%(code)s。") % {"code": dept_code[:32]})
                values["department"] = department
            values["position"] = None
            if pos_code:
                values["position"] = self.positions.get(pos_code)
                if values["position"] is None:
                    self.errors.add(sheet, number, pos_header, _("职位编码不存在：%(code)s。") % {"code": pos_code[:32]})
            if hire_date and leave_date and leave_date < hire_date:
                self.errors.add(sheet, number, row["leave_date"][1], _("离职日期不能早于入职日期。"))
            if manager_no:
                if manager_no == employee_no:
                    self.errors.add(sheet, number, manager_header, _("直属上级不能是本人。"))
                elif manager_no not in known_managers and manager_no not in numbers_in_file:
                    self.errors.add(sheet, number, manager_header,
                                    _("直属上级工号不存在：%(no)s（既不在系统中，也不在本文件中）。") % {"no": manager_no[:20]})
            if id_number:
                id_number = id_number.upper()
                if not is_valid_id_number(id_number):
                    self.errors.add(sheet, number, id_header, _("身份证号格式或校验位不正确（应为 18 位）。"))
            values["id_number"] = id_number
            values["base_salary"] = None
            if salary_text:
                try:
                    salary = _parse_decimal(salary_raw)
                    if salary < 0 or salary >= Decimal("100000000"):
                        raise ValueError(salary_text)
                    values["base_salary"] = salary.quantize(Decimal("0.01"))
                except (ValueError, InvalidOperation):
                    self.errors.add(sheet, number, salary_header, _("月薪必须是不小于 0 的金额（元）。"))
            if wecom:
                if len(wecom) > 64:
                    self.errors.add(sheet, number, wecom_header, _("企业微信账号不能超过 64 个字符。"))
                owner = wecom_owner.get(wecom)
                if owner and owner != employee_no:
                    self.errors.add(sheet, number, wecom_header, _("企业微信账号已被员工 %(no)s 使用。") % {"no": owner})
                self._duplicate(seen_wecom, wecom, sheet, number, wecom_header,
                                _("企业微信账号在文件中重复（第 %(first)d 行已出现）。"))
            values["exists"] = employee_no in existing_nos
            self.ctx.records[EMPLOYEES].append(_Record(number, sheet.name, values))
        self.ctx.file_employee_nos |= numbers_in_file - {""}

    # -- applications
    def _validate_applications(self, sheet: Sheet, rows) -> None:
        employee_refs = {_text(r["employee_no"][0]) for _, r in rows if "employee_no" in r} - {""}
        employees = {e.employee_no: e for e in Employee.objects.filter(employee_no__in=employee_refs)}
        contacts = [self._peek_contact(r) for _, r in rows]
        phone_hashes = {crypto.blind_index(p, kind="phone") for p, _ in contacts if p} - {""}
        email_hashes = {crypto.blind_index(e, kind="email") for _, e in contacts if e} - {""}
        by_phone = dict(Candidate.objects.filter(phone_hash__in=phone_hashes).values_list("phone_hash", "id"))
        by_email = dict(Candidate.objects.filter(email_hash__in=email_hashes).values_list("email_hash", "id"))
        candidate_ids = set(by_phone.values()) | set(by_email.values())
        existing_apps = {
            (a.candidate_id, a.position_id): a
            for a in Application.objects.filter(candidate_id__in=candidate_ids).select_related("employee")
        }
        seen_keys: dict[tuple, int] = {}
        seen_hired: dict[str, int] = {}
        for number, row in rows:
            _raw, name, _h = self._cell(sheet, number, row, "candidate_name", required=True)
            phone, email = self._contact(sheet, number, row)
            _raw, pos_code, pos_header = self._cell(sheet, number, row, "position_code", required=True)
            applied = self._date(sheet, number, row, "applied_date", required=True, not_future=True)
            decided = self._date(sheet, number, row, "decision_date", not_future=True)
            _raw, outcome_text, outcome_header = self._cell(sheet, number, row, "outcome", required=True)
            _raw, employee_no, employee_header = self._cell(sheet, number, row, "employee_no")
            _raw, reason, _h = self._cell(sheet, number, row, "reason")
            _raw, resume, _h = self._cell(sheet, number, row, "resume_text")
            contact_header = row.get("phone", row.get("email", (None, _("手机"))))[1]
            given = any(_text(row.get(k, (None, ""))[0]) for k in ("phone", "email"))
            if not given:
                self.errors.add(sheet, number, contact_header, _("手机和邮箱至少填写一项（用于识别同一候选人）。"))
            position = self.positions.get(pos_code) if pos_code else None
            if pos_code and position is None:
                self.errors.add(sheet, number, pos_header, _("职位编码不存在：%(code)s。") % {"code": pos_code[:32]})
            outcome = OUTCOME_ALIASES.get(outcome_text.strip().lower()) if outcome_text else None
            if outcome_text and outcome is None:
                self.errors.add(sheet, number, outcome_header, _(
                    "结果必须是 hired、rejected、offer_declined、withdrawn 之一（或：已入职、未通过、拒绝录用、候选人撤回）。"
                ))
            if applied and decided and decided < applied:
                self.errors.add(sheet, number, row["decision_date"][1], _("结果日期不能早于投递日期。"))
            scores = {}
            for key, (raw, header) in row.items():
                if not key.startswith(SCORE_PREFIX) or not _text(raw):
                    continue
                competency = self.competencies[key[len(SCORE_PREFIX):]]
                try:
                    score = _parse_decimal(raw)
                    if not (Decimal("1") <= score <= Decimal("5")) or score != score.quantize(Decimal("0.01")):
                        raise ValueError(raw)
                except (ValueError, InvalidOperation):
                    self.errors.add(sheet, number, header, _("得分必须是 1–5 之间的数字（最多两位小数）。"))
                    continue
                scores[competency.id] = score
            # Identity: the phone's blind index, else the e-mail's; both must point at one candidate.
            phone_hash = crypto.blind_index(phone, kind="phone") if phone else ""
            email_hash = crypto.blind_index(email, kind="email") if email else ""
            by_p, by_e = by_phone.get(phone_hash), by_email.get(email_hash)
            if by_p and by_e and by_p != by_e:
                self.errors.add(sheet, number, contact_header, _("手机和邮箱分别属于系统中两位不同的候选人，请核对。"))
            candidate_id = by_p or by_e
            # The same person may be written with a phone in one row and only an e-mail in another.
            identities = [k for k in (("phone", phone_hash), ("email", email_hash)) if k[1]]
            if position and identities:
                first = next((seen_keys[(k, position.code)] for k in identities if (k, position.code) in seen_keys), None)
                if first is not None:
                    self.errors.add(sheet, number, pos_header, _(
                        "同一候选人（手机或邮箱相同）应聘同一职位的记录在文件中重复（第 %(first)d 行已出现）。"
                    ) % {"first": first})
                for k in identities:
                    seen_keys.setdefault((k, position.code), number)
            existing = existing_apps.get((candidate_id, position.id)) if candidate_id and position else None
            path = None
            if outcome:
                start = existing.stage if existing else Stage.NEW
                try:
                    path = history_path(outcome, interviewed=bool(scores), start=start)
                except IllegalHistory:
                    self.errors.add(sheet, number, outcome_header, _(
                        "系统中该申请已处于“%(from)s”阶段，无法按招聘流程补录为“%(to)s”。"
                    ) % {"from": Stage(start).label, "to": Stage(outcome).label})
            employee = None
            if outcome == Stage.HIRED:
                if not employee_no:
                    self.errors.add(sheet, number, row.get("employee_no", (None, _("工号")))[1],
                                    _("结果为已入职时必须填写工号。"))
                else:
                    employee = employees.get(employee_no)
                    if employee is None and employee_no not in self.ctx.file_employee_nos:
                        self.errors.add(sheet, number, employee_header,
                                        _("工号不存在：%(no)s（既不在系统中，也不在本次导入的员工表中）。") % {"no": employee_no[:20]})
                    self._duplicate(seen_hired, employee_no, sheet, number, employee_header,
                                    _("同一工号在文件中关联了多条已入职记录（第 %(first)d 行已出现）。"))
                    if employee is not None and employee.hired_through_id and (
                        existing is None or employee.hired_through_id != existing.id
                    ):
                        self.errors.add(sheet, number, employee_header, _("该员工已关联另一条录用申请，不能重复关联。"))
            elif employee_no and outcome:
                self.errors.add(sheet, number, employee_header, _("只有结果为已入职的记录才能填写工号。"))
            if existing is not None and outcome == Stage.HIRED and existing.stage == Stage.HIRED:
                linked = getattr(existing, "employee", None)
                if linked is not None and linked.employee_no != employee_no:
                    self.errors.add(sheet, number, employee_header,
                                    _("该申请已关联员工 %(no)s，与本行工号不一致。") % {"no": linked.employee_no})
            values = {
                "name": name[:50], "phone": phone, "email": email, "position": position, "applied": applied,
                "decided": decided or applied, "outcome": outcome, "employee_no": employee_no, "reason": reason[:500],
                "resume": resume, "candidate_id": candidate_id, "existing": existing, "path": path,
            }
            self.ctx.records[APPLICATIONS].append(_Record(number, sheet.name, values, scores))

    def _peek_contact(self, row) -> tuple[str, str]:
        phone = crypto.normalise_phone(_text(row.get("phone", ("", ""))[0]))
        email = _text(row.get("email", ("", ""))[0])
        return (phone if _MOBILE_RE.match(phone) else ""), email

    # -- reviews
    def _validate_reviews(self, sheet: Sheet, rows) -> None:
        refs = {_text(r["employee_no"][0]) for _, r in rows if "employee_no" in r} - {""}
        known = set(Employee.objects.filter(employee_no__in=refs).values_list("employee_no", flat=True))
        seen: dict[tuple, int] = {}
        for number, row in rows:
            _raw, employee_no, no_header = self._cell(sheet, number, row, "employee_no", required=True)
            period_raw, period_text, period_header = self._cell(sheet, number, row, "period", required=True)
            _raw, rating, rating_header = self._cell(sheet, number, row, "rating", required=True)
            score_raw, score_text, score_header = self._cell(sheet, number, row, "score")
            reviewed_on = self._date(sheet, number, row, "reviewed_on")
            if employee_no and employee_no not in known and employee_no not in self.ctx.file_employee_nos:
                self.errors.add(sheet, number, no_header,
                                _("工号不存在：%(no)s（既不在系统中，也不在本次导入的员工表中）。") % {"no": employee_no[:20]})
            period = ""
            if period_text:
                try:
                    period = _parse_period(period_raw)
                except ValueError:
                    self.errors.add(sheet, number, period_header,
                                    _("考核周期格式不正确：“%(value)s”（例如 2024H1、2024H2、2024Q3 或 2024）。")
                                    % {"value": period_text[:20]})
            rating = rating.strip().upper()
            if rating and rating not in PerformanceReview.Rating.values:
                self.errors.add(sheet, number, rating_header, _("等级必须是 S、A、B、C、D 之一。"))
            score = None
            if score_text:
                try:
                    score = _parse_decimal(score_raw)
                    if not (Decimal("0") <= score <= Decimal("100")):
                        raise ValueError(score_text)
                    score = score.quantize(Decimal("0.01"))
                except (ValueError, InvalidOperation):
                    self.errors.add(sheet, number, score_header, _("分数必须是 0–100 之间的数字。"))
                    score = None
            elif rating in PerformanceReview.RATING_SCORE:
                score = Decimal(PerformanceReview.RATING_SCORE[rating])
            if employee_no and period:
                self._duplicate(seen, (employee_no, period), sheet, number, period_header,
                                _("同一员工同一考核周期在文件中重复（第 %(first)d 行已出现）。"))
            values = {"employee_no": employee_no, "period": period, "rating": rating, "score": score,
                      "reviewed_on": reviewed_on}
            self.ctx.records[REVIEWS].append(_Record(number, sheet.name, values))


# --- Writing ----------------------------------------------------------------------------------------------------


def _assign(obj, changes: dict) -> bool:
    """Set attributes that differ; True when something changed."""
    changed = False
    for name, value in changes.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _write_employees(records: list[_Record], counts: KindCounts) -> None:
    nos = [r.values["employee_no"] for r in records]
    existing = {e.employee_no: e for e in Employee.objects.filter(employee_no__in=nos)}
    status: dict[str, str] = {}
    for record in records:
        v = record.values
        changes = {"name": v["name"], "department": v["department"], "hire_date": v["hire_date"]}
        # Empty optional cells keep what the system already holds.
        for key in ("position", "leave_date", "phone", "email", "id_number", "base_salary", "wecom_userid"):
            if v[key] not in (None, ""):
                changes[key] = v[key]
        employee = existing.get(v["employee_no"])
        if employee is None:
            employee = Employee(employee_no=v["employee_no"], **changes)
            employee.save()
            existing[employee.employee_no] = employee
            status[employee.employee_no] = "created"
        elif _assign(employee, changes):
            employee.save()
            status[employee.employee_no] = "updated"
        else:
            status[employee.employee_no] = "unchanged"
    # Managers second: a manager may be a later row of the same file.
    manager_nos = {r.values["manager_no"] for r in records if r.values["manager_no"]}
    managers = {e.employee_no: e for e in Employee.objects.filter(employee_no__in=manager_nos)}
    for record in records:
        manager = managers.get(record.values["manager_no"])
        employee = existing[record.values["employee_no"]]
        if manager is not None and employee.manager_id != manager.id:
            Employee.objects.filter(pk=employee.pk).update(manager=manager)
            if status[employee.employee_no] == "unchanged":
                status[employee.employee_no] = "updated"
    for outcome in status.values():
        setattr(counts, outcome, getattr(counts, outcome) + 1)


def _spread(start: datetime, end: datetime, steps: int) -> list[datetime]:
    if steps <= 0:
        return []
    span = max(end - start, timedelta(0))
    return [start + span * (i + 1) / steps for i in range(steps)]


class _RowConflict(Exception):
    """A row that validated but cannot be written (the data changed meanwhile); rolls the import back."""

    def __init__(self, record: _Record, reason: str, column: str = ""):
        super().__init__(reason)
        self.error = RowError(row=record.row, column=column, reason=reason, sheet=record.sheet)


def _write_applications(records: list[_Record], counts: KindCounts) -> None:
    employee_nos = {r.values["employee_no"] for r in records if r.values["outcome"] == Stage.HIRED}
    employees = {e.employee_no: e for e in Employee.objects.filter(employee_no__in=employee_nos)}
    for record in records:
        v = record.values
        changed = False
        candidate = Candidate.objects.filter(pk=v["candidate_id"]).first() if v["candidate_id"] else None
        if candidate is None:
            # Two rows of the same file may introduce the same new person for two positions.
            candidate = _find_candidate(v["phone"], v["email"])
        if candidate is None:
            candidate = Candidate(name=v["name"], phone=v["phone"], email=v["email"], resume_text=v["resume"],
                                  source=Candidate.Source.OTHER)
            candidate.save()
        else:
            fill = {"name": v["name"]}
            if v["phone"] and not candidate.phone:
                fill["phone"] = v["phone"]
            if v["email"] and not candidate.email:
                fill["email"] = v["email"]
            if v["resume"]:
                fill["resume_text"] = v["resume"]
            if _assign(candidate, fill):
                candidate.save()
                changed = True
        applied_at, decided_at = _aware(v["applied"]), _aware(v["decided"], hour=16)
        application = v["existing"] or Application.objects.filter(candidate=candidate, position=v["position"]).first()
        created = application is None
        if created:
            application = Application.objects.create(
                candidate=candidate, position=v["position"], stage=Stage.NEW, applied_at=applied_at,
                stage_changed_at=applied_at,
            )
        try:
            path = history_path(v["outcome"], interviewed=bool(record.scores), start=application.stage)
        except IllegalHistory as exc:  # validation checked this; reaching here means the data moved meanwhile
            raise _RowConflict(record, _("系统中该申请已处于“%(from)s”阶段，无法按招聘流程补录为“%(to)s”。")
                               % {"from": Stage(application.stage).label, "to": Stage(v["outcome"]).label}) from exc
        if path:
            start_at = applied_at if created else max(application.stage_changed_at, applied_at)
            moments = _spread(start_at, max(decided_at, start_at), len(path))
            previous = application.stage
            rows = []
            for stage, at in zip(path, moments, strict=True):
                reason = (v["reason"] or IMPORT_REASON) if stage in pipeline.REASON_REQUIRED else IMPORT_REASON
                # changed_by stays empty: the importing user did not take the historical decision
                # (the import itself is in the audit log).
                rows.append(ApplicationStageChange(application=application, from_stage=previous, to_stage=stage,
                                                   changed_by=None, reason=reason[:500], at=at))
                previous = stage
            ApplicationStageChange.objects.bulk_create(rows)
            Application.objects.filter(pk=application.pk).update(stage=path[-1], stage_changed_at=moments[-1])
            changed = True
        if not created and application.applied_at != applied_at and not path:
            Application.objects.filter(pk=application.pk).update(applied_at=applied_at)
            changed = True
        existing_scores = {s.competency_id: s for s in application.competency_scores.filter(
            source=ApplicationCompetencyScore.Source.IMPORT)}
        for competency_id, score in record.scores.items():
            current = existing_scores.get(competency_id)
            if current is None:
                ApplicationCompetencyScore.objects.create(
                    application=application, competency_id=competency_id, score=score,
                    source=ApplicationCompetencyScore.Source.IMPORT, recorded_at=decided_at,
                )
                changed = True
            elif current.score != score:
                current.score = score
                current.save(update_fields=["score"])
                changed = True
        if v["outcome"] == Stage.HIRED:
            employee = employees.get(v["employee_no"]) or Employee.objects.get(employee_no=v["employee_no"])
            if employee.hired_through_id != application.id:
                Employee.objects.filter(pk=employee.pk).update(hired_through=application)
                changed = True
        if created:
            counts.created += 1
        elif changed:
            counts.updated += 1
        else:
            counts.unchanged += 1


def _find_candidate(phone: str, email: str) -> Candidate | None:
    if phone:
        found = Candidate.objects.filter(phone_hash=crypto.blind_index(phone, kind="phone")).first()
        if found:
            return found
    if email:
        return Candidate.objects.filter(email_hash=crypto.blind_index(email, kind="email")).first()
    return None


def _write_reviews(records: list[_Record], counts: KindCounts) -> None:
    nos = {r.values["employee_no"] for r in records}
    employees = {e.employee_no: e for e in Employee.objects.filter(employee_no__in=nos)}
    existing = {
        (r.employee.employee_no, r.period): r
        for r in PerformanceReview.objects.filter(employee__employee_no__in=nos).select_related("employee")
    }
    for record in records:
        v = record.values
        changes = {"rating": v["rating"], "score": v["score"]}
        if v["reviewed_on"]:
            changes["reviewed_on"] = v["reviewed_on"]
        review = existing.get((v["employee_no"], v["period"]))
        if review is None:
            PerformanceReview.objects.create(employee=employees[v["employee_no"]], period=v["period"], **changes)
            counts.created += 1
        elif _assign(review, changes):
            review.save()
            counts.updated += 1
        else:
            counts.unchanged += 1


# --- Entry point ------------------------------------------------------------------------------------------------


def import_history_file(
    *, filename: str, data: bytes, kind: str | None = None, actor=None, request=None, dry_run: bool = False
) -> ImportReport:
    """Validate a history file completely, then write all of it or nothing.

    Guarantees: when the returned report has errors, the database is unchanged; when it has none,
    every row was created or updated in one transaction and one audit row (action "create",
    object_type "history_import") records the import. With ``dry_run`` the writes are rolled back
    and the report's counts say what an import would do.
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {KINDS}")
    report = ImportReport(filename=PurePath(filename or "").name, dry_run=dry_run)
    try:
        sheets = read_upload(filename, data, forced_kind=kind)
    except FileProblem as problem:
        report.errors.append(RowError(row=None, column="", reason=str(problem)))
        return report
    try:
        return _validate_and_write(report, sheets, kind, actor=actor, request=request)
    except _RowConflict as conflict:  # the transaction has been rolled back
        report.errors.append(conflict.error)
        report.counts = {}
        return report


def _validate_and_write(report: ImportReport, sheets: list[Sheet], kind: str | None, *, actor, request) -> ImportReport:
    with transaction.atomic():
        ctx = _Validator(report).run(sheets, kind)
        if report.errors:
            return report
        for current in report.kinds:
            report.counts[current] = KindCounts()
        if ctx.records[EMPLOYEES]:
            _write_employees(ctx.records[EMPLOYEES], report.counts[EMPLOYEES])
        if ctx.records[APPLICATIONS]:
            _write_applications(ctx.records[APPLICATIONS], report.counts[APPLICATIONS])
        if ctx.records[REVIEWS]:
            _write_reviews(ctx.records[REVIEWS], report.counts[REVIEWS])
        report.counts = {k: report.counts[k] for k in KINDS if k in report.counts}
        if report.dry_run:
            transaction.set_rollback(True)
            return report
        note = f"{report.filename}: " + "; ".join(
            f"{k} +{c.created} ~{c.updated} ={c.unchanged}" for k, c in report.counts.items()
        )
        audit.record(action="create", object_type="history_import", note=note, actor=actor, request=request)
    return report
