"""Row validation: every cell parsed (dates, decimals, periods, phone, ID number with its check digit) and every row checked against the database and the rest of the file before anything is written; problems are collected, not raised."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from hrportal import crypto
from recruiting.history.columns import (
    APPLICATIONS,
    COLUMNS,
    EMPLOYEES,
    KINDS,
    OUTCOME_ALIASES,
    REVIEWS,
    SCORE_PREFIX,
    SIGNATURE,
    _norm_header,
)
from recruiting.history.paths import IllegalHistory, history_path
from recruiting.history.readers import Sheet
from recruiting.history.report import ImportReport, RowError
from recruiting.models import (
    Application,
    Candidate,
    Competency,
    Department,
    Employee,
    PerformanceReview,
    Position,
)
from recruiting.pipeline import Stage


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


@dataclass
class Record:
    row: int
    sheet: str
    values: dict  # parsed values by column key
    scores: dict = field(default_factory=dict)  # competency id → Decimal (applications)


@dataclass
class ValidationContext:
    """What validation learned and what the write phase needs: records by kind and lookups."""

    records: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
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


class Validator:
    """Validates every row of every sheet, collecting all errors, and builds the records to write."""

    def __init__(self, report: ImportReport):
        self.report = report
        self.errors = _Collector(report)
        self.ctx = ValidationContext()
        self.departments = {d.code: d for d in Department.objects.all()}
        self.positions = {p.code: p for p in Position.objects.all()}
        self.competencies = {c.code: c for c in Competency.objects.all()}

    # Each row is a dict column key → (raw cell, header as written)
    def run(self, sheets: list[Sheet], forced_kind: str | None) -> ValidationContext:
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
            self.ctx.records[EMPLOYEES].append(Record(number, sheet.name, values))
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
            self.ctx.records[APPLICATIONS].append(Record(number, sheet.name, values, scores))

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
            self.ctx.records[REVIEWS].append(Record(number, sheet.name, values))
