"""The history file format: the three kinds of table (employees, past applications, reviews), their columns with Chinese and English headers, limits and accepted files. docs/history-import.md is written from this."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from recruiting.models import (
    Competency,
)
from recruiting.pipeline import Stage

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
