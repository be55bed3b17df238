"""The auditor's view (PIPL Art. 51/54): per data category where it is stored, who may see it (from the one
permission policy), the retention rule and how many rows hold it; the access log of one person; and the check
that every field that looks personal is encrypted or an accepted exception.

Categories are found by looking at the models, not listed by hand: a new field named like personal data shows up
in the report (and fails the check if it is neither encrypted nor accepted) without anyone editing this file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Q

from hrportal import policy
from hrportal.fields import EncryptedTextField
from hrportal.models import AuditLog, PurgeRun, RightsRequest
from hrportal.privacy import registry

PROJECT_APPS = ("hrportal", "recruiting", "interviews", "wecom", "payroll")

# A field name made of these words looks personal (issue 19 item 4).
PERSONAL_WORDS = ("name", "phone", "mobile", "email", "id_number", "id_card", "idcard", "passport", "address",
                  "bank", "birth", "birthday", "wechat", "religion", "health", "marital", "photo")
_PERSONAL = re.compile(r"(^|_)(" + "|".join(PERSONAL_WORDS) + r")($|_)")

# Fields that look personal but are stored in clear on purpose, with the reason an auditor reads.
ACCEPTED_EXCEPTIONS: dict[str, str] = {
    "recruiting.Candidate.name": "searched, sorted and shown on every recruiting page; masked by role where a role "
                                 "needs less (masking.mask_name); replaced by a pseudonym at the purge",
    "recruiting.Employee.name": "the organisation chart and every page that names a colleague",
    "recruiting.Candidate.phone_hash": "HMAC blind index (crypto.blind_index), not the number",
    "recruiting.Candidate.email_hash": "HMAC blind index (crypto.blind_index), not the address",
    "recruiting.Employee.phone_hash": "HMAC blind index (crypto.blind_index), not the number",
    "recruiting.Resume.original_name": "the uploaded file's name, shown to recruiters; blanked at the purge",
    "hrportal.AuditLog.ip_address": "the audit log's own evidence of who accessed data from where (Art. 51); "
                                    "only administrators see the log",
    "payroll.Contract.signer_name": "the name the candidate typed when signing, kept with the signed document's "
                                    "hash as evidence of the signature (Labour Contract Law Art. 10)",
    "payroll.PayRecord.bank_name": "the bank's name (招商银行) for the transfer file, not an account; the account "
                                   "number is encrypted and only finance/admin see pay records",
}

# Fields whose names look personal but which describe no person: left out of the report and the check.
NOT_PERSONAL = frozenset({
    "recruiting.Department.name", "recruiting.Department.name_en", "recruiting.Skill.name", "recruiting.Skill.name_en",
    "recruiting.Competency.name_zh", "recruiting.Competency.name_en", "interviews.InterviewRound.name", "interviews.InterviewRound.name_en",
    "recruiting.Position.salary_min", "recruiting.Position.salary_max",
    "payroll.City.name", "payroll.City.name_en", "payroll.SalaryStructure.name", "payroll.SalaryStructure.name_en",
    "payroll.SalaryComponent.name", "payroll.SalaryComponent.name_en", "interviews.SurveyTemplate.name",
    "payroll.ContractTemplate.employer_name", "payroll.ContractTemplate.employer_address",
    # the careers page's settings: the employer's own name, published on the public page (issue 23)
    "recruiting.CareersSettings.company_name_zh", "recruiting.CareersSettings.company_name_en",
})


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    words: tuple[str, ...]
    capabilities: tuple[str, ...]
    retention: str
    note: str = ""


CATEGORIES = (
    Category("identity", "姓名与身份证件", ("name", "id_number", "id_card", "idcard", "passport"),
             ("view_candidate_contact", "view_employee_contact"),
             "candidates: retention_until (CANDIDATE_RETENTION_DAYS / TALENT_POOL_RETENTION_DAYS), then the purge; "
             "employees: ≥ 2 years after leaving (LCL Art. 50)",
             "names: every role that reaches a candidate or interview page; ID numbers: the roles listed"),
    Category("contact", "联系方式", ("phone", "mobile", "email", "address", "wechat"),
             ("view_candidate_contact", "view_candidate_contact_masked", "view_employee_contact"),
             "as identity"),
    Category("financial", "薪资与银行账户", ("salary", "bank"),
             ("view_candidate_salary", "view_employee_salary"), "as identity"),
    Category("free_text", "简历、面试记录与消息内容（加密文本）", (),
             ("view_candidate_contact", "view_candidate_contact_masked"),
             "candidates: blanked by the purge's erasers (hrportal.privacy.registry)"),
)


@dataclass
class FieldInfo:
    label: str
    encrypted: bool
    rows: int | None = None
    reason: str = ""  # why it is stored in clear (an accepted exception)


@dataclass
class CategoryReport:
    category: Category
    roles: list[str]
    fields: list[FieldInfo] = field(default_factory=list)


def project_models():
    for label in PROJECT_APPS:
        if apps.is_installed(label):
            yield from apps.get_app_config(label).get_models()


def looks_personal(field_name: str) -> bool:
    return bool(_PERSONAL.search(field_name))


def unaccepted_personal_fields(models=None) -> list[str]:
    """``app.Model.field`` of every concrete field that looks personal, is not encrypted and is not an accepted
    exception. Empty means the check passes."""
    failing = []
    for model in (project_models() if models is None else models):
        for f in model._meta.concrete_fields:
            label = f"{model._meta.label}.{f.name}"
            if label in NOT_PERSONAL or label in ACCEPTED_EXCEPTIONS or isinstance(f, EncryptedTextField):
                continue
            if looks_personal(f.name):
                failing.append(label)
    return failing


def _category_of(f) -> Category | None:
    for category in CATEGORIES:
        if any(re.search(rf"(^|_){w}($|_)", f.name) for w in category.words):
            return category
    return CATEGORIES[-1] if isinstance(f, EncryptedTextField) else None


def _roles_for(category: Category) -> list[str]:
    roles = set()
    for capability in category.capabilities:
        roles |= {str(r.value) for r in policy.CAPABILITIES.get(capability, ())}
    return sorted(roles)


def categories(*, with_counts: bool = True) -> list[CategoryReport]:
    """Per category: the fields holding it (encrypted or not) and, with counts, how many rows hold a value."""
    reports = {c.key: CategoryReport(c, _roles_for(c)) for c in CATEGORIES}
    for model in project_models():
        for f in model._meta.concrete_fields:
            if f.name.endswith("_hash") or f"{model._meta.label}.{f.name}" in NOT_PERSONAL:
                continue
            category = _category_of(f)
            if category is None:
                continue
            label = f"{model._meta.label}.{f.name}"
            info = FieldInfo(label, isinstance(f, EncryptedTextField), reason=ACCEPTED_EXCEPTIONS.get(label, ""))
            if with_counts:
                empty = Q(**{f"{f.name}__isnull": True})
                if f.get_internal_type() in ("CharField", "TextField") or isinstance(f, EncryptedTextField):
                    empty |= Q(**{f.name: ""})
                info.rows = model._default_manager.exclude(empty).count()
            reports[category.key].fields.append(info)
    return list(reports.values())


def access_log(object_type: str, object_id: str, *, limit: int = 500) -> list[AuditLog]:
    """Every audit row about one person's record, newest first (views, exports, changes, the purge)."""
    return list(AuditLog.objects.filter(object_type=object_type, object_id=str(object_id))
                .select_related("actor").order_by("-at", "-id")[:limit])


def summary() -> dict:
    """Figures the report prints besides the categories."""
    last = PurgeRun.objects.order_by("-started_at", "-id").first()
    return {
        "holders": [(h.name, str(h.category)) for h in registry.holders()],
        "legal_holds": [(h.name, str(h.label)) for h in registry.legal_holds()],
        "last_purge": last.counts() | {"status": last.status, "started_at": last.started_at.isoformat()} if last else None,
        "rights_requests": {s: RightsRequest.objects.filter(status=s).count() for s in RightsRequest.Status.values},
        "unaccepted_fields": unaccepted_personal_fields(),
    }
